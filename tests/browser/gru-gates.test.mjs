// The GRU gate sliders in a real browser: the shown c<t> against a GRU step computed here (by keyboard on
// the Γ_u slider, by pointer on the slider and on the c<t> diamond), the convention switch's agreement
// numbers, the sequence view holding step 1's memory with Γ_u pinned at 0, the tfjs check, the URL, and
// bad settings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/gru-gates/';

// The default preset's cell (2 units, 2 inputs), written out here: rows are [c1, c2, x1, x2, b].
const WU = [[0.6, -0.4, 1.0, -0.8, 0.0], [-0.3, 0.5, -0.7, 1.2, -0.2]];
const WR = [[0.8, 0.2, -0.5, 1.0, 0.5], [0.3, -0.6, 1.1, -0.4, 0.0]];
const WC = [[0.9, -1.2, 1.3, 0.6, 0.1], [1.1, 0.7, -0.9, 1.4, -0.1]];
const C = [0.8, -0.5];
const X = [1, -0.4];
const sig = (t) => 1 / (1 + Math.exp(-t));
const lin = (row, v) => row.slice(0, -1).reduce((s, w, j) => s + w * v[j], row.at(-1));

/** The course's GRU step, with Γ_u (and Γ_r) optionally pinned. */
function gru({ gu = null, gr = null } = {}) {
  const cx = [...C, ...X];
  const Gu = WU.map((r) => gu ?? sig(lin(r, cx)));
  const Gr = WR.map((r) => gr ?? sig(lin(r, cx)));
  const ct = WC.map((r) => Math.tanh(lin(r, [...C.map((c, i) => Gr[i] * c), ...X])));
  return { Gu, Gr, ct, c: C.map((c, i) => Gu[i] * ct[i] + (1 - Gu[i]) * c) };
}

const shownC = async (widget) => Promise.all([0, 1].map(async (i) => Number((await widget.getByTestId(`c-${i}`).innerText()).replace('−', '-'))));
const gateU = async (widget) => Number(await widget.getByTestId('gate-u').innerText());
const close4 = (got, want, what) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 0.00006, `${what} unit ${i + 1}: shown ${got[i]}, computed ${w.toFixed(6)}`));

