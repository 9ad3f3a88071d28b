// `npm run bench`: builds the site and measures what a first-time reader pays for it, in Debian's
// Chromium, the way such a reader loads it: cold cache (a new browser context per load), gzip, fonts
// included. It prints numbers and targets; it does not pass or fail (timings move with machine load).
//   per page:   HTML gzip; JS gzip before a widget nears the viewport and after scrolling past them all;
//               LCP, TBT and the longest task while widgets hydrate, at 4× CPU slowdown (median of N loads)
//   per widget: interaction → next paint (Event Timing) over 40 interactions (a stepper's Next button,
//               otherwise its first slider by keyboard, else typing in its first text field), median and
//               p95, 1× and 4×
// Options: --no-build, --loads=N (default 5), --only=/cnn/week-1/ (one page).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtPages, isTfjs, loadWidgets } from '../tests/browser/helpers.mjs';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const LOADS = Number(arg('loads', 5));
const ONLY = arg('only', null);

if (!process.argv.includes('--no-build')) {
  const { status } = spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) process.exit(status ?? 1);
}

const gz = (file) => gzipSync(readFileSync(file)).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)}`;
const fileOf = (url) => join('dist', decodeURIComponent(new URL(url).pathname));
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const median = (xs) => quantile(xs, 0.5);

const site = await serve('dist');
const browser = await launch();

/** A page in a fresh context (cold cache), optionally CPU-throttled, recording LCP, long tasks and event timings. */
async function coldPage(rate = 1) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.addInitScript(() => {
    Object.assign(window, { __lcp: 0, __tasks: [], __events: [] });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__lcp = e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.__tasks.push([e.startTime, e.duration]))).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => e.interactionId && window.__events.push(e.duration))).observe({ type: 'event', durationThreshold: 0, buffered: true });
  });
  const js = new Set();
  page.on('request', (r) => r.url().endsWith('.js') && js.add(r.url()));
  return { page, js, close: () => context.close() };
}

const jsBytes = (urls, html) => {
  // Script files fetched, plus scripts inlined into the HTML (each gzipped on its own: an upper bound).
  const inline = [...readFileSync(html, 'utf8').matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
  return [...urls].reduce((sum, url) => sum + gz(fileOf(url)), 0) + inline.reduce((sum, m) => sum + gzipSync(m[1]).length, 0);
};

/** Scrolls through the whole page a screen at a time, letting each widget hydrate. */
async function scrollThrough(page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 700) {
    await page.evaluate((top) => scrollTo(0, top), y);
    await page.waitForTimeout(120);
  }
  await page.waitForFunction(() => !document.querySelector('astro-island[ssr]'), null, { timeout: 60_000 }).catch(() => {});
  await page.waitForTimeout(500);
}

const pages = builtPages().filter((p) => (ONLY ? p === ONLY : !/^\/embed\/[^/]+\/$/.test(p) || p === '/embed/conv-stepper/'));
console.log(`\nPages: cold cache, gzip, 1280×800; timings at 4× CPU, median of ${LOADS} loads (KB are gzip)`);
console.log(['page'.padEnd(24), 'HTML', 'JS@load', 'JS@all', 'tfjs@load', 'LCP ms', 'TBT ms', 'hydr. task ms'].join('\t'));
for (const path of pages) {
  const html = join('dist', path, 'index.html');
  const runs = [];
  let before = 0;
  let all = 0;
  let tfEarly = false;
  for (let i = 0; i < LOADS; i++) {
    const { page, js, close } = await coldPage(4);
    await page.goto(site.url + path, { waitUntil: 'load' });
    await page.waitForTimeout(2000);
    const load = await page.evaluate(() => ({ lcp: window.__lcp, tbt: window.__tasks.reduce((s, [, d]) => s + Math.max(0, d - 50), 0), n: window.__tasks.length }));
    if (i === 0) {
      before = jsBytes(js, html);
      tfEarly = [...js].some(isTfjs);
    }
    await scrollThrough(page);
    const longest = await page.evaluate((n) => Math.max(0, ...window.__tasks.slice(n).map(([, d]) => d)), load.n);
    if (i === 0) all = jsBytes(js, html);
    runs.push({ ...load, longest });
    await close();
  }
  console.log([path.padEnd(24), kb(gz(html)), kb(before), kb(all), tfEarly ? 'yes' : 'no', median(runs.map((r) => r.lcp)).toFixed(0), median(runs.map((r) => r.tbt)).toFixed(0), median(runs.map((r) => r.longest)).toFixed(0)].join('\t'));
}
console.log('Targets: LCP ≤ 900 ms, no hydration task > 200 ms at 4×; a chapter ships little JS before a widget nears view.');
console.log('JS@load: before any scrolling (widgets a screen away hydrate: client:near); JS@all: after scrolling past every widget.');

// Interaction latency: a real input event → the next paint, as Chromium's Event Timing reports it
// (durations are rounded to 8 ms). Steppers are driven by their Next button, other widgets by their first
// slider, else by typing in their first text field.
const widgets = (await loadWidgets()).filter((w) => !ONLY || ONLY.includes(w.slug));
console.log('\nWidgets: interaction → next paint (Event Timing), 40 interactions');
for (const { slug } of widgets) {
  for (const rate of [1, 4]) {
    const { page, close } = await coldPage(rate);
    await page.goto(`${site.url}/embed/${slug}/`, { waitUntil: 'networkidle' });
    await page.locator('astro-island:not([ssr])').waitFor();
    // Steppers: click "Next". Other widgets: drag their first slider by keyboard (each key press one step).
    const next = page.getByRole('button', { name: /^Next output/ });
    const slider = page.locator(`.dl-${slug} input[type="range"]`).first();
    // Only a field the reader sees (not one folded inside "More" or the share panel).
    const textbox = page.locator(`.dl-${slug} :is(input[type="text"], textarea):visible`).first();
    let how;
    await page.evaluate(() => (window.__events.length = 0));
    if (await next.count()) {
      how = 'Next click';
      const first = page.getByRole('button', { name: /^First output/ });
      for (let i = 0; i < 40; i++) {
        if (await next.isDisabled()) await first.click();
        await next.click();
        await page.waitForTimeout(40);
      }
    } else if (await slider.count()) {
      how = `slider “${await slider.evaluate((el) => el.labels?.[0]?.textContent?.trim().slice(0, 24) ?? el.name)}”`;
      await slider.focus();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press(i % 20 < 10 ? 'ArrowRight' : 'ArrowLeft');
        await page.waitForTimeout(40);
      }
    } else if (await textbox.count()) {
      // Text widgets (a date, a sentence): type a character, then delete it, at the end of the field.
      how = `typing in “${await textbox.evaluate((el) => el.labels?.[0]?.textContent?.trim().slice(0, 24) ?? el.name)}”`;
      await textbox.focus();
      await page.keyboard.press('End');
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press(i % 2 ? 'Backspace' : '1');
        await page.waitForTimeout(40);
      }
    } else {
      console.log(`${slug}: no stepper button, slider or text field; not measured here`);
      await close();
      break;
    }
    const events = await page.evaluate(() => window.__events);
    console.log(`${slug} (${how}) at ${rate}×: median ${median(events)} ms, p95 ${quantile(events, 0.95)} ms (n = ${events.length})`);
    await close();
  }
}
console.log('Targets: p95 ≤ 24 ms at 1×, ≤ 50 ms at 4×.');

await browser.close();
await site.close();
