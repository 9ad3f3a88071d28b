// The filter lab in a real browser: the canvases, picking a pixel by pointer and keys, the reader's own
// picture (file, paste, wrong file), the tfjs check and the first frame without JavaScript.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_PATTERN = '/embed/filter-lab/?picture=pattern&row=2&col=7';

/** A greyscale PNG written here (not with the widget's own writer): rows of grey levels 0–255. */
function pngOf(rows) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const [h, w] = [rows.length, rows[0].length];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header[8] = 8; // bit depth; colour type 0 (grey)
  const raw = Buffer.concat(rows.map((r) => Buffer.from([0, ...r])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** 12×8: dark (0) on the left 6 columns, white (255) on the right. */
const EDGE_PNG = pngOf(Array.from({ length: 8 }, () => Array.from({ length: 12 }, (_, j) => (j < 6 ? 0 : 255))));

const value = (widget) => widget.locator('.readout .value').innerText();
const windowCells = (widget) => widget.locator('table.win td').allInnerTexts();

/** RGBA of one pixel of a canvas in the widget ('picture' or 'map'). */
async function canvasPixel(widget, which, x, y) {
  return widget.locator(which === 'map' ? '.map canvas' : '.pane:first-child canvas').evaluate(
    (c, [px, py]) => [...c.getContext('2d').getImageData(px, py, 1, 1).data],
    [x, y],
  );
}

async function canvasSum(widget) {
  return widget.locator('.map canvas').evaluate((c) => c.getContext('2d').getImageData(0, 0, c.width, c.height).data.reduce((a, b) => a + b, 0));
}

describe('filter lab', () => {
  it('draws the picture and the feature map, and tf.conv2d agrees', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/filter-lab/`);
    const widget = await hydrated(page, '.dl-filter-lab');
    await until(async () => assert.equal(await widget.locator('img').count(), 0, 'the build’s stand-in images are replaced'));
    assert.deepEqual(await widget.locator('canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.height])), [[128, 96], [126, 94]]);
    // The default pixel, on the door's left edge: wall ≈ 125 left, door ≈ 45 right.
    assert.match(await widget.locator('.live').innerText(), /^The house picture 128×96 with the vertical filter gives a 126×94 feature map, z from −\d+ to \d+\. Row 69, column 39: z = 2\d\d, a strong vertical edge, brighter on the left\.$/);
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2d \((webgl|cpu)\) gives the same 11844 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('switching the filter changes the feature map', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL_PATTERN}`);
    const widget = await hydrated(page, '.dl-filter-lab');
    await until(async () => assert.equal(await value(widget), '420'));
    const before = await canvasSum(widget);
    // Map pixel (0-based) row 1, column 6 straddles a 200 | 60 edge of the checkerboard: warm.
    const warm = await canvasPixel(widget, 'map', 6, 1);
    assert.ok(warm[0] > warm[2] + 40, `expected a warm colour, got ${warm}`);
    await widget.getByRole('combobox', { name: 'Preset' }).nth(1).selectOption('horizontal');
    await until(async () => assert.equal(await value(widget), '0'));
    assert.notEqual(await canvasSum(widget), before);
    await until(() => assert.match(page.url(), /filter=horizontal/));
    await widget.getByRole('combobox', { name: 'Preset' }).nth(1).selectOption('scharr-vertical');
    await until(async () => assert.equal(await value(widget), '2240')); // 16·(200 − 60)
    // Editing a weight in place makes the reader's own filter: the middle row's −10 → 0 gives
    // 3·(200 − 60) + 10·200 + 3·(200 − 60) = 2840.
    await widget.getByLabel('Filter weight, row 2, column 3 (now −10)').fill('0');
    await widget.getByLabel('Filter weight, row 2, column 3 (now −10)').press('Enter');
    await until(async () => assert.equal(await value(widget), '2840'));
    await until(() => assert.match(page.url(), /weights=3%2C0%2C-3%3B10%2C0%2C0%3B3%2C0%2C-3/));
    assert.equal(await widget.getByRole('combobox', { name: 'Preset' }).nth(1).inputValue(), 'custom');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a 5×5 filter from the URL gives a 124×92 map, drawn (a canvas resize must not wipe it)', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/filter-lab/?weights=1,2,3,2,1;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;-1,-2,-3,-2,-1`);
    const widget = await hydrated(page, '.dl-filter-lab');
    await until(async () => assert.deepEqual(await widget.locator('canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.height])), [[128, 96], [124, 92]]));
    // Drawn, not wiped: opaque pixels, not a cleared (transparent) canvas.
    await until(async () => assert.equal((await canvasPixel(widget, 'map', 0, 0))[3], 255));
    await until(async () => assert.ok((await canvasSum(widget)) > 0));
    assert.equal(await windowCells(widget).then((c) => c.length), 25);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the readout follows the pointer and the arrow keys, with the window’s numbers', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL_PATTERN}`);
    const widget = await hydrated(page, '.dl-filter-lab');
    await until(async () => assert.deepEqual(await windowCells(widget), ['200', '200', '60', '200', '200', '60', '200', '200', '60']));
    assert.match(await widget.locator('.sum').innerText(), /200·1 \+ 200·0 \+ 60·\(−1\) .* = 420$/);

    // Keys: two steps right leave the edge (columns 9–11 are all 60).
    const map = widget.getByRole('group', { name: /^Feature map/ });
    await map.focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await windowCells(widget), ['200', '60', '60', '200', '60', '60', '200', '60', '60']));
    assert.equal(await value(widget), '420');
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await value(widget), '0'));
    assert.match(await widget.locator('.live').innerText(), /Row 2, column 9: z = 0, about 0/);
    await until(() => assert.match(page.url(), /row=2&col=9/));
    await page.keyboard.press('Shift+ArrowDown');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /Row 12, column 9:/));

    // Pointer: hover the map over pixel (row 1, column 14, 0-based): 60 | 200, so −420.
    const box = await widget.locator('.map').boundingBox();
    await page.mouse.move(box.x + ((14 + 0.5) / 126) * box.width, box.y + ((1 + 0.5) / 94) * box.height);
    await until(async () => assert.equal(await value(widget), '−420'));
    assert.match(await widget.locator('.live').innerText(), /Row 2, column 15: z = −420, a strong vertical edge, brighter on the right\./);
    // The window is outlined on the picture over columns 15–17 (1-based) of 128.
    const pic = await widget.locator('.pane').first().locator('.frame').boundingBox();
    const win = await widget.locator('.window').boundingBox();
    assert.ok(Math.abs(win.x - (pic.x + 1 + (14 / 128) * (pic.width - 2))) < 1.5, `window at ${win.x}`);
    // Leaving the map goes back to the pinned pixel.
    await page.mouse.move(0, 0);
    await until(async () => assert.match(await widget.locator('.live').innerText(), /Row 12, column 9:/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('uses a picture of the reader’s, chosen or pasted, and never uploads it', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/filter-lab/`);
    const widget = await hydrated(page, '.dl-filter-lab');
    const sent = [];
    page.on('request', (r) => (r.method() !== 'GET' || r.postData()) && sent.push(`${r.method()} ${r.url()}`));
    await widget.locator('input[type="file"]').setInputFiles({ name: 'edge.png', mimeType: 'image/png', buffer: EDGE_PNG });
    await until(async () => assert.deepEqual(await widget.locator('canvas').evaluateAll((cs) => cs.map((c) => [c.width, c.height])), [[12, 8], [10, 6]]));
    assert.deepEqual(await canvasPixel(widget, 'picture', 0, 0), [0, 0, 0, 255]);
    assert.deepEqual(await canvasPixel(widget, 'picture', 11, 7), [255, 255, 255, 255]);
    // The strongest edge is picked: 3·(0 − 255).
    await until(async () => assert.equal(await value(widget), '−765'));
    assert.match(await widget.locator('.live').innerText(), /^Your picture “edge\.png” 12×8 with the vertical filter/);
    assert.match(await widget.locator('.file-message').innerText(), /nothing is uploaded/);
    assert.doesNotMatch(page.url(), /edge/);
    assert.equal(await widget.getByRole('combobox', { name: 'Preset' }).first().inputValue(), 'own');
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ .* gives the same 60 values/));
    assert.deepEqual(sent, [], 'no request carries the picture');

    // Paste (Ctrl/⌘+V) of an image: the inverted edge.
    const inverted = [...pngOf(Array.from({ length: 6 }, () => Array.from({ length: 9 }, (_, j) => (j < 4 ? 255 : 0))))];
    await page.evaluate((bytes) => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
      document.querySelector('.dl-filter-lab .frame[role="group"]').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, inverted);
    await until(async () => assert.equal(await value(widget), '765'));
    assert.match(await widget.locator('.live').innerText(), /^Your picture \(pasted\) 9×6/);

    // Back to a preset.
    await widget.getByRole('combobox', { name: 'Preset' }).first().selectOption('pattern');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /^The pattern picture 128×96/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a file that is not a picture, or is damaged, gives a message and changes nothing', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/filter-lab/`);
    const widget = await hydrated(page, '.dl-filter-lab');
    const file = widget.locator('input[type="file"]');
    await file.setInputFiles({ name: '<b>notes</b>.txt', mimeType: 'text/plain', buffer: Buffer.from('not a picture') });
    await until(async () => assert.equal(await widget.locator('.file-message').innerText(), '“<b>notes</b>.txt” is not a picture (its type is “text/plain”). Choose a PNG, JPEG, GIF or WebP file.'));
    assert.equal(await widget.locator('.file-message b').count(), 0, 'the name is shown as text');
    await file.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: Buffer.from('PNG? no') });
    await until(async () => assert.match(await widget.locator('.file-message').innerText(), /^“broken\.png” could not be decoded as a picture/));
    assert.match(await widget.locator('.live').innerText(), /^The house picture 128×96/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('reads the theme’s colours: zero is the background, light and dark', async () => {
    for (const [colorScheme, bg] of [['light', [252, 251, 248, 255]], ['dark', [21, 23, 27, 255]]]) {
      const { page } = await openPage(ctx.browser, `${ctx.site.url}${URL_PATTERN}`, { colorScheme });
      const widget = await hydrated(page, '.dl-filter-lab');
      await until(async () => assert.deepEqual(await canvasPixel(widget, 'map', 1, 1), bg)); // inside a square: 0
      await page.close();
    }
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}/embed/filter-lab/`);
    const widget = page.locator('.dl-filter-lab');
    const sizes = await widget.locator('img').evaluateAll((imgs) => imgs.map((i) => [i.complete, i.naturalWidth, i.naturalHeight, Math.round(i.getBoundingClientRect().width) > 100]));
    assert.deepEqual(sizes, [[true, 128, 96, true], [true, 126, 94, true]]);
    assert.match(await widget.locator('img[alt^="Feature map"]').getAttribute('alt'), /^Feature map of the house picture with the vertical filter$/);
    assert.match(await widget.locator('.live').textContent(), /Row 69, column 39: z = 2\d\d/);
    await context.close();
  });
});
