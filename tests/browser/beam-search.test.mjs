// The beam-search tree in a real browser, checked against the compute module and the widget's model
// (loaded through Vite, as the build loads them): stepping by keyboard and pointer ends on the computed
// winner and score; B from 1 to 3 changes the winner; a pruned node forced by a click or by Enter;
// error analysis's verdict; hostile y*; a 360 px phone; the no-JS first frame.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { runnerImport } from 'vite';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const load = async (path) => (await runnerImport(`${SRC}/${path}`, { configFile: false, logLevel: 'error', resolve: { alias: { '~': SRC } } })).module;

let ctx;
let beam;
let model;
let params;
before(async () => {
  ctx = await startSite();
  beam = await load('compute/beam.ts');
  model = await load('widgets/beam-search/model.ts');
  const { parseQuery } = await load('widgets/params.ts');
  params = (search = '') => parseQuery(model.schema, model.expandQuery(search)).values;
});
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/beam-search/`;
const stateOf = (search) => model.buildState(params(search));
const live = (widget) => widget.locator('.live').innerText();
const announced = (widget) => widget.locator('[aria-live="polite"].sr-only').innerText();
const beamCard = (widget) => widget.locator('.cards .card').nth(1);

describe('beam-search tree', () => {
  it('steps to the end by pointer and keyboard; the shown winner and score are the computed ones', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-beam-search');
    const st = stateOf('');
    const best = beam.beamSearch(st.table, { beamWidth: 3, maxLength: 10, alpha: 0.7 }).best;
    await widget.getByRole('button', { name: 'First step' }).click();
    await until(async () => assert.equal(await live(widget), model.describeStep(st, 0)));
    await until(async () => assert.equal(await widget.locator('g.node').count(), 1 + st.searches.shown.steps[0].candidates.length));
    const next = widget.getByRole('button', { name: 'Next step' });
    for (let k = 1; k < st.count; k++) {
      if (k % 2) await next.click();
      else {
        await next.focus();
        await page.keyboard.press('Enter');
      }
      await until(async () => assert.equal(await live(widget), model.describeStep(st, k)));
      await until(async () => assert.equal(await announced(widget), model.describeStep(st, k)));
    }
    await until(async () => assert.ok(await next.isDisabled()));
    // Every candidate of every step is drawn (the root too), pruned ones included.
    const drawn = 1 + st.searches.shown.steps.reduce((n, s) => n + s.candidates.length, 0);
    assert.equal(await widget.locator('g.node').count(), drawn);
    const top = widget.locator('ol.finished-list li').first();
    await until(async () => assert.equal(await top.locator('.sent').innerText(), best.tokens.join(' ')));
    assert.match(await top.locator('.nums').innerText(), new RegExp(`score = ${model.num(best.score)}$`));
    assert.equal(await beamCard(widget).locator('.sent').innerText(), best.tokens.join(' '));
    assert.equal(await beamCard(widget).locator('.score').innerText(), `score = ${model.num(best.score)}`);
    assert.match(await beamCard(widget).locator('.name').innerText(), /^Beam, B = 3 ★ best score$/);
    // The winner's path is marked, node by node.
    assert.equal(await widget.locator('g.node.win').count(), best.tokens.length + 1);
    await until(() => assert.doesNotMatch(page.url(), /step=/)); // the end is the default
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('B from 1 to 3 on the greedy-loses preset changes the winner', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?preset=greedy`);
    const widget = await hydrated(page, '.dl-beam-search');
    const table = stateOf('').table;
    const greedy = beam.greedySearch(table, { maxLength: 10, alpha: 0.7 });
    const b3 = beam.beamSearch(table, { beamWidth: 3, maxLength: 10, alpha: 0.7 }).best;
    assert.notEqual(greedy.tokens.join(' '), b3.tokens.join(' '));
    await until(async () => assert.equal(await beamCard(widget).locator('.sent').innerText(), greedy.tokens.join(' ')));
    await until(async () => assert.equal(await widget.locator('ol.finished-list li.top .sent').innerText(), greedy.tokens.join(' ')));
    const slider = widget.getByRole('slider', { name: /Beam width B/ });
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await widget.getByRole('slider', { name: 'Beam width B = 3' }).count(), 1));
    await until(async () => assert.equal(await widget.locator('ol.finished-list li.top .sent').innerText(), b3.tokens.join(' ')));
    assert.equal(await beamCard(widget).locator('.score').innerText(), `score = ${model.num(b3.score)}`);
    await until(async () => assert.match(await announced(widget), new RegExp(`^ŷ = “${b3.tokens.join(' ')}”, score ${model.num(b3.score)}\\. B = 3 finds the exact best`)));
    await until(() => assert.match(page.url(), /preset=greedy&beam=3/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('clicking a pruned node forces it; the search continues from it', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?step=3`);
    const widget = await hydrated(page, '.dl-beam-search');
    const node = widget.locator('g.node[data-id="Jane is in"]');
    await until(async () => assert.match(await node.getAttribute('class'), /pruned/));
    assert.match(await node.locator('rect').getAttribute('aria-label'), /rank 5 of 6, B = 3: pruned/);
    await node.click();
    await until(() => assert.match(page.url(), /force=Jane\+is\+in/));
    const forced = stateOf('force=Jane+is+in');
    await until(async () => assert.match(await node.getAttribute('class'), /\bforced\b/));
    await until(async () => assert.match(await widget.locator('.forced-banner').innerText(), /What if “Jane is in” were kept\?/));
    await until(async () => assert.match(await announced(widget), /^What if “Jane is in” were kept\?/));
    await widget.getByRole('button', { name: 'Next step' }).click();
    await until(async () => assert.equal(await live(widget), model.describeStep(forced, 3))); // search step 4
    await widget.getByRole('button', { name: 'Last step' }).click();
    const forcedBest = beam.beamSearch(forced.table, { beamWidth: 3, maxLength: 10, alpha: 0.7, forced: ['Jane', 'is', 'in'] }).best;
    const lastCard = widget.locator('.cards .card').last();
    await until(async () => assert.match(await lastCard.locator('.name').innerText(), /^Forced “Jane is in”/));
    assert.equal(await lastCard.locator('.sent').innerText(), forcedBest.tokens.join(' '));
    await widget.getByRole('button', { name: 'Clear the forced prefix' }).click();
    await until(() => assert.doesNotMatch(page.url(), /force=/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('the keyboard walks the tree and Enter forces a node', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-beam-search');
    const root = widget.locator('rect[data-id=""]');
    await root.focus();
    await page.keyboard.press('ArrowRight'); // → Jane
    await page.keyboard.press('ArrowRight'); // → Jane is
    await page.keyboard.press('ArrowDown'); // → Jane visits
    await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'Jane visits'));
    await until(async () => assert.match(await widget.locator('.detail').innerText(), /^“Jane visits”: P = 0\.85 × 0\.4 = 0\.340/));
    await page.keyboard.press('ArrowDown'); // → In September (rank 3), then Jane will (rank 4, pruned)
    await page.keyboard.press('ArrowDown');
    await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'Jane will'));
    await page.keyboard.press('Enter');
    await until(() => assert.match(page.url(), /force=Jane\+will/));
    await until(async () => assert.equal(await live(widget), model.describeStep(stateOf('force=Jane+will&step=2'))));
    // Focus stays on the forced node, now drawn as forced.
    await until(async () => assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-id')), 'Jane will'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('error analysis: the verdict for a typed y*; empty and hostile y* are explained as text', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?preset=greedy`);
    const widget = await hydrated(page, '.dl-beam-search');
    const field = widget.getByRole('textbox', { name: /Human translation y\*/ });
    await field.fill('Jane is visiting Africa in September');
    await field.press('Enter');
    const st = stateOf('preset=greedy&ystar=Jane+is+visiting+Africa+in+September');
    const expected = model.verdictText(st.human.analysis, 0.7);
    assert.equal(st.human.analysis.fault, 'beam');
    await until(async () => assert.equal(await widget.locator('.verdict').innerText(), expected));
    await until(async () => assert.equal(await announced(widget), expected));
    await until(() => assert.match(page.url(), /ystar=Jane\+is\+visiting/));
    // The search's fault: with B = 3 the search finds y* itself.
    await widget.getByRole('slider', { name: /Beam width B/ }).fill('3');
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /^ŷ is y\*/));
    // A pick button of the other human translation at α = 0 … the model's fault.
    await widget.getByRole('slider', { name: /Length normalisation/ }).fill('0');
    await widget.getByRole('button', { name: 'Jane visits Africa in September' }).click();
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /^The model is at fault/));
    await field.fill('   ');
    await field.press('Enter');
    await until(async () => assert.match(await widget.locator('.analysis .error').first().innerText(), /Type a translation first/));
    await field.fill('Jane <img src=x onerror=alert(1)>');
    await field.press('Enter');
    await until(async () => assert.match(await widget.locator('.analysis p.error').last().innerText(), /“<img”, “src=x”, “onerror=alert\(1\)>” are not in the model’s vocabulary/));
    assert.equal(await page.locator('img[src="x"], [onerror]').count(), 0);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('fits a 360 px phone: the tree scrolls in its own box', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_(), { width: 360 });
    const widget = await hydrated(page, '.dl-beam-search');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 360), 'the page scrolls sideways');
    const box = widget.locator('.tree-box');
    assert.ok(await box.evaluate((el) => el.scrollWidth > el.clientWidth), 'the tree should scroll inside its box');
    await page.getByRole('checkbox', { name: 'Show pruned candidates' }).uncheck();
    await until(async () => assert.equal(await widget.locator('g.node.pruned').count(), 0));
    await until(() => assert.match(page.url(), /pruned=false/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the whole default tree without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(URL_());
    const widget = page.locator('.dl-beam-search').first();
    const st = stateOf('');
    const drawn = 1 + st.searches.shown.steps.reduce((n, s) => n + s.candidates.length, 0);
    await until(async () => assert.equal(await widget.locator('g.node').count(), drawn));
    assert.equal(await widget.locator('ol.finished-list li.top .sent').textContent(), 'Jane is visiting Africa in September </s>');
    await context.close();
  });
});
