import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '~/compute/attention';
import { ComputeInputError } from '~/compute/errors';
import { sigmoid } from '~/compute/rnn-cells';
import {
  lookup, lookupCosts, lookupTf, negativeSamplingLoss, negLogSigmoid, oneHot, oneHotProduct, sampleWords, samplingDistribution,
  skipGramSoftmax, softmaxLoss, trainingPairCosts,
} from '~/compute/word2vec';

// ---- Naive references, written separately from src/compute/word2vec.ts ----

/** E·x by the textbook row-times-column rule, E given as nested rows. */
function naiveMatVec(E: number[][], x: number[]): number[] {
  return E.map((r) => r.reduce((s, v, k) => s + v * x[k]!, 0));
}
const naiveOneHot = (V: number, j: number) => Array.from({ length: V }, (_, k) => (k === j ? 1 : 0));
/** f^α / Σ f^α with no rescaling. */
function naiveDistribution(f: number[], alpha: number): number[] {
  const w = f.map((x) => Math.pow(x, alpha));
  const z = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / z);
}
/** exp(s) / Σ exp(s), without the max shift. */
function naiveSoftmax(s: number[]): number[] {
  const e = s.map(Math.exp);
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}
const naiveSigmoid = (z: number) => 1 / (1 + Math.exp(-z));

const matrix = (rows: number[][]): Matrix => ({ rows: rows.length, cols: rows[0]!.length, data: Float64Array.from(rows.flat()) });
const matrixArb = (maxRows = 6, maxCols = 14) =>
  fc.integer({ min: 1, max: maxRows }).chain((r) =>
    fc.integer({ min: 1, max: maxCols }).chain((c) =>
      fc.array(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
    ),
  );

describe('one-hot product and lookup', () => {
  const E = [
    [1, 2, 3],
    [4, 5, 6],
  ];

  it('E·o_j by hand: o_2 = (0, 1, 0) picks the second column (2, 5)', () => {
    expect([...oneHot(3, 1)]).toEqual([0, 1, 0]);
    const { result, products } = oneHotProduct(matrix(E), 1);
    expect([...result]).toEqual([2, 5]);
    // Row 1: 1·0 + 2·1 + 3·0; row 2: 4·0 + 5·1 + 6·0.
    expect([...products]).toEqual([0, 2, 0, 0, 5, 0]);
    expect([...lookup(matrix(E), 1)]).toEqual([2, 5]);
  });

  it('the lookup equals the one-hot product, and the naive E·o_j, for every j of any matrix', () => {
    fc.assert(
      fc.property(matrixArb(), (rows) => {
        const m = matrix(rows);
        for (let j = 0; j < m.cols; j++) {
          const naive = naiveMatVec(rows, naiveOneHot(m.cols, j));
          // + 0 turns −0 into 0: a copied −0 and a summed 0 are the same number.
          const plain = (a: ArrayLike<number>) => Array.from(a, (v) => v + 0);
          expect(plain(lookup(m, j))).toEqual(plain(naive));
          expect(plain(oneHotProduct(m, j).result)).toEqual(plain(naive));
        }
      }),
    );
  });

  it('counts the course’s 300 × 10,000 example: 3,000,000 multiplications, all but 300 by zero, against 300 copies', () => {
    const c = lookupCosts(10_000, 300);
    expect(c.multiplications).toBe(300 * 10_000);
    expect(c.multiplications).toBe(3_000_000);
    expect(c.byZero).toBe(2_999_700);
    expect(c.additions).toBe(300 * 9_999);
    expect(c.copies).toBe(300);
  });

  it('counts match counting the zero factors of an actual product', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 8 }), (V, d) => {
        const o = naiveOneHot(V, V - 1);
        let zeros = 0;
        for (let i = 0; i < d; i++) for (let k = 0; k < V; k++) if (o[k] === 0) zeros++;
        const c = lookupCosts(V, d);
        expect(c.byZero).toBe(zeros);
        expect(c.multiplications).toBe(V * d);
      }),
    );
  });

  it('refuses bad input with a clear message', () => {
    expect(() => oneHot(3, 3)).toThrow(/word index must be an integer from 0 to 2; got 3/);
    expect(() => lookup(matrix(E), -1)).toThrow(ComputeInputError);
    expect(() => lookupCosts(0, 300)).toThrow(/vocabulary size/);
    expect(() => oneHotProduct({ rows: 2, cols: 2, data: Float64Array.of(1, Number.NaN, 0, 0) }, 0)).toThrow(/E holds a non-finite value/);
    expect(() => lookup({ rows: 2, cols: 2, data: new Float64Array(3) }, 0)).toThrow(/holds 3 values, not 2 × 2/);
  });
});

