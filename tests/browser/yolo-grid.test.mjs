// The YOLO grid in a real browser: dragging an object across a cell line with the mouse changes its cell
// and b_x (checked against values computed here from where it landed), keys move objects and pick cells
// (whose target vector is shown), the grid switch changes the volume, conflicts are shown, bad object text
// is explained, and a 360 px phone gets no sideways scroll.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/yolo-grid/';
// The hidden underscore of b<sub>x</sub> (for copying and screen readers) comes out of innerText with spaces around it.
const text = (loc) => loc.innerText().then((t) => t.replace(/\s+/g, ' ').replace(/ ?_ ?/g, '_').trim());
const cell = (widget) => text(widget.locator('[data-testid="cell"]'));
const entry = (widget, anchor, label) => text(widget.locator(`[data-entry="${anchor}-${label}"] .v`));
const offsets = (widget) => text(widget.locator('[data-testid="offsets"]'));
/** The picked object's midpoint as the read-out prints it. */
const midpoint = async (widget) => {
  const m = (await text(widget.locator('[data-testid="readout"] .which'))).match(/midpoint \(([\d.]+), ([\d.]+)\)/);
  return [Number(m[1]), Number(m[2])];
};
/** The course's b_x for a midpoint x on an S × S grid, worked here: x·S minus the column ⌊x·S⌋. */
const bx = (x, S) => {
  const col = Math.min(S - 1, Math.floor(x * S + 1e-9));
  return { col, xs: (x * S).toFixed(2), bx: (x * S - col).toFixed(2) };
};

/** Page pixel of a picture point (fractions): the viewBox is 430 units wide with a 26-unit margin. */
async function at(widget, x, y) {
  const box = await widget.locator('svg.picture').boundingBox();
  const unit = box.width / 430;
  return [box.x + (26 + x * 400) * unit, box.y + (26 + y * 400) * unit];
}