describe('GRU gate sliders', () => {
  it('shows the computed step, announces it and agrees with tfjs', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gru-gates');
    const want = gru();
    close4(await shownC(widget), want.c, 'c<t>');
    assert.equal(await gateU(widget), Number(((want.Gu[0] + want.Gu[1]) / 2).toFixed(2)));
    assert.match(await widget.locator('.live').innerText(), /^Γ_u computed \(0\.88, 0\.13\), Γ_r computed \(0\.53, 0\.86\)\. .* unit 1: 0\.80 → 0\.95 \(c̃ = 0\.97\); unit 2: −0\.50 → −0\.55/);
    // The diagram's output chip carries the same numbers.
    assert.deepEqual(await widget.getByTestId('c-out').locator('text[data-value]').allTextContents(), ['0.95', '−0.55']);
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓ .* \(cpu\) gives the same 8 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keyboard: the Γ_u slider pins the gate; c<t> is the value computed here, at 0, 0.3 and 1', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gru-gates');
    const slider = widget.getByRole('slider', { name: /^Γ_u/ });
    await slider.focus();
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await gateU(widget), 0));
    close4(await shownC(widget), C, 'Γ_u = 0 keeps c<t−1>');
    for (let k = 0; k < 30; k++) await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await gateU(widget), 0.3));
    close4(await shownC(widget), gru({ gu: 0.3 }).c, 'Γ_u = 0.3');
    assert.match(await widget.locator('.live').innerText(), /^Γ_u pinned at 0\.30/);
    await page.keyboard.press('End');
    await until(async () => assert.equal(await gateU(widget), 1));
    close4(await shownC(widget), gru({ gu: 1 }).ct, 'Γ_u = 1 writes c̃');
    await until(() => assert.match(page.url(), /pinU=true&gu=1(&|$)/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('pointer: dragging the Γ_u slider, then the c<t> diamond, moves c<t> to the computed value', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gru-gates');
    const slider = widget.getByRole('slider', { name: /^Γ_u/ });
    const box = await slider.boundingBox();
    await page.mouse.move(box.x + 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.62, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const g = await until(async () => {
      const v = await gateU(widget);
      assert.ok(v > 0.4 && v < 0.8, `Γ_u after the drag: ${v}`);
      return v;
    });
    close4(await shownC(widget), gru({ gu: g }).c, `dragged Γ_u = ${g}`);

    // The diamond of unit 1 dragged onto c̃'s square: Γ_u becomes 1 (the pin is read back from the slider).
    const diamond = widget.locator('.mix path.next').first();
    const square = widget.locator('.mix rect.cand').first();
    const [d, s] = [await diamond.boundingBox(), await square.boundingBox()];
    await page.mouse.move(d.x + d.width / 2, d.y + d.height / 2);
    await page.mouse.down();
    await page.mouse.move(s.x + s.width / 2 + 30, s.y + s.height / 2, { steps: 5 });
    await page.mouse.up();
    await until(async () => assert.equal(await gateU(widget), 1));
    close4(await shownC(widget), gru({ gu: 1 }).c, 'diamond on c̃');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the convention switch shows the framework’s numbers: z = 1 − Γ_u exactly, c<t> differs; one unit agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-gru-gates');
    await widget.getByRole('button', { name: '+ PyTorch / Keras' }).click();
    const table = widget.getByTestId('convention-numbers');
    await until(async () => assert.ok(await table.isVisible()));
    const row = async (id) => (await table.locator(`tr[data-row="${id}"] td[data-value]`).evaluateAll((tds) => tds.map((td) => Number(td.dataset.value))));
    const want = gru();
    const course = await row('course');
    close4(course, want.c, 'course column');
    const mapped = await row('mapped');
    assert.ok(Math.abs(mapped[0] - course[0]) > 0.005, 'mapped PyTorch differs from the course on a mixing W_cc');
    const words = await widget.getByTestId('convention-words').innerText();
    assert.match(words, /^Mapped: z = 1 − Γ_u exactly \(to rounding\), r = Γ_r exactly \(to rounding\)\. The candidates differ by up to 0\.0807 and c<t> by up to 0\.0130/);
    await until(() => assert.match(page.url(), /convention=framework/));

    const one = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=frameworks&units=1`);
    const w1 = await hydrated(one.page, '.dl-gru-gates');
    assert.match(await w1.getByTestId('convention-words').innerText(), /c<t> agrees too/);
    const t1 = w1.getByTestId('convention-numbers');
    const [c1] = await t1.locator('tr[data-row="course"] td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
    const [h1] = await t1.locator('tr[data-row="mapped"] td[data-value]').evaluateAll((tds) => tds.map((td) => Number(td.dataset.value)));
    assert.ok(Math.abs(c1 - h1) < 1e-12);
    assert.deepEqual([...problems, ...one.problems], []);
    await one.page.close();
    await page.close();
  });

  it('sequence: with Γ_u pinned near 0 the memory of step 1 survives 23 noisy steps; near 1 it does not', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=remember`);
    const widget = await hydrated(page, '.dl-gru-gates');
    const survival = () => widget.getByTestId('survival').innerText();
    // Computed gates (the latch weights): 0.82, −0.96 written at step 1, 0.70, −0.81 left at step 24.
    assert.match(await survival(), /c⟨1⟩ = \(0\.82, −0\.96\); at step 24: c⟨24⟩ = \(0\.70, −0\.81\)/);
    const slider = widget.getByRole('slider', { name: /^Γ_u/ });
    await slider.focus();
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await widget.getByTestId('c-final').innerText(), '0.82, −0.96'));
    assert.equal(await widget.getByTestId('gradient-final').innerText(), '1.000');
    // Pinned at 0.9: overwritten, and no gradient reaches step 1.
    for (let k = 0; k < 90; k++) await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await gateU(widget), 0.9));
    assert.notEqual(await widget.getByTestId('c-final').innerText(), '0.82, −0.96');
    assert.match(await widget.getByTestId('gradient-final').innerText(), /^\d\.\d × 10⁻[⁰¹²³⁴⁵⁶⁷⁸⁹]+$/);
    // The plot is a keyboard slider over the steps: End shows step 24 in the diagram.
    const plot = widget.getByRole('slider', { name: 'Shown step of the sequence' });
    await plot.focus();
    await page.keyboard.press('End');
    await until(async () => assert.equal(await plot.getAttribute('aria-valuenow'), '24'));
    await until(() => assert.match(page.url(), /preset=remember&pinU=true&gu=0\.9&t=24$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('bad settings: 0 units, NaN, a 10⁹ weight become sentences, never NaN on screen', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?units=0&gu=NaN&pinU=true&wu=1e9,0,0,0`);
    const widget = await hydrated(page, '.dl-gru-gates');
    const text = await widget.locator('.problems').innerText();
    assert.match(text, /Memory units \(units\) must be from 1 to 4; “0” became 1/);
    assert.match(text, /Pinned Γ_u \(gu\) “NaN” is not a number/);
    assert.match(text, /values must be from -10 to 10; larger ones were clamped/);
    assert.equal(await gateU(widget), 0.5);
    // Everything but the problems (which quote the bad input):
    const shown = await widget.evaluate((el) => [...el.querySelectorAll('.stage, .live, .gates, .readout')].map((n) => n.textContent).join(' '));
    assert.match(shown, /c<t−1>/);
    assert.doesNotMatch(shown, /NaN|Infinity/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