describe('the negative-sampling distribution f^α / Σ f^α', () => {
  it('by hand: counts 1, 8, 27 give f^{3/4} = 1, 8^{3/4} = 4.7568, 27^{3/4} = 11.8447', () => {
    // 8^{3/4} = 2^{9/4} = 4·2^{1/4}; 27^{3/4} = 3^{9/4} = 9·3^{1/4}: computed from those forms, not typed.
    const w = [1, 4 * Math.SQRT2 ** 0.5, 9 * 3 ** 0.25];
    expect(w[1]).toBeCloseTo(4.7568, 4);
    expect(w[2]).toBeCloseTo(11.8447, 4);
    const total = w[0]! + w[1]! + w[2]!;
    const p = samplingDistribution([1, 8, 27], 0.75);
    p.forEach((v, i) => expect(v).toBeCloseTo(w[i]! / total, 14));
    // The rare word's share grows from 1/36 to 1/17.60; the frequent one's falls from 27/36 = 0.75 to 0.673.
    expect(p[0]).toBeGreaterThan(1 / 36);
    expect(p[2]).toBeLessThan(27 / 36);
  });

  it('matches the naive formula for any counts and exponent', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), (f, a) => {
        const ours = samplingDistribution(f, a);
        naiveDistribution(f, a).forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 12));
      }),
    );
  });

  it('sums to 1; exponent 0 is uniform; exponent 1 is the raw frequency', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (f, a) => {
        expect(samplingDistribution(f, a).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        for (const v of samplingDistribution(f, 0)) expect(v).toBeCloseTo(1 / f.length, 14);
        const total = f.reduce((s, v) => s + v, 0);
        samplingDistribution(f, 1).forEach((v, i) => expect(v).toBeCloseTo(f[i]! / total, 14));
      }),
    );
  });

  it('a lower exponent never lowers the rarest word’s share, nor raises the most frequent one’s', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 2, maxLength: 12 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (f, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const rare = f.indexOf(Math.min(...f));
        const common = f.indexOf(Math.max(...f));
        expect(samplingDistribution(f, lo)[rare]!).toBeGreaterThanOrEqual(samplingDistribution(f, hi)[rare]! - 1e-15);
        expect(samplingDistribution(f, lo)[common]!).toBeLessThanOrEqual(samplingDistribution(f, hi)[common]! + 1e-15);
      }),
    );
  });

  it('does not overflow for huge counts, and refuses zero or negative counts', () => {
    const p = samplingDistribution([1e300, 1e300], 1.5);
    expect([...p]).toEqual([0.5, 0.5]);
    expect(() => samplingDistribution([3, 0], 0.75)).toThrow(/count 2 is 0/);
    expect(() => samplingDistribution([], 0.75)).toThrow(/empty/);
    expect(() => samplingDistribution([1, 2], Number.NaN)).toThrow(/exponent/);
  });
});

