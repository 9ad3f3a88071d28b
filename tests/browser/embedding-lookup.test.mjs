// The embedding lookup in a real browser: E·o_j written term by term equals the picked column (by keys and
// by pointer), the tf.gather/tf.matMul check, the counts at the course's sizes and their sliders, the
// softmax's target buttons, the sampling bars under α, k and the seeded draw, bad settings and the first
// frame without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/embedding-lookup/';
const SEL = '.dl-embedding-lookup';
const text = (widget, testid) => widget.getByTestId(testid).innerText().then((t) => t.replace(/\s+/g, ' ').trim());
/** The four values of e_j drawn beside E. */
const svgTexts = (locator) => locator.allTextContents().then((ts) => ts.map((t) => t.trim()));
const ej = (widget) => svgTexts(widget.locator('g.res text'));
/** The values of E's column `col` (0-based), top to bottom. */
const column = (widget, col) => svgTexts(widget.locator(`g.cell[data-col="${col}"] text`));
const num = (t) => Number(t.replace('−', '-'));

// E's columns as the model generates them (seeded, tenths; tests/unit/widgets/embedding-lookup.test.ts checks E).
const ORANGE = ['−0.5', '−0.3', '0.1', '0.5'];
const QUEEN = ['−0.6', '−0.5', '0.9', '−0.7'];
const KING = ['0.4', '−0.5', '−0.2', '0.7'];

