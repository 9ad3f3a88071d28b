// The positional-encoding heat map in a real browser: the canvases and their colours, the read-out by
// pointer and keys with the formula of known cells, the linked highlight between the two layouts, the
// sliders redrawing the maps, the distance chart, the tfjs check, bad settings and the first frame
// without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/positional-encoding/';
const formula = (widget) => widget.locator('[data-formula]').innerText().then((t) => t.replace(/\s+/g, ' ').replace(/ ?\^ ?/g, '^').trim());
const live = (widget) => widget.locator('.live').innerText();
const map = (widget, layout) => widget.locator(`.pane[data-layout="${layout}"]`);

/** RGBA of one pixel (column x, row y) of a map's canvas. */
const pixel = (widget, layout, x, y) =>
  map(widget, layout).locator('canvas').evaluate((c, [px, py]) => [...c.getContext('2d').getImageData(px, py, 1, 1).data], [x, y]);
const canvasSize = (widget, layout) => map(widget, layout).locator('canvas').evaluate((c) => [c.width, c.height]);

/** Moves the pointer over cell (pos, column) of a map. */
async function hoverCell(page, widget, layout, pos, column, [d, length]) {
  const box = await map(widget, layout).locator('.frame').boundingBox();
  await page.mouse.move(box.x + 1 + ((column + 0.5) / d) * (box.width - 2), box.y + 1 + ((pos + 0.5) / length) * (box.height - 2));
}

/** The left edge of a map's column highlight, as a fraction of the map. */
const bandLeft = (widget, layout) => map(widget, layout).locator('.band.col').evaluate((el) => parseFloat(el.style.left) / 100);

