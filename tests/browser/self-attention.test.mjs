// The self-attention explorer in a real browser: the steps, the live sentence, the causal mask, the
// scaling, editing an embedding, the linked view, the URL and the tfjs check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/self-attention/`;
const head = (widget, h) => widget.locator(`section[aria-label="Head ${h}"]`);
/** A matrix in a part of the widget, by the start of its title. */
const matrix = (within, title) => within.locator('.matrix', { has: within.page().locator('.title', { hasText: title }) }).first();
/** Its cells' texts, row by row (labels and sums are not cells). */
const cells = (m) => m.locator('g text').allTextContents();
/** One row of a 5-wide grid. */
const rowOf = (texts, i, width = 5) => texts.slice(i * width, (i + 1) * width);
const AFRICA = 2;
const VISITS = 1;

describe('self-attention explorer', () => {
  it('opens at the softmax step: Africa gives 0.81 to visits in head 1, rows sum to 1, and tfjs agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const weights = matrix(head(widget, 1), 'Weights');
    await until(async () => assert.deepEqual(rowOf(await cells(weights), AFRICA), ['0.05', '0.81', '0.05', '0.05', '0.05']));
    assert.deepEqual(await weights.locator('text.sum').allTextContents(), ['1', '1', '1', '1', '1']);
    assert.match(await widget.locator('p.live').innerText(), /^Step 4 of 6: softmax .*head 1 gives 0\.81 of its weight to “visits”, head 2 gives 0\.7 of its weight to “September”\.$/);
    assert.equal(await widget.locator('p.live').getAttribute('aria-live'), 'polite');
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.matMul \+ tf\.softmax \(cpu\) gives the same 70 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('steps by button, by key and by the step list: each step fills its matrices and says what it did', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const h1 = head(widget, 1);
    const grid = h1.locator('.matrix').nth(3); // Q, K, V, then the attention grid
    await widget.getByRole('button', { name: 'First step' }).click();
    await until(async () => assert.match(await widget.locator('p.live').innerText(), /^Step 1 of 6: .*“Africa”’s query in head 1 is \(2, 0\)\.$/));
    assert.deepEqual(await cells(grid), [], 'the attention grid is empty before the scores');
    assert.deepEqual(rowOf(await cells(matrix(h1, 'Q¹')), AFRICA, 2), ['2', '0']);
    assert.equal(await matrix(h1, 'Q¹').evaluate((m) => m.classList.contains('current')), true);

    await widget.getByRole('button', { name: 'Next step' }).click();
    await until(async () => assert.deepEqual(rowOf(await cells(grid), AFRICA), ['0', '4', '0', '0', '0']));
    assert.match(await widget.locator('p.live').innerText(), /^Step 2 of 6: .*2·2 \+ 0·0 = 4\.$/);

    await widget.getByRole('group', { name: /arrow keys step/ }).focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(rowOf(await cells(grid), AFRICA), ['0', '2.83', '0', '0', '0']));
    assert.match(await widget.locator('p.live').innerText(), /becomes 4 ÷ 1\.41 = 2\.83\.$/);

    await page.keyboard.press('End');
    await until(async () => assert.match(await widget.getByText(/^Step \d of 6$/).innerText(), /6 of 6/));
    const output = matrix(widget.locator('.mix'), '= Output');
    await until(async () => assert.deepEqual(rowOf(await cells(output), AFRICA, 4), ['0.1', '1.62', '0.25', '1.58']));

    await widget.getByRole('button', { name: /Weighted sum of V/ }).click();
    await until(async () => assert.match(await widget.locator('p.live').innerText(), /^Step 5 of 6: .*\(0\.1, 1\.62\)\.$/));
    assert.equal(await widget.getByRole('button', { name: /Weighted sum of V/ }).getAttribute('aria-current'), 'step');
    await until(() => assert.match(page.url(), /step=4/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the causal mask hides every later word: weight exactly 0, drawn hatched, −∞ before the softmax', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const weights2 = matrix(head(widget, 2), 'Weights');
    await until(async () => assert.deepEqual(rowOf(await cells(weights2), VISITS), ['0.04', '0.04', '0.04', '0.17', '0.7']));
    await widget.getByRole('checkbox', { name: 'Causal mask' }).check();
    await until(async () => assert.deepEqual(rowOf(await cells(weights2), VISITS), ['0.5', '0.5', '0', '0', '0']));
    assert.equal(await weights2.locator('g.masked').count(), 10);
    assert.match(await widget.locator('p.live').innerText(), /The mask gives the later words weight exactly 0\.$/);
    await widget.getByRole('button', { name: 'Previous step' }).click();
    await until(async () => assert.deepEqual(rowOf(await cells(matrix(head(widget, 2), 'Scaled')), VISITS), ['0', '0', '−∞', '−∞', '−∞']));
    await until(() => assert.match(page.url(), /mask=true/));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ .* gives the same 70 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('without 1/√d_k the largest weight grows, and larger embeddings saturate the softmax', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const summary = head(widget, 1).locator('.summary');
    await until(async () => assert.match(await summary.innerText(), /^Row Africa: largest weight 0\.81 \(visits\)/));
    await widget.getByRole('checkbox', { name: 'Divide by √d_k' }).uncheck();
    await until(async () => assert.match(await summary.innerText(), /^Row Africa: largest weight 0\.93 \(visits\)/)); // e⁴/(e⁴ + 4)
    await widget.getByLabel(/Embedding scale g/).fill('2');
    await until(async () => assert.match(await summary.innerText(), /^Row Africa: largest weight ≈1 \(visits\), entropy 0\.00 bits/));
    assert.match(await widget.locator('p.live').innerText(), /The softmax is saturated/);
    // The experiment: d_k = 512 unscaled is near one-hot on average; scaled it is not.
    await widget.getByLabel('d_k =').selectOption('512');
    await until(async () => assert.match(await widget.locator('.dk-text').innerText(), /^With d_k = 512, .*√512 ≈ 22\.6\)\. The largest of the five weights averages 0\.9\d as they are, and 0\.[3-5]\d divided by √512/));
    await until(() => assert.match(page.url(), /scale=false&gain=2&dk=512/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('editing an embedding changes everything downstream', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const weights = matrix(head(widget, 1), 'Weights');
    const place = widget.getByLabel('X, Africa, column 3 (place) (now 2)');
    await place.fill('0');
    await place.press('Enter');
    // Africa's query is now zero: it attends to every word equally.
    await until(async () => assert.deepEqual(rowOf(await cells(weights), AFRICA), ['0.2', '0.2', '0.2', '0.2', '0.2']));
    await until(() => assert.match(page.url(), /x=2%2C0%2C0%2C0%3B0%2C2%2C0%2C0%3B0%2C0%2C0%2C0/));
    await widget.getByRole('button', { name: 'Back to the example’s numbers' }).click();
    await until(async () => assert.deepEqual(rowOf(await cells(weights), AFRICA), ['0.05', '0.81', '0.05', '0.05', '0.05']));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('pointing at a weight lights the query and key rows it came from, and says the arithmetic', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-self-attention');
    const h1 = head(widget, 1);
    const weights = matrix(h1, 'Weights');
    await weights.locator('g').nth(AFRICA * 5 + VISITS).hover();
    await until(async () => assert.equal(await widget.locator('.trace').innerText(), 'Weight(Africa → visits) = 0.81: the softmax of row Africa, exp(2.83) over the row’s sum of exps. Its score: q¹(Africa) · k¹(visits) = 2·2 + 0·0 = 4, ÷ √2 = 2.83.'));
    assert.equal(await matrix(h1, 'Q¹').locator('rect.lit').count(), 1);
    assert.equal(await matrix(h1, 'K¹').locator('rect.lit').count(), 1);
    const kRect = await matrix(h1, 'K¹').locator('rect.lit').getAttribute('y');
    assert.equal(Number(kRect), VISITS * 26, 'the key row lit is visits');

    // The keyboard twin: focus a matrix, walk it with the arrows.
    await matrix(h1, 'Q¹').locator('.box').focus();
    await until(async () => assert.match(await widget.locator('.trace').innerText(), /^Q¹\(Jane, 1\) = row Jane of X · column 1 of W_Q/));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(async () => assert.equal(await widget.locator('.trace').innerText(), 'Q¹(Africa, 1) = row Africa of X · column 1 of W_Q = 0·0 + 0·0 + 2·1 + 0·0 = 2. It feeds row Africa of the scores.'));
    assert.equal(await widget.locator('.number-grid td.lit').count(), 4, 'X’s row Africa is lit');
    assert.match(await widget.getByText(/^Step \d of 6$/).innerText(), /4 of 6/, 'the arrows in a matrix do not step');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the example query (preset=mask&mask=true) asks its question and follows visits', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?preset=mask&mask=true`);
    const widget = await hydrated(page, '.dl-self-attention');
    await until(async () => assert.match(await widget.locator('.question').innerText(), /What does the mask hide from “visits”/));
    assert.match(await widget.locator('p.live').innerText(), /For “visits”, head 1 gives 0\.94 of its weight to “Jane”, head 2 gives 0\.5 of its weight to “Jane”/);
    await widget.getByRole('combobox', { name: /^Example/ }).selectOption('saturate');
    await until(async () => assert.match(await widget.locator('.question').innerText(), /scores grow large/));
    assert.equal(await widget.getByRole('checkbox', { name: 'Divide by √d_k' }).isChecked(), false);
    await until(() => assert.match(page.url(), /preset=saturate&scale=false&gain=2$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone without sideways scrolling of the page', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_(), { width: 360 });
    await hydrated(page, '.dl-self-attention');
    await until(async () => assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'the page scrolls sideways'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the weights are there without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-self-attention');
    assert.deepEqual(rowOf(await cells(matrix(head(widget, 1), 'Weights')), AFRICA), ['0.05', '0.81', '0.05', '0.05', '0.05']);
    assert.match(await widget.locator('p.live').textContent(), /^Step 4 of 6/);
    await context.close();
  });
});
