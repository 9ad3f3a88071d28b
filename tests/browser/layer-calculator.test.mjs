// The output-size and parameter calculator in a real browser: LeNet-5's totals, inline edits that
// recompute and reach the URL, a broken layer shown in its row, keyboard add/remove/move, the no-JS frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_PATH = '/embed/layer-calculator/';
const totalRow = (w) => w.locator('table.layers tfoot tr');
const layerRows = (w) => w.locator('table.layers tbody tr[data-status]');
const rowOf = (w, name) => w.locator('table.layers tbody tr[data-status]', { has: w.page().locator(`th .name:text-is("${name}")`) });
// Each cell's first line (the parameter cell has the share on a second line).
const cells = async (row) => (await row.locator('th, td').allInnerTexts()).map((t) => t.trim().split('\n')[0]);
const summary = (w) => w.locator('.summary[aria-live="polite"]');

async function open(query = '', options = {}) {
  const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL_PATH}${query}`, options);
  const widget = await hydrated(page, '.dl-layer-calculator');
  return { page, problems, widget };
}

describe('layer calculator', () => {
  it('shows LeNet-5’s shapes and 62,006 parameters for the default', async () => {
    const { page, problems, widget } = await open();
    await until(async () => assert.match(await summary(widget).innerText(), /^7 layers, 62,006 parameters; fc 3 holds 78% of them\./));
    assert.equal((await cells(totalRow(widget)))[4], '62,006');
    assert.match(await rowOf(widget, 'fc 3').locator('td.num').nth(1).innerText(), /^48,120\s+78%$/);
    const expected = [
      ['conv 1', '28 × 28 × 6', '4,704', '456'],
      ['pool 1', '14 × 14 × 6', '1,176', '0'],
      ['conv 2', '10 × 10 × 16', '1,600', '2,416'],
      ['pool 2', '5 × 5 × 16', '400', '0'],
      ['fc 3', '120', '120', '48,120'],
      ['fc 4', '84', '84', '10,164'],
      ['softmax', '10', '10', '850'],
    ];
    assert.equal(await layerRows(widget).count(), 7);
    for (const [name, shape, acts, params] of expected) {
      const c = await cells(rowOf(widget, name));
      assert.deepEqual([c[2], c[3], c[4]], [shape, acts, params], name);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('editing a layer’s filter count updates its row, the next conv, the total and the URL', async () => {
    const { page, widget } = await open();
    await widget.getByLabel('Number of filters of layer 1 (conv 1)').fill('8');
    // (5·5·3 + 1)·8 = 608, and conv 2 now reads 8 channels: (5·5·8 + 1)·16 = 3,216.
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '62,958'));
    assert.deepEqual((await cells(rowOf(widget, 'conv 1'))).slice(2, 5), ['28 × 28 × 8', '6,272', '608']);
    assert.equal((await cells(rowOf(widget, 'conv 2')))[4], '3,216');
    await until(async () => assert.match(new URL(page.url()).search, /^\?layers=conv5-8%2Cmaxpool2%2Cconv5-16%2Cmaxpool2%2Cfc120%2Cfc84%2Csoftmax10$/));
    await until(async () => assert.match(await summary(widget).innerText(), /62,958 parameters/));
    await page.close();
  });

  it('a filter too big for its input shows the message in its row, “—” after it, and no NaN', async () => {
    const { page, problems, widget } = await open();
    await widget.getByLabel('Filter size f of layer 3 (conv 2)').fill('15');
    const error = widget.locator('tr.error-line');
    await until(async () => assert.equal(await error.innerText(), 'Layer 3 (conv 15×15): filter 15×15 does not fit a 14×14 input with padding 0'));
    assert.equal(await rowOf(widget, 'conv 2').getAttribute('data-status'), 'error');
    for (const name of ['pool 2', 'fc 3', 'fc 4', 'softmax']) {
      assert.equal(await rowOf(widget, name).getAttribute('data-status'), 'skipped');
      assert.deepEqual((await cells(rowOf(widget, name))).slice(2, 5), ['—', '—', '—'], name);
    }
    assert.deepEqual((await cells(totalRow(widget))).slice(3, 5), ['—', '—']);
    assert.match(await summary(widget).innerText(), /the stack breaks at layer 3 \(conv 15×15\): filter 15×15 does not fit/);
    assert.doesNotMatch(await widget.innerText(), /NaN|undefined|Infinity/);
    // Padding makes it fit again: ⌊(14 + 2·1 − 15)/1⌋ + 1 = 2.
    await widget.getByLabel('Padding p of layer 3 (conv 2)').selectOption('1');
    await until(async () => assert.equal(await error.count(), 0));
    assert.equal((await cells(rowOf(widget, 'conv 2')))[2], '2 × 2 × 16');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('adds, moves and removes layers from the keyboard, keeping focus in the table', async () => {
    const { page, widget } = await open();
    await widget.getByRole('button', { name: '+ Add layer' }).focus();
    await page.keyboard.press('Enter');
    await until(async () => assert.equal(await layerRows(widget).count(), 8));
    // The new layer is a dense layer of 10 after the softmax: (10 + 1)·10 = 110 more.
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '62,116'));
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'Type of layer 8 (fc 5)');

    await widget.getByRole('button', { name: 'Remove layer 8 (fc 5)' }).focus();
    await page.keyboard.press('Enter');
    await until(async () => assert.equal(await layerRows(widget).count(), 7));
    assert.equal((await cells(totalRow(widget)))[4], '62,006');
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Add layer|✕/);

    // The softmax moved above fc 4 reads 120 values: (120 + 1)·10 = 1,210; fc 4 then reads 10: (10 + 1)·84 = 924.
    await widget.getByRole('button', { name: 'Move layer 7 (softmax) up' }).focus();
    await page.keyboard.press('Enter');
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '53,126'));
    assert.equal((await cells(rowOf(widget, 'softmax')))[4], '1,210');
    assert.match(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? ''), /^Move layer 6 \(softmax\) up$/);
    await until(async () => assert.match(page.url(), /layers=conv5-6%2Cmaxpool2%2Cconv5-16%2Cmaxpool2%2Cfc120%2Csoftmax10%2Cfc84$/));
    await page.close();
  });

  it('restores a preset and a stack from the URL, and reports a malformed layer as text', async () => {
    const { page, widget } = await open('?preset=lenet5-original');
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '61,706'));
    await page.close();

    const hostile = encodeURIComponent('conv3-8-same,<img src=x onerror=alert(1)>,fc10');
    const second = await open(`?preset=same&layers=${hostile}`);
    const problemText = await until(async () => {
      const text = await second.widget.locator('.problems').innerText();
      assert.match(text, /Layer 2 “<img src=x onerror=alert…” is not a layer/);
      return text;
    });
    assert.ok(problemText);
    assert.equal(await second.widget.locator('.problems img').count(), 0);
    await until(async () => assert.equal(await layerRows(second.widget).count(), 2));
    assert.deepEqual(second.problems, []);
    await second.page.close();
  });

  it('shows the MobileNet v2 residual block, and an add pointed at a mismatched layer says why', async () => {
    const { page, problems, widget } = await open('?preset=residual');
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '3,936')); // 1,536 + 864 + 1,536
    assert.deepEqual((await cells(rowOf(widget, 'depthwise 2'))).slice(2, 5), ['14 × 14 × 96', '18,816', '864']);
    assert.deepEqual((await cells(rowOf(widget, 'add'))).slice(2, 5), ['14 × 14 × 16', '3,136', '0']);
    await widget.getByLabel('Layer whose output layer 4 (add) adds (0: the input)').fill('2');
    await until(async () => assert.match(await widget.locator('.error-line').innerText(), /^Layer 4 \(add from layer 2\): shapes 14×14×16 and 14×14×96 differ$/));
    await until(async () => assert.match(page.url(), /layers=conv1-96-nobias%2Cdw3-same-nobias%2Cconv1-16-nobias%2Cadd2$/));
    assert.equal((await cells(totalRow(widget)))[4], '—');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone: the table scrolls in its own box, the page does not', async () => {
    const { page, widget } = await open('', { width: 360 });
    await until(async () => assert.equal((await cells(totalRow(widget)))[4], '62,006'));
    const { page: pageWidth, scroller } = await page.evaluate(() => {
      const box = document.querySelector('.dl-layer-calculator .table-scroll');
      return { page: document.documentElement.scrollWidth, scroller: box.scrollWidth > box.clientWidth };
    });
    assert.ok(pageWidth <= 360, `page is ${pageWidth}px wide`);
    assert.ok(scroller, 'the table should scroll inside its box at 360 px');
    await page.close();
  });

  it('is drawn at build time: the table and the drawing show without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}${URL_PATH}`);
    const widget = page.locator('.dl-layer-calculator');
    assert.equal((await cells(totalRow(widget)))[4], '62,006');
    assert.equal(await layerRows(widget).count(), 7);
    assert.equal(await widget.locator('.stage .srow:not(.head)').count(), 8);
    assert.match(await widget.locator('.summary').textContent(), /62,006 parameters/);
    await context.close();
  });
});
