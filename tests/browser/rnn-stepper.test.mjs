// The unrolled RNN stepper in a real browser: a<t> shown equals a<t> computed here from the seed, the
// exploding preset's gradient grows going back and clipping bounds the update, keyboard and pointer
// stepping, the tfjs check, bad settings, and the first frame without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/rnn-stepper/`;
const live = (widget) => widget.locator('[aria-live="polite"].sr-only').innerText();
/** The a<t> values drawn in column t (1-based). */
const aShown = (widget, t) => widget.locator('svg.unrolled g.col').nth(t - 1).locator('text.val').allTextContents();

// Written again here, independently of src/compute/random.ts: mulberry32 and Box–Muller.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normals(count, seed) {
  const next = mulberry32(seed);
  const out = [];
  while (out.length < count) {
    const r = Math.sqrt(-2 * Math.log(1 - next()));
    const v = next();
    out.push(r * Math.cos(2 * Math.PI * v), r * Math.sin(2 * Math.PI * v));
  }
  return out.slice(0, count);
}
const fmt2 = (v) => (v < 0 && Math.abs(v).toFixed(2) !== '0.00' ? '−' : '') + Math.abs(v).toFixed(2);

describe('rnn stepper', () => {
  it('steps forward by keyboard: a<2> = tanh(W_ax·x<2>) for x<2> = “h”, as computed here; tfjs agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-rnn-stepper');
    // Seed 1: W_ax (3 × 5, vocabulary ⏎ e h l o) is normals(15, seed 2) row by row; “h” is column 2.
    const wax = normals(15, 2);
    const a2 = [0, 1, 2].map((i) => Math.tanh(wax[i * 5 + 2]));
    await until(async () => assert.deepEqual(await aShown(widget, 1), ['0.00', '0.00', '0.00']));
    assert.deepEqual(await aShown(widget, 2), []); // not computed yet
    await widget.getByRole('group', { name: /arrow keys step/ }).focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await aShown(widget, 2), a2.map(fmt2)));
    await until(async () => assert.match(await live(widget), new RegExp(`^Step 2: x<2> = “h” and a<1> through the same W_ax and W_aa give a<2> = \\(${a2.map(fmt2).join(', ')}\\);`)));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.matMul, tf\.tanh, tf\.softmax \(cpu\) gives the same 48 values/));
    await until(() => assert.match(page.url(), /step=1/));
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.deepEqual(await aShown(widget, 2), []));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('exploding: by pointer to the backward steps, the gradient grows going back; the update is clipped to ±5', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-rnn-stepper');
    await widget.getByRole('button', { name: 'Exploding' }).click();
    await until(() => assert.match(page.url(), /preset=exploding/));
    await widget.getByRole('button', { name: 'Last step' }).click();
    await widget.getByRole('button', { name: 'Previous step' }).click();
    await until(async () => assert.match(await live(widget), /^Back through step 1: ‖∂L\/∂a<1>‖ = [\d.]+;/));
    const norms = (await widget.locator('svg.unrolled text.gradval').allTextContents()).map((t) => Number(t.replace('‖∂a‖ ', '')));
    assert.equal(norms.length, 6);
    for (let t = 1; t < 6; t++) assert.ok(norms[t - 1] > norms[t], `‖∂L/∂a<${t}>‖ = ${norms[t - 1]} > ‖∂L/∂a<${t + 1}>‖ = ${norms[t]}`);
    assert.ok(norms[0] / norms[5] > 50);
    await widget.getByRole('button', { name: 'Next step' }).click();
    await until(async () => assert.match(await live(widget), /^Update: backprop’s gradient norm is (\d+)\. Clipping each entry to ±5 changed \d+ entries; .* no weight moves by more than 0\.5 \(α = 0\.1\)\.$/));
    const row = async (name) => widget.locator('table.numbers tbody tr').filter({ hasText: name }).locator('td').allTextContents();
    await until(async () => assert.equal((await row('Largest |entry|'))[1], '5'));
    assert.equal((await row('Norm ‖g‖'))[2], '5');
    assert.ok(Number((await row('Norm ‖g‖'))[0]) > 100);
    // Global-norm clipping instead: the chosen column follows the select.
    await widget.getByRole('combobox', { name: /^Clipping/ }).selectOption('norm');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /Clipping by norm scaled every gradient by 0\.0\d+; the norm is now 5,/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the vanishing preset: the last step’s gradient reaching a<1> is under 1% of what a<T> gets', async () => {
    const { page } = await openPage(ctx.browser, `${URL_()}?preset=vanishing&step=11`);
    const widget = await hydrated(page, '.dl-rnn-stepper');
    const norms = await until(async () => {
      const n = (await widget.locator('svg.unrolled text.gradval').allTextContents()).map((t) => Number(t.replace('‖∂a‖ ', '').replace('×10⁻', 'e-').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => '⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c))));
      assert.equal(n.length, 6);
      return n;
    });
    assert.ok(norms[0] / norms[5] < 0.01, norms.join(' '));
    await page.close();
  });

  it('play runs to the end; the slider scrubs', async () => {
    const { page } = await openPage(ctx.browser, `${URL_()}?step=10`);
    const widget = await hydrated(page, '.dl-rnn-stepper');
    await widget.getByRole('button', { name: 'Play' }).click();
    await until(async () => assert.match(await widget.locator('.live').innerText(), /^Update:/));
    await widget.getByRole('slider', { name: /Step \d+ of 13/ }).fill('2');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /^Step 3:/));
    await page.close();
  });

  it('bad settings are explained and nothing on screen is NaN', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?units=0&gain=NaN&waa=1e9,0;0,1&word=%3Cimg%20src=x%20onerror=alert(1)%3E&step=16`);
    const widget = await hydrated(page, '.dl-rnn-stepper');
    const text = await until(async () => {
      const t = await page.locator('.problems').innerText();
      assert.match(t, /Hidden units n_a \(units\) must be from 1 to 4/);
      assert.match(t, /W_aa gain \(gain\) “NaN” is not a number/);
      assert.match(t, /W_aa \(waa\) must be 1×1 for n_a = 1; it is 2×2/);
      assert.match(t, /may hold only letters a–z/);
      return (await widget.locator('.stage, .live, table, .formula').allInnerTexts()).join('\n');
    });
    assert.match(text, /Update: backprop’s gradient norm is/);
    assert.doesNotMatch(text, /NaN|Infinity|undefined/);
    assert.equal(await widget.locator('img').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-rnn-stepper').first();
    await until(async () => assert.equal(await widget.locator('svg.unrolled g.col').count(), 6));
    await until(async () => assert.deepEqual(await aShown(widget, 1), ['0.00', '0.00', '0.00']));
    await context.close();
  });
});
