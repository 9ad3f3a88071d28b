// Embedding as a stranger's page would: an iframe from another origin, and the custom element.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { serve } from '../../scripts/serve.mjs';
import { axeViolations, openPage, startSite } from './helpers.mjs';

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

describe('embedding', () => {
  it('the iframe page works from another origin and reports its height', async () => {
    const url = hostPage('iframe.html', `
      <h1>A blog post</h1>
      <iframe id="w" title="Convolution stepper" src="${ctx.site.url}/embed/conv-stepper/?padding=1&stride=2" style="width:100%;border:0" height="200"></iframe>
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
    await page.waitForFunction(() => window.heights.length > 0);
    const last = await page.evaluate(() => window.heights.at(-1));
    assert.equal(last.widget, 'conv-stepper');
    assert.ok(last.height > 300 && last.height < 3000, `reported height ${last.height}`);
    const frame = page.frameLocator('#w');
    await frame.locator('astro-island:not([ssr])').waitFor();
    assert.match(await frame.locator('.formula').innerText(), /⌊\(6 \+ 2·1 − 3\) \/ 2⌋ \+ 1 = 3/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('hostile and malformed query values are shown as text and never run', async () => {
    const evil = encodeURIComponent('<img src=x onerror="alert(1)">');
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?filter=${evil}&padding=999&stride=abc&cells=1,2;3&${evil}=1`);
    await page.locator('astro-island:not([ssr])').waitFor();
    const box = page.locator('.problems');
    await box.waitFor();
    const text = await box.innerText();
    assert.match(text, /Filter \(filter\) must be one of .*“<img src=x onerror="aler…” was ignored\./);
    assert.match(text, /Padding p \(padding\) must be from 0 to 3; “999” became 3\./);
    assert.match(text, /Stride s \(stride\) “abc” is not a number; using 1\./);
    assert.match(text, /Input cells \(cells\) “1,2;3” has rows of different lengths/);
    assert.match(text, /Unknown setting/);
    assert.equal(await page.locator('.dl-conv-stepper img').count(), 0);
    assert.deepEqual(problems, []); // no dialog, no error
    await page.close();
  });

  it('the custom element renders on a foreign page and follows attribute changes', async () => {
    const url = hostPage('element.html', `
      <h1>Course notes</h1>
      <script type="module" src="${ctx.site.url}/widgets/conv-stepper.js"></script>
      <dl-conv-stepper padding="1" filter="sobel-vertical">Loading the convolution stepper…</dl-conv-stepper>`);
    const { page, problems } = await openPage(ctx.browser, url, { allowOrigins: [ctx.site.url] });
    const widget = page.locator('dl-conv-stepper .dl-conv-stepper');
    await widget.waitFor();
    assert.match(await widget.locator('.formula').innerText(), /= 6$/m);
    await page.evaluate(() => document.querySelector('dl-conv-stepper').setAttribute('stride', '2'));
    await page.waitForFunction(() => /= 3/.test(document.querySelector('dl-conv-stepper .formula').textContent));
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    await widget.getByText('Share or embed these settings').click();
    assert.match(await widget.getByRole('textbox', { name: 'Link' }).inputValue(), new RegExp(`^${ctx.site.url}/embed/conv-stepper/\\?`));
    assert.deepEqual(problems, []);
    await page.close();
  });
});

describe('widgets opened up', () => {
  for (const slug of ['conv-stepper', 'pool-stepper']) {
    it(`${slug}: predict form, tables, editors and share panel open pass axe, light and dark`, async () => {
      for (const colorScheme of ['light', 'dark']) {
        const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/?predict&channels=${slug === 'conv-stepper' ? 3 : 2}`, { colorScheme });
        await page.locator('astro-island:not([ssr])').waitFor();
        await page.getByRole('button', { name: /^Next output/ }).click();
        for (const summary of await page.locator('details > summary').all()) await summary.click();
        await page.getByLabel(/Your prediction/).waitFor();
        assert.deepEqual(await axeViolations(page), [], colorScheme);
        assert.deepEqual(problems, []);
        await page.close();
      }
    });
  }
});

describe('random settings', () => {
  // Seeded, so a failure names a query that reproduces it.
  let seed = 20261123;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 2 ** 32);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const values = ['-1', '0', '1', '2', '3', '5', '9', '99', '1e9', 'NaN', 'x', '', '1,2;3,4', '0,1,0;1,-4,1;0,1,0', '<b>'];

  for (const slug of ['conv-stepper', 'pool-stepper']) {
    it(`${slug}: 15 random queries never crash, never show NaN`, async () => {
      const names = ['input', 'size', 'channels', 'filter', 'weights', 'cells', 'padding', 'stride', 'bias', 'relu', 'predict', 'seed', 'step', 'mode', 'f'];
      for (let i = 0; i < 15; i++) {
        const query = new URLSearchParams(Array.from({ length: 4 }, () => [pick(names), pick(values)])).toString();
        const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/${slug}/?${query}`);
        await page.locator('astro-island:not([ssr])').waitFor();
        await page.keyboard.press('Tab');
        // The problems box may quote the reader's own "NaN"; everything else is computed.
        const text = await page.evaluate(() => {
          const main = document.querySelector('main').cloneNode(true);
          main.querySelector('.problems')?.remove();
          return main.textContent;
        });
        assert.ok(!/NaN|undefined|Infinity/.test(text), `?${query} shows NaN, undefined or Infinity`);
        assert.deepEqual(problems, [], `?${query}`);
        await page.close();
      }
    });
  }
});
