// The triplet-loss widget in a real browser: dragging the negative with the mouse changes the shown loss to
// the value computed here from the shown coordinates; arrow keys move a point by tenths (Shift: five);
// the α slider turns a semi-hard triplet easy; τ changes which pairs are accepted; rows pick the edited
// triplet; the collapse preset costs α per triplet; bad triplet text is explained; a 360 px phone fits.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/triplet-loss/';
const text = (loc) => loc.innerText().then((t) => t.replace(/\s+/g, ' ').trim());
const byId = (widget, id) => text(widget.locator(`[data-testid="${id}"]`));
/** The edited triplet's A, P and N as the read-out prints them ("A (0.4, 0.5), P (…), N (…)"). */
async function shownPoints(widget) {
  const t = (await text(widget.locator('.coords'))).replaceAll('−', '-');
  const m = [...t.matchAll(/([APN]) \((-?[\d.]+), (-?[\d.]+)\)/g)];
  assert.equal(m.length, 3, t);
  return Object.fromEntries(m.map((x) => [x[1], [Number(x[2]), Number(x[3])]]));
}
/** The loss worked here, in whole tenths so it is exact: max(d(A,P) − d(A,N) + α, 0). */
function lossOf({ A, P, N }, alpha) {
  const t = (p) => p.map((v) => Math.round(v * 10));
  const d = (a, b) => (t(a)[0] - t(b)[0]) ** 2 + (t(a)[1] - t(b)[1]) ** 2;
  const dAP = d(A, P), dAN = d(A, N), a = Math.round(alpha * 100);
  const loss = Math.max(dAP - dAN + a, 0);
  const f = (v) => (v / 100).toFixed(2);
  return { text: `max(${f(dAP)} − ${f(dAN)} + ${f(a)}, 0) = ${f(loss)}`, cls: dAP - dAN + a <= 0 ? 'easy' : dAN <= dAP ? 'hard' : 'semi-hard' };
}
/** Page pixel of an encoding point: the viewBox is 444 units wide, the plane 400 from x = 34 and y = 10, f₂ up. */
async function at(widget, x, y) {
  const box = await widget.locator('[data-testid="space"]').boundingBox();
  const unit = box.width / 444;
  return [box.x + (34 + ((x + 1) / 2) * 400) * unit, box.y + (10 + ((1 - y) / 2) * 400) * unit];
}

