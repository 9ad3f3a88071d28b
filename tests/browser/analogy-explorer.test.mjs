// The analogy explorer in a real browser: the default answer and its candidates with the cosines a plain
// search over the shipped table gives (computed here, apart from the site's code), typing words, the
// presets, picking a candidate by keyboard (radio list), by pointer (a bar, a dot in the map), the
// number of candidates, and bad or hostile words as sentences with the last picture kept.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/analogy-explorer/';

// The table, decoded as src/data/word-table.md describes it: int8 values times one scale per word.
const file = JSON.parse(readFileSync('src/data/word-table.json', 'utf8'));
const int8 = new Int8Array(Buffer.from(file.vectors, 'base64'));
const D = file.dimensions;
const vec = (w) => {
  const i = file.words.indexOf(w);
  return Array.from({ length: D }, (_, k) => int8[i * D + k] * file.scales[i]);
};
/** a : b :: c : ? by brute force: every other word's cosine with e_b − e_a + e_c, best first. */
function nearest(a, b, c, k = 5) {
  const [ea, eb, ec] = [vec(a), vec(b), vec(c)];
  const t = ea.map((_, i) => eb[i] - ea[i] + ec[i]);
  const len = (x) => Math.hypot(...x);
  return file.words
    .filter((w) => ![a, b, c].includes(w))
    .map((w) => {
      const e = vec(w);
      return { word: w, cos: e.reduce((s, x, i) => s + x * t[i], 0) / (len(e) * len(t)) };
    })
    .sort((x, y) => y.cos - x.cos)
    .slice(0, k);
}

const text = (loc) => loc.innerText().then((t) => t.replace(/\s+/g, ' ').trim());
const rows = (widget) => widget.locator('.cands li:not(.scale) label').evaluateAll((ls) => ls.map((l) => [l.querySelector('.word').textContent.trim(), l.querySelector('.value').textContent.replace(/cosine/, '').trim()]));
const expectRows = (list) => list.map((n) => [n.word, n.cos.toFixed(3)]);

