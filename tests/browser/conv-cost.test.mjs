// The convolution cost calculator in a real browser: the shown counts and ratio against the course's
// numbers and against counts worked out here from the formulas (n²·f²·n_c·n_c′ and friends), after
// sliders moved by keys and by the pointer; the presets; the URL; impossible and hostile settings; the
// first frame without JavaScript; a 360 px phone.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/conv-cost/';
const fmt = (n) => n.toLocaleString('en-US');
/** Four significant figures, trailing zeros dropped: the widget's ratio format, rewritten here. */
const ratio4 = (r) => (r >= 1 ? r.toFixed(3) : r.toPrecision(4)).replace(/\.?0+$/, '');

/** The four blocks' multiplications, 'same' padding, from the formulas (not from the widget's code). */
function expected({ n, f, nc, ncOut, b, t }) {
  const area = n * n;
  return {
    normal: area * f * f * nc * ncOut,
    separable: area * f * f * nc + area * nc * ncOut,
    bottleneck: area * nc * b + area * f * f * b * ncOut,
    mobilenetV2: area * nc * t * nc + area * f * f * t * nc + area * t * nc * ncOut,
  };
}

const text = (loc) => loc.innerText().then((t) => t.replace(/\s+/g, ' ').trim());
const shown = async (widget) => {
  const out = {};
  for (const b of ['normal', 'separable', 'bottleneck', 'mobilenetV2']) out[b] = await text(widget.locator(`[data-block="${b}"] [data-mults]`));
  return out;
};
const valueOf = async (widget, name) => Number(await widget.locator(`[data-value="${name}"]`).innerText());
const settingsOf = async (widget) => ({
  n: await valueOf(widget, 'n'), f: await valueOf(widget, 'f'), nc: await valueOf(widget, 'nc'), ncOut: await valueOf(widget, 'ncOut'),
  b: await valueOf(widget, 'bottleneck'), t: await valueOf(widget, 't'),
});
/** The shown counts and the separable formula equal the ones worked out here from the shown settings. */
async function assertConsistent(widget) {
  const s = await settingsOf(widget);
  const e = expected(s);
  assert.deepEqual(await shown(widget), { normal: fmt(e.normal), separable: fmt(e.separable), bottleneck: fmt(e.bottleneck), mobilenetV2: fmt(e.mobilenetV2) });
  const r = 1 / s.ncOut + 1 / (s.f * s.f);
  assert.equal(await text(widget.locator('[data-formula-value]')), ratio4(r));
  assert.match(await text(widget.locator('[data-formula]')), new RegExp(`= 1/${s.ncOut} \\+ 1/${s.f * s.f} = ${ratio4(1 / s.ncOut).replace('.', '\\.')} \\+ ${ratio4(1 / (s.f * s.f)).replace('.', '\\.')} = ${ratio4(r).replace('.', '\\.')}`));
  assert.equal(await text(widget.locator('[data-block="separable"] [data-ratio]')), ratio4(e.separable / e.normal));
  assert.equal(ratio4(e.separable / e.normal), ratio4(r), 'the counts give the formula’s ratio');
  return s;
}

