import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { brevityPenalty, closestRefLength, corpusBleu, ngrams, orderCounts, sentenceBleu, tokenize } from '~/compute/bleu';

const split = (s: string) => s.split(' ');
const CAT1 = tokenize('The cat is on the mat');
const CAT2 = tokenize('There is a cat on the mat');

/**
 * BLEU written here a second time, straight from the paper's definitions, on strings joined by spaces:
 * no shared helpers, no maps of records, sorted-free counting by brute force.
 */
function naiveBleu(cand: string[], refs: string[][], N = 4): { p: [number, number][]; c: number; r: number; bleu: number } {
  const grams = (t: string[], n: number) => t.slice(0, Math.max(0, t.length - n + 1)).map((_, i) => t.slice(i, i + n).join(' '));
  const p: [number, number][] = [];
  for (let n = 1; n <= N; n++) {
    const cg = grams(cand, n);
    let clip = 0;
    for (const g of new Set(cg)) {
      const count = cg.filter((x) => x === g).length;
      const best = Math.max(...refs.map((r) => grams(r, n).filter((x) => x === g).length));
      clip += Math.min(count, best);
    }
    p.push([clip, cg.length]);
  }
  const c = cand.length;
  let r = refs[0]!.length;
  for (const ref of refs) if (Math.abs(ref.length - c) < Math.abs(r - c) || (Math.abs(ref.length - c) === Math.abs(r - c) && ref.length < r)) r = ref.length;
  const bp = c > r ? 1 : c === 0 ? 0 : Math.exp(1 - r / c);
  const logs = p.map(([a, b]) => (b === 0 || a === 0 ? -Infinity : Math.log(a / b)));
  return { p, c, r, bleu: bp * Math.exp(logs.reduce((s, x) => s + x / N, 0)) };
}

describe('tokenize', () => {
  it('splits on whitespace, punctuation is its own token, lowercases by default', () => {
    expect(tokenize('The cat is on the mat.')).toEqual(['the', 'cat', 'is', 'on', 'the', 'mat', '.']);
    expect(tokenize("Don't stop,now!", { lowercase: false })).toEqual(['Don', "'", 't', 'stop', ',', 'now', '!']);
    expect(tokenize('  \n\t ')).toEqual([]);
    expect(tokenize('Café 42 — naïve')).toEqual(['café', '42', '—', 'naïve']);
    expect(tokenize('<img src=x onerror="alert(1)">')).toEqual(['<', 'img', 'src', '=', 'x', 'onerror', '=', '"', 'alert', '(', '1', ')', '"', '>']);
  });
});

describe('the course’s examples, by hand', () => {
  it('“the the the the the the the”: Count(the) = 7, clipped at 2 (reference 1 has it twice), p₁ = 2/7', () => {
    const s = sentenceBleu(tokenize('the the the the the the the'), [CAT1, CAT2]);
    expect(s.orders[0]!.grams).toEqual([{ gram: ['the'], count: 7, refCounts: [2, 1], maxRef: 2, clipped: 2 }]);
    expect(s.precisions[0]).toMatchObject({ clipped: 2, total: 7, p: 2 / 7 });
    expect(s.orders[0]!.credit).toEqual(['credited', 'credited', 'clipped', 'clipped', 'clipped', 'clipped', 'clipped']);
    expect(s.precisions[1]).toMatchObject({ clipped: 0, total: 6, p: 0 });
    expect(s.c).toBe(7);
    expect(s.r).toBe(7); // closest reference: “There is a cat on the mat”
    expect(s.bp).toBe(1);
    expect(s.score).toBe(0);
  });

  it('“The cat the cat on the mat”: bigrams clip to 4 of 6 (the cat 2→1, cat the 1→0, cat on, on the, the mat 1→1)', () => {
    const s = sentenceBleu(tokenize('The cat the cat on the mat'), [CAT1, CAT2]);
    const table = s.orders[1]!.grams.map((g) => [g.gram.join(' '), g.count, g.clipped]);
    expect(table).toEqual([['the cat', 2, 1], ['cat the', 1, 0], ['cat on', 1, 1], ['on the', 1, 1], ['the mat', 1, 1]]);
    expect(s.precisions[1]).toMatchObject({ clipped: 4, total: 6 });
    expect(s.precisions[0]).toMatchObject({ clipped: 5, total: 7 }); // the 3→2, cat 2→1, on, mat
    expect(s.precisions[2]).toMatchObject({ clipped: 2, total: 5 }); // cat on the, on the mat
    expect(s.precisions[3]).toMatchObject({ clipped: 1, total: 4 }); // cat on the mat
    expect(s.c).toBe(7);
    expect(s.r).toBe(7);
    expect(s.score).toBeCloseTo(Math.exp((Math.log(5 / 7) + Math.log(4 / 6) + Math.log(2 / 5) + Math.log(1 / 4)) / 4), 12);
    expect(s.score).toBeCloseTo(0.4671, 4);
  });

  it('brevity penalty: a short exact fragment gets p_n = 1 but BP = exp(1 − 6/4)', () => {
    const s = sentenceBleu(tokenize('the cat is on'), [CAT1, CAT2]);
    expect(s.precisions.map((q) => q.p)).toEqual([1, 1, 1, 1]);
    expect(s.c).toBe(4);
    expect(s.r).toBe(6);
    expect(s.bp).toBeCloseTo(Math.exp(-0.5), 15);
    expect(s.score).toBeCloseTo(0.6065, 4);
  });
});

