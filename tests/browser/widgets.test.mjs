// The widget contract, checked for every widget in the registry (src/widgets/registry.ts): its embed
// page and bundle are built; it loads cleanly and passes axe in light and dark with every panel open;
// its first frame is there without JavaScript; it follows the URL (Back/Forward); it reports its height
// to a host on another origin; hostile and random settings become messages, never markup or NaN; and
// the custom element renders on a stranger's page. Widget-specific behaviour lives in <slug>.test.mjs.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { axeViolations, DIST, loadWidgets, openPage, startSite, until } from './helpers.mjs';

const widgets = await loadWidgets();
let ctx;
let host;
const hostDir = mkdtempSync(join(tmpdir(), 'dl-host-'));
before(async () => {
  ctx = await startSite();
  host = await serve(hostDir); // another port, so another origin
});
after(async () => (await ctx?.close(), await host?.close()));

function hostPage(name, body) {
  writeFileSync(join(hostDir, name), `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Host</title></head><body>${body}</body></html>`);
  return `${host.url}/${name}`;
}

const hydratedIsland = (page) => page.locator('astro-island:not([ssr])').waitFor();

/**
 * The widget's visible text, without the parts that legitimately change on their own: the tfjs check line
 * and the screen-reader announcements (some widgets announce only once the reader pauses).
 */
const widgetText = (page, slug) =>
  page.locator(`.dl-${slug}`).first().evaluate((root) => {
    const copy = root.cloneNode(true);
    copy.querySelectorAll('.tfcheck, [aria-live]').forEach((el) => el.remove());
    return copy.textContent.replace(/\s+/g, ' ').trim();
  });

/** Computed text outside the problems box (which may quote the reader's own "NaN"). */
const computedText = (page) =>
  page.evaluate(() => {
    const main = document.querySelector('main').cloneNode(true);
    main.querySelector('.problems')?.remove();
    return main.textContent;
  });

// Seeded per widget (the widgets' tests run concurrently, so one shared generator would hand each widget
// different queries from run to run); a failure names a query that reproduces it.
function seededPick(slug) {
  let seed = [...slug].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 2 ** 32);
  return (xs) => xs[Math.floor(rand() * xs.length)];
}
const VALUES = ['-1', '0', '1', '2', '3', '5', '9', '99', '1e9', '-1e9', 'NaN', 'Infinity', 'x', '', '1,2;3,4', '0,1,0;1,-4,1;0,1,0', '1;2;3', '<b>', 'true', 'false'];
// Free text (a sentence, a date) may legitimately show the reader's own word "NaN"; only numbers must not.
const TEXT_VALUES = VALUES.filter((v) => !['NaN', 'Infinity'].includes(v));
const EVIL = '<img src=x onerror="alert(1)">';

