// The IoU and NMS playground in a real browser: dragging a box with the mouse and moving it with the keys
// change the shown IoU to the value computed here; stepping marks boxes kept and suppressed; the
// thresholds and the per-class switch change the result; bad boxes become messages; the no-JS frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/iou-nms/`;
const W = 100;

/** Box n's corners as the table shows them: "(7, 31) to (39, 49) (32×18)" → { x1, y1, x2, y2 }. */
async function corners(widget, n) {
  const text = await widget.locator('table.boxes tbody tr').nth(n - 1).locator('td.corners').innerText();
  const [x1, y1, x2, y2] = text.match(/-?\d+/g).map(Number);
  return { x1, y1, x2, y2 };
}
/** IoU written out here, apart from the widget's code: intersection and union of two corner boxes. */
function iouOf(a, b) {
  const inter = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1)) * Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return { inter, union, iou: inter / union };
}
const fate = (widget, n) => widget.locator('table.boxes tbody tr').nth(n - 1).locator('td.fate').innerText();
const boxClass = (widget, n) => widget.locator(`g.box[aria-label^="box ${n},"]`).getAttribute('class');
const live = (widget) => widget.locator('[aria-live="polite"].sr-only').innerText();

describe('iou-nms', () => {
  it('dragging a box with the mouse changes the shown IoU to the one computed from its new corners', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-iou-nms');
    await until(async () => assert.match(await widget.locator('.iou').innerText(), /box 1 and box 3: IoU = 464 \/ \(576 \+ 608 − 464\) = 464 \/ 720 ≈ 0\.644/));
    const svg = await widget.locator('svg[aria-label^="Road scene"]').boundingBox();
    const unit = svg.width / W;
    // Box 1 spans (7, 31)–(39, 49): grab it at (23, 42), clear of labels and handles, and drag 5 units right.
    const x = svg.x + 23 * unit, y = svg.y + 42 * unit;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 2.5 * unit, y, { steps: 3 });
    await page.mouse.move(x + 5 * unit, y, { steps: 3 });
    await page.mouse.up();
    await until(async () => assert.deepEqual(await corners(widget, 1), { x1: 12, y1: 31, x2: 44, y2: 49 }));
    const want = iouOf(await corners(widget, 1), await corners(widget, 3));
    assert.equal(want.iou, 0.48);
    await until(async () => assert.match(await widget.locator('.iou').innerText(), new RegExp(`= ${want.inter} / ${want.union} = ${want.iou}(?!\\d)`)));
    await until(async () => assert.match(await live(widget), /^box 1, car, p_c 0\.9, \(12, 31\) to \(44, 49\)/));
    await until(() => assert.match(decodeURIComponent(page.url()), /boxes=c:0\.9:12,31,44,49;/));
    // A corner handle resizes: drag box 1's bottom-right corner 4 units left.
    const hx = svg.x + 44 * unit, hy = svg.y + 49 * unit;
    await page.mouse.move(hx, hy);
    await page.mouse.down();
    await page.mouse.move(hx - 4 * unit, hy, { steps: 4 });
    await page.mouse.up();
    await until(async () => assert.deepEqual(await corners(widget, 1), { x1: 12, y1: 31, x2: 40, y2: 49 }));
    const after = iouOf(await corners(widget, 1), await corners(widget, 3));
    await until(async () => assert.ok((await widget.locator('.iou').innerText()).includes(`= ${after.inter} / ${after.union} `)));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the keyboard moves and resizes the selected box, says so, and the IoU follows', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-iou-nms');
    await widget.locator('g.box[aria-label^="box 3,"]').focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Shift+ArrowDown');
    await until(async () => assert.deepEqual(await corners(widget, 3), { x1: 2, y1: 33, x2: 34, y2: 53 }));
    await until(async () => assert.match(await live(widget), /^box 3, car, p_c 0\.7, \(2, 33\) to \(34, 53\), not decided yet\. IoU of box 3 and box 1/));
    const want = iouOf(await corners(widget, 3), await corners(widget, 1));
    await until(async () => assert.ok((await widget.locator('.iou').innerText()).includes(`box 3 and box 1: IoU = ${want.inter} / (`)));
    await until(async () => assert.ok((await widget.locator('.iou').innerText()).includes(`= ${want.inter} / ${want.union} `)));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('steps through NMS: the taken box is kept, what it overlaps is suppressed with its IoU, low scores are dropped', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-iou-nms');
    const next = widget.getByRole('button', { name: 'Next step' });
    await next.click();
    await until(async () => assert.match(await live(widget), /^Drop every box with p_c ≤ 0\.6: box 2 \(0\.6\) and box 7 \(0\.4\); 5 boxes remain\.$/));
    await until(async () => assert.match(await boxClass(widget, 2), /\bdropped\b.*\bnow\b/));
    await next.click();
    await next.click();
    await until(async () => assert.match(await live(widget), /^Cars: take box 1, the largest p_c left \(0\.9\), as a detection; suppress box 3 \(IoU ≈ 0\.644 ≥ 0\.5\)/));
    await until(async () => assert.match(await boxClass(widget, 1), /\bkept\b.*\btaken\b/));
    await until(async () => assert.match(await boxClass(widget, 3), /\bsuppressed\b.*\bnow\b/));
    await until(async () => assert.equal(await fate(widget, 3), 'suppressed by box 1: IoU ≈ 0.644 ≥ 0.5'));
    await until(async () => assert.equal(await fate(widget, 4), 'not decided yet'));
    await until(async () => assert.equal(await fate(widget, 2), 'dropped: p_c 0.6 ≤ 0.6'));
    await widget.getByRole('button', { name: 'Last step' }).click();
    await until(async () => assert.match(await live(widget), /Done: 3 detections \(box 6, box 1 and box 4\)\.$/));
    await until(async () => assert.equal(await fate(widget, 5), 'suppressed by box 4: IoU ≈ 0.609 ≥ 0.5'));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.image\.nonMaxSuppression \(cpu\) gives the same 7 values/));
    await until(() => assert.match(page.url(), /step=4/));
    // Back one step: box 5 is undecided again.
    await widget.getByRole('button', { name: 'Previous step' }).click();
    await until(async () => assert.equal(await fate(widget, 5), 'not decided yet'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the IoU slider changes the result at once; the per-class switch lets the rider suppress the motorcycle', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?step=4`);
    const widget = await hydrated(page, '.dl-iou-nms');
    await until(async () => assert.match(await fate(widget, 3), /^suppressed by box 1/));
    await widget.getByLabel(/IoU threshold/).fill('0.7');
    await until(async () => assert.match(await widget.getByText(/IoU threshold: suppress IoU ≥/).innerText(), /≥ 0\.7/));
    // 0.644 and 0.609 are now below the threshold: boxes 3 and 5 survive, five detections.
    await until(async () => assert.match(await fate(widget, 3), /^kept: detection/));
    await until(async () => assert.match(await fate(widget, 5), /^kept: detection/));
    await until(async () => assert.match(await widget.locator('.live').innerText(), /Done: 5 detections/));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.image\.nonMaxSuppression/));
    await until(() => assert.match(page.url(), /iou=0\.7/));
    await widget.getByLabel(/Score threshold/).fill('0.85');
    await until(async () => assert.match(await widget.locator('.live').innerText(), /Done: 1 detection \(box 1\)\./));

    await widget.getByRole('button', { name: 'Rider and motorcycle' }).click();
    await widget.getByRole('button', { name: 'Last step' }).click();
    await until(async () => assert.match(await fate(widget, 2), /^kept/));
    await widget.getByLabel(/Per class/).uncheck();
    await until(async () => assert.equal(await fate(widget, 2), 'suppressed by box 1: IoU ≈ 0.589 ≥ 0.5'));
    await until(() => assert.match(page.url(), /perclass=false/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('editing p_c and the class in the table reruns NMS', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?step=9`);
    const widget = await hydrated(page, '.dl-iou-nms');
    await widget.getByLabel('p_c of box 2').fill('0.95');
    await widget.getByLabel('p_c of box 2').press('Enter');
    // Box 2 now outranks box 1, which it overlaps with IoU 476/740 ≈ 0.643.
    await until(async () => assert.equal(await fate(widget, 1), 'suppressed by box 2: IoU ≈ 0.643 ≥ 0.5'));
    await widget.getByLabel('Class of box 1').selectOption('motorcycle');
    await until(async () => assert.match(await fate(widget, 1), /^kept/));
    await widget.getByRole('button', { name: 'Add a box' }).click();
    await until(async () => assert.equal(await widget.locator('g.box').count(), 8));
    await until(async () => assert.deepEqual(await corners(widget, 8), { x1: 40, y1: 23, x2: 60, y2: 37 }));
    await widget.getByRole('button', { name: 'Remove box 2' }).click();
    await until(async () => assert.equal(await widget.locator('table.boxes tbody tr').count(), 7));
    await until(async () => assert.match(await live(widget), /^box 2 removed/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('malformed and hostile boxes become messages; the good ones are used', async () => {
    const boxes = 'c:0.9:10,10,30,30;c:0.8:30,10,20,40;<img src=x onerror=alert(1)>;c:0.7:12,12,32,32';
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?boxes=${encodeURIComponent(boxes)}&step=9`);
    const widget = await hydrated(page, '.dl-iou-nms');
    const text = () => page.locator('.problems').innerText();
    await until(async () => assert.match(await text(), /Box 2 “c:0\.8:30,10,20,40” has a negative width: x2 = 20 is left of x1 = 30; it was ignored\./));
    await until(async () => assert.match(await text(), /Box 3 “<img src=x onerror=alert…” is not class:p_c:x1,y1,x2,y2/));
    assert.equal(await page.locator('img[src="x"]').count(), 0);
    await until(async () => assert.equal(await widget.locator('table.boxes tbody tr').count(), 2));
    await until(async () => assert.match(await fate(widget, 2), /^suppressed by box 1: IoU ≈ 0\.681 ≥ 0\.5$/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone: nothing but the table scrolls sideways', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_(), { width: 360 });
    await hydrated(page, '.dl-iou-nms');
    await until(async () => assert.ok((await page.evaluate(() => document.scrollingElement.scrollWidth)) <= 360));
    const svg = await page.locator('.dl-iou-nms svg[aria-label^="Road scene"]').boundingBox();
    assert.ok(svg.width > 280 && svg.x + svg.width <= 360, `picture ${svg.width} px wide at ${svg.x}`);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: boxes, IoU and table without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-iou-nms').first();
    await until(async () => assert.equal(await widget.locator('g.box').count(), 7));
    await until(async () => assert.match(await widget.locator('.iou').textContent(), /464 \/ 720/));
    await until(async () => assert.equal(await widget.locator('table.boxes tbody tr').count(), 7));
    await context.close();
  });
});
