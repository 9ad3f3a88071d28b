import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/widgets/params';
import {
  bpText, chipsOf, choose, describe as describeScore, edit, evaluate, MAX_TOKENS, precisionRows, referenceMarks, schema, scoreFormula, textsOf, type Params,
} from '~/widgets/bleu-calculator/model';

const params = (search = ''): Params => parseQuery(schema, search).values;
const scored = (search = '') => {
  const o = evaluate(params(search));
  if (!o.ok) throw new Error(o.message);
  return o;
};

describe('bleu-calculator model', () => {
  it('opens on the course’s “the the the …”: p₁ = 2/7, the first two “the” earn credit, BLEU 0', () => {
    const { bleu } = scored();
    expect(precisionRows(bleu).map((r) => [r.name, r.fraction, r.value])).toEqual([['p₁', '2/7', '0.286'], ['p₂', '0/6', '0'], ['p₃', '0/5', '0'], ['p₄', '0/4', '0']]);
    expect(chipsOf(bleu, 1).map((c) => c.credit)).toEqual(['credited', 'credited', 'clipped', 'clipped', 'clipped', 'clipped', 'clipped']);
    expect(bpText(bleu)).toBe('c = 7 ≤ r = 7, so BP = exp(1 − 7/7) = 1');
    expect(scoreFormula(bleu)).toBe('BLEU = BP · exp(¼ Σ log pₙ): p₂ = 0/6 = 0 and log 0 = −∞, so BLEU = 0');
    expect(describeScore(bleu)).toBe('BLEU 0: p1 2/7, p2 0/6, p3 0/5, p4 0/4; brevity penalty 1 (c = 7, r = 7).');
    expect(describeScore(bleu, true)).toMatch(/^BLEU 0: p₁ 2\/7, p₂ 0\/6/);
  });

  it('“The cat the cat on the mat”: bigrams 4/6 with “cat the” unmatched and the second “the cat” clipped; the formula filled in', () => {
    const { bleu } = scored('preset=cat-the-cat');
    expect(chipsOf(bleu, 2).map((c) => `${c.text}:${c.credit}`)).toEqual(['the cat:credited', 'cat the:unmatched', 'the cat:clipped', 'cat on:credited', 'on the:credited', 'the mat:credited']);
    expect(precisionRows(bleu).map((r) => r.fraction)).toEqual(['5/7', '4/6', '2/5', '1/4']);
    expect(scoreFormula(bleu)).toBe('BLEU = BP · exp(¼ Σ log pₙ) = 1 · exp(¼ (−0.336 − 0.405 − 0.916 − 1.386)) = 1 · 0.4671 = 0.4671');
  });

  it('the short preset is caught by the brevity penalty; the perfect one scores 1', () => {
    const short = scored('preset=short').bleu;
    expect(short.precisions.map((q) => q.p)).toEqual([1, 1, 1, 1]);
    expect(bpText(short)).toBe('c = 4 ≤ r = 6, so BP = exp(1 − 6/4) = 0.6065');
    expect(scoreFormula(short)).toMatch(/= 0\.6065 · 1 = 0\.6065$/);
    expect(scored('preset=perfect').bleu.score).toBe(1);
    expect(bpText(scored('preset=perfect').bleu)).toBe('c = 7 ≤ r = 7, so BP = exp(1 − 7/7) = 1');
  });

  it('marks the reference words inside matched n-grams', () => {
    const o = scored('preset=cat-the-cat');
    expect(referenceMarks(o.bleu, o.refs[0]!.tokens, 4)).toEqual([false, false, false, false, false, false]);
    expect(referenceMarks(o.bleu, o.refs[1]!.tokens, 4)).toEqual([false, false, false, true, true, true, true]);
  });

  it('texts given override the preset; the first edit writes the preset’s texts out as custom', () => {
    expect(textsOf(params('candidate=a+cat')).candidate).toBe('a cat');
    expect(textsOf(params('candidate=a+cat')).refs[0]).toBe('The cat is on the mat');
    const edited = edit(params('preset=cat-the-cat'), 'ref3', 'the cat sat');
    expect(edited).toMatchObject({ preset: 'custom', candidate: 'The cat the cat on the mat', ref1: 'The cat is on the mat', ref2: 'There is a cat on the mat', ref3: 'the cat sat', ref4: '' });
    expect(choose(edited, 'short')).toMatchObject({ preset: 'short', candidate: '', ref3: '' });
    expect(textsOf(params('preset=custom&ref1=x')).candidate).toBe('');
  });

  it('empty candidate or references give a sentence, not a score', () => {
    expect(evaluate(params('preset=custom&ref1=the+cat'))).toMatchObject({ ok: false, message: expect.stringMatching(/candidate .* empty/) });
    expect(evaluate(params('preset=custom&candidate=the+cat'))).toMatchObject({ ok: false, message: expect.stringMatching(/at least one reference/) });
    expect(evaluate(params('candidate=%20%20&preset=custom&ref1=x'))).toMatchObject({ ok: false });
  });

  it('long texts are cut at MAX_TOKENS with a message; case and smoothing switches apply', () => {
    const long = Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ');
    const o = scored(`candidate=${long}`);
    expect(o.bleu.c).toBe(MAX_TOKENS);
    expect(o.problems).toEqual([`The candidate has 60 tokens; only the first ${MAX_TOKENS} are scored.`]);
    expect(scored('lowercase=false').bleu.precisions[0]!.clipped).toBe(1); // case-sensitive: each reference has one lowercase “the”
    expect(scored('preset=cat-the-cat&lowercase=false').bleu.precisions[0]!.clipped).toBe(5);
    const smooth = scored('smoothing=add-one').bleu;
    expect(precisionRows(smooth).map((r) => r.used)).toEqual([null, '1/7', '1/6', '1/5']);
    expect(smooth.score).toBeGreaterThan(0);
  });

  it('hostile text is only text: tokens, never markup', () => {
    const o = scored(`candidate=${encodeURIComponent('<img src=x onerror="alert(1)">')}`);
    expect(o.bleu.candidate.slice(0, 3)).toEqual(['<', 'img', 'src']);
    expect(parseQuery(schema, `ref1=${'x'.repeat(400)}`).problems[0]).toMatch(/longer than 300 characters/);
  });
});

describe('linked view', () => {
  it('pointing at one n-gram marks only its occurrences', () => {
    const o = scored('preset=cat-the-cat');
    expect(referenceMarks(o.bleu, o.refs[0]!.tokens, 2, ['the', 'mat'])).toEqual([false, false, false, false, true, true]);
    expect(referenceMarks(o.bleu, o.refs[0]!.tokens, 2, ['cat', 'the'])).toEqual([false, false, false, false, false, false]);
  });
});
