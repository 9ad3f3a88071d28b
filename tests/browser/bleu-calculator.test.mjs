// The BLEU calculator in a real browser: typed text is scored and the shown p₁…p₄, brevity penalty and
// score equal BLEU computed here, independently; presets, chips, the smoothing switch, empty and hostile
// input, the no-JS first frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/bleu-calculator/`;

/** BLEU from the paper, written again here: lowercase, words and single punctuation marks as tokens. */
function bleu(candidate, references) {
  const tok = (s) => s.toLowerCase().match(/[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu) ?? [];
  const cand = tok(candidate);
  const refs = references.map(tok);
  const grams = (t, n) => Array.from({ length: Math.max(0, t.length - n + 1) }, (_, i) => t.slice(i, i + n).join(' '));
  const p = [1, 2, 3, 4].map((n) => {
    const cg = grams(cand, n);
    let clip = 0;
    for (const g of new Set(cg)) clip += Math.min(cg.filter((x) => x === g).length, Math.max(...refs.map((r) => grams(r, n).filter((x) => x === g).length)));
    return [clip, cg.length];
  });
  const c = cand.length;
  const r = refs.map((x) => x.length).sort((a, b) => Math.abs(a - c) - Math.abs(b - c) || a - b)[0];
  const bp = c > r ? 1 : Math.exp(1 - r / c);
  const score = p.some(([a]) => a === 0) ? 0 : bp * Math.exp(p.reduce((s, [a, b]) => s + Math.log(a / b) / 4, 0));
  return { p, c, r, bp, score };
}
const fmt = (v, d) => (Number.isInteger(v) ? String(v) : v.toFixed(d));

const rows = (widget) => widget.locator('table.numbers').first().locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('.frac').textContent, tr.querySelector('.p').textContent]));
const score = (widget) => widget.locator('[data-score]').innerText();

describe('bleu calculator', () => {
  it('opens on the course’s “the the the …”: p₁ = 2/7, score 0, two chips earn credit', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-bleu-calculator');
    assert.deepEqual(await rows(widget), [['2/7', '0.286'], ['0/6', '0'], ['0/5', '0'], ['0/4', '0']]);
    assert.equal(await score(widget), '0');
    const unigrams = widget.getByRole('list', { name: 'Candidate 1-grams' });
    assert.equal(await unigrams.locator('li.credited').count(), 2);
    assert.equal(await unigrams.locator('li.clipped').count(), 5);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a typed candidate is scored: the shown p₁…p₄, BP and score equal BLEU computed here', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-bleu-calculator');
    const refs = ['The cat is on the mat', 'There is a cat on the mat'];
    for (const candidate of ['The cat sat on the mat.', 'there is a cat on the mat today', 'on the mat is a cat']) {
      await widget.getByLabel('Candidate', { exact: true }).fill(candidate);
      const want = bleu(candidate, refs);
      await until(async () => assert.deepEqual(await rows(widget), want.p.map(([a, b]) => [`${a}/${b}`, fmt(a / b, 3)])));
      await until(async () => assert.equal(await score(widget), fmt(want.score, 4)));
      await until(async () => assert.match(await widget.locator('[data-bp]').innerText(), new RegExp(`c = ${want.c} . r = ${want.r}, so BP = ${want.c > want.r ? '1' : `exp\\(1 − ${want.r}/${want.c}\\) = ${fmt(want.bp, 4)}`}$`)));
    }
    // The last one shares no 4-gram (p₄ = 0/3), so BLEU is 0; the live region says so once typing pauses.
    await until(async () => assert.equal(await widget.locator('[aria-live="polite"]').innerText(), 'BLEU 0: p1 6/6, p2 4/5, p3 2/4, p4 0/3; brevity penalty 1 (c = 6, r = 6).'));
    await until(() => assert.match(page.url(), /preset=custom&candidate=on\+the\+mat\+is\+a\+cat&ref1=The\+cat/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('“The cat the cat on the mat”: bigrams 4/6, one clipped and one unmatched, BLEU 0.4671; smoothing switch', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-bleu-calculator');
    await widget.getByRole('button', { name: 'The cat the cat …' }).click();
    const bigrams = widget.getByRole('list', { name: 'Candidate 2-grams' });
    await until(async () => assert.deepEqual(await bigrams.locator('li').evaluateAll((lis) => lis.map((li) => li.className.match(/credited|clipped|unmatched/)[0])), ['credited', 'unmatched', 'clipped', 'credited', 'credited', 'credited']));
    await until(async () => assert.equal(await score(widget), fmt(bleu('The cat the cat on the mat', ['The cat is on the mat', 'There is a cat on the mat']).score, 4)));
    assert.equal(await score(widget), '0.4671');
    assert.match(await widget.locator('.score-formula').innerText(), /= 1 · exp\(¼ \(−0\.336 − 0\.405 − 0\.916 − 1\.386\)\) = 1 · 0\.4671 = 0\.4671$/);
    // Order 4 picked: “cat on the mat” is underlined in reference 2.
    await widget.getByRole('button', { name: /^4-grams 1\/4 earn credit/ }).click();
    await until(async () => assert.deepEqual(await widget.locator('.ref').nth(1).locator('.tok.hit').allTextContents(), ['cat', 'on', 'the', 'mat']));
    // Pointing at the bigram chip “the mat” marks where it occurs in each reference.
    await bigrams.locator('li').nth(5).hover();
    await until(async () => assert.deepEqual(await widget.locator('.ref').first().locator('.tok.hit').allTextContents(), ['the', 'mat']));
    await page.mouse.move(0, 0);
    // Too short: BP catches it.
    await widget.getByRole('button', { name: 'Too short' }).click();
    await until(async () => assert.equal(await score(widget), '0.6065'));
    // Smoothing lifts the course's zero.
    await widget.getByRole('button', { name: 'the the the …' }).click();
    await widget.getByLabel(/Add-one smoothing/).check();
    await until(async () => assert.equal(await widget.locator('table.numbers').first().locator('thead th').nth(2).innerText(), 'used'));
    await until(async () => assert.notEqual(await score(widget), '0'));
    await until(() => assert.match(page.url(), /smoothing=add-one/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('empty and hostile input: a clear message, text never markup', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-bleu-calculator');
    await widget.getByLabel('Candidate', { exact: true }).fill('');
    await until(async () => assert.match(await widget.getByRole('alert').innerText(), /Type a candidate translation to score/));
    await widget.getByLabel('Candidate', { exact: true }).fill('<img src=x onerror="alert(1)"> the cat');
    await until(async () => assert.ok((await widget.getByRole('list', { name: 'Candidate 1-grams' }).innerText()).includes('<')));
    assert.equal(await page.locator('main img, main [onerror]').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a long text is cut with a message', async () => {
    const long = Array.from({ length: 50 }, (_, i) => `w${i}`).join(' ');
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?candidate=${encodeURIComponent(long)}`);
    const widget = await hydrated(page, '.dl-bleu-calculator');
    await until(async () => assert.match(await page.locator('.problems').innerText(), /The candidate has 50 tokens; only the first 40 are scored\./));
    await until(async () => assert.equal(await widget.getByRole('list', { name: 'Candidate 1-grams' }).locator('li').count(), 40));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${URL_()}`);
    const widget = page.locator('.dl-bleu-calculator').first();
    await until(async () => assert.equal(await widget.locator('table.numbers tbody tr').first().locator('.frac').textContent(), '2/7'));
    await context.close();
  });
});
