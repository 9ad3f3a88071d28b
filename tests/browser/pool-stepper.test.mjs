// The pooling stepper in a real browser: values, clicks, keys, average mode, predict mode, the tfjs check.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const outputTexts = (root) => root.locator('svg[aria-label^="Output"] text').allTextContents();
const live = (root) => root.locator('[aria-live="polite"].sr-only').innerText();

describe('pool stepper', () => {
  it('max-pools the 4×4 example to 9 2 6 3, by click and by key', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/pool-stepper/`);
    const widget = await hydrated(page, '.dl-pool-stepper');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9']));
    await until(async () => assert.match(await widget.locator('.arith').innerText(), /out\(1, 1\) = max\(1, 3, 2, 9\) = 9/));
    await until(async () => assert.equal(await widget.locator('circle.marked').count(), 1, 'the winning cell is marked'));
    await widget.getByRole('button', { name: 'Next output value' }).click();
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '2']));
    await until(async () => assert.equal(await live(widget), 'Output row 1, column 2: max(2, 1, 1, 1) = 2, from input row 1, column 3.'));

    const stage = widget.getByRole('group', { name: /arrow keys step/ });
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '2', '6']));
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '2']));
    await page.keyboard.press('End');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '2', '6', '3']));
    await until(async () => assert.match(await widget.getByText(/Output value \d+ of 4/).innerText(), /4 of 4/));
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /⌊\(4 − 2\) \/ 2⌋ \+ 1 = 2; the volume goes 4×4×1 → 2×2×1/));
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.maxPool \((webgl|cpu)\) gives the same 4 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('average pooling from the query string, and controls that update the formula and the URL', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/pool-stepper/?mode=avg&step=3`);
    const widget = await hydrated(page, '.dl-pool-stepper');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['3.75', '1.25', '3.75', '2']));
    await until(async () => assert.match(await widget.locator('.arith').innerText(), /out\(2, 2\) = \(2 \+ 3 \+ 1 \+ 2\) \/ 4 = 2/));
    await until(async () => assert.equal(await widget.locator('circle.marked').count(), 0));
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.avgPool \((webgl|cpu)\) gives the same 4 values/));
    await widget.getByLabel('f = 2').fill('3');
    await widget.getByLabel('s = 2').fill('1');
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /⌊\(4 − 3\) \/ 1⌋ \+ 1 = 2/));
    await until(() => assert.match(page.url(), /mode=avg&f=3&stride=1/));
    await widget.getByLabel('Channels').selectOption('2');
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Input"]').count(), 2));
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /4×4×2 → 2×2×2/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('predict mode asks first, then judges the answer', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/pool-stepper/?predict`);
    const widget = await hydrated(page, '.dl-pool-stepper');
    await widget.getByRole('button', { name: 'Next output value' }).click();
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '?']));
    await until(async () => assert.equal(await widget.locator('circle.marked').count(), 0, 'the marked maximum gives the answer away'));
    await widget.getByLabel(/Your prediction/).fill('1');
    await widget.getByRole('button', { name: 'Check' }).click();
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /Not quite: you said 1, the value is 2\. 0 of 1 right so far\./));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9', '2']));
    await widget.getByRole('button', { name: 'Next output value' }).click();
    await widget.getByLabel(/Your prediction/).fill('6');
    await widget.getByRole('button', { name: 'Check' }).click();
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /Right: 6\. 1 of 2 right so far\./));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('a window larger than the input shows a message, not a crash', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/pool-stepper/?cells=1,2;3,4&f=3`);
    await page.locator('astro-island:not([ssr])').waitFor();
    await until(async () => assert.match(await page.getByRole('alert').innerText(), /Pool window 3×3 does not fit a 2×2 input\. Use a smaller window f/));
    await page.getByLabel('f = 3').fill('2');
    await until(async () => assert.deepEqual(await outputTexts(page.locator('.dl-pool-stepper')), ['4']));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('honours reduced motion: the window jumps instead of sliding', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/pool-stepper/`, { reducedMotion: 'reduce' });
    const widget = await hydrated(page, '.dl-pool-stepper');
    await until(async () => assert.equal(await widget.locator('rect.window').first().evaluate((el) => getComputedStyle(el).transitionDuration), '0s'));
    await page.close();
  });

  it('the custom element bundle defines <dl-pool-stepper> and reads its attributes', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/widgets/`);
    await page.evaluate(async () => {
      await import('/widgets/pool-stepper.js');
      const el = document.createElement('dl-pool-stepper');
      el.setAttribute('mode', 'avg');
      el.setAttribute('step', '3');
      document.querySelector('main').append(el);
    });
    const widget = page.locator('dl-pool-stepper .dl-pool-stepper');
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    await until(async () => assert.deepEqual(await outputTexts(widget), ['3.75', '1.25', '3.75', '2']));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time in the chapter: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}/cnn/week-1/`);
    const widget = page.locator('.dl-pool-stepper');
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Input"] text').count(), 16));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['9']));
    await context.close();
  });
});
