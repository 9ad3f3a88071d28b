// Every built page (the widgets' own embed pages are checked in widgets.test.mjs): loads cleanly,
// contacts no other origin, renders its math, passes axe in light and dark.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { axeViolations, builtPages, DIST, openPage, startSite } from './helpers.mjs';

const pages = builtPages();
const widgetPage = (p) => /^\/embed\/[^/]+\/$/.test(p);
let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

describe('links', () => {
  it('every link from one page of the site to another reaches a built page or file', () => {
    const broken = [];
    for (const page of pages) {
      const html = readFileSync(join(DIST, page, 'index.html'), 'utf8');
      for (const [, href] of html.matchAll(/<a\b[^>]*\bhref="(\/[^"#?]*)/g)) {
        const target = join(DIST, decodeURIComponent(href));
        if (!existsSync(href.endsWith('/') ? join(target, 'index.html') : target)) broken.push(`${page} → ${href}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});

describe('every page', { concurrency: 3 }, () => {
  it('the build has the home page, a course page, the first chapter, the gallery and the embed pages', () => {
    for (const p of ['/', '/cnn/', '/cnn/week-1/', '/widgets/', '/embed/', '/embed/conv-stepper/', '/embed/pool-stepper/']) assert.ok(pages.includes(p), `${p} was not built`);
  });

  for (const path of pages.filter((p) => !widgetPage(p))) {
    for (const colorScheme of ['light', 'dark']) {
      it(`${path} (${colorScheme}) loads with no errors, no outside requests and no axe violations`, async () => {
        const { page, problems } = await openPage(ctx.browser, ctx.site.url + path, { colorScheme });
        assert.deepEqual(problems, []);
        const text = await page.locator('body').innerText();
        assert.ok(!text.includes('$$'), 'raw $$ math delimiters in the page text');
        assert.ok(!/NaN|undefined|\[object Object\]/.test(text), 'NaN, undefined or [object Object] shown on the page');
        assert.deepEqual(await axeViolations(page), []);
        await page.close();
      });
    }
  }
});

describe('chapter', () => {
  it('renders math with KaTeX at build time and has a table of contents, check-yourself questions and references', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/cnn/week-1/`);
    assert.ok((await page.locator('.katex').count()) > 20, 'expected KaTeX-rendered math');
    assert.ok((await page.locator('.katex-display').count()) > 3, 'expected display math');
    assert.equal(await page.locator('h1').count(), 1);
    assert.ok((await page.locator('details.check').count()) >= 5, 'expected check-yourself questions');
    assert.ok(await page.getByRole('heading', { name: 'References' }).isVisible());
    const body = await page.locator('main').innerText();
    for (const fact of ['7,600', '30']) assert.ok(body.includes(fact), `chapter text lacks ${fact}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('at 390 px every equation that scrolls sideways is reachable by keyboard once on screen', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/cnn/week-1/`, { width: 390 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const overflowing = new Set();
    for (let y = 0; y < height; y += 500) {
      await page.evaluate((top) => scrollTo(0, top), y);
      await page.waitForTimeout(50);
      const onScreen = await page.evaluate(() =>
        [...document.querySelectorAll('.katex-display')].flatMap((el, i) => {
          const box = el.getBoundingClientRect();
          return box.bottom > 0 && box.top < innerHeight ? [[i, el.scrollWidth > el.clientWidth + 1, el.tabIndex === 0]] : [];
        }),
      );
      for (const [i, scrolls, focusable] of onScreen) {
        if (scrolls) overflowing.add(i);
        assert.equal(focusable, scrolls, `equation ${i} at scroll ${y}: scrolls ${scrolls}, focusable ${focusable}`);
      }
    }
    assert.ok(overflowing.size > 0, 'expected some wide equations at 390 px');
    await page.close();
  });

  it('is readable at 360 px: no horizontal page scroll', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/cnn/week-1/`, { width: 360 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
    await page.close();
  });
});

describe('theme', () => {
  it('follows the system, honours a stored choice either way, and always prints light', async () => {
    const LIGHT = 'rgb(252, 251, 248)';
    const DARK = 'rgb(21, 23, 27)';
    for (const [system, stored, expected] of [['light', null, LIGHT], ['dark', null, DARK], ['light', 'dark', DARK], ['dark', 'light', LIGHT]]) {
      const { page } = await openPage(ctx.browser, `${ctx.site.url}/`, { colorScheme: system });
      await page.evaluate((t) => (t ? localStorage.setItem('dl-theme', t) : localStorage.removeItem('dl-theme')), stored);
      await page.reload();
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(await background(), expected, `system ${system}, stored ${stored}`);
      await page.emulateMedia({ media: 'print' });
      assert.equal(await background(), 'rgb(255, 255, 255)', `print, system ${system}, stored ${stored}`);
      await page.close();
    }
  });
});
