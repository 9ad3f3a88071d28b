// `npm run bench`: builds the site and measures what a reader pays for it, in Debian's Chromium.
//   per page: HTML bytes (raw, gzip), JS transferred before any interaction (gzip), whether tfjs was
//             requested before a widget needed it;
//   chapter:  largest contentful paint and total blocking time at 4× CPU slowdown;
//   stepper:  interaction latency over 60 steps (median, p95), at normal speed and 4× slowdown.
// Numbers vary with the machine; this prints them, it does not pass or fail (targets are shown).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtPages, isTfjs } from '../tests/browser/helpers.mjs';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

if (!process.argv.includes('--no-build')) {
  const { status } = spawnSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (status !== 0) process.exit(status ?? 1);
}

const gz = (file) => gzipSync(readFileSync(file)).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const fileOf = (url) => join('dist', decodeURIComponent(new URL(url).pathname));
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const site = await serve('dist');
const browser = await launch();

async function newPage(rate = 1) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const cdp = await page.context().newCDPSession(page);
  if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return page;
}

console.log('\nPage weight before any interaction (1280×800 viewport, no scrolling)');
console.log('page'.padEnd(28), 'HTML'.padStart(10), 'HTML gz'.padStart(10), 'JS gz'.padStart(10), ' tfjs loaded?');
for (const path of builtPages()) {
  const page = await newPage();
  const js = new Set();
  page.on('request', (r) => r.url().endsWith('.js') && js.add(r.url()));
  await page.goto(site.url + path, { waitUntil: 'networkidle' });
  await page.waitForTimeout(300);
  const html = join('dist', path, 'index.html');
  // Script files fetched, plus scripts Astro inlined into the HTML (each gzipped on its own, as an upper bound).
  const inline = [...readFileSync(html, 'utf8').matchAll(/<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)];
  const jsBytes = [...js].reduce((sum, url) => sum + gz(fileOf(url)), 0) + inline.reduce((sum, m) => sum + gzipSync(m[1]).length, 0);
  const tfEarly = [...js].some(isTfjs) ? 'yes' : 'no';
  console.log(path.padEnd(28), kb(readFileSync(html).length).padStart(10), kb(gz(html)).padStart(10), kb(jsBytes).padStart(10), ` ${tfEarly}`);
  await page.close();
}
console.log('JS gz = script files fetched + inline scripts. /embed/<widget>/ and /widgets/ show a widget in the first viewport,');
console.log('which loads tfjs for its cross-check. Target: a chapter ships ≤ 40 KB gzip of JS before a widget nears the viewport.');

{
  const page = await newPage();
  const js = new Set();
  page.on('request', (r) => r.url().endsWith('.js') && js.add(r.url()));
  await page.goto(`${site.url}/cnn/week-1/`, { waitUntil: 'networkidle' });
  await page.locator('.dl-conv-stepper').first().scrollIntoViewIfNeeded();
  await page.locator('astro-island:not([ssr]) .tfcheck[data-state="ok"]').first().waitFor();
  const sum = (urls) => kb(urls.reduce((n, url) => n + gz(fileOf(url)), 0));
  console.log(`\nOnce the first stepper is in view on /cnn/week-1/: widget JS ${sum([...js].filter((u) => !isTfjs(u)))} gz, then tfjs ${sum([...js].filter(isTfjs))} gz (one chunk, shared by every widget)`);
  await page.close();
}

console.log('\nChapter /cnn/week-1/ at 4× CPU slowdown (5 loads, median; varies with machine load)');
const loads = [];
for (let i = 0; i < 5; i++) {
  const page = await newPage(4);
  await page.addInitScript(() => {
    window.__lcp = 0;
    window.__tbt = 0;
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__lcp = e.startTime))).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => l.getEntries().forEach((e) => (window.__tbt += Math.max(0, e.duration - 50)))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${site.url}/cnn/week-1/`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(1500);
  loads.push(await page.evaluate(() => ({ lcp: window.__lcp, tbt: window.__tbt })));
  await page.close();
}
console.log(`LCP ${quantile(loads.map((l) => l.lcp), 0.5).toFixed(0)} ms (target < 900), TBT ${quantile(loads.map((l) => l.tbt), 0.5).toFixed(0)} ms (target < 25)`);

console.log('\nConv stepper: one step (click "Next"), 60 steps');
for (const rate of [1, 4]) {
  const page = await newPage(rate);
  await page.goto(`${site.url}/embed/conv-stepper/?input=random&size=9&padding=1`, { waitUntil: 'networkidle' });
  await page.locator('astro-island:not([ssr]) .tfcheck[data-state="ok"]').waitFor();
  const samples = await page.evaluate(async () => {
    const next = () => document.querySelector('button[aria-label="Next output position"]');
    const first = () => document.querySelector('button[aria-label="First output position"]');
    const work = [];
    const frame = [];
    for (let i = 0; i < 60; i++) {
      if (next().disabled) first().click();
      await new Promise((r) => setTimeout(r, 30));
      const t0 = performance.now();
      next().click();
      await Promise.resolve(); // Svelte flushes its updates in a microtask
      void document.body.getBoundingClientRect(); // style and layout of the new state
      work.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))); // past the next rendered frame
      frame.push(performance.now() - t0);
    }
    return { work, frame };
  });
  const line = (xs) => `median ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms`;
  console.log(`${rate}× CPU: event → DOM updated and laid out: ${line(samples.work)}; event → after next frame: ${line(samples.frame)}`);
  await page.close();
}
console.log('target: p95 ≤ 16 ms at 1×, ≤ 50 ms at 4× (the "after next frame" figure includes waiting for vsync)');

await browser.close();
await site.close();
