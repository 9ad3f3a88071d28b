// The residual-vs-plain widget in a real browser: the depth chart and the chosen depth's numbers equal
// the shipped JSON (picked by pointer and by keys), the identity demo driven to s = 0 returns a[l]
// exactly while the plain block returns 0, URL state, hostile settings, the no-JS first frame and a
// 360 px phone.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/residual-depth/';
const DATA = JSON.parse(readFileSync('src/data/residual-depth.json', 'utf8'));
const runOf = (depth, kind) => DATA.runs.find((r) => r.depth === depth && r.kind === kind);

/** The widget's rounding rule, written again here: 3 significant figures, a power of ten below 0.001. */
function loss(v) {
  if (v >= 0.001) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e');
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `${m} × 10${Number(e) < 0 ? '⁻' : ''}${[...String(Math.abs(Number(e)))].map((d) => sup[Number(d)]).join('')}`;
}
const percent = (v) => `${Number((v * 100).toFixed(1))}%`;

/** The finals table as { plain: [loss, error], residual: [loss, error] }. */
const finals = async (widget) => Object.fromEntries(await Promise.all(['plain', 'residual'].map(async (k) => {
  const row = widget.locator(`table.finals tr[data-kind="${k}"]`);
  return [k, [await row.locator('td.loss').innerText(), await row.locator('td.err').innerText()]];
})));
const expectedFinals = (depth) => Object.fromEntries(['plain', 'residual'].map((k) => [k, [loss(runOf(depth, k).finalLoss), percent(runOf(depth, k).finalError)]]));
const vector = (widget, row) => widget.locator(`table.vectors tr[data-row="${row}"] td:not(.note)`).allInnerTexts();

describe('residual-depth', () => {
  it('shows the shipped numbers of the chosen depth; pointer and keys pick a depth', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-residual-depth');
    const deepest = DATA.depths.at(-1);
    assert.deepEqual(await finals(widget), expectedFinals(deepest));
    assert.match(await widget.locator('[data-live="runs"]').innerText(), /degradation, not overfitting\.$/);
    // The depth chart has one marker per depth and kind.
    assert.equal(await widget.locator('svg.chart').first().locator('.mark.plain').count(), DATA.depths.length);

    // Pointer: a depth button.
    await widget.getByRole('radio', { name: '10' }).click();
    await until(async () => assert.deepEqual(await finals(widget), expectedFinals(10)));
    await until(() => assert.match(page.url(), /\?depth=10$/));
    assert.match(await widget.locator('[data-live="runs"]').innerText(), new RegExp(`^Depth 10, ${DATA.steps} steps: final training loss plain ${loss(runOf(10, 'plain').finalLoss).replace(/[.×]/g, '\\$&')}, residual`));

    // Keys: ← moves to the previous depth and focus follows.
    const before = String(DATA.depths[DATA.depths.indexOf(10) - 1]);
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.deepEqual(await finals(widget), expectedFinals(Number(before))));
    assert.equal(await widget.getByRole('radio', { checked: true }).innerText(), before);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-depth')), before);

    // Pointer on the chart itself: the column of depth 20.
    const box = await widget.locator('svg.chart').first().locator('rect.hit').nth(DATA.depths.indexOf(20)).boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await until(async () => assert.deepEqual(await finals(widget), expectedFinals(20)));

    // Measure: error instead of loss relabels the chart.
    await widget.getByLabel('Measure on the depth chart').selectOption('error');
    await until(async () => assert.match(await widget.locator('.runs .title').first().innerText(), /^Training error \(misclassified\) after/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('identity demo: at s = 0 the residual block returns a[l] exactly and the plain block 0', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-residual-depth');
    const input = await vector(widget, 'input');
    assert.deepEqual(input, ['0.80', '0.30', '1.50']);
    // At s = 1 the block changes its input.
    assert.notDeepEqual(await vector(widget, 'residual'), input);
    // Drive the slider by keys: one step down, then Home.
    const slider = widget.getByRole('slider', { name: /Scale s of W\[l\+2\] and b\[l\+2\]/ });
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await widget.locator('.scale output').innerText(), '0.95'));
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await widget.locator('.scale output').innerText(), '0.00'));
    assert.deepEqual(await vector(widget, 'residual'), input);
    assert.equal(await widget.locator('tr[data-row="residual"] .note').innerText(), '= a[l] exactly');
    assert.deepEqual(await vector(widget, 'plain'), ['0.00', '0.00', '0.00']);
    assert.match(await widget.locator('[data-live="demo"]').innerText(), /returns its input exactly; the plain block returns g\(0\) = 0\.$/);
    await until(() => assert.match(page.url(), /\?scale=0$/));
    // The button puts s back to 1.
    await widget.getByRole('button', { name: 's = 1' }).click();
    await until(async () => assert.notDeepEqual(await vector(widget, 'residual'), input));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('reads the URL, and turns hostile or out-of-range settings into readable problems', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?depth=20&scale=0`);
    const widget = await hydrated(page, '.dl-residual-depth');
    await until(async () => assert.deepEqual(await finals(widget), expectedFinals(20)));
    assert.deepEqual(await vector(widget, 'residual'), ['0.80', '0.30', '1.50']);
    await page.goto(`${ctx.site.url}${URL}?depth=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&scale=7&metric=nope`);
    const again = await hydrated(page, '.dl-residual-depth');
    await until(async () => assert.ok((await again.locator('.problems').innerText()).includes(`Depth (depth) must be one of ${DATA.depths.join(', ')}; “<img src=x onerror=alert…” was ignored.`)));
    assert.equal(await again.locator('.problems img').count(), 0);
    assert.equal(await again.locator('.scale output').innerText(), '1.00');
    assert.deepEqual(await finals(again), expectedFinals(DATA.depths.at(-1)));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`, { width: 360 });
    await hydrated(page, '.dl-residual-depth');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scroll');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}${URL}`);
    const widget = page.locator('.dl-residual-depth');
    assert.equal(await widget.locator('svg.chart').count(), 2);
    assert.equal(await widget.locator('svg.chart').first().locator('.mark.residual').count(), DATA.depths.length);
    assert.deepEqual(await finals(widget), expectedFinals(DATA.depths.at(-1)));
    await context.close();
  });
});
