// The Gram-matrix widget in a real browser: cells edited by keyboard and pointer, with the shown Gram
// entry, style cost, content cost and J compared with values computed here by separate loops; the shuffle
// preset (style cost 0, content cost > 0); the α and β sliders; the tfjs check; hostile settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/gram-matrix/';
const N = 4; // n_H = n_W
const C = 3; // n_C

// ------------------------------------------------------------------------------------------ references
/** channels[k][i][j] from the widget's text form "3030-3030-….0202-…" */
const parse = (text) => text.split('.').map((ch) => ch.split('-').map((row) => [...row].map(Number)));
const STRIPES = parse('3030-3030-3030-3030.0202-0202-0202-0202.1111-1111-1111-1111');
const DOTS = parse('3030-0000-3030-0000.0000-0202-0000-0202.1010-0101-1010-0101');
function gramOf(ch, n) {
  const g = Array.from({ length: C }, () => Array(C).fill(0));
  for (let k = 0; k < C; k++) for (let l = 0; l < C; l++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) g[k][l] += ch[k][i][j] * ch[l][i][j];
  return g;
}
/** J_style for two n × n × C volumes. */
function styleCostOf(s, g, n) {
  const [a, b] = [gramOf(s, n), gramOf(g, n)];
  let sum = 0;
  for (let k = 0; k < C; k++) for (let l = 0; l < C; l++) sum += (a[k][l] - b[k][l]) ** 2;
  return sum / (2 * n * n * C) ** 2;
}
const gram = (ch) => gramOf(ch, N);
const styleCost = (s, g) => styleCostOf(s, g, N);
function contentCost(s, g) {
  let sum = 0;
  for (let k = 0; k < C; k++) for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) sum += (s[k][i][j] - g[k][i][j]) ** 2;
  return sum / (4 * N * N * C);
}
const set = (ch, k, i, j, v) => ch.map((c, kk) => c.map((row, ii) => row.map((x, jj) => (kk === k && ii === i && jj === j ? v : x))));

// ------------------------------------------------------------------------------------------ reading the page
const shown = async (widget, name) => Number((await widget.locator(`[data-value="${name}"]`).innerText()).replace('−', '-'));
const entry = async (widget, side, k, l) => Number((await widget.locator(`[data-matrix="gram-${side}"] [data-entry="${k}-${l}"]`).innerText()).replace('−', '-'));
const close = (got, want, what) => assert.ok(Math.abs(got - want) <= 5e-4 * Math.max(1, Math.abs(want)), `${what}: shown ${got}, computed ${want}`);

async function expectCosts(widget, s, g, alpha = 10, beta = 40) {
  await until(async () => close(await shown(widget, 'style'), styleCost(s, g), 'J_style'));
  close(await shown(widget, 'content'), contentCost(s, g), 'J_content');
  close(await shown(widget, 'total'), alpha * contentCost(s, g) + beta * styleCost(s, g), 'J');
}

