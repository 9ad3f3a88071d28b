// The transposed-convolution visualizer in a real browser: blocks add up on the canvas, the crop step,
// the tfjs check, the op ≥ s message, the no-JS first frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/transposed-conv/`;
/** The text of canvas cell (y, x), 0-based, in a drawn canvas `size` wide ('' when no block reached it). */
const canvasCell = (widget, size, y, x) => widget.locator('svg[aria-label^="Canvas"] g.cell').nth(y * size + x).locator('text').allTextContents();
const outputTexts = (widget) => widget.locator('svg[aria-label^="Output"] text').allTextContents();

describe('transposed conv', () => {
  it('adds one block per step, sums the overlaps, then crops; tfjs agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-transposed-conv');
    // Canvas (1, 3) (0-based (0, 2)): 2·1 after the first block, 2·1 + 1·1 = 3 after the second.
    await until(async () => assert.deepEqual(await canvasCell(widget, 5, 0, 2), ['2']));
    await until(async () => assert.deepEqual(await canvasCell(widget, 5, 0, 3), []));
    await widget.getByRole('button', { name: 'Next step' }).click();
    await until(async () => assert.deepEqual(await canvasCell(widget, 5, 0, 2), ['3']));
    await until(async () => assert.match(await widget.locator('[aria-live="polite"].sr-only').innerText(), /^Input \(1, 2\) = 1 times the kernel goes to canvas rows 1–3, columns 3–5; overlaps sum\.$/));
    const stage = widget.getByRole('group', { name: /arrow keys step/ });
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    // The centre cell has all four blocks: 2·1 + 1·0 + 3·1 + 2·1 = 7, and it says so on hover.
    await until(async () => assert.deepEqual(await canvasCell(widget, 5, 2, 2), ['7']));
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Canvas"] g.cell').nth(12).locator('title').textContent(), 'Canvas (3, 3) = 2·1 + 1·0 + 3·1 + 2·1 = 7'));
    await page.keyboard.press('End');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /^Crop 1 row and column from every side of the 5×5 canvas, keep 1 extra row and column at the bottom and right: the output is 4×4\.$/));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '4', '0', '1', '10', '7', '6', '3', '0', '7', '0', '2', '6', '3', '4', '2']));
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Canvas"] rect.hatch').count(), 9));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2dTranspose \(cpu\) gives the same 25 values/));
    await until(async () => assert.match(await widget.locator('.same').innerText(), /✓ All 16 values equal/));
    await until(() => assert.match(page.url(), /step=4/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('Shift + arrows read a canvas cell’s terms aloud', async () => {
    const { page } = await openPage(ctx.browser, `${URL_()}?step=3`);
    const widget = await hydrated(page, '.dl-transposed-conv');
    await widget.getByRole('group', { name: /arrow keys step/ }).focus();
    await page.keyboard.press('Shift+ArrowRight');
    await until(async () => assert.match(await widget.locator('.terms').innerText(), /^Canvas \(\d, \d\) = /));
    await until(async () => assert.equal(await widget.locator('[aria-live="polite"].sr-only').innerText(), await widget.locator('.terms').innerText()));
    await page.close();
  });

  it('a preset poses its question and the stride-1 numbers are the hand-worked ones', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-transposed-conv');
    await widget.getByRole('button', { name: 'Stride 1 is an ordinary full convolution' }).click();
    await widget.getByRole('group', { name: /arrow keys step/ }).focus();
    await page.keyboard.press('End');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['1', '3', '2', '4', '10', '6', '3', '7', '4']));
    await until(() => assert.match(page.url(), /preset=stride-1/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('op ≥ s is explained and clamped', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?stride=1&outpad=2`);
    const widget = await hydrated(page, '.dl-transposed-conv');
    await until(async () => assert.match(await page.locator('.problems').innerText(), /Output padding op = 2 must be smaller than the stride s = 1 \(PyTorch requires op < s\); using op = 0\./));
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /= \(2 − 1\)·1 − 2·1 \+ 3 \+ 0 = 2$/));
    await widget.getByLabel('s = 1').fill('3');
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /= \(2 − 1\)·3 − 2·1 \+ 3 \+ 2 = 6$/));
    await until(async () => assert.equal(await page.locator('.problems').count(), 0));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-transposed-conv').first();
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Canvas"] g.cell').count(), 25));
    await until(async () => assert.match(await widget.locator('.formula').textContent(), /= 4\s*$/));
    await context.close();
  });
});