describe('triplet loss', () => {
  it('opens on the semi-hard triplet with its loss, class, the batch cost and the sentence', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    assert.equal(await byId(widget, 'loss-text'), 'max(0.13 − 0.18 + 0.20, 0) = 0.15');
    assert.equal(await byId(widget, 'class'), 'semi-hard');
    assert.equal(await byId(widget, 'cost'), '0 + 0.15 + 0.37 + 0 + 0.12 = 0.64');
    assert.equal(await text(widget.locator('.live')), 'Triplet 2, semi-hard: d(A,P) = 0.13, d(A,N) = 0.18, α = 0.20, L = 0.15. Batch of 5: J = 0.64 (2 easy, 2 semi-hard, 1 hard).');
    assert.deepEqual(await widget.locator('.batch tbody td .badge').allInnerTexts(), ['easy', 'semi-hard', 'hard', 'easy', 'semi-hard']);
    // The margin disc has radius √(0.13 + 0.2) of the plane's 2 units across 400.
    const r = Number(await widget.locator('[data-testid="cost-disc"]').getAttribute('r'));
    assert.ok(Math.abs(r - Math.sqrt(0.33) * 200) < 1e-6, `disc radius ${r}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('dragging the negative with the mouse: the shown loss is the one computed from the shown coordinates', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    const [x0, y0] = await at(widget, 0.1, 0.2); // N of triplet 2
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const [x1, y1] = await at(widget, -0.32, -0.18);
    await page.mouse.move(x1, y1, { steps: 8 });
    await page.mouse.up();
    const pts = await until(async () => {
      const p = await shownPoints(widget);
      assert.deepEqual(p.N, [-0.3, -0.2]);
      return p;
    });
    assert.deepEqual(pts.A, [0.4, 0.5], 'the anchor stays');
    const want = lossOf(pts, 0.2);
    assert.equal(want.text, 'max(0.13 − 0.98 + 0.20, 0) = 0.00');
    assert.equal(await byId(widget, 'loss-text'), want.text);
    assert.equal(await byId(widget, 'class'), want.cls);
    assert.equal(await byId(widget, 'cost'), '0 + 0 + 0.37 + 0 + 0.12 = 0.49');
    await until(() => assert.match(page.url(), /triplets=.*%3B0\.4%2C0\.5%2C0\.7%2C0\.3%2C-0\.3%2C-0\.2%3B/));
    // Drag it back inside the ring: semi-hard again, with the loss computed here.
    const [x2, y2] = await at(widget, -0.3, -0.2);
    await page.mouse.move(x2, y2);
    await page.mouse.down();
    const [x3, y3] = await at(widget, 0.6, 0.1);
    await page.mouse.move(x3, y3, { steps: 8 });
    await page.mouse.up();
    await until(async () => assert.deepEqual((await shownPoints(widget)).N, [0.6, 0.1]));
    const back = lossOf(await shownPoints(widget), 0.2);
    assert.equal(await byId(widget, 'loss-text'), back.text);
    assert.equal(back.text, 'max(0.13 − 0.20 + 0.20, 0) = 0.13');
    assert.equal(await byId(widget, 'class'), back.cls);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keys: arrows move the focused point by a tenth, Shift by five; the loss and sentence follow', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    const n = widget.locator('[data-testid="space"] [data-point="1-N"]');
    await n.focus();
    assert.match(await n.getAttribute('aria-label'), /^Negative N of triplet 2 at \(0\.1, 0\.2\)/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowDown');
    await until(async () => assert.deepEqual((await shownPoints(widget)).N, [0, 0.1]));
    let want = lossOf(await shownPoints(widget), 0.2);
    assert.equal(await byId(widget, 'loss-text'), want.text);
    assert.equal(want.text, 'max(0.13 − 0.32 + 0.20, 0) = 0.01');
    await page.keyboard.press('Shift+ArrowDown');
    await until(async () => assert.deepEqual((await shownPoints(widget)).N, [0, -0.4]));
    want = lossOf(await shownPoints(widget), 0.2);
    assert.equal(await byId(widget, 'loss-text'), want.text);
    assert.equal(await byId(widget, 'class'), 'easy');
    await until(async () => assert.match(await text(widget.locator('.live')), /^Triplet 2, easy: d\(A,P\) = 0\.13, d\(A,N\) = 0\.97, α = 0\.20, L = 0\.00\./));
    // Tab goes on from N to the next control; the anchor can be moved too, and the square holds it.
    await widget.locator('[data-point="1-A"]').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowUp');
    await until(async () => assert.deepEqual((await shownPoints(widget)).A, [0.4, 1]));
    assert.equal(await byId(widget, 'loss-text'), lossOf(await shownPoints(widget), 0.2).text);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the α slider turns triplet 2 from semi-hard to easy (α ≤ 0.05) and the hard one stays hard', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    await widget.getByLabel('Margin α').focus();
    for (let i = 0; i < 14; i++) await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await byId(widget, 'alpha'), '0.06'));
    assert.equal(await byId(widget, 'class'), 'semi-hard');
    assert.equal(await byId(widget, 'loss-text'), 'max(0.13 − 0.18 + 0.06, 0) = 0.01');
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await byId(widget, 'class'), 'easy'));
    assert.equal(await byId(widget, 'loss-text'), 'max(0.13 − 0.18 + 0.05, 0) = 0.00');
    assert.equal(await byId(widget, 'cost'), '0 + 0 + 0.22 + 0 + 0 = 0.22');
    assert.deepEqual(await widget.locator('.batch tbody td .badge').allInnerTexts(), ['easy', 'easy', 'hard', 'easy', 'easy']);
    await until(() => assert.match(page.url(), /alpha=0\.05$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('τ changes the accepted pairs: 0.15 accepts only A–P; 0.20 also accepts A–N, a false accept', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    const pairs = () => widget.locator('[data-testid="pairs"] li').allInnerTexts();
    assert.deepEqual(await pairs(), [
      'd(A,P) = 0.13 ≤ 0.15: same person (right)',
      'd(A,N) = 0.18 > 0.15: different people (right)',
      'd(P,N) = 0.37 > 0.15: different people (right)',
    ]);
    assert.equal(await widget.locator('[data-testid="verify"] line.pair.accepted').count(), 1);
    await widget.getByLabel('Threshold τ').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await byId(widget, 'tau'), '0.20'));
    assert.equal((await pairs())[1], 'd(A,N) = 0.18 ≤ 0.20: same person (wrong: a false accept)');
    assert.equal(await widget.locator('[data-testid="verify"] line.pair.accepted').count(), 2);
    const circle = widget.locator('[data-testid="verify"] circle.tau-disc');
    assert.ok(Math.abs(Number(await circle.getAttribute('r')) - Math.sqrt(0.2) * 200) < 1e-6);
    // The sigmoid for the chosen pair.
    assert.equal(await byId(widget, 'yhat'), 'σ(−10·0.3 + −10·0.2 + 5.5) = σ(0.50) = 0.622');
    await widget.getByLabel('A–N').check();
    await until(async () => assert.equal(await byId(widget, 'yhat'), 'σ(−10·0.3 + −10·0.3 + 5.5) = σ(−0.50) = 0.378'));
    await until(() => assert.match(page.url(), /tau=0\.2&pair=an$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a row picks the edited triplet; add and remove; the collapse preset costs α each, and nothing with α = 0', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    await widget.locator('.batch tr[data-row="3"] button').click();
    await until(async () => assert.equal(await byId(widget, 'class'), 'hard'));
    assert.equal(await byId(widget, 'loss-text'), 'max(0.25 − 0.08 + 0.20, 0) = 0.37');
    // Add a sixth triplet (edited at once), then remove it again.
    await widget.getByRole('button', { name: 'Add a triplet' }).click();
    await until(async () => assert.equal(await byId(widget, 'cost'), '0 + 0.15 + 0.37 + 0 + 0.12 + 0.08 = 0.72'));
    assert.equal(await byId(widget, 'loss-text'), 'max(0.01 − 0.13 + 0.20, 0) = 0.08');
    assert.equal(await widget.getByRole('button', { name: 'Add a triplet' }).isDisabled(), true);
    await widget.getByRole('button', { name: 'Remove triplet 6' }).click();
    await until(async () => assert.equal(await byId(widget, 'cost'), '0 + 0.15 + 0.37 + 0 + 0.12 = 0.64'));
    assert.equal(await byId(widget, 'class'), 'semi-hard'); // triplet 5 is edited now
    await widget.getByRole('button', { name: 'Collapse' }).click();
    await until(async () => assert.equal(await byId(widget, 'cost'), '0.20 + 0.20 + 0.20 + 0.20 + 0.20 = 1.00'));
    assert.equal(await byId(widget, 'loss-text'), 'max(0.00 − 0.00 + 0.20, 0) = 0.20');
    await widget.getByLabel('Margin α').focus();
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await byId(widget, 'cost'), '0 + 0 + 0 + 0 + 0 = 0.00'));
    assert.equal(await byId(widget, 'class'), 'easy');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('malformed triplets and settings are explained; the rest still draws', async () => {
    const q = new URLSearchParams({ triplets: '0,0,0.3,0,2,0;1,2,3;<img src=x onerror=alert(1)>', alpha: 'NaN', pick: '4' });
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?${q}`);
    const widget = await hydrated(page, '.dl-triplet-loss');
    const box = await text(widget.locator('.problems'));
    for (const message of [
      'Triplets (triplets): item 1 “0,0,0.3,0,2,0”: coordinates must be tenths from −1 to 1; it became 0,0,0.3,0,1,0.',
      'Triplets (triplets): item 2 “1,2,3” must be 6 numbers (A, P and N, each f₁,f₂); it was left out.',
      'Triplets (triplets): item 3 “<img src=x onerror=alert…” must be 6 numbers',
      'Margin α (alpha) “NaN” is not a number; using 0.2.',
      'Edited triplet (pick) must be at most 1 for a batch of 1; 4 became 1.',
    ]) assert.ok(box.includes(message), `${message}\n in ${box}`);
    assert.equal(await byId(widget, 'loss-text'), 'max(0.09 − 1.00 + 0.20, 0) = 0.00');
    assert.equal(await widget.locator('main img[src="x"], .problems img').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone: the plane scales, nothing scrolls sideways', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`, { width: 360 });
    const widget = await hydrated(page, '.dl-triplet-loss');
    const svg = await widget.locator('[data-testid="space"]').boundingBox();
    assert.ok(svg.width > 250 && svg.width <= 340, `plane ${svg.width} px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scroll');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