describe('every registered widget', { concurrency: 3 }, () => {
  it('the registry lists at least the two steppers', () => {
    for (const slug of ['conv-stepper', 'pool-stepper']) assert.ok(widgets.some((w) => w.slug === slug), slug);
  });

  for (const { slug, tag, schema, example } of widgets) {
    describe(slug, () => {
      it('has its embed page and its custom-element bundle in the build', () => {
        assert.ok(existsSync(join(DIST, 'embed', slug, 'index.html')), `dist/embed/${slug}/index.html`);
        assert.ok(existsSync(join(DIST, 'widgets', `${slug}.js`)), `dist/widgets/${slug}.js`);
      });

      it('loads cleanly and passes axe (any impact) with every panel open, light and dark', async () => {
        const query = 'predict' in schema ? '?predict' : '';
        for (const colorScheme of ['light', 'dark']) {
          const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/${query}`, { colorScheme });
          await hydratedIsland(page);
          const next = page.getByRole('button', { name: /^Next output/ });
          if (await next.count()) await next.click(); // steppers: the predict form opens
          await page.locator(`.dl-${slug}`).evaluate((root) => root.querySelectorAll('details').forEach((d) => (d.open = true)));
          assert.deepEqual(await axeViolations(page), [], colorScheme);
          assert.ok(!/NaN|undefined|Infinity|\[object Object\]/.test(await computedText(page)), 'NaN, undefined or Infinity on screen');
          assert.deepEqual(problems, []);
          await page.close();
        }
      });

      it('shows its first frame without JavaScript', async () => {
        const context = await ctx.browser.newContext({ javaScriptEnabled: false });
        const page = await context.newPage();
        await page.goto(`${ctx.site.url}/embed/${slug}/`);
        const root = page.locator(`.dl-${slug}`);
        assert.equal(await root.count(), 1);
        assert.ok((await root.locator('svg, canvas, img, table').count()) > 0, 'the first frame draws nothing');
        await context.close();
      });

      it('shows what the URL says, also after Back and Forward', async () => {
        const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/?${example}`);
        await hydratedIsland(page);
        const exampleText = await until(async () => widgetText(page, slug));
        await page.goto(`${ctx.site.url}/embed/${slug}/`);
        await hydratedIsland(page);
        const defaultText = await widgetText(page, slug);
        assert.notEqual(defaultText, exampleText, `?${example} should look different from the defaults`);
        // Another script adds history entries; Back and Forward move between them without a reload.
        await page.evaluate((q) => (history.pushState(null, '', `?${q}`), history.pushState(null, '', '?')), example);
        const entries = await page.evaluate(() => history.length);
        await page.evaluate(() => history.back());
        await until(async () => assert.equal(await widgetText(page, slug), exampleText));
        await page.evaluate(() => history.forward());
        await until(async () => assert.equal(await widgetText(page, slug), defaultText));
        // Its own changes never add history entries (inside an iframe they would steal the host's Back button).
        assert.equal(await page.evaluate(() => history.length), entries);
        assert.deepEqual(problems, []);
        await page.close();
      });

      it('reports its height to a host page on another origin and honours the iframe query', async () => {
        const url = hostPage(`${slug}-iframe.html`, `
          <h1>A blog post</h1>
          <iframe id="w" title="${slug}" src="${ctx.site.url}/embed/${slug}/?${example}" style="width:100%;border:0" height="200"></iframe>
          <script>
            window.heights = [];
            addEventListener('message', (e) => {
              if (e.origin === '${ctx.site.url}' && e.data && e.data.type === 'dl-embed:height') {
                window.heights.push(e.data);
                document.getElementById('w').style.height = e.data.height + 'px';
              }
            });
          </script>`);
        const { page, problems } = await openPage(ctx.browser, url, { allowOrigins: [ctx.site.url] });
        const last = await until(async () => {
          const h = await page.evaluate(() => window.heights.at(-1));
          assert.ok(h && h.height > 150 && h.height < 4000, `reported height ${h?.height}`);
          return h;
        });
        assert.equal(last.widget, slug);
        await page.frameLocator('#w').locator('astro-island:not([ssr])').waitFor();
        const sorted = (q) => [...new URLSearchParams(q)].sort().join('&');
        assert.equal(sorted(new URL(page.frames()[1].url()).search), sorted(example), 'the iframe keeps the query it was given');
        assert.deepEqual(problems, []);
        await page.close();
      });

      it('shows hostile settings as text and runs none of them', async () => {
        const query = new URLSearchParams([...Object.keys(schema).map((name) => [name, EVIL]), [EVIL, '1']]).toString();
        const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/?${query}`);
        await hydratedIsland(page);
        const box = page.locator('.problems');
        await until(async () => assert.match(await box.innerText(), /Unknown setting/));
        assert.ok((await box.innerText()).includes('<img src=x onerror'), 'the bad value is quoted as text');
        assert.equal(await page.locator('main img[src="x"], main [onerror]').count(), 0);
        assert.deepEqual(problems, []); // no dialog, no error
        await page.close();
      });

      it('8 seeded random settings never crash and never show NaN', async () => {
        const names = [...Object.keys(schema), 'f', 'zzz'];
        const pick = seededPick(slug);
        const valueFor = (name) => pick(schema[name]?.type === 'text' ? TEXT_VALUES : VALUES);
        const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/`);
        for (let i = 0; i < 8; i++) {
          const query = new URLSearchParams(Array.from({ length: 4 }, () => { const name = pick(names); return [name, valueFor(name)]; })).toString();
          await page.goto(`${ctx.site.url}/embed/${slug}/?${query}`);
          await hydratedIsland(page);
          await page.keyboard.press('Tab');
          await page.keyboard.press('ArrowRight');
          assert.ok(!/NaN|undefined|Infinity/.test(await computedText(page)), `?${query} shows NaN, undefined or Infinity`);
          assert.deepEqual(problems, [], `?${query}`);
        }
        await page.close();
      });

      it(`<${tag}> renders on a foreign page and follows attribute changes`, async () => {
        const attrs = [...new URLSearchParams(example)].map(([k, v]) => ` ${k}="${v}"`).join('');
        const url = hostPage(`${slug}-element.html`, `
          <h1>Course notes</h1>
          <script type="module" src="${ctx.site.url}/widgets/${slug}.js"></script>
          <${tag}${attrs}>Loading…</${tag}>`);
        const { page, problems } = await openPage(ctx.browser, url, { allowOrigins: [ctx.site.url] });
        const widget = page.locator(`${tag} .dl-${slug}`);
        await widget.waitFor();
        const before = await until(async () => widgetText(page, slug));
        await page.evaluate((t) => [...document.querySelector(t).attributes].forEach((a) => document.querySelector(t).removeAttribute(a.name)), tag);
        await until(async () => assert.notEqual(await widgetText(page, slug), before));
        assert.deepEqual(problems, []);
        await page.close();
      });
    });
  }
});