describe('yolo grid', () => {
  it('opens on the street: the car’s cell, its y and the volume', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    assert.equal(await cell(widget), 'row 2, column 1');
    const y = await widget.locator('table.vector td.v').allInnerTexts();
    assert.deepEqual(y, ['0', '?', '?', '?', '?', '?', '?', '?', '1', '0.41', '0.31', '0.51', '0.90', '0', '1', '0']);
    assert.equal(await offsets(widget), 'b_x = 1.41 − 1 = 0.41, b_y = 2.31 − 2 = 0.31, b_h = 0.17·3 = 0.51, b_w = 0.3·3 = 0.90');
    assert.equal(await text(widget.locator('[data-testid="volume"]')), '3 × 3 × 2·(3 + 5) = 3 × 3 × 16 = 144 numbers');
    assert.match(await text(widget.locator('.anchors li.chosen')), /^Anchor 2 \(wide\), 0\.3 × 0\.15: IoU = 0\.0450 \/ 0\.0510 = 0\.88 ← chosen$/);
    assert.equal(await widget.locator('svg rect.anchor').count(), 2);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('dragging the car across the line x = 2/3 moves it to column 2 and changes b_x', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    const [x0, y0] = await at(widget, 0.47, 0.77);
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    const [x1] = await at(widget, 0.76, 0.77);
    await page.mouse.move(x1, y0, { steps: 8 });
    await page.mouse.up();
    const [x, y] = await until(async () => {
      const m = await midpoint(widget);
      assert.ok(m[0] > 0.7 && m[0] < 0.82, `car moved to ${m[0]}`);
      return m;
    });
    assert.ok(Math.abs(y - 0.77) < 0.005, 'a sideways drag keeps the height');
    const want = bx(x, 3);
    assert.equal(want.col, 2);
    await until(async () => assert.equal(await cell(widget), `row 2, column ${want.col}`));
    assert.match(await offsets(widget), new RegExp(`^b_x = ${want.xs} − 2 = ${want.bx}, `));
    assert.equal(await entry(widget, 1, 'b_x'), want.bx);
    assert.equal(await entry(widget, 1, 'c_2'), '1');
    assert.match(await text(widget.locator('.live')), new RegExp(`Car at \\(${x}, ${y}\\): row 2, column 2, anchor 2 \\(wide\\), b_x = ${want.bx}`));
    await until(() => assert.match(page.url(), new RegExp(`objects=ped%3A0\\.17%2C0\\.62%3Bcar%3A${x}%2C${y}%3Bmoto`)));
    // The old cell is empty now.
    await widget.locator('svg.picture').focus();
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await cell(widget), 'row 2, column 1'));
    assert.deepEqual(await widget.locator('table.vector td.v').allInnerTexts(), ['0', ...Array(7).fill('?'), '0', ...Array(7).fill('?')]);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('keys: arrows on the picture pick a cell and show its vector; arrows on an object move it over a line', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    await widget.getByRole('group', { name: /^Street picture with a 3 by 3 grid/ }).focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await cell(widget), 'row 1, column 0'));
    // The pedestrian (0.17, 0.62), 0.08 × 0.26: b_x = 0.51, b_y = 1.86 − 1 = 0.86, b_h = 0.78, b_w = 0.24, tall anchor.
    assert.deepEqual(await widget.locator('table.vector tbody').first().locator('td.v').allInnerTexts(), ['1', '0.51', '0.86', '0.78', '0.24', '1', '0', '0']);
    assert.equal(await entry(widget, 1, 'p_c'), '0');
    assert.match(await text(widget.locator('.live')), /Picked cell row 1, column 0: 1 object\./);

    // Tab to the objects: the pedestrian first, then the car; 20 presses of → take the car from 0.47 to 0.67.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    assert.match(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), /^car, midpoint \(0\.47, 0\.77\)/);
    for (let i = 0; i < 20; i++) await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await midpoint(widget), [0.67, 0.77]));
    const want = bx(0.67, 3); // 2.01 → column 2, b_x = 0.01
    await until(async () => assert.equal(await cell(widget), `row 2, column ${want.col}`));
    assert.equal(await entry(widget, 1, 'b_x'), want.bx);
    assert.equal(want.bx, '0.01');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the grid switch changes the volume, and the picked cell follows the car', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    await widget.getByLabel('Grid S × S').selectOption('19');
    await until(async () => assert.equal(await text(widget.locator('[data-testid="volume"]')), '19 × 19 × 2·(3 + 5) = 19 × 19 × 16 = 5,776 numbers'));
    // 0.77·19 = 14.63, 0.47·19 = 8.93.
    assert.equal(await cell(widget), 'row 14, column 8');
    assert.equal(await entry(widget, 1, 'b_x'), '0.93');
    assert.equal(await entry(widget, 1, 'b_w'), '5.70');
    await widget.getByLabel('Anchors A').selectOption('1');
    await until(async () => assert.equal(await text(widget.locator('[data-testid="volume"]')), '19 × 19 × 1·(3 + 5) = 19 × 19 × 8 = 2,888 numbers'));
    await until(() => assert.match(page.url(), /grid=19&anchors=1&row=14&col=8$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('conflicts are shown, and a third anchor resolves the car and motorcycle', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?preset=conflict`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    assert.match(await text(widget.locator('.conflict')), /^Conflict in row 1, column 1, anchor 2 \(wide\): the car and the motorcycle both claim it/);
    assert.equal(await widget.locator('svg g.obj.lost').count(), 1);
    await widget.getByLabel('Anchors A').selectOption('3');
    await until(async () => assert.equal(await widget.locator('.conflict').count(), 0));
    assert.equal(await entry(widget, 2, 'c_3'), '1');
    await widget.getByRole('button', { name: 'One anchor' }).click();
    await until(async () => assert.match(await text(widget.locator('.conflict')), /anchor 1 \(tall\): the car and the pedestrian both claim it/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('malformed objects and cells are explained; the rest still draws', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?objects=${encodeURIComponent('car:2,0.5;bus:1,1;<script>')}&row=9`);
    const widget = await hydrated(page, '.dl-yolo-grid');
    const box = await text(widget.locator('.problems'));
    for (const message of [
      'Objects (objects): item 1 “car:2,0.5”: the midpoint must lie in the picture (0 to 1); it was moved to 1,0.5.',
      'Objects (objects): item 2 “bus:1,1” does not start with a class we draw (ped, car or moto) and a colon; it was left out.',
      'Objects (objects): item 3 “<script>” does not start',
      'Picked row (row) must be at most 2 on a 3 × 3 grid; 9 became 2.',
    ]) assert.ok(box.includes(message), message);
    assert.equal(await widget.locator('svg g.obj').count(), 1);
    assert.equal(await widget.locator('.problems script').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone: the picture scales, nothing scrolls sideways', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?grid=19`, { width: 360 });
    const widget = await hydrated(page, '.dl-yolo-grid');
    const svg = await widget.locator('svg.picture').boundingBox();
    assert.ok(svg.width > 250 && svg.width <= 340, `picture ${svg.width} px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'no sideways scroll');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