describe('analogy explorer', () => {
  it('answers man : woman :: king with queen and lists the candidates a brute-force search finds', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    const best = nearest('man', 'woman', 'king');
    await until(async () => assert.deepEqual(await rows(widget), expectRows(best)));
    assert.equal(best[0].word, 'queen');
    assert.equal(await text(widget.locator('output.answer')), 'queen');
    assert.match(await text(widget.locator('.live')), /^man : woman :: king : queen\. The nearest word to ewoman − eman \+ eking is “queen”, cosine 0\.784; next comes “daughter” \(0\.679\)\.$/);
    // The map: three query dots, the target, five candidates, two arrows.
    assert.equal(await widget.locator('svg.plot circle.query').count(), 3);
    assert.equal(await widget.locator('svg.plot .cand').count(), 5);
    assert.equal(await widget.locator('svg.plot line.offset').count(), 2);
    assert.match(await text(widget.locator('.caption')), /PCA of these 9 vectors.*t-SNE/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('typing a word redraws; a half-typed word keeps the last picture, faded, with a sentence', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    await widget.getByRole('button', { name: 'france : paris :: italy' }).click();
    await until(async () => assert.deepEqual(await rows(widget), expectRows(nearest('france', 'paris', 'italy'))));
    assert.equal(await text(widget.locator('output.answer')), 'rome');
    const c = widget.getByLabel('Word c');
    await c.fill('');
    await until(async () => assert.match(await text(widget.locator('.problems')), /Type a word in the c box\./));
    await c.pressSequentially('japa');
    await until(async () => assert.match(await text(widget.locator('.problems')), /“japa” is not among the 5,061 words/));
    assert.equal(await text(widget.locator('output.answer')), '?');
    assert.equal(await widget.locator('.stage.stale').count(), 1);
    assert.match(await text(widget.locator('.stale-note')), /Still showing the last analogy that worked \(france : paris :: italy : \?\)/);
    await c.press('n');
    await until(async () => assert.deepEqual(await rows(widget), expectRows(nearest('france', 'paris', 'japan'))));
    assert.equal(await text(widget.locator('output.answer')), 'tokyo');
    assert.equal(await widget.locator('.problems').count(), 0);
    assert.equal(await widget.locator('.stage.stale').count(), 0);
    await until(async () => assert.match(page.url(), /\?a=france&b=paris&c=japan$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('picks a candidate by keyboard, by its bar and by its dot in the map', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    const best = nearest('man', 'woman', 'king');
    await until(async () => assert.equal(await widget.locator('.cands input[type=radio]').count(), 5));
    await widget.locator('.cands input[type=radio]').first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(async () => assert.match(await text(widget.locator('.live')), new RegExp(`Picked: “${best[2].word}”, third, cosine ${best[2].cos.toFixed(3)}\\.$`)));
    assert.match(await widget.locator('svg.plot .cand.picked title').textContent(), new RegExp(`^${best[2].word}: rank 3`));
    await until(async () => assert.match(page.url(), /pick=3/));
    // Pointer on a bar row.
    await widget.locator('.cands label').nth(3).click();
    await until(async () => assert.match(await text(widget.locator('.live')), new RegExp(`Picked: “${best[3].word}”, fourth`)));
    // Pointer on a dot in the map (rank 2).
    const dot = widget.locator('svg.plot .cand').nth(1).locator('.dot');
    const box = await dot.boundingBox();
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await until(async () => assert.match(await text(widget.locator('.live')), new RegExp(`Picked: “${best[1].word}”, second, cosine ${best[1].cos.toFixed(3)}\\.$`)));
    assert.equal(await widget.locator('.cands input[type=radio]').nth(1).isChecked(), true);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the presets give what their questions expect, the failing one labelled; more candidates on request', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    await widget.getByRole('button', { name: 'man : doctor :: woman' }).click();
    await until(async () => assert.equal(await text(widget.locator('output.answer')), 'nurse'));
    const miss = widget.getByRole('button', { name: 'fails: walking : walked :: swimming' });
    await miss.click();
    const expected = nearest('walking', 'walked', 'swimming');
    await until(async () => assert.deepEqual(await rows(widget), expectRows(expected)));
    assert.notEqual(expected[0].word, 'swam');
    assert.equal(expected[1].word, 'swam');
    assert.match(await text(widget.locator('.question')), /A miss/);
    const count = widget.getByLabel('Candidates listed');
    await count.fill('8');
    await count.press('Enter');
    await count.blur();
    await until(async () => assert.deepEqual(await rows(widget), expectRows(nearest('walking', 'walked', 'swimming', 8))));
    assert.equal(await widget.locator('svg.plot .cand').count(), 8);
    await count.fill('99');
    await count.blur();
    await until(async () => assert.match(await text(widget.locator('.problems')), /Candidates \(k\) must be from 1 to 10; “99” became 10\./));
    assert.equal((await rows(widget)).length, 10);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a hostile word is a sentence, never HTML; from the URL it leaves a clear empty state', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    await until(async () => assert.equal(await text(widget.locator('output.answer')), 'queen'));
    await widget.getByLabel('Word a').fill(hostile);
    await until(async () => assert.match(await text(widget.locator('.problems')), /“<img src=x onerror=alert\(1\)>” is not a single word of letters a–z/));
    assert.equal(await widget.locator('img').count(), 0);
    assert.equal(await widget.locator('svg.plot').count(), 1, 'the last picture stays');
    await page.close();

    const second = await openPage(ctx.browser, `${ctx.site.url}${URL}?a=${encodeURIComponent(hostile)}&b=zzqx`);
    const w2 = await hydrated(second.page, '.dl-analogy-explorer');
    await until(async () => assert.match(await text(w2.locator('.problems')), /“zzqx” is not among the 5,061 words/));
    assert.match(await text(w2.locator('.problems')), /is not a single word of letters a–z/);
    await until(async () => assert.equal(await w2.locator('svg.plot').count(), 0));
    assert.match(await text(w2.locator('.loading')), /Nothing to draw until all three words are in the table\./);
    assert.equal(await w2.locator('img').count(), 0);
    assert.deepEqual([...problems, ...second.problems], []);
    await second.page.close();
  });

  /** Routes the chunk that carries the word table (src/data/word-table.json), and nothing else. */
  const onTable = (page, handle) => page.route(/\/word-table[^/]*\.js$/, handle);

  it('keeps the server-rendered picture through hydration while the table loads, and says so if it fails', async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    let release;
    const held = new Promise((r) => (release = r));
    await onTable(page, async (route) => (await held, route.continue()));
    await page.goto(`${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-analogy-explorer');
    // Hydrated, the table still held back: the first frame's picture and answer are still there.
    assert.equal(await widget.locator('svg.plot .cand').count(), 5);
    assert.equal(await text(widget.locator('output.answer')), 'queen');
    assert.equal(await widget.locator('.loading').count(), 0);
    // The radio list already works on the first frame's candidates.
    await widget.locator('.cands label').nth(2).click();
    await until(async () => assert.match(await text(widget.locator('.live')), /Picked: “prince”, third/));
    release();
    await until(async () => assert.equal(await widget.getByLabel('Word c').isEditable(), true));
    await widget.getByLabel('Word c').fill('prince');
    await until(async () => assert.equal(await text(widget.locator('output.answer')), nearest('man', 'woman', 'prince')[0].word));
    assert.deepEqual(errors, []);
    await page.close();

    const failing = await ctx.browser.newPage({ viewport: { width: 390, height: 900 } });
    await onTable(failing, (route) => route.abort());
    await failing.goto(`${ctx.site.url}${URL}?a=france&b=paris&c=italy`);
    const w2 = await hydrated(failing, '.dl-analogy-explorer');
    await until(async () => assert.match(await text(w2.locator('.problems')), /The word table did not load \(.+\)\. Reload the page to try again\./));
    assert.equal(await w2.locator('svg.plot').count(), 0, 'no picture of another query is left on screen');
    await failing.close();
  });
});