describe('NLTK’s published doctest values (nltk/translate/bleu_score.py)', () => {
  const hyp1 = split('It is a guide to action which ensures that the military always obeys the commands of the party');
  const hyp2 = split('It is to insure the troops forever hearing the activity guidebook that party direct');
  const ref1 = split('It is a guide to action that ensures that the military will forever heed Party commands');
  const ref2 = split('It is the guiding principle which guarantees the military forces always being under the command of the Party');
  const ref3 = split('It is the practical guide for the army always to heed the directions of the party');
  const refs = [ref1, ref2, ref3];

  it('modified precisions 0.9444…, 0.5714…, 0.5882352941176471, 0.07692…; “of the” gets 1 and 1', () => {
    const p = (h: string[], n: number) => sentenceBleu(h, refs).precisions[n - 1]!.p!;
    expect(p(hyp1, 1)).toBeCloseTo(0.9444444, 6);
    expect(p(hyp2, 1)).toBeCloseTo(0.5714286, 6);
    expect(p(hyp1, 2)).toBe(0.5882352941176471);
    expect(p(hyp2, 2)).toBeCloseTo(0.0769231, 6);
    expect(sentenceBleu(split('of the'), refs, { maxOrder: 2 }).precisions.map((q) => q.p)).toEqual([1, 1]);
  });

  it('sentence BLEU 0.5045… and 0.3969…; corpus 0.5920… against a mean of sentence scores 0.6223…', () => {
    // The doctests print the leading digits and an ellipsis: compare the truncated value.
    const digits = (x: number) => Math.trunc(x * 1e4);
    expect(digits(sentenceBleu(hyp1, refs).score)).toBe(5045);
    // hyp2 shares no 3-gram or 4-gram with any reference, so Papineni's BLEU is 0. The same doctest prints
    // 0.3969…: that NLTK version silently left out the orders with p_n = 0, i.e. BP·exp(¼(log 8/14 + log 1/13)).
    // Current NLTK returns 0 (with a warning) as we do.
    const s2 = sentenceBleu(hyp2, refs);
    expect(s2.precisions.map((q) => [q.clipped, q.total])).toEqual([[8, 14], [1, 13], [0, 12], [0, 11]]);
    expect(s2.score).toBe(0);
    expect(digits(s2.bp * Math.exp((Math.log(8 / 14) + Math.log(1 / 13)) / 4))).toBe(3969);
    const h2 = split('he read the book because he was interested in world history');
    const r2 = split('he was interested in world history because he read the book');
    const corpus = corpusBleu([{ candidate: hyp1, references: refs }, { candidate: h2, references: [r2] }]);
    expect(digits(corpus.score)).toBe(5920);
    const mean = (sentenceBleu(hyp1, refs).score + sentenceBleu(h2, [r2]).score) / 2;
    expect(digits(mean)).toBe(6223);
  });

  it('brevity penalties: 12 vs 28 → 0.2635971381157267; 12 vs {13, 2} → 0.9200…; a tie 11/13 takes 11', () => {
    expect(brevityPenalty(12, closestRefLength(12, [28, 28]))).toBeCloseTo(0.2635971381157267, 15);
    expect(brevityPenalty(12, closestRefLength(12, [13, 2]))).toBeCloseTo(0.92, 4);
    expect(closestRefLength(12, [13, 11])).toBe(11);
    expect(closestRefLength(12, [11, 13])).toBe(11);
    expect(brevityPenalty(12, closestRefLength(12, [12, 15, 17]))).toBe(1);
  });
});

describe('against the naive reference', () => {
  const word = fc.constantFrom('a', 'b', 'c', 'the', 'cat');
  const sentence = fc.array(word, { minLength: 0, maxLength: 12 });
  it('every count, c, r and the score agree on random sentences', () => {
    fc.assert(
      fc.property(sentence, fc.array(sentence, { minLength: 1, maxLength: 4 }), (cand, refs) => {
        const ours = sentenceBleu(cand, refs);
        const theirs = naiveBleu(cand, refs);
        expect(ours.precisions.map((q) => [q.clipped, q.total])).toEqual(theirs.p);
        expect([ours.c, ours.r]).toEqual([theirs.c, theirs.r]);
        expect(ours.score).toBeCloseTo(theirs.bleu, 12);
      }),
      { numRuns: 400 },
    );
  });
});

