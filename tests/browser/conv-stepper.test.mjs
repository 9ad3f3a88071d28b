// The convolution stepper in a real browser: values, clicks, keys, predict mode, tfjs laziness.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, isTfjs, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const outputTexts = (root) => root.locator('svg[aria-label^="Output"] text').allTextContents();

describe('conv stepper', () => {
  it('shows the course’s 4×4 output (rows 0 30 30 0) for the 6×6 edge preset, by click and by key', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0']));
    await widget.getByRole('button', { name: 'Next output position' }).click();
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '30']));
    await until(async () => assert.match(await widget.locator('[aria-live="polite"].sr-only').innerText(), /^Output row 1, column 2: 10·1 \+ .* = 30\.$/));

    const stage = widget.getByRole('group', { name: /arrow keys step/ });
    await stage.focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '30', '30']));
    await page.keyboard.press('ArrowLeft');
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '30']));
    await page.keyboard.press('End');
    await until(async () => assert.deepEqual(await outputTexts(widget), Array.from({ length: 4 }, () => ['0', '30', '30', '0']).flat()));
    await until(async () => assert.match(await widget.getByText(/Output position \d+ of 16/).innerText(), /16 of 16/));
    await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2d \((webgl|cpu)\) gives the same 16 values/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('updates the output-size formula and the URL when padding and stride change', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.getByLabel('p = 0').fill('1');
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /⌊\(6 \+ 2·1 − 3\) \/ 1⌋ \+ 1 = 6/));
    await widget.getByLabel('s = 1').fill('2');
    await until(async () => assert.match(await widget.locator('.formula').innerText(), /⌊\(6 \+ 2·1 − 3\) \/ 2⌋ \+ 1 = 3/));
    await until(() => assert.match(page.url(), /padding=1&stride=2/));
    await page.close();
  });

  it('predict mode asks first, then judges the answer', async () => {
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?predict`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.getByRole('button', { name: 'Next output position' }).click();
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '?']));
    const hidden = widget.locator('svg[aria-label^="Output"] g', { hasText: '?' });
    await until(async () => assert.equal(await hidden.evaluate((g) => g.style.getPropertyValue('--mix')), '0%', 'the hidden cell’s colour gives its value away'));
    await widget.getByText('Numbers as a table').click();
    await until(async () => assert.equal(await widget.getByRole('row', { name: /^Sum/ }).getByRole('cell').innerText(), '?', 'the table gives the sum away'));
    await widget.getByLabel(/Your prediction/).fill('20');
    await widget.getByRole('button', { name: 'Check' }).click();
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /Not quite: you said 20, the value is 30\. 0 of 1 right so far\./));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '30']));
    await widget.getByRole('button', { name: 'Next output position' }).click();
    await widget.getByLabel(/Your prediction/).fill('30');
    await widget.getByRole('button', { name: 'Check' }).click();
    await until(async () => assert.match(await widget.locator('.verdict').innerText(), /Right: 30\. 1 of 2 right so far\./));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('RGB mode sums three channels', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?channels=3&step=1`);
    const widget = await hydrated(page, '.dl-conv-stepper');
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Input"]').count(), 3));
    await until(async () => assert.match(await widget.locator('.arith').innerText(), /red: .* = 30\n+green: .* = 18\n+blue: .* = 0\n+out\(1, 2\) = 30 \+ 18 \+ 0 = 48$/));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0', '48']));
    await page.close();
  });

  it('is drawn at build time: the first frame shows without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${ctx.site.url}/cnn/week-1/`);
    const widget = page.locator('.dl-conv-stepper').first();
    await until(async () => assert.equal(await widget.locator('svg[aria-label^="Input"] text').count(), 36));
    await until(async () => assert.deepEqual(await outputTexts(widget), ['0']));
    await until(async () => assert.match(await widget.locator('.formula').textContent(), /= 4\s*$/));
    await context.close();
  });

  it('honours reduced motion: the window jumps instead of sliding', async () => {
    const { page } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/`, { reducedMotion: 'reduce' });
    const widget = await hydrated(page, '.dl-conv-stepper');
    const duration = await widget.locator('rect.window').first().evaluate((el) => getComputedStyle(el).transitionDuration);
    assert.equal(duration, '0s');
    await page.close();
  });

  it('the chapter requests no tfjs until a stepper is within a screen of the viewport', async () => {
    const { page, problems, requests } = await openPage(ctx.browser, `${ctx.site.url}/cnn/week-1/`);
    await page.waitForTimeout(500);
    assert.deepEqual(requests.filter(isTfjs), [], 'tfjs was requested before any widget was near the viewport');
    const widget = await hydrated(page, '.dl-conv-stepper');
    await widget.locator('.tfcheck[data-state="ok"]').waitFor();
    assert.equal(requests.filter(isTfjs).length, 1, 'tfjs should load once, as one chunk');
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('explains each bad setting: clamped, ignored or refused', async () => {
    const evil = encodeURIComponent('<img src=x onerror="alert(1)">');
    const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?filter=${evil}&padding=999&stride=abc&cells=1,2;3`);
    const box = page.locator('.problems');
    await until(async () => assert.match(await box.innerText(), /Input cells \(cells\) “1,2;3” has rows of different lengths/));
    const text = await box.innerText();
    assert.match(text, /Filter \(filter\) must be one of .*“<img src=x onerror="aler…” was ignored\./);
    assert.match(text, /Padding p \(padding\) must be from 0 to 3; “999” became 3\./);
    assert.match(text, /Stride s \(stride\) “abc” is not a number; using 1\./);
    assert.deepEqual(problems, []);
    await page.close();
  });

  for (const [weights, padding, shape] of [['1,0,-1;1,0,-1', 1, '7×6'], ['1;2;3', 2, '8×10']]) {
    it(`a non-square filter (${weights}, padding ${padding}) agrees with tf.conv2d`, async () => {
      const { page, problems } = await openPage(ctx.browser, `${ctx.site.url}/embed/conv-stepper/?weights=${weights}&padding=${padding}`);
      const widget = await hydrated(page, '.dl-conv-stepper');
      await until(async () => assert.match(await widget.locator('.tfcheck').innerText(), /✓ tf\.conv2d \((webgl|cpu)\) gives the same \d+ values/));
      assert.match(await widget.getByText(/Output position \d+ of \d+/).innerText(), new RegExp(`of ${shape.split('×').reduce((a, b) => a * b)}`));
      assert.deepEqual(problems, []);
      await page.close();
    });
  }
});
