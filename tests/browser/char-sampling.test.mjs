// Character-level sampling in a real browser: the name shown for a seed and temperature is the name
// sampled here from src/data/char-model.json by an independent implementation; keyboard and pointer walk
// the characters; the list marks known and new names; bad settings; the weights load lazily; first frame.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/char-sampling/`;
const live = (widget) => widget.locator('[aria-live="polite"].sr-only').innerText();
const shownName = async (widget) => (await widget.locator('.name span:not(.tag)').allTextContents()).join('').replace('⏎', '');

// The course's sampling, written again here: mulberry32 draws, a<t> = tanh(W_aa a + W_ax x + b_a),
// p = softmax((W_ya a + b_y) / τ), the index where u falls in the cumulative sum, its one-hot fed back.
const M = JSON.parse(readFileSync('src/data/char-model.json', 'utf8'));
const KNOWN = new Set(readFileSync('src/data/dinosaurs.txt', 'utf8').split('\n').filter(Boolean));
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
function sample(seed, tau) {
  const next = mulberry32(seed);
  let a = new Array(M.hidden).fill(0);
  let x = -1;
  let name = '';
  const firstA = [];
  for (let n = 0; n < 50; n++) {
    a = a.map((_, i) => Math.tanh(M.Waa[i].reduce((s, w, j) => s + w * a[j], 0) + (x >= 0 ? M.Wax[i][x] : 0) + M.ba[i]));
    if (n === 0) firstA.push(...a);
    const z = M.Wya.map((row, k) => row.reduce((s, w, j) => s + w * a[j], 0) + M.by[k]);
    let p;
    if (tau === 0) p = z.map((v) => (v === Math.max(...z) ? 1 : 0));
    else {
      const e = z.map((v) => Math.exp((v - Math.max(...z)) / tau));
      p = e.map((v) => v / e.reduce((s, w) => s + w, 0));
    }
    const u = next();
    let c = 0;
    let k = p.findIndex((q) => u < (c += q));
    if (k < 0) k = p.length - 1;
    if (k === 0) break;
    name += M.vocab[k];
    x = k;
  }
  return { name, firstA };
}

describe('character-level sampling', () => {
  it('loads the weights lazily and shows the name this test samples for seed 7 at τ = 0.5', async () => {
    const { page, problems, requests } = await openPage(ctx.browser, `${URL_()}?seed=7&temperature=0.5`);
    const widget = await hydrated(page, '.dl-char-sampling');
    const expected = sample(7, 0.5).name;
    await until(async () => assert.equal(await shownName(widget), expected));
    assert.ok(requests.some((u) => /char-model/.test(u)), 'the weights arrive as their own chunk');
    const row = widget.locator('table.numbers tbody tr').first();
    assert.equal(await row.locator('td').nth(1).innerText(), expected);
    assert.equal(await row.locator('td').nth(2).innerText(), KNOWN.has(expected) ? '✓ in the list' : 'new');
    // Every row of the list: the names seeds 7…14 write here, marked against the training list.
    const names = await widget.locator('table.numbers tbody td.nm').allInnerTexts();
    assert.deepEqual(names, [7, 8, 9, 10, 11, 12, 13, 14].map((s) => sample(s, 0.5).name));
    const marks = await widget.locator('table.numbers tbody td.known').allInnerTexts();
    assert.deepEqual(marks, names.map((n) => (KNOWN.has(n) ? '✓ in the list' : 'new')));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keyboard: arrows walk the characters and each sentence names the sampled one', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?seed=3`);
    const widget = await hydrated(page, '.dl-char-sampling');
    const { name } = sample(3, 1);
    await until(async () => assert.equal(await shownName(widget), name));
    await widget.getByRole('group', { name: /four sampling steps/ }).focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.match(await live(widget), new RegExp(`^Character 2: x<2> = “${name[0]}”; ŷ<2> gives “${name[1]}” probability [\\d.]+; the draw u = [\\d.]+ falls in its slice`)));
    await until(() => assert.match(page.url(), /step=1/));
    await page.keyboard.press('End');
    await until(async () => assert.match(await live(widget), /the newline ⏎ \(end\) is sampled; the name ends here\.$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('pointer: the temperature slider, the Next seed button and a name in the list', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-char-sampling');
    await until(async () => assert.equal(await shownName(widget), sample(1, 1).name));
    await widget.getByRole('slider', { name: /Temperature/ }).fill('0');
    // τ = 0 is greedy: every seed writes the same name.
    const greedy = sample(1, 0).name;
    await until(async () => assert.equal(await shownName(widget), greedy));
    await until(async () => assert.deepEqual(new Set(await widget.locator('table.numbers tbody td.nm').allInnerTexts()), new Set([greedy])));
    await widget.getByRole('slider', { name: /Temperature/ }).fill('1');
    await widget.getByRole('button', { name: 'Next seed' }).click();
    await until(async () => assert.equal(await shownName(widget), sample(2, 1).name));
    await widget.getByRole('button', { name: new RegExp(`^Show how seed 5 writes`) }).click();
    await until(async () => assert.equal(await shownName(widget), sample(5, 1).name));
    await until(() => assert.match(page.url(), /seed=5/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('bad settings are explained; nothing on screen is NaN', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?temperature=NaN&seed=%3Cb%3E&step=49`);
    const widget = await hydrated(page, '.dl-char-sampling');
    await until(async () => {
      const t = await page.locator('.problems').innerText();
      assert.match(t, /Temperature τ \(temperature\) “NaN” is not a number; using 1/);
      assert.match(t, /Seed \(seed\) “<b>” is not a number; using 1/);
      assert.match(t, /Character \(step\) 50 is past the end of “/);
    });
    await until(async () => assert.equal(await shownName(widget), sample(1, 1).name));
    assert.doesNotMatch((await widget.locator('.stage, .live, table').allInnerTexts()).join(' '), /NaN|undefined|Infinity/);
    assert.equal(await widget.locator('b:not(.title b)').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('without JavaScript the first frame shows the empty stage', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-char-sampling').first();
    await until(async () => assert.equal(await widget.locator('svg.bars rect.track').count(), 27));
    await context.close();
  });
});
