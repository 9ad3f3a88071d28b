// The convolution stepper in a real browser: values, clicks, keys, predict mode, tfjs laziness.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, isTfjs, openPage, startSite } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const outputTexts = (root) => root.locator('svg[aria-label^="Output"] text').allTextContents();

describe('conv stepper', () => {
  it('shows the course’s 4×4 output (rows 0 30 30 0) for the 6×6 edge preset, by click and by key', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    assert.deepEqual(await outputTexts(widget), ['0']);
    await widget.getByRole('button', { name: 'Next output position' }).click();
    assert.deepEqual(await outputTexts(widget), ['0', '30']);
    assert.match(await widget.locator('[aria-live="polite"].sr-only').innerText(), /^Output row 1, column 2: 10·1 \+ .* = 30\.$/);

    const stage = widget.getByRole('group', { name: /arrow keys step/ });
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await outputTexts(widget), ['0', '30', '30']);
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await outputTexts(widget), ['0', '30']);
    await page.keyboard.press('End');
    assert.deepEqual(await outputTexts(widget), Array.from({ length: 4 }, () => ['0', '30', '30', '0']).flat());
    assert.match(await widget.getByText(/Output position \d+ of 16/).innerText(), /16 of 16/);
    assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2d \((webgl|cpu)\) gives the same 16 values/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('updates the output-size formula and the URL when padding and stride change', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.getByLabel('p = 0').fill('1');
    assert.match(await widget.locator('.formula').innerText(), /⌊\(6 \+ 2·1 − 3\) \/ 1⌋ \+ 1 = 6/);
    await widget.getByLabel('s = 1').fill('2');
    assert.match(await widget.locator('.formula').innerText(), /⌊\(6 \+ 2·1 − 3\) \/ 2⌋ \+ 1 = 3/);
    assert.match(page.url(), /padding=1&stride=2/);
    await page.close();
  });

  it('predict mode asks first, then judges the answer', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?predict`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.getByRole('button', { name: 'Next output position' }).click();
    assert.deepEqual(await outputTexts(widget), ['0', '?']);
    const hidden = widget.locator('svg[aria-label^="Output"] g', { hasText: '?' });
    assert.equal(await hidden.evaluate((g) => g.style.getPropertyValue('--mix')), '0%', 'the hidden cell’s colour gives its value away');
    await widget.getByText('Numbers as a table').click();
    assert.equal(await widget.getByRole('row', { name: /^Sum/ }).getByRole('cell').innerText(), '?', 'the table gives the sum away');
    await widget.getByLabel(/Your prediction/).fill('20');
    await widget.getByRole('button', { name: 'Check' }).click();
    assert.match(await widget.locator('.verdict').innerText(), /Not quite: you said 20, the value is 30\. 0 of 1 right so far\./);
    assert.deepEqual(await outputTexts(widget), ['0', '30']);
    await widget.getByRole('button', { name: 'Next output position' }).click();
    await widget.getByLabel(/Your prediction/).fill('30');
    await widget.getByRole('button', { name: 'Check' }).click();
    assert.match(await widget.locator('.verdict').innerText(), /Right: 30\. 1 of 2 right so far\./);
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('RGB mode sums three channels', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?channels=3&step=1`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    assert.equal(await widget.locator('svg[aria-label^="Input"]').count(), 3);
    assert.match(await widget.locator('.arith').innerText(), /red: .* = 30\n+green: .* = 18\n+blue: .* = 0\n+out\(1, 2\) = 30 \+ 18 \+ 0 = 48$/);
    assert.deepEqual(await outputTexts(widget), ['0', '48']);
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}/cnn/week-1/`);
    const widget = page.locator('.dl-conv-stepper').first();
    assert.equal(await widget.locator('svg[aria-label^="Input"] text').count(), 36);
    assert.deepEqual(await outputTexts(widget), ['0']);
    assert.match(await widget.locator('.formula').textContent(), /= 4\s*$/);
    await context.close();
  });

  it('honours reduced motion: the window jumps instead of sliding', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`, { reducedMotion: 'reduce' });
    const widget = await hydrated(page, '.dl-conv-stepper');
    const duration = await widget.locator('rect.window').first().evaluate((el) => getComputedStyle(el).transitionDuration);
    assert.equal(duration, '0s');
    await page.close();
  });

  it('the chapter requests no tfjs until a stepper comes into view', async () => {
    const { page, problems, requests } = await openPage(ctx.browser, `${ctx.site.url}/cnn/week-1/`);
    await page.waitForTimeout(500);
    assert.deepEqual(requests.filter(isTfjs), [], 'tfjs was requested before any widget was near the viewport');
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    assert.equal(requests.filter(isTfjs).length, 1, 'tfjs should load once, as one chunk');
    assert.deepEqual(problems, []);
    await page.close();
  });
});
