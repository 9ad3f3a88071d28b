// The 1×1 convolution in a real browser: pick an output cell by keyboard and by pointer, and the written
// weighted sum is the one this test computes from the drawn input channels and the weight inputs;
// n_C and n_c′ change the shapes; the course preset shows its cost; bad settings are explained.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/one-by-one/`;
const num = (t) => Number(t.replace('−', '-'));
const SIZE = 4;

/** The drawn value of input channel c (1-based) at (row, col), 0-based. */
async function inputAt(widget, c, row, col) {
  return num(await widget.locator(`svg[aria-label^="Input channel ${c};"] text`).nth(row * SIZE + col).textContent());
}
/** Filter k's weights (1-based) and bias, read from the editor's inputs. */
async function filterOf(widget, k, channels) {
  const w = [];
  for (let c = 1; c <= channels; c++) w.push(Number(await widget.getByLabel(`Weights: a row per filter, row ${k}, column ${c}`).inputValue()));
  const b = Number(await widget.getByLabel(`Biases, row 1, column ${k}`).inputValue());
  return { w, b };
}
/** The value the picked cell should hold, computed here: ReLU(Σ_c w_c·x_c + b). */
async function expected(widget, k, row, col, channels) {
  const { w, b } = await filterOf(widget, k, channels);
  let z = b;
  for (let c = 1; c <= channels; c++) z += w[c - 1] * (await inputAt(widget, c, row, col));
  return Math.max(0, z);
}
const sumText = (widget) => widget.locator('.sum').innerText();
const shown = (v) => (v < 0 ? `−${-v}` : String(v));

describe('1×1 convolution', () => {
  it('picks a cell by keyboard: the written sum mixes every channel at that position', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-one-by-one');
    await until(async () => assert.equal(await widget.getByTestId('out-shape').innerText(), 'Output 4×4×2'));
    const out2 = widget.getByRole('group', { name: 'Output channel 2: arrow keys pick a cell' });
    await out2.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    // Output channel 2 at row 2, column 3 (0-based (1, 2)): filter 2 is 1·x₁ + (−1)·x₂ + 0·x₃.
    const x = [await inputAt(widget, 1, 1, 2), await inputAt(widget, 2, 1, 2), await inputAt(widget, 3, 1, 2)];
    const z = x[0] - x[1];
    await until(async () => assert.equal(await sumText(widget), `1·${x[0]} + (−1)·${x[1]} + 0·${x[2]} + 0 = ${shown(z)}; ReLU: max(0, ${shown(z)}) = ${Math.max(0, z)}`));
    assert.equal(Math.max(0, z), await expected(widget, 2, 1, 2, 3));
    // The output cell shows the same value, and the screen reader hears the sum.
    assert.equal(num(await widget.locator('svg[aria-label^="Output channel 2"] text').nth(1 * SIZE + 2).textContent()), Math.max(0, z));
    await until(async () => assert.match(await widget.locator('[aria-live="polite"].sr-only').innerText(), /^Output channel 2, row 2, column 3: 1·/));
    await until(() => assert.match(page.url(), /row=1&col=2&out=1|out=1/));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2d \(cpu\) gives the same 32 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('picks a cell by pointer, follows edited weights, and n_C, n_c′ change the shapes', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-one-by-one');
    await widget.getByLabel(/^n_c′ = 2/).fill('3');
    await until(async () => assert.equal(await widget.getByTestId('out-shape').innerText(), 'Output 4×4×3'));
    await widget.getByLabel(/^n_C = 3/).fill('5');
    await until(async () => assert.match(await widget.locator('.stage .title').first().innerText(), /^Input 4×4×5$/));
    await until(async () => assert.match(await widget.locator('.mults').innerText(), /= 4·4·5·3 = 240 multiplications$/));
    // Click output channel 1 at row 4, column 3 (0-based (3, 2)).
    const svg = widget.locator('svg[aria-label^="Output channel 1"]');
    const box = await svg.boundingBox();
    const units = box.width / (SIZE * 32 + 3);
    await page.mouse.click(box.x + (1.5 + 2.5 * 32) * units, box.y + (1.5 + 3.5 * 32) * units);
    await until(async () => assert.match(await widget.locator('.where').innerText(), /^Output channel 1 at row 4, column 3/));
    await until(async () => assert.match(await sumText(widget), new RegExp(`= ${await expected(widget, 1, 3, 2, 5)}$`)));
    // A new weight and bias for filter 1: the sum follows.
    await widget.getByLabel('Weights: a row per filter, row 1, column 4').fill('-2');
    await widget.getByLabel('Weights: a row per filter, row 1, column 4').press('Tab');
    await widget.getByLabel('Biases, row 1, column 1').fill('3');
    await widget.getByLabel('Biases, row 1, column 1').press('Tab');
    await until(async () => assert.match(await sumText(widget), /^1·\d \+ 1·\d \+ 1·\d \+ \(−2\)·\d \+ 1·\d \+ 3 = /));
    await until(async () => assert.match(await sumText(widget), new RegExp(`= ${await expected(widget, 1, 3, 2, 5)}$`)));
    await until(() => assert.match(page.url(), /weights=/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the course preset: 28×28×192 → 32 costs 4,816,896 multiplications', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-one-by-one');
    await widget.getByRole('button', { name: 'Course: 28×28×192 → 32' }).click();
    await until(async () => assert.equal(await widget.locator('.mults').innerText(), 'n_H·n_W·n_C·n_c′ = 28·28·192·32 = 4,816,896 multiplications'));
    await until(async () => assert.match(await widget.locator('.cost').innerText(), /120,422,400/));
    assert.equal(await widget.locator('svg.blocks').count(), 1);
    await until(() => assert.match(page.url(), /preset=course/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('explains bad settings and shows no HTML from them', async () => {
    const { page } = await openPage(ctx.browser, `${URL_()}?channels=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&filters=7&weights=1,2,3,4;5,6,7,8;1,1,1,1;2,2,2,2`);
    const widget = await hydrated(page, '.dl-one-by-one');
    await until(async () => assert.match(await page.locator('.problems').innerText(), /Input channels n_C \(channels\) .* is not a number; using 3\./));
    await until(async () => assert.match(await page.locator('.problems').innerText(), /extra ones are not used/));
    assert.equal(await page.locator('.problems img').count(), 0);
    await until(async () => assert.equal(await widget.getByTestId('out-shape').innerText(), 'Output 4×4×3'));
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-one-by-one').first();
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Input channel"]').count(), 3));
    await until(async () => assert.match(await widget.locator('.sum').textContent(), /^1·\d \+ 1·\d \+ 1·\d \+ 0 = \d+; ReLU/));
    await context.close();
  });
});