describe('convolution cost calculator', () => {
  it('opens on the course’s Inception example: ≈120M against 2.4M + 10.0M ≈ 12.4M, ratio 1/32 + 1/25', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-conv-cost');
    assert.deepEqual(await shown(widget), { normal: '120,422,400', separable: '8,580,096', bottleneck: '12,443,648', mobilenetV2: '224,888,832' });
    assert.equal(await text(widget.locator('[data-block="normal"] .approx').first()), '≈120M');
    assert.equal(await text(widget.locator('[data-block="bottleneck"] .approx').first()), '≈12.4M');
    assert.equal(await text(widget.locator('[data-block="bottleneck"] [data-sum]')), '2,408,448 + 10,035,200 = 12,443,648');
    assert.equal(await text(widget.locator('[data-block="bottleneck"] [data-ratio]')), '0.1033');
    assert.match(await text(widget.locator('[data-formula]')), /= 1\/32 \+ 1\/25 = 0\.03125 \+ 0\.04 = 0\.07125 \(exactly 57\/800\) From the counts: 8,580,096 \/ 120,422,400 = 0\.07125$/);
    // The volumes: 28×28×192 → 28×28×16 → 28×28×32 for the bottleneck.
    assert.deepEqual(await widget.locator('[data-block="bottleneck"] .vol .label').allInnerTexts(), ['28×28×192', '28×28×16', '28×28×32']);
    assert.match(await text(widget.locator('.live')), /^28 × 28 × 192 to 32 channels, 5×5 filters, “same” padding, stride 1\. Multiplications: normal convolution 120,422,400 \(≈120M\);/);
    await assertConsistent(widget);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keys move the sliders; the counts, the ratio and the URL follow', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-conv-cost');
    const ncOut = widget.getByRole('slider', { name: /^Output channels/ });
    await ncOut.focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await valueOf(widget, 'ncOut'), 33));
    let s = await assertConsistent(widget);
    assert.equal(s.ncOut, 33);
    assert.equal(await text(widget.locator('[data-block="normal"] [data-mults]')), fmt(28 * 28 * 25 * 192 * 33));
    await until(() => assert.match(page.url(), /[?&]ncOut=33(&|$)/));
    // f moves by 2 with “same” padding: 5 → 3.
    await widget.getByRole('slider', { name: /^Filter size/ }).focus();
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await valueOf(widget, 'f'), 3));
    s = await assertConsistent(widget);
    assert.match(await text(widget.locator('[data-formula]')), /= 1\/33 \+ 1\/9 = /);
    // Home on the expansion factor: t = 1.
    await widget.getByRole('slider', { name: /^MobileNet v2/ }).focus();
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await valueOf(widget, 't'), 1));
    await assertConsistent(widget);
    await until(() => assert.match(page.url(), /[?&]t=1(&|$)/));
    assert.match(await text(widget.locator('.live')), /MobileNet v2 block \(t = 1\)/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the pointer moves the sliders too', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-conv-cost');
    for (const [name, fraction] of [[/^Input size/, 0.7], [/^Input channels/, 0.1], [/^1×1 bottleneck to/, 0.5]]) {
      const slider = widget.getByRole('slider', { name });
      await slider.scrollIntoViewIfNeeded();
      const before = await settingsOf(widget);
      const box = await slider.boundingBox();
      await page.mouse.click(box.x + fraction * box.width, box.y + box.height / 2);
      await until(async () => assert.notDeepEqual(await settingsOf(widget), before, String(name)));
      await assertConsistent(widget);
    }
    const s = await settingsOf(widget);
    // Away from the defaults (28, 192, 16), near where the pointer pressed.
    assert.ok(s.n > 75 && s.n < 105, `n near 0.7 of 128: ${s.n}`);
    assert.ok(s.nc > 30 && s.nc < 75, `n_c near 0.1 of 512: ${s.nc}`);
    assert.ok(s.b > 220 && s.b < 290, `bottleneck near half of 512: ${s.b}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the presets show the course’s numbers', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-conv-cost');
    await widget.getByRole('button', { name: 'MobileNet v2 block 5 → 30 → 20' }).click();
    await until(async () => assert.equal(await text(widget.locator('[data-block="mobilenetV2"] [data-weights]')), '150 + 270 + 600 = 1,020'));
    assert.equal(await text(widget.locator('[data-block="mobilenetV2"] [data-sum]')), '15,000 + 27,000 + 60,000 = 102,000');
    assert.deepEqual(await widget.locator('[data-block="mobilenetV2"] .vol .label').allInnerTexts(), ['10×10×5', '10×10×30', '10×10×30', '10×10×20']);
    await assertConsistent(widget);

    await widget.getByRole('button', { name: 'MobileNet 3×3' }).click();
    await until(async () => assert.equal(await text(widget.locator('[data-formula-value]')), '0.1131'));
    assert.match(await text(widget.locator('[data-block="separable"] .ratio')), /^0\.1131 × the normal convolution’s multiplications \(≈ 1\/8\.8\)$/);
    assert.equal(await text(widget.locator('[data-block="normal"] .approx').first()), '≈462M');
    assert.equal(await text(widget.locator('[data-block="separable"] .approx').first()), '≈52.3M');
    assert.match(await text(widget.locator('[data-block="mobilenetV2"]')), /Residual add: 100,352 additions/);
    await assertConsistent(widget);

    await widget.getByRole('button', { name: '6×6×3 → 5, valid' }).click();
    await until(async () => assert.equal(await text(widget.locator('[data-block="normal"] [data-mults]')), '2,160'));
    assert.equal(await text(widget.locator('[data-block="separable"] [data-sum]')), '432 + 240 = 672');

    await widget.getByRole('button', { name: 'Inception 28×28×192 → 32' }).click();
    await until(async () => assert.equal(await text(widget.locator('[data-block="bottleneck"] [data-mults]')), '12,443,648'));
    assert.equal(await widget.getByRole('button', { name: 'Inception 28×28×192 → 32' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('impossible and hostile settings are explained, naming the block, and never show NaN or HTML', async () => {
    for (const [query, messages] of [
      ['padding=valid&n=3&f=5', ['Normal convolution: a 5×5 filter does not fit a 3×3 input with “valid” padding.', 'MobileNet v2 block: a 5×5 filter does not fit a 3×3 input with “valid” padding.']],
      ['f=4', ['Filter size f must be odd with “same” padding (p = (f − 1)/2 has to be whole); 4 became 5.']],
      ['nc=0&n=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', ['Input channels n_c (nc) must be from 1 to 512; “0” became 1.', 'Input size n (n) “<img src=x onerror=alert…” is not a number; using 28.']],
    ]) {
      const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?${query}`);
      const widget = await hydrated(page, '.dl-conv-cost');
      for (const m of messages) await until(async () => assert.ok((await widget.locator('.problems').innerText()).includes(m), `${query}: ${m}`));
      assert.equal(await widget.locator('.problems img').count(), 0);
      assert.doesNotMatch(await widget.innerText(), /NaN|undefined|Infinity/);
      assert.deepEqual(problems, [], query);
      await page.close();
    }
  });

  it('is drawn at build time: the first frame shows the Inception numbers without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}${URL}`);
    const widget = page.locator('.dl-conv-cost');
    assert.equal((await widget.locator('[data-block="normal"] [data-mults]').textContent()).trim(), '120,422,400');
    assert.equal((await widget.locator('[data-block="bottleneck"] [data-mults]').textContent()).trim(), '12,443,648');
    assert.equal(await widget.locator('.pipe svg').count(), 2 + 3 + 3 + 4);
    await context.close();
  });

  it('fits a 360 px phone', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=mobilenet-3x3`, { width: 360 });
    const widget = await hydrated(page, '.dl-conv-cost');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0);
    const right = await widget.evaluate((el) => {
      const edge = el.getBoundingClientRect().right;
      return [...el.querySelectorAll('.vol, .num, .op')].map((n) => n.getBoundingClientRect().right).filter((r) => r > edge + 0.5).length;
    });
    assert.equal(right, 0, 'no volume, number or label sticks out of the widget');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
