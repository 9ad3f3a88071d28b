// The LSTM cell in a real browser: the shown c<t> and a<t> against an LSTM step computed here, the gate
// sliders by keyboard (Γ_o = 0 closes the output), and the forget gate holding step 1's memory over time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/lstm-cell/';
// The default preset's cell (2 units, 2 inputs); rows are [a1, a2, x1, x2, b].
const W = {
  u: [[0.5, -0.3, 1.0, -0.6, 0], [-0.4, 0.6, -0.5, 1.1, -0.2]],
  f: [[0.3, 0.2, -0.4, 0.5, 1.0], [0.1, -0.3, 0.6, -0.2, 0.5]],
  o: [[0.6, -0.2, 0.8, 0.3, 0], [-0.3, 0.4, -0.6, 0.9, 0.3]],
  c: [[0.8, -1.0, 1.2, 0.5, 0.1], [1.0, 0.6, -0.8, 1.3, -0.1]],
};
const A = [0.3, -0.6];
const C = [1.2, -0.8];
const X = [1, -0.4];
const sig = (t) => 1 / (1 + Math.exp(-t));
const lin = (row, v) => row.slice(0, -1).reduce((s, w, j) => s + w * v[j], row.at(-1));
function lstm({ go = null } = {}) {
  const ax = [...A, ...X];
  return C.map((cPrev, i) => {
    const c = sig(lin(W.u[i], ax)) * Math.tanh(lin(W.c[i], ax)) + sig(lin(W.f[i], ax)) * cPrev;
    return { c, a: (go ?? sig(lin(W.o[i], ax))) * Math.tanh(c) };
  });
}
const read = async (widget, id) => Promise.all([0, 1].map(async (i) => Number((await widget.getByTestId(`${id}-${i}`).innerText()).replace('−', '-'))));
const close4 = (got, want, what) => want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= 0.00006, `${what} unit ${i + 1}: shown ${got[i]}, computed ${w.toFixed(6)}`));

describe('LSTM cell', () => {
  it('shows the computed step; Γ_o pinned at 0 by keyboard closes a<t>, c<t> unchanged', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-lstm-cell');
    const want = lstm();
    close4(await read(widget, 'c'), want.map((u) => u.c), 'c<t>');
    close4(await read(widget, 'a'), want.map((u) => u.a), 'a<t>');
    assert.deepEqual(await widget.getByTestId('a-out').locator('text[data-value]').allTextContents(), want.map((u) => u.a.toFixed(2).replace('-', '−')));
    await widget.getByRole('slider', { name: /^Γ_o/ }).focus();
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await widget.getByTestId('gate-o').innerText(), '0.00'));
    close4(await read(widget, 'a'), [0, 0], 'a<t> with Γ_o = 0');
    close4(await read(widget, 'c'), want.map((u) => u.c), 'c<t> with Γ_o = 0');
    await until(() => assert.match(page.url(), /pinO=true&go=0$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('over time: the forget gate holds step 1; pinned at 0.8 by keyboard, Π Γ_f = 0.8²³', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=hold`);
    const widget = await hydrated(page, '.dl-lstm-cell');
    assert.equal(await widget.getByTestId('c-final').innerText(), '0.82, −0.89');
    assert.equal(await widget.getByTestId('carried-final').innerText(), '0.886');
    await widget.getByRole('slider', { name: /^Γ_f/ }).focus();
    await page.keyboard.press('End');
    for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await widget.getByTestId('gate-f').innerText(), '0.80'));
    assert.equal(await widget.getByTestId('carried-final').innerText(), (0.8 ** 23).toFixed(3));
    assert.equal(await widget.getByTestId('c-final').innerText(), '0.03, −0.01');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