describe('positional-encoding heat map', () => {
  it('draws both layouts, explains the default cell and agrees with tfjs', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    await until(async () => assert.equal(await widget.locator('img').count(), 0, 'the build’s stand-in images are replaced'));
    assert.deepEqual(await canvasSize(widget, 'interleaved'), [64, 64]);
    assert.deepEqual(await canvasSize(widget, 'halves'), [64, 64]);
    // ω₃ = 10000^(−6/64) = 0.42170, 5·ω₃ = 2.10848, sin = 0.85888.
    assert.equal(await formula(widget), 'PE(5, 6) = sin(5 / 10000^6/64) = sin(2.1085) = 0.8589');
    assert.match(await live(widget), /^Interleaved and halves layouts side by side, 64 positions × 64 dimensions, .* Position 5, dimension 6: sin of pair i = 3, ω = 0\.4217, angle 2\.1085, value 0\.8589\. In the halves map the same value is column 3\.$/);
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓ tf\.sin\/tf\.cos of tf\.range · ω \(cpu\) gives the same 8192 values \(largest difference \d\.\de-\d\)\.$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('hover and arrow keys pick a cell; the read-out writes its formula; the other layout lights its twin column', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=layouts`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    const size = [16, 32];
    // The brief's cell, by hand: 10000^(6/16) = 10^1.5 = 31.6228, 5/31.6228 = 0.158114, sin = 0.157456.
    await until(async () => assert.equal(await formula(widget), 'PE(5, 6) = sin(5 / 10000^6/16) = sin(0.1581) = 0.1575'));

    // Hover the interleaved map at position 9, dimension 3 (cos of pair 1): its twin is halves column 8 + 1 = 9.
    // By hand: ω₁ = 10^(−1/2) = 0.316228, 9·ω₁ = 2.846050, cos = −cos(π − 2.846050) = −cos(0.295543) = −0.956645.
    await hoverCell(page, widget, 'interleaved', 9, 3, size);
    await until(async () => assert.equal(await formula(widget), 'PE(9, 3) = cos(9 / 10000^2/16) = cos(2.846) = −0.9566'));
    assert.equal(await bandLeft(widget, 'halves'), 9 / 16);
    assert.match(await widget.locator('.mapping').innerText(), /Interleaved dimension 3 \(2i \+ 1 with i = 1\) is halves column 9 \(d\/2 \+ i = 8 \+ 1\)\./);
    // And the other way: halves column 2 (sin of pair 2) lights interleaved dimension 4.
    await hoverCell(page, widget, 'halves', 0, 2, size);
    await until(async () => assert.equal(await bandLeft(widget, 'interleaved'), 4 / 16));
    assert.equal(await formula(widget), 'PE(0, 4) = sin(0 / 10000^4/16) = sin(0) = 0');
    // Leaving the map goes back to the picked cell.
    await page.mouse.move(0, 0);
    await until(async () => assert.match(await formula(widget), /^PE\(5, 6\)/));

    // Keys on the focused interleaved map: → dimension 7 (cos of the same pair), Shift+↓ ten positions down.
    await map(widget, 'interleaved').locator('.frame').focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await formula(widget), 'PE(5, 7) = cos(5 / 10000^6/16) = cos(0.1581) = 0.9875'));
    await page.keyboard.press('Shift+ArrowDown');
    await until(async () => assert.match(await formula(widget), /^PE\(15, 7\) = cos\(15 \/ 10000\^6\/16\) = cos\(0\.4743\) = 0\.8896$/));
    await until(() => assert.match(page.url(), /preset=layouts&pos=15&dim=7$/));
    // In the halves map → walks the halves order: dimension 7 is column 11, the next column 12 is dimension 9.
    await map(widget, 'halves').locator('.frame').focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.match(await widget.locator('.which').innerText(), /^Position 15, dimension 9 = 2·4 \+ 1: the cosine of pair i = 4/));
    assert.equal(await bandLeft(widget, 'halves'), 12 / 16);
    assert.equal(await bandLeft(widget, 'interleaved'), 9 / 16);
    await page.keyboard.press('End');
    await until(async () => assert.match(await widget.locator('.which').innerText(), /dimension 15 = 2·7 \+ 1/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the permutation drawing links the two rows: hovering a cell shows that dimension', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=layouts`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    const svg = await widget.locator('.shuffle svg').boundingBox();
    // The bottom row's column 10 is halves cos of pair 2: interleaved dimension 5.
    await page.mouse.move(svg.x + (10.5 / 16) * svg.width, svg.y + svg.height - 3);
    await until(async () => assert.match(await widget.locator('.which').innerText(), /^Position 5, dimension 5 = 2·2 \+ 1/));
    assert.equal(await bandLeft(widget, 'interleaved'), 5 / 16);
    assert.equal(await bandLeft(widget, 'halves'), 10 / 16);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the sliders redraw the maps: a new d changes the colours, a new length the rows', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    // d = 64: PE(10, 2) = sin(10·10000^(−2/64)) = sin(7.499) = 0.94, warm.
    await until(async () => {
      const [r, , b] = await pixel(widget, 'interleaved', 2, 10);
      assert.ok(r > b + 60, `expected warm, got ${r}, ${b}`);
    });
    await widget.getByRole('slider', { name: /^d\s*model/ }).fill('16');
    // d = 16: PE(10, 2) = sin(10·10000^(−2/16)) = sin(3.162) = −0.02, next to the background.
    await until(async () => assert.deepEqual(await canvasSize(widget, 'interleaved'), [16, 64]));
    await until(async () => {
      const [r, g, b] = await pixel(widget, 'interleaved', 2, 10);
      assert.ok(Math.abs(r - 252) < 12 && Math.abs(g - 251) < 12 && Math.abs(b - 248) < 12, `expected near neutral, got ${r}, ${g}, ${b}`);
    });
    await widget.getByRole('slider', { name: /^Positions/ }).fill('100');
    await until(async () => assert.deepEqual(await canvasSize(widget, 'halves'), [16, 100]));
    // Row 99, halves column 0: sin(99) = −0.999, cool.
    const [r, , b] = await pixel(widget, 'halves', 0, 99);
    assert.ok(b > r + 60, `expected cool, got ${r}, ${b}`);
    await until(() => assert.match(page.url(), /length=100&d=16/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('zero is the background colour, light and dark', async () => {
    for (const [colorScheme, bg] of [['light', [252, 251, 248, 255]], ['dark', [21, 23, 27, 255]]]) {
      const { page } = await openPage(ctx.browser, `${ctx.site.url}${URL}`, { colorScheme });
      const widget = await hydrated(page, '.dl-positional-encoding');
      await until(async () => assert.deepEqual(await pixel(widget, 'interleaved', 0, 0), bg)); // PE(0, 0) = sin 0
      await page.close();
    }
  });

  it('the distance chart: one curve for every starting position; a and b by slider and by pressing the chart', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    const chart = widget.locator('.distance .chart svg');
    assert.equal(await chart.locator('path.curve').count(), 1);
    assert.equal(await chart.locator('path.marker').count(), 3);
    const pair = widget.locator('[data-testid="pair"]');
    assert.match(await pair.innerText(), /^PE\(10\)·PE\(15\) = 23\.504, and Σᵢ cos\(5·ωᵢ\) = 23\.504: any two positions 5 apart give the same\./);
    await widget.getByRole('slider', { name: /^Position a/ }).fill('30');
    await widget.getByRole('slider', { name: /^Position b/ }).fill('35');
    await until(async () => assert.match(await pair.innerText(), /^PE\(30\)·PE\(35\) = 23\.504, and Σᵢ cos\(5·ωᵢ\) = 23\.504/));
    // The maps mark a and b on their edges.
    assert.deepEqual(await map(widget, 'interleaved').locator('.marker').allInnerTexts(), ['a ▸', 'b ▸']);
    // Pressing the chart at k = 20 sets b = a + 20.
    const box = await chart.boundingBox();
    const x = await chart.evaluate((svg) => {
      const ticks = [...svg.querySelectorAll('text.tick')].filter((t) => t.getAttribute('text-anchor') === 'middle');
      return Number(ticks.find((t) => t.textContent === '20').getAttribute('x'));
    });
    await page.mouse.click(box.x + x, box.y + box.height / 2);
    await until(async () => assert.match(await pair.innerText(), /^PE\(30\)·PE\(50\) = [\d.]+, and Σᵢ cos\(20·ωᵢ\)/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('small d: the sentence names the near-collision of positions 0 and 44', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=small-d`);
    const widget = await hydrated(page, '.dl-positional-encoding');
    await until(async () => assert.match(await widget.locator('.distance').innerText(), /with d = 2 position 44 comes within 0\.0177 of position 0: nearly a collision\./));
    assert.deepEqual(await canvasSize(widget, 'interleaved'), [2, 128]);
    assert.equal(await widget.locator('.pane').count(), 1);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('an odd, a zero or a hostile d is explained, and the map still draws', async () => {
    for (const [query, message, width] of [
      ['d=7', 'd_model (d) must be even, because sines and cosines come in pairs, one pair per frequency; 7 became 8, the nearest even number above it.', 8],
      ['d=0', 'd_model (d) must be from 2 to 256; “0” became 2.', 2],
      ['d=%3Cscript%3E', 'd_model (d) “<script>” is not a number; using 64.', 64],
    ]) {
      const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?${query}`);
      const widget = await hydrated(page, '.dl-positional-encoding');
      await until(async () => assert.ok((await widget.locator('.problems').innerText()).includes(message), query));
      await until(async () => assert.equal((await canvasSize(widget, 'interleaved'))[0], width));
      assert.equal(await widget.locator('.problems script').count(), 0);
      assert.deepEqual(problems, [], query);
      await page.close();
    }
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}${URL}?preset=layouts`); // the build draws the defaults, whatever the query
    const widget = page.locator('.dl-positional-encoding');
    const sizes = await widget.locator('img').evaluateAll((imgs) => imgs.map((i) => [i.complete, i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width > 100]));
    assert.deepEqual(sizes, [[true, 64, 64, true], [true, 64, 64, true]]);
    assert.equal(await widget.locator('img').first().getAttribute('alt'), 'Interleaved positional encoding, 64 positions by 64 dimensions');
    assert.match(await widget.locator('[data-formula]').textContent(), /PE\(5, 6\) = sin\(5 \/ 10000\^6\/64\) = sin\(2\.1085\) =\s*0\.8589/);
    assert.ok((await widget.locator('.distance svg path.curve').count()) === 1);
    await context.close();
  });
});