describe('embedding lookup', () => {
  it('shows E·o_9 for “orange” term by term: one term by 1, eleven by 0, the sum is column 9; tfjs agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, SEL);
    assert.deepEqual(await ej(widget), ORANGE);
    assert.deepEqual(await column(widget, 8), ORANGE);
    const sum = await text(widget, 'sum');
    const terms = sum.split(' = ')[0].split(' + ');
    assert.equal(terms.length, 12);
    assert.equal(terms.filter((t) => t.endsWith('·0')).length, 11);
    assert.equal(terms[8], '(−0.5)·1');
    assert.equal(sum.split(' = ')[1], '−0.5');
    // Every term's weight is the row's cell above it.
    assert.deepEqual(terms.map((t) => num(t.replace(/[()]/g, '').split('·')[0])), (await svgTexts(widget.locator('g.cell[data-row="0"] text'))).map(num));
    assert.match(await text(widget, 'live'), /^E·o9 = \(−0\.5, −0\.3, 0\.1, 0\.5\): 11 of every row’s 12 products are by 0/);
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓ tf\.gather\(E, j\) and tf\.matMul\(E, tf\.oneHot\(j\)\) \(cpu\) gives the same 8 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('arrow keys and a click pick the word and the feature row; the URL follows', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`, { width: 390 });
    const widget = await hydrated(page, SEL);
    await widget.locator('.stage').focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await ej(widget), QUEEN));
    const spoken = () => widget.locator('.sr-only[aria-live="polite"]').textContent();
    await until(async () => assert.match(await spoken(), /^Word 10, queen: E times o_10 is \(−0\.6, −0\.5, 0\.9, −0\.7\), column 10 of E\. Row 1: .*\(−0\.6\)·1 .* = −0\.6\.$/));
    await page.keyboard.press('ArrowDown');
    await until(async () => assert.match(await text(widget, 'sum'), /\(−0\.5\)·1 .*= −0\.5$/));
    assert.match(await text(widget, 'sum'), /^\(−0\.1\)·0 \+ 0\.2·0 \+ /);
    await until(() => assert.match(page.url(), /\?word=queen&feature=2$/));
    // The narrow stage scrolls to keep the picked column, and e_j beside it, in view.
    const inView = (selector) =>
      widget.locator('.stage').evaluate((el, sel) => {
        const cell = el.querySelector(sel).getBoundingClientRect();
        const box = el.getBoundingClientRect();
        return cell.left >= box.left && cell.right <= box.right;
      }, selector);
    assert.ok(await widget.locator('.stage').evaluate((el) => el.scrollWidth > el.clientWidth), 'the matrix is wider than a phone');
    await until(async () => assert.equal(await inView('g.cell[data-col="9"] rect'), true));
    assert.equal(await inView('g.res rect'), true);
    // A click on king's cell in row 3.
    await widget.locator('g.cell[data-col="6"][data-row="2"]').click();
    await until(async () => assert.deepEqual(await ej(widget), KING));
    await until(async () => assert.match(await text(widget, 'sum'), /\(−0\.2\)·1 .*= −0\.2$/));
    await until(() => assert.match(page.url(), /\?word=king&feature=3$/));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('counts the course’s 300 × 10,000 and follows the sliders', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, SEL);
    assert.equal(await text(widget, 'product-count'), 'n_e × V = 300 × 10,000 = 3,000,000 multiplications (2,999,700 of them by zero) and 2,999,700 additions');
    assert.equal(await text(widget, 'lookup-count'), 'copies 300 numbers, no arithmetic');
    assert.equal(await text(widget, 'softmax-cost'), '10,000 dot products of 300 numbers (3,000,000 multiplications) and 10,000 exponentials');
    await widget.getByLabel(/Vocabulary size V/).focus();
    await page.keyboard.press('End');
    await until(async () => assert.equal(await text(widget, 'product-count'), 'n_e × V = 300 × 1,000,000 = 300,000,000 multiplications (299,999,700 of them by zero) and 299,999,700 additions'));
    await widget.getByLabel(/Embedding size/).focus();
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await text(widget, 'lookup-count'), 'copies 200 numbers, no arithmetic'));
    assert.equal(await text(widget, 'neg-cost'), 'k + 1 = 6 dot products (1,200 multiplications), 166,667 times fewer');
    await until(() => assert.match(page.url(), /vocab=1000000&dim=200/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the softmax: a target button moves the formula; the loss is −log of the shown p', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, SEL);
    const glass = widget.locator('button.barrow', { hasText: 'glass' });
    await glass.click();
    await until(async () => assert.equal(await glass.getAttribute('aria-pressed'), 'true'));
    const shown = await glass.locator('.v').innerText();
    const formula = await text(widget, 'softmax');
    assert.match(formula, new RegExp(`^p\\(glass \\| orange\\) = exp\\(−?\\d\\.\\d{3}\\) / \\d+\\.\\d{3} = ${shown.replace('.', '\\.')}$`));
    // p = exp(score) / denominator, to the shown rounding.
    const [, score, denom] = /exp\((.*?)\) \/ (.*?) =/.exec(formula);
    assert.ok(Math.abs(Math.exp(num(score)) / num(denom) - num(shown)) < 6e-4);
    const loss = num((await text(widget, 'loss')).split(' = ').at(-1));
    assert.ok(Math.abs(loss + Math.log(num(shown))) < 0.01, `loss ${loss} vs −log ${shown}`);
    await until(() => assert.match(page.url(), /target=glass/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('negative sampling: α = 0 is uniform, α = 1 raw; k rows plus the positive; a seeded draw', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, SEL);
    const share = (word) => widget.locator('.sampling .barrow', { has: page.locator('.w', { hasText: new RegExp(`^${word}$`) }) }).locator('.v').innerText();
    assert.match(await share('the'), /^24\.5%/);
    assert.match(await share('zebra'), /^3\.8%/);
    await widget.getByRole('button', { name: 'α = 0 uniform' }).click();
    await until(async () => assert.match(await share('the'), /^8\.3%/));
    assert.match(await share('zebra'), /^8\.3%/);
    await widget.getByRole('button', { name: 'α = 1 raw frequency' }).click();
    // 27,720 / Σ_r 27,720 / r = 1 / H₁₂ = 1 / 3.1032 = 32.2%; zebra 1 / (12·H₁₂) = 2.7%.
    await until(async () => assert.match(await share('the'), /^32\.2%/));
    assert.match(await share('zebra'), /^2\.7%/);

    const rows = widget.getByTestId('logistic').locator('tbody tr');
    assert.equal(await rows.count(), 6);
    const words = () => rows.locator('th').allInnerTexts();
    const first = await words();
    assert.equal(first[0], 'juice');
    await widget.getByLabel(/Negatives k/).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await rows.count(), 8));
    // The total is the sum of the shown terms.
    const terms = (await rows.locator('td:last-child').allInnerTexts()).map((t) => num(t.split(' = ')[1]));
    const total = num(await text(widget, 'ns-loss'));
    assert.ok(Math.abs(terms.reduce((a, b) => a + b, 0) - total) < 0.004);

    await widget.getByRole('button', { name: /Draw 7 new negatives/ }).click();
    await until(() => assert.match(page.url(), /seed=11/));
    const drawn = await words();
    await page.reload();
    const again = await hydrated(page, SEL);
    await until(async () => assert.deepEqual(await again.getByTestId('logistic').locator('tbody tr th').allInnerTexts(), drawn));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('explains bad settings and shows no HTML from them', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}${URL}?word=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&vocab=-5&power=2&k=abc`);
    const widget = await hydrated(page, SEL);
    const list = page.locator('.problems');
    await until(async () => assert.match(await list.innerText(), /Word j \(word\) must be one of a, and, .*was ignored\./));
    assert.match(await list.innerText(), /Vocabulary size V \(vocab\) must be from 100 to 1000000; “-5” became 100\./);
    assert.match(await list.innerText(), /Exponent α \(power\) must be from 0 to 1; “2” became 1\./);
    assert.equal(await list.locator('img').count(), 0);
    assert.deepEqual(await ej(widget), ORANGE);
    assert.equal(await text(widget, 'lookup-count'), 'copies 300 numbers, no arithmetic');
    assert.doesNotMatch(await widget.innerText(), /NaN|undefined|Infinity/);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}${URL}`);
    const widget = page.locator(SEL).first();
    await until(async () => assert.deepEqual((await widget.locator('g.res text').allTextContents()).map((t) => t.trim()), ORANGE));
    assert.match((await widget.getByTestId('sum').textContent()).replace(/\s+/g, ' '), /\(−0\.5\)·1 .*= −0\.5/);
    assert.match(await widget.getByTestId('product-count').textContent(), /3,000,000 multiplications/);
    await context.close();
  });
});