describe('gram-matrix', () => {
  it('shows the stripes-against-dots default: Gram matrices, costs and the tfjs check', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    const [gs, gg] = [gram(STRIPES), gram(DOTS)];
    for (let k = 0; k < C; k++) {
      for (let l = 0; l < C; l++) {
        assert.equal(await entry(widget, 's', k, l), gs[k][l]);
        assert.equal(await entry(widget, 'g', k, l), gg[k][l]);
      }
    }
    await expectCosts(widget, STRIPES, DOTS);
    assert.match(await widget.locator('[data-value="dominant"]').innerText(), /^The style term dominates/);
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓ tf\.matMul\(A, Aᵀ\) \(cpu\) gives the same 18 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('edits a cell by keyboard and by pointer; the Gram entry and the costs follow', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    // Keyboard: focus G's first cell, → to column 2, type 3 (channel 1, row 1, column 2: 0 → 3).
    await widget.locator('[data-cell="G-0-0-0"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('3');
    let g = set(DOTS, 0, 0, 1, 3);
    await until(async () => assert.equal(await widget.locator('[data-cell="G-0-0-1"]').innerText(), '3'));
    await until(async () => assert.equal(await entry(widget, 'g', 0, 0), gram(g)[0][0]));
    assert.equal(gram(g)[0][0], 45); // 36 + 3·3
    await expectCosts(widget, STRIPES, g);
    // + raises it no further than 3 wraps: 3 → 0.
    await page.keyboard.press('+');
    g = set(g, 0, 0, 1, 0);
    await expectCosts(widget, STRIPES, g);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('2'); // row 2, column 2 of channel 1: 0 → 2
    g = set(g, 0, 1, 1, 2);
    await expectCosts(widget, STRIPES, g);
    await until(() => assert.match(page.url(), /[?&]g=3030-0200-3030-0000\.0000-0202-0000-0202\.1010-0101-1010-0101/));

    // Pointer: a click raises S's channel 3, row 4, column 4 from 1 to 2.
    await widget.locator('[data-cell="S-2-3-3"]').click();
    const s = set(STRIPES, 2, 3, 3, 2);
    await until(async () => assert.equal(await entry(widget, 's', 2, 2), gram(s)[2][2]));
    assert.equal(gram(s)[2][2], 19); // 15 ones and one 2²
    await expectCosts(widget, s, g);

    // Pointing at G^(G)_13 writes out its sum of products, ending in the entry.
    await widget.locator('[data-matrix="gram-g"] [data-entry="0-2"]').hover();
    await until(async () => assert.match(await widget.locator('[data-terms="g"]').innerText(), new RegExp(`^G⁽ᴳ⁾₁₃ = Σᵢ Σⱼ aᵢⱼ₁·aᵢⱼ₃ = .* = ${gram(g)[0][2]}$`)));
    await until(async () => assert.match(await widget.locator('.sr-only[aria-live]').innerText(), /^S, channel 3, row 4, column 4 is now 2\./));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the shuffle preset: style cost 0, content cost > 0', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    await widget.locator('[data-preset="shuffled"]').click();
    await until(async () => assert.equal(await shown(widget, 'style'), 0));
    assert.ok((await shown(widget, 'content')) > 0);
    for (let k = 0; k < C; k++) for (let l = 0; l < C; l++) assert.equal(await entry(widget, 'g', k, l), await entry(widget, 's', k, l));
    assert.match(await widget.locator('.live').innerText(), /^The two Gram matrices are equal, so the style cost is 0/);
    await until(() => assert.match(page.url(), /\?preset=shuffled$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the α and β sliders change J', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    const [jc, js] = [contentCost(STRIPES, DOTS), styleCost(STRIPES, DOTS)];
    await widget.locator('[data-slider="alpha"]').focus();
    for (let n = 0; n < 5; n++) await page.keyboard.press('ArrowRight');
    await until(async () => close(await shown(widget, 'total'), 15 * jc + 40 * js, 'J with α = 15'));
    await widget.locator('[data-slider="beta"]').focus();
    await page.keyboard.press('Home');
    await until(async () => close(await shown(widget, 'total'), 15 * jc, 'J with β = 0'));
    assert.match(await widget.locator('[data-value="dominant"]').innerText(), /^The content term dominates/);
    await until(() => assert.match(page.url(), /alpha=15&beta=0/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('λ[2] weighs in the deeper layer, which sees what the shuffle moved', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=shuffled`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    // The shuffled map as the widget shows it, read cell by cell, and both volumes max-pooled 2 × 2 here.
    const g = [];
    for (let k = 0; k < C; k++) {
      g.push([]);
      for (let i = 0; i < N; i++) {
        g[k].push([]);
        for (let j = 0; j < N; j++) g[k][i].push(Number(await widget.locator(`[data-cell="G-${k}-${i}-${j}"]`).innerText()));
      }
    }
    const pool = (ch) => ch.map((c) => [0, 2].map((i) => [0, 2].map((j) => Math.max(c[i][j], c[i][j + 1], c[i + 1][j], c[i + 1][j + 1]))));
    const j2 = styleCostOf(pool(STRIPES), pool(g), 2);
    assert.ok(j2 > 0, 'the deeper layer sees the shuffle');
    close(await shown(widget, 'style2'), j2, 'J_style[2]');
    await widget.locator('[data-slider="lambda2"]').focus();
    for (let n = 0; n < 10; n++) await page.keyboard.press('ArrowRight'); // 0 → 0.5
    await until(async () => close(await shown(widget, 'style-weighted'), 0.5 * j2, 'J_style = 1·0 + 0.5·J[2]'));
    close(await shown(widget, 'total'), 10 * contentCost(STRIPES, g) + 40 * 0.5 * j2, 'J with λ[2] = 0.5');
    await until(() => assert.match(page.url(), /lambda2=0\.5/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('reads volumes from the URL and turns hostile values into messages', async () => {
    const hostile = encodeURIComponent('<img src=x onerror=alert(1)>');
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?g=${hostile}&s=3333-0000-0000-0000.0000-0000-0000-0000.1111-1111-1111-1111&alpha=abc`);
    const widget = await hydrated(page, '.dl-gram-matrix');
    await until(async () => assert.match(await widget.locator('.problems').innerText(), /Generated volume G \(g\) “<img src=x onerror=.*” has 1 channel, not 3/));
    assert.match(await widget.locator('.problems').innerText(), /“abc” is not a number/);
    assert.equal(await widget.locator('img').count(), 0);
    const s = parse('3333-0000-0000-0000.0000-0000-0000-0000.1111-1111-1111-1111');
    assert.equal(await entry(widget, 's', 0, 2), 12);
    await expectCosts(widget, s, DOTS);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