describe('skip-gram softmax', () => {
  // Θ: three words, two features; e_c = (1, 2). Scores by hand: 1·1 + 0·2 = 1, 0·1 + 1·2 = 2, 1·1 + 1·2 = 3.
  const theta = matrix([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const ec = [1, 2];

  it('by hand: scores 1, 2, 3; p = e^s / (e + e² + e³); loss −log p(t)', () => {
    const sm = skipGramSoftmax(theta, ec);
    expect([...sm.scores]).toEqual([1, 2, 3]);
    const z = Math.E + Math.E ** 2 + Math.E ** 3;
    [Math.E, Math.E ** 2, Math.E ** 3].forEach((e, i) => expect(sm.probs[i]).toBeCloseTo(e / z, 14));
    expect(sm.probs[2]).toBeCloseTo(0.66524, 5);
    // L = −Σ y_i log ŷ_i with y = (0, 1, 0): −log p(2) = log(e + e² + e³) − 2.
    const y = [0, 1, 0];
    const naiveLoss = -y.reduce((s, yi, i) => s + yi * Math.log(sm.probs[i]!), 0);
    expect(softmaxLoss(sm, 1)).toBeCloseTo(naiveLoss, 13);
    expect(softmaxLoss(sm, 1)).toBeCloseTo(Math.log(z) - 2, 13);
  });

  it('matches the naive softmax, sums to 1, and the loss matches −log ŷ_t', () => {
    fc.assert(
      fc.property(matrixArb(12, 5), fc.nat(), (rows, t0) => {
        const th = matrix(rows);
        const e = rows[0]!.map((_, i) => ((i * 7) % 5) - 2);
        const sm = skipGramSoftmax(th, e);
        const naive = naiveSoftmax(rows.map((r) => r.reduce((s, v, i) => s + v * e[i]!, 0)));
        naive.forEach((v, i) => expect(sm.probs[i]).toBeCloseTo(v, 12));
        expect(sm.probs.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
        const t = t0 % rows.length;
        expect(softmaxLoss(sm, t)).toBeCloseTo(-Math.log(naive[t]!), 9);
      }),
    );
  });

  it('stays finite for large scores, where exp alone overflows', () => {
    const sm = skipGramSoftmax(matrix([[1000], [0]]), [1]);
    expect(sm.probs[0]).toBe(1);
    expect(softmaxLoss(sm, 1)).toBeCloseTo(1000, 9);
  });

  it('refuses e_c of the wrong length', () => {
    expect(() => skipGramSoftmax(theta, [1])).toThrow(/e_c has 1 values but each θ_j has 2/);
  });
});

describe('negative sampling: k + 1 logistic regressions', () => {
  const theta = matrix([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const ec = [1, 2];

  it('by hand: target 2 (score 3) with negatives 0 and 1 (scores 1, 2)', () => {
    const r = negativeSamplingLoss(theta, ec, 2, [0, 1]);
    expect(r.terms.map((t) => [t.word, t.label, t.score])).toEqual([[2, 1, 3], [0, 0, 1], [1, 0, 2]]);
    const expected = -Math.log(naiveSigmoid(3)) - Math.log(1 - naiveSigmoid(1)) - Math.log(1 - naiveSigmoid(2));
    expect(r.loss).toBeCloseTo(expected, 13);
    expect(r.terms[0]!.p).toBeCloseTo(naiveSigmoid(3), 15);
  });

  it('matches the naive formula −log σ(θ_tᵀe_c) − Σ log σ(−θ_nᵀe_c) for any scores', () => {
    fc.assert(
      fc.property(matrixArb(10, 4), fc.array(fc.nat(), { maxLength: 20 }), fc.nat(), (rows, negs0, t0) => {
        const th = matrix(rows);
        const e = rows[0]!.map((_, i) => (i % 3) - 1);
        const t = t0 % rows.length;
        const negs = negs0.map((n) => n % rows.length);
        const s = (w: number) => rows[w]!.reduce((acc, v, i) => acc + v * e[i]!, 0);
        const naive = -Math.log(naiveSigmoid(s(t))) - negs.reduce((acc, n) => acc + Math.log(naiveSigmoid(-s(n))), 0);
        expect(negativeSamplingLoss(th, e, t, negs).loss).toBeCloseTo(naive, 9);
      }),
    );
  });

  it('−log σ stays finite where σ rounds to 0, and σ is symmetric', () => {
    expect(negLogSigmoid(-800)).toBeCloseTo(800, 9);
    expect(negLogSigmoid(800)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (z) => {
        expect(sigmoid(z) + sigmoid(-z)).toBeCloseTo(1, 14);
        expect(sigmoid(z)).toBeCloseTo(naiveSigmoid(z), 14);
      }),
    );
  });

  it('counts the work per pair: k + 1 dot products against V', () => {
    const c = trainingPairCosts(10_000, 300, 5);
    expect(c).toEqual({ softmaxDots: 10_000, softmaxMultiplications: 3_000_000, negativeDots: 6, negativeMultiplications: 1_800 });
  });
});

describe('seeded sampling', () => {
  it('is reproducible from the seed and draws only words with probability > 0', () => {
    const p = [0.5, 0, 0.25, 0.25];
    expect(sampleWords(p, 10, 7)).toEqual(sampleWords(p, 10, 7));
    expect(sampleWords(p, 200, 3)).not.toContain(1);
    expect(sampleWords(p, 0, 3)).toEqual([]);
  });

  it('draws each word about as often as its probability', () => {
    const p = samplingDistribution([1, 8, 27], 0.75);
    const n = 20_000;
    const seen = [0, 0, 0];
    for (const w of sampleWords(p, n, 12345)) seen[w]!++;
    // Within 5 standard deviations of n·p.
    seen.forEach((c, i) => expect(Math.abs(c - n * p[i]!)).toBeLessThan(5 * Math.sqrt(n * p[i]! * (1 - p[i]!))));
  });

  it('refuses bad probabilities', () => {
    expect(() => sampleWords([0, 0], 1, 1)).toThrow(/add up to 0/);
    expect(() => sampleWords([1, -1], 1, 1)).toThrow(/negative/);
  });
});

describe('TensorFlow.js: tf.gather and tf.matMul with tf.oneHot give column j', () => {
  it('both follow the course’s e_j = E·o_j (a column of E, not a row)', async () => {
    // Non-square on purpose: 2 features × 3 words; a row lookup would return 3 values, not 2.
    const E = matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    for (let j = 0; j < 3; j++) {
      const { gather, matMul } = await lookupTf(E, j);
      expect([...gather]).toEqual([...lookup(E, j)]);
      expect([...matMul]).toEqual([...lookup(E, j)]);
    }
  });
});
