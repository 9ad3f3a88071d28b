// Shared set-up for the browser tests: the built site on 127.0.0.1, Debian's Chromium, and a page
// wrapper that records console errors, failed requests and requests to other origins.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { launch } from '../../scripts/browser.mjs';
import { serve } from '../../scripts/serve.mjs';

export const DIST = 'dist';

/** Every built page, as a URL path ('/', '/cnn/week-1/', …), excluding the 404 page. */
export function builtPages(dir = DIST) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...builtPages(full));
    else if (name === 'index.html') out.push(`/${relative(DIST, dir)}/`.replace(/\/+/g, '/'));
  }
  return out.sort();
}

/** The registered widgets (src/widgets/registry.ts), loaded through Vite as the build loads them. */
export { loadWidgets } from '../../src/integrations/widgets.mjs';

export async function startSite() {
  const site = await serve(DIST);
  const browser = await launch();
  return { site, browser, close: async () => (await browser.close(), await site.close()) };
}

/**
 * Opens a page and records what went wrong on it. `allowOrigins` lists origins besides the page's own
 * that it may contact (the cross-origin embed tests).
 */
export async function openPage(browser, url, { colorScheme = 'light', width = 1280, allowOrigins = [], reducedMotion = 'no-preference' } = {}) {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme, reducedMotion });
  const origin = new URL(url).origin;
  const problems = [];
  const requests = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => (problems.push(`dialog opened: ${d.message()}`), d.dismiss()));
  // ERR_ABORTED is a request cut short by leaving the page (a test navigating on), not a failure.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  page.on('request', (r) => {
    requests.push(r.url());
    const o = new URL(r.url()).origin;
    if (/^https?:/.test(r.url()) && o !== origin && !allowOrigins.includes(o)) problems.push(`request to another origin: ${r.url()}`);
  });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  // Best effort: a page whose lazy iframes or widgets keep loading may never go quiet on a busy machine.
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
  return { page, problems, requests };
}

/** Scrolls an island's content into view and waits until Astro has hydrated it. */
export async function hydrated(page, selector) {
  const target = page.locator(selector).first();
  await target.scrollIntoViewIfNeeded();
  await page.locator('astro-island', { has: target }).first().waitFor({ state: 'attached' });
  await page.waitForFunction((sel) => {
    const el = document.querySelector(sel);
    const island = el?.closest('astro-island');
    return !!el && (!island || !island.hasAttribute('ssr'));
  }, selector);
  return target;
}

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');

/** Every axe-core violation on the page, of any impact, as readable lines, with WCAG 2.2 target-size (24 px) on. Frames are tested on their own pages. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'], iframes: false, rules: { 'target-size': { enabled: true } } })).violations);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

export const isTfjs = (url) => /\/tfjs[.-][\w-]+\.js$/.test(url);

/**
 * Retries `assertion` (a function that throws while its condition does not hold yet) until it passes,
 * then returns its result; after `timeout` ms rethrows its last error. Everything asynchronous on a
 * page (hydration, the tfjs check, a resize message, Svelte's batched updates) is read through this,
 * never once: CI runs on a busy machine.
 */
export async function until(assertion, { timeout = 15_000, interval = 50 } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, interval));
    }
  }
}

/** Built chapter pages: /<course>/week-<n>/. */
export const chapterPages = () => builtPages().filter((p) => /^\/[^/]+\/week-\d+\/$/.test(p));

/** Runs `task` over `items` with at most `limit` at once (pages of one browser on a 2-core machine). */
export async function pool(items, limit, task) {
  const queue = [...items];
  const results = [];
  await Promise.all(Array.from({ length: limit }, async () => {
    while (queue.length) {
      const item = queue.shift();
      results.push(await task(item));
    }
  }));
  return results;
}
