// The debiasing projection in a real browser: the three steps by keyboard and pointer, the bias
// direction's bars (the course's cosines with raw vectors), typing words, choosing pairs, the normalise
// switch, bad words as messages, and the no-JS first frame.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hydrated, openPage, startSite, until } from './helpers.mjs';

let ctx;
before(async () => (ctx = await startSite()));
after(async () => ctx?.close());

const URL_ = () => `${ctx.site.url}/embed/debiasing/`;
const SEL = '.dl-debiasing';
/** The value written at the end of `word`'s bar. */
const bar = (widget, word) => widget.locator('.row').filter({ has: widget.page().locator('.word', { hasText: new RegExp(`^${word}$`) }) }).locator('.value').innerText();
const barWords = (widget) => widget.locator('.row .word').allInnerTexts();
const live = (widget) => widget.locator('.live').innerText();
/** The vector table loads after hydration: wait for the bars or the picture. */
const ready = async (widget) => until(async () => assert.ok((await widget.locator('.row, svg.plane').count()) > 0));

describe('debiasing projection', () => {
  it('step 1: bars of cos(e, g); the switch gives the course’s raw-vector cosines; pairs and words change g and the list', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, SEL);
    await ready(widget);
    await until(async () => assert.equal(await bar(widget, 'receptionist'), '+0.254'));
    // Most female first.
    await until(async () => assert.deepEqual(await barWords(widget), ['homemaker', 'nurse', 'receptionist', 'marie', 'programmer', 'engineer', 'john']));
    await widget.getByRole('checkbox', { name: 'Normalise vectors first' }).click();
    await until(async () => assert.equal(await bar(widget, 'receptionist'), '+0.281'));
    assert.equal(await bar(widget, 'nurse'), '+0.328');
    assert.equal(await bar(widget, 'engineer'), '−0.122');
    assert.equal(await bar(widget, 'john'), '−0.226');
    assert.equal(await bar(widget, 'marie'), '+0.244');
    await until(() => assert.match(page.url(), /normalise=false/));

    // The only pair cannot be switched off; a second one makes g a mean.
    assert.equal(await widget.getByRole('checkbox', { name: 'woman − man' }).isDisabled(), true);
    await widget.getByRole('checkbox', { name: 'she − he' }).check();
    await until(async () => assert.match(await widget.locator('.question').innerText(), /g = mean of \(e_woman − e_man\), \(e_she − e_he\)/));
    await until(() => assert.match(page.url(), /pairs=woman-man%2Cshe-he/));
    assert.notEqual(await bar(widget, 'receptionist'), '+0.281');

    // Typing a word adds its bar (Enter submits); the × removes it.
    const add = widget.getByRole('textbox', { name: 'Add a word' });
    await add.fill('Doctor');
    await add.press('Enter');
    await until(async () => assert.ok((await barWords(widget)).includes('doctor')));
    assert.equal(await add.inputValue(), '');
    await widget.getByRole('button', { name: 'Remove doctor' }).click();
    await until(async () => assert.ok(!(await barWords(widget)).includes('doctor')));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('steps by keyboard: arrows move between the tabs; neutralise shows 0.000 after, for a chosen or typed word', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, SEL);
    await ready(widget);
    await widget.getByRole('tab', { name: 'Bias direction' }).focus();
    await page.keyboard.press('ArrowRight');
    await until(async () => assert.equal(await widget.getByRole('tab', { name: 'Neutralise' }).getAttribute('aria-selected'), 'true'));
    assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), '2 Neutralise');
    await until(async () => assert.equal(await live(widget), 'Neutralising receptionist removes its part along g: cos(e, g) goes from 0.254 to 0.000.'));
    assert.match(await widget.locator('.readout').innerText(), /cos\(e, g\)\s*0\.254\s*→\s*becomes\s*0\.000/);
    assert.ok(!/−0\.000|e-1\d/.test(await widget.innerText()), 'no −0.000 or rounding noise on screen');
    await until(() => assert.match(page.url(), /step=neutralise/));

    const box = widget.getByRole('textbox', { name: 'Word to neutralise' });
    await box.fill('nurse');
    await box.press('Enter');
    await until(async () => assert.equal(await live(widget), 'Neutralising nurse removes its part along g: cos(e, g) goes from 0.271 to 0.000.'));
    await widget.getByRole('button', { name: 'engineer' }).click();
    await until(async () => assert.equal(await live(widget), 'Neutralising engineer removes its part along g: cos(e, g) goes from −0.164 to 0.000.'));
    // The bias part of a male-leaning word points left, in the cool colour.
    assert.equal(await widget.locator('svg.plane g.mark.bias.neg').count(), 2);

    await page.keyboard.press('Tab'); // away and back: End goes to the last tab
    await widget.getByRole('tab', { name: 'Neutralise' }).focus();
    await page.keyboard.press('End');
    await until(async () => assert.equal(await widget.getByRole('tab', { name: 'Equalise' }).getAttribute('aria-selected'), 'true'));
    await page.keyboard.press('Home');
    await until(async () => assert.equal(await widget.getByRole('tab', { name: 'Bias direction' }).getAttribute('aria-selected'), 'true'));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('step 3 by pointer: equalising makes the pair equidistant; another pair, typed words, the raw-vector warning', async () => {
    const { page, problems } = await openPage(ctx.browser, URL_());
    const widget = await hydrated(page, SEL);
    await ready(widget);
    await widget.getByRole('tab', { name: 'Equalise' }).click();
    const table = widget.locator('table.numbers');
    await until(async () => assert.match(await table.innerText(), /cos\(e, g\)\s+−0\.077 → −0\.186\s+0\.266 → 0\.186/));
    assert.match(await table.innerText(), /distance to receptionist\s+1\.283 → 1\.257\s+1\.269 → 1\.257/);
    assert.match(await widget.locator('.verdict').innerText(), /^✓ After equalising both are 1\.257 from neutralised receptionist/);
    assert.equal(await widget.locator('.warn').count(), 0);

    await widget.getByRole('combobox', { name: 'Pair' }).selectOption('man-woman');
    await until(async () => assert.match(await live(widget), /^Equalising man and woman: distances to neutralised receptionist go from [\d.]+ and [\d.]+ to ([\d.]+) and \1\.$/));
    await until(() => assert.match(page.url(), /w1=man&w2=woman/));

    const first = widget.getByRole('textbox', { name: 'First word' });
    await first.fill('king');
    await first.press('Enter');
    const second = widget.getByRole('textbox', { name: 'Second word' });
    await second.fill('queen');
    await second.press('Tab');
    const neutral = widget.getByRole('textbox', { name: 'Neutral word' });
    await neutral.fill('babysitter');
    await neutral.press('Enter');
    await until(async () => assert.match(await live(widget), /^Equalising king and queen: distances to neutralised babysitter go from [\d.]+ and [\d.]+ to ([\d.]+) and \1\.$/));

    // Raw vectors: ‖μ⊥‖ > 1, and the widget says what the absolute value hides.
    await widget.getByRole('checkbox', { name: 'Normalise vectors first' }).press('Space');
    await until(async () => assert.match(await widget.locator('.warn').innerText(), /1 − ‖μ⊥‖² = −[\d.]+ is negative/));
    assert.match(await live(widget), /^Equalising king and queen: .* to ([\d.]+) and \1\.$/);
    await widget.locator('details.more summary').click();
    await until(async () => assert.match(await widget.locator('.numbers-list').innerText(), /‖μ⊥‖ = [\d.]+/));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('unknown, repeated and hostile words become messages, shown as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { page, problems } = await openPage(ctx.browser, `${URL_()}?step=equalise&w1=actor&w2=actor&word=${encodeURIComponent(evil)}`);
    const widget = await hydrated(page, SEL);
    const box = page.locator('.problems');
    await until(async () => assert.match(await box.innerText(), /The pair has the same word twice \(actor\); choose two different words\. Using actor and actress\./));
    assert.ok((await box.innerText()).includes('“<img src=x onerror=alert(1)>” is not a single word'));
    assert.equal(await page.locator('main img[src="x"], main [onerror]').count(), 0);
    // The widget still shows the defaults it fell back to.
    await until(async () => assert.match(await live(widget), /^Equalising actor and actress: distances to neutralised receptionist/));

    await widget.getByRole('tab', { name: 'Bias direction' }).click();
    const add = widget.getByRole('textbox', { name: 'Add a word' });
    await add.fill('qwxzv');
    await add.press('Enter');
    await until(async () => assert.match(await box.innerText(), /Add a word: “qwxzv” is not among the 5,061 words/));
    await add.fill('');
    await add.press('Enter');
    await until(async () => assert.match(await box.innerText(), /Add a word: Type a word in the add a word box\./));
    assert.ok(!/NaN|undefined|Infinity/.test(await widget.innerText()));
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('is drawn at build time: the first frame shows the bars without JavaScript', async () => {
    const context = await ctx.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${URL_()}`);
    const widget = page.locator(SEL);
    assert.equal(await bar(widget, 'receptionist'), '+0.254');
    assert.equal(await widget.locator('.row').count(), 7);
    await context.close();
  });
});
