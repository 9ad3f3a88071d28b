// The attention heat map in a real browser: the translation and map of the default date, a cell picked by
// pointer and by arrow keys with its energy and weight matching the float64 model run here, typing a new
// date, an unreadable date, and the TF.js check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { translateDate } from '../../src/compute/date-attention.ts';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL = '/embed/attention-heatmap/';
const { weights } = JSON.parse(readFileSync('src/data/date-attention.json', 'utf8'));
const text = (widget, selector) => widget.locator(selector).innerText().then((t) => t.replace(/\s+/g, ' ').trim());

describe('attention heat map', () => {
  it('translates the default date, explains the default cell and agrees with TF.js', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-attention-heatmap');
    const tr = translateDate(weights, 'june 25, 2009');
    await until(async () => assert.equal(await text(widget, '.iso'), '2009-06-25'));
    assert.equal(tr.output, '2009-06-25');
    // Default cell: t = 7 (the "6" of "06"), t′ = 2 (the "u" of "june").
    const alpha = tr.steps[6].alphas[1];
    assert.match(await text(widget, '.readout'), new RegExp(`α⟨7,2⟩ = .* = ${alpha.toFixed(4)}`));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /^✓ the same model in TF\.js ops \(cpu\) gives the same 140 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a pointer and the arrow keys pick a cell; its energy and weight are the model’s', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}?date=25.06.09`);
    const widget = await hydrated(page, '.dl-attention-heatmap');
    await until(async () => assert.equal(await text(widget, '.iso'), translateDate(weights, '25.06.09').output));
    const tr = translateDate(weights, '25.06.09');
    // Row 1, column 7 by pointer: the cells are <g> groups in row-major order, 14 a row.
    await widget.locator('.box svg g').nth(0 * 14 + 6).hover();
    await until(async () => assert.match(await text(widget, '.which'), /^Output character t = 1 .* input position t′ = 7/));
    const e17 = tr.steps[0].energies[6];
    assert.match(await text(widget, '.readout'), new RegExp(`e⟨1,7⟩ = relu\\(w₂ · h \\+ b₂\\) = relu\\(.*\\) = ${e17.toFixed(3)}`));
    // Arrow keys: down and right from (1, 7) to (2, 8).
    await widget.locator('.box').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.match(await text(widget, '.which'), /^Output character t = 2 .* input position t′ = 8/));
    assert.match(await text(widget, '.readout'), new RegExp(`= ${tr.steps[1].alphas[7].toFixed(4)}$|= ${tr.steps[1].alphas[7].toFixed(4)} `));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('typing a date redraws the map; an unreadable one gets a sentence, not a crash', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}${URL}`);
    const widget = await hydrated(page, '.dl-attention-heatmap');
    const input = widget.getByLabel('Date as written');
    await input.fill('3 may 1979');
    await until(async () => assert.equal(await text(widget, '.iso'), translateDate(weights, '3 may 1979').output));
    assert.match(await text(widget, '.live'), /^Character 7 of 1979-05-03, “5”: the model looks mostly at /);
    await input.fill('<b>25 июня</b>');
    await until(async () => assert.match(await text(widget, '.problems'), /The model has never seen “<”/));
    assert.equal(await widget.locator('b').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