describe('properties', () => {
  const word = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
  const sentence = (min = 0) => fc.array(word, { minLength: min, maxLength: 14 });

  it('a candidate equal to one of its references (length ≥ 4) scores exactly 1', () => {
    fc.assert(fc.property(sentence(4), fc.array(sentence(), { maxLength: 3 }), (ref, others) => {
      expect(sentenceBleu(ref, [...others, ref]).score).toBe(1);
    }));
  });

  it('no shared 4-gram: 0 without smoothing; add-one lifts it above 0 if a word is shared', () => {
    expect(sentenceBleu(split('a b c d e'), [split('a b c x d e')]).score).toBe(0);
    const smooth = sentenceBleu(split('a b c d e'), [split('a b c x d e')], { smoothing: 'add-one' });
    expect(smooth.precisions.map((q) => [q.usedClipped, q.usedTotal])).toEqual([[5, 5], [4, 5], [2, 4], [1, 3]]);
    expect(smooth.score).toBeGreaterThan(0);
    fc.assert(fc.property(sentence(), fc.array(sentence(), { minLength: 1, maxLength: 3 }), (cand, refs) => {
      const s = sentenceBleu(cand, refs);
      if (s.orders[3]!.clipped === 0) expect(s.score).toBe(0);
    }));
  });

  it('BLEU lies in [0, 1], smoothed or not; clipped ≤ count for every n-gram', () => {
    fc.assert(fc.property(sentence(), fc.array(sentence(), { minLength: 1, maxLength: 4 }), fc.constantFrom('none', 'add-one'), (cand, refs, smoothing) => {
      const s = sentenceBleu(cand, refs, { smoothing: smoothing as 'none' | 'add-one' });
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(1);
      for (const o of s.orders) {
        for (const g of o.grams) expect(g.clipped).toBeLessThanOrEqual(g.count);
        expect(o.clipped).toBeLessThanOrEqual(o.total);
        expect(o.credit.filter((k) => k === 'credited').length).toBe(o.clipped);
      }
    }));
  });

  it('word order within the reference does not matter for p₁; the references’ order does not matter at all', () => {
    fc.assert(fc.property(sentence(), fc.array(sentence(), { minLength: 2, maxLength: 4 }), (cand, refs) => {
      expect(sentenceBleu(cand, refs).score).toBe(sentenceBleu(cand, [...refs].reverse()).score);
      expect(sentenceBleu(cand, refs).precisions[0]!.clipped).toBe(sentenceBleu(cand, refs.map((r) => [...r].reverse())).precisions[0]!.clipped);
    }));
  });

  it('corpus BLEU sums counts; it is not the mean of sentence scores', () => {
    const pairs = [
      { candidate: split('the cat is on the mat'), references: [split('the cat is on the mat')] },
      { candidate: split('a dog sat'), references: [split('a dog sat on the rug today')] },
    ];
    const corpus = corpusBleu(pairs);
    const s = pairs.map((p) => sentenceBleu(p.candidate, p.references));
    expect(s[0]!.score).toBe(1);
    expect(s[1]!.score).toBe(0); // a 3-word candidate has no 4-gram: p₄ = 0/0
    expect(corpus.precisions.map((q) => [q.clipped, q.total])).toEqual([[9, 9], [7, 7], [5, 5], [3, 3]]);
    expect([corpus.c, corpus.r]).toEqual([9, 13]);
    expect(corpus.score).toBeCloseTo(Math.exp(1 - 13 / 9), 15);
    expect(corpus.score).not.toBeCloseTo((s[0]!.score + s[1]!.score) / 2, 3);
    fc.assert(fc.property(fc.array(fc.tuple(sentence(1), fc.array(sentence(1), { minLength: 1, maxLength: 2 })), { minLength: 1, maxLength: 4 }), (ps) => {
      const c = corpusBleu(ps.map(([candidate, references]) => ({ candidate, references })));
      for (let n = 0; n < 4; n++) expect(c.precisions[n]!.total).toBe(ps.reduce((t, [cand]) => t + ngrams(cand, n + 1).length, 0));
    }));
  });
});

describe('edges and errors', () => {
  it('an empty candidate: c = 0, BP = 0, every p_n is 0/0, score 0', () => {
    const s = sentenceBleu([], [CAT1]);
    expect(s.bp).toBe(0);
    expect(s.precisions.every((q) => q.p === null && q.total === 0)).toBe(true);
    expect(s.score).toBe(0);
  });

  it('a 3-word candidate has p₄ = 0/0, which add-one smoothing makes 1/1', () => {
    const s = sentenceBleu(split('the cat sat'), [split('the cat sat')], { smoothing: 'add-one' });
    expect(s.precisions[3]).toMatchObject({ total: 0, usedTotal: 1, p: 1 });
    expect(sentenceBleu(split('the cat sat'), [split('the cat sat')]).score).toBe(0);
  });

  it('orderCounts keeps per-reference counts', () => {
    expect(orderCounts(split('a a b'), [split('a b'), split('a a a')], 1).grams).toEqual([
      { gram: ['a'], count: 2, refCounts: [1, 3], maxRef: 3, clipped: 2 },
      { gram: ['b'], count: 1, refCounts: [1, 0], maxRef: 1, clipped: 1 },
    ]);
  });

  it('refuses no references and a silly order', () => {
    expect(() => sentenceBleu(['a'], [])).toThrow(ComputeInputError);
    expect(() => sentenceBleu(['a'], [['a']], { maxOrder: 0 })).toThrow(/maxOrder/);
    expect(() => corpusBleu([])).toThrow(/at least one sentence/);
  });
});
