// CTC collapse in a real browser: step through the stages by button and keyboard and read the text shown
// at each one; presets, typing frames, clicking a frame, the alignment count, bad input, the no-JS frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/ctc-collapse/`;
const stageOut = (widget, s) => widget.locator(`[data-stage="${s}"]`).innerText();
const outCells = (widget) => widget.locator('g.out text').allTextContents();
const live = (widget) => widget.locator('[aria-live="polite"]').innerText();

describe('ctc collapse', () => {
  it('steps the course’s frames to “the q”, forward and back, by button and keys', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-ctc-collapse');
    assert.equal(await widget.locator('g.frame').count(), 21);
    assert.equal(await stageOut(widget, 0), 'ttt_h_eee___␣___qqq__');
    assert.equal(await widget.locator('[data-stage="1"]').count(), 0);
    await widget.getByRole('button', { name: 'Next stage' }).click();
    await until(async () => assert.equal(await stageOut(widget, 1), 'ttt | _ | h | _ | eee | ___ | ␣ | ___ | qqq | __'));
    await until(async () => assert.equal(await widget.locator('g.run').count(), 10));
    await until(async () => assert.equal(await live(widget), 'Group the runs. 10 runs of one repeated symbol; 6 runs longer than one frame.'));
    await widget.getByRole('group', { name: /arrow keys step/ }).focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await stageOut(widget, 2), 't_h_e_␣_q_'));
    await until(async () => assert.deepEqual(await widget.locator('g.merged text').allTextContents(), ['t', '_', 'h', '_', 'e', '_', '␣', '_', 'q', '_']));
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await stageOut(widget, 3), '“the q”'));
    await until(async () => assert.deepEqual(await outCells(widget), ['t', 'h', 'e', '␣', 'q']));
    await until(async () => assert.equal(await live(widget), 'Drop the blanks. Without the blanks the text is “the q” (5 characters from 21 frames).'));
    await until(() => assert.match(page.url(), /step=3/));
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.equal(await widget.locator('g.out').count(), 0));
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await widget.locator('g.run').count(), 0));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a doubled letter needs a blank: the presets, typing “l_l” and “ll”, clicking a frame', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?step=3`);
    const widget = await hydrated(page, '.dl-ctc-collapse');
    await widget.getByRole('button', { name: 'Double letter with a blank' }).click();
    await widget.getByRole('button', { name: 'Last stage' }).click();
    await until(async () => assert.equal(await stageOut(widget, 3), '“hello”'));
    await widget.getByRole('button', { name: 'Double letter, no blank' }).click();
    await widget.getByRole('button', { name: 'Last stage' }).click();
    await until(async () => assert.equal(await stageOut(widget, 3), '“helo”'));
    // Clicking the 7th frame (an l) makes it a blank: hheell_lloo spells “hello”.
    await widget.locator('g.frame rect').nth(6).click();
    await until(async () => assert.equal(await stageOut(widget, 3), '“hello”'));
    await until(async () => assert.match(await live(widget), /^Frame 7 is now a blank\. Without the blanks the text is “hello”/));
    const box = widget.getByLabel(/One character per frame/);
    for (const [frames, text] of [['l_l', 'll'], ['ll', 'l'], ['aa__a', 'aa']]) {
      await box.fill(frames);
      await widget.getByRole('button', { name: 'Last stage' }).click();
      await until(async () => assert.equal(await stageOut(widget, 3), `“${text}”`));
    }
    await until(() => assert.match(page.url(), /preset=custom&frames=aa__a/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('counts the frame strings that collapse to a word', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, '.dl-ctc-collapse');
    await widget.locator('details.more summary').first().click();
    await until(async () => assert.match(await widget.locator('[data-count]').innerText(), /Of the 81 strings of 4 frames over _ a b, 15 collapse to “ab” \(the forward recursion gives 15 too\)/));
    await widget.getByLabel('Word').fill('aa');
    await until(async () => assert.match(await widget.locator('[data-count]').innerText(), /16 strings of 4 frames over _ a, 5 collapse to “aa”/));
    // Every one keeps a blank between the two a's.
    assert.deepEqual(await widget.getByRole('list', { name: /collapse to aa/ }).locator('li').allTextContents(), ['_a_a', 'a__a', 'a_a_', 'a_aa', 'aa_a']);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('hostile, empty and very long frames give a clear message', async () => {
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?frames=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
    const widget = await hydrated(page, '.dl-ctc-collapse');
    await until(async () => assert.match(await page.locator('.problems').innerText(), /“<”, “=”, “\(”, “1”, “\)”, “>” are not in the alphabet/));
    assert.equal(await page.locator('main img, main [onerror]').count(), 0);
    await widget.getByLabel(/One character per frame/).fill('');
    await until(async () => assert.match(await widget.getByRole('alert').innerText(), /Type some frames to collapse/));
    await widget.getByLabel(/One character per frame/).fill('ab_'.repeat(30));
    await until(async () => assert.match(await page.locator('.problems').innerText(), /90 frames is more than 60; only the first 60 are shown\./));
    await until(async () => assert.equal(await widget.locator('g.frame').count(), 60));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${URL_()}?step=3`);
    const widget = page.locator('.dl-ctc-collapse').first();
    await until(async () => assert.equal(await widget.locator('g.frame').count(), 21));
    await context.close();
  });
});
