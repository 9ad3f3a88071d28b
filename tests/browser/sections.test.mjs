// Section links land on their section: a deep link (fresh load of /chapter/#id) and a click in the table
// of contents both leave the heading's top near the top of the viewport, and nothing moves it afterwards
// (fonts arriving, widgets hydrating). Every heading of every chapter by the table of contents (one page,
// cheap); by fresh deep-link loads, a spread of headings per chapter (first, last and evenly between):
// what moves a heading after load is the same for all of them, and a fresh load per heading of 17
// chapters would take longer than the rest of the suite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chapterPages, openPage, pool, startSite, until } from './helpers.mjs';

const TOP_MIN = 0;
const TOP_MAX = 120;
/** Fresh deep-link loads per chapter. */
const DEEP_LINKS = 8;
/** Hydration and layout on a loaded machine can take a while; these waits are generous, not timings. */
const SLOW = { timeout: 60_000 };

/** Up to `n` items spread evenly over `items`, always including the first and the last. */
const spread = (items, n) => (items.length <= n ? items : Array.from({ length: n }, (_, k) => items[Math.round((k * (items.length - 1)) / (n - 1))]));

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

/** The heading's top once the page has settled: fonts loaded, widgets in view hydrated, two equal reads. */
async function settledTop(page, id) {
  await page.evaluate(() => document.fonts.ready);
  await until(() => page.evaluate(() => {
    const pending = [...document.querySelectorAll('astro-island[ssr]')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.bottom > 0 && box.top < innerHeight;
    });
    if (pending.length) throw new Error(`${pending.length} widgets in view not hydrated yet`);
  }), SLOW);
  return until(async () => {
    const read = () => page.evaluate((i) => Math.round(document.getElementById(i).getBoundingClientRect().top), id);
    const first = await read();
    await page.waitForTimeout(200);
    const second = await read();
    assert.equal(second, first, `#${id} still moving`);
    return second;
  }, SLOW);
}

const landed = (top, id, how) => assert.ok(top >= TOP_MIN && top <= TOP_MAX, `${how} #${id}: heading top at ${top}px, expected ${TOP_MIN}–${TOP_MAX}px`);

describe('section links', { concurrency: 2 }, () => {
  for (const chapter of chapterPages()) {
    it(`${chapter}: deep links to a spread of ${DEEP_LINKS} headings land on them`, async () => {
      const { page } = await openPage(ctx.browser, ctx.site.url + chapter);
      const ids = await page.locator('main :is(h2, h3)[id]').evaluateAll((hs) => hs.map((h) => h.id));
      await page.close();
      assert.ok(ids.length > 0);
      // One browser context for the chapter: each deep link is a fresh page load, with the HTTP and
      // compiled-code caches a returning reader would have (the layout problem does not depend on them).
      const context = await ctx.browser.newContext({ viewport: { width: 1280, height: 900 } });
      await pool(spread(ids, DEEP_LINKS), 2, async (id) => {
        const fresh = await context.newPage();
        await fresh.goto(`${ctx.site.url}${chapter}#${id}`, SLOW);
        landed(await settledTop(fresh, id), id, 'deep link');
        await fresh.close();
      });
      await context.close();
    });

    it(`${chapter}: every table-of-contents link lands on its heading`, async () => {
      const { page } = await openPage(ctx.browser, ctx.site.url + chapter);
      const links = await page.locator('.toc--sidebar a').evaluateAll((as) => as.map((a) => a.getAttribute('href').slice(1)));
      assert.ok(links.length > 0);
      for (const id of links) {
        await page.evaluate(() => scrollTo({ top: 0, behavior: 'instant' }));
        await page.locator(`.toc--sidebar a[href="#${id}"]`).click();
        landed(await settledTop(page, id), id, 'TOC click');
      }
      await page.close();
    });
  }
});
