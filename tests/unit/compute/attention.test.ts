import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  entropyBits, matmul, multiHeadAttention, multiHeadAttentionTf, scaledDotProductAttention, scaledDotProductAttentionTf,
  softmax, toMatrix, toRows, transpose, type Matrix,
} from '~/compute/attention';
import { ComputeInputError } from '~/compute/errors';
import { loadTf } from '~/compute/tf';

let baselineTensors = 0;
beforeAll(async () => {
  baselineTensors = (await loadTf()).memory().numTensors;
});
afterAll(async () => {
  // Every tfjs call above disposed of what it made.
  expect((await loadTf()).memory().numTensors).toBe(baselineTensors);
});

// ---------------------------------------------------------------------------------------------------
// A naive reference, written here from the textbook formula on nested arrays, independently of
// src/compute/attention.ts: Attention(Q, K, V) = softmax(QKᵀ/√d_k + M)·V.

type Rows = number[][];

function refAttention(Q: Rows, K: Rows, V: Rows, causal: boolean, scale: boolean) {
  const dk = Q[0]!.length;
  const scores = Q.map((q) => K.map((k) => q.reduce((s, v, t) => s + v * k[t]!, 0)));
  const scaled = scores.map((r) => r.map((s) => (scale ? s / Math.sqrt(dk) : s)));
  const weights = scaled.map((r, i) => {
    const allowed = r.map((_, j) => !causal || j <= i);
    const m = Math.max(...r.filter((_, j) => allowed[j]));
    const e = r.map((s, j) => (allowed[j] ? Math.exp(s - m) : 0));
    const z = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / z);
  });
  const output = weights.map((w) => V[0]!.map((_, c) => w.reduce((s, wj, j) => s + wj * V[j]![c]!, 0)));
  return { scores, scaled, weights, output };
}

function refMatmul(A: Rows, B: Rows): Rows {
  return A.map((a) => B[0]!.map((_, j) => a.reduce((s, v, t) => s + v * B[t]![j]!, 0)));
}

function refMultiHead(X: Rows, heads: { Wq: Rows; Wk: Rows; Wv: Rows }[], Wo: Rows, causal: boolean) {
  const outs = heads.map((h) => refAttention(refMatmul(X, h.Wq), refMatmul(X, h.Wk), refMatmul(X, h.Wv), causal, true));
  const concat = X.map((_, i) => outs.flatMap((o) => o.output[i]!));
  return { outs, concat, output: refMatmul(concat, Wo) };
}

const closeRows = (actual: Matrix, expected: Rows, tol = 1e-9) => {
  expect([actual.rows, actual.cols]).toEqual([expected.length, expected[0]!.length]);
  toRows(actual).forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - expected[i]![j]!), `(${i}, ${j}): ${v} vs ${expected[i]![j]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(expected[i]![j]!)))));
};

// ---------------------------------------------------------------------------------------------------

describe('a two-token example worked by hand', () => {
  // Q = [[1, 2], [0, 1]], K = [[1, 0], [1, 1]], V = [[1, 0], [0, 2]], d_k = 2.
  // Scores QKᵀ: q1·k1 = 1, q1·k2 = 1 + 2 = 3; q2·k1 = 0, q2·k2 = 1.
  // Scaled by 1/√2: 0.70711, 2.12132; 0, 0.70711.
  // Softmax, row 1: the difference is 3/√2 − 1/√2 = √2, so the weights are 1/(1 + e^√2) = 0.19557 and
  //   e^√2/(1 + e^√2) = 0.80443; row 2: difference 1/√2, weights 0.33024 and 0.66976.
  // Output = weights·V: row 1 (0.19557, 2·0.80443 = 1.60886); row 2 (0.33024, 1.33952).
  const Q = [[1, 2], [0, 1]];
  const K = [[1, 0], [1, 1]];
  const V = [[1, 0], [0, 2]];

  it('gives the scores, scaled scores, weights and output computed by hand', () => {
    const r = scaledDotProductAttention(Q, K, V);
    expect(r.dk).toBe(2);
    expect(toRows(r.scores)).toEqual([[1, 3], [0, 1]]);
    const scaled = toRows(r.scaled);
    expect(scaled[0]![0]).toBeCloseTo(0.70711, 5);
    expect(scaled[0]![1]).toBeCloseTo(2.12132, 5);
    expect(scaled[1]![0]).toBe(0);
    expect(scaled[1]![1]).toBeCloseTo(0.70711, 5);
    const w = toRows(r.weights);
    expect(w[0]![0]).toBeCloseTo(0.19557, 5);
    expect(w[0]![1]).toBeCloseTo(0.80443, 5);
    expect(w[1]![0]).toBeCloseTo(0.33024, 5);
    expect(w[1]![1]).toBeCloseTo(0.66976, 5);
    const o = toRows(r.output);
    expect(o[0]![0]).toBeCloseTo(0.19557, 5);
    expect(o[0]![1]).toBeCloseTo(1.60886, 5);
    expect(o[1]![0]).toBeCloseTo(0.33024, 5);
    expect(o[1]![1]).toBeCloseTo(1.33952, 5);
  });

  it('with the causal mask, token 1 sees only itself: weights (1, 0), output its own value (1, 0)', () => {
    const r = scaledDotProductAttention(Q, K, V, { mask: 'causal' });
    expect(toRows(r.weights)[0]).toEqual([1, 0]);
    expect(toRows(r.output)[0]).toEqual([1, 0]);
    expect(toRows(r.logits)[0]).toEqual([1 / Math.sqrt(2), -Infinity]);
    expect(toRows(r.weights)[1]![1]).toBeCloseTo(0.66976, 5); // row 2 sees both keys, as before
    expect(r.allowed).toEqual([[true, false], [true, true]]);
  });

  it('without the scaling, the raw scores go into the softmax: row 1 is 1/(1 + e²), e²/(1 + e²)', () => {
    const r = scaledDotProductAttention(Q, K, V, { scale: false });
    expect(r.factor).toBe(1);
    expect(toRows(r.weights)[0]![1]).toBeCloseTo(Math.exp(2) / (1 + Math.exp(2)), 12); // 0.88080
    expect(toRows(r.weights)[0]![1]).toBeCloseTo(0.8808, 4);
  });

  it('a boolean mask (true = may attend) gives the same as the causal mask it spells out', () => {
    const a = scaledDotProductAttention(Q, K, V, { mask: [[true, false], [true, true]] });
    expect(toRows(a.weights)).toEqual(toRows(scaledDotProductAttention(Q, K, V, { mask: 'causal' }).weights));
  });
});

describe('softmax', () => {
  it('is numerically stable: huge scores give the same weights as small ones, never NaN', () => {
    const w = toRows(softmax([[1000, 1001], [-1000, -1001]]));
    expect(w[0]![0]).toBeCloseTo(1 / (1 + Math.E), 12);
    expect(w[1]![0]).toBeCloseTo(Math.E / (1 + Math.E), 12);
  });

  it('gives −∞ entries weight exactly 0 and refuses rows with nothing to attend to', () => {
    expect(toRows(softmax([[-Infinity, 0, -Infinity]]))).toEqual([[0, 1, 0]]);
    expect(() => softmax([[-Infinity, -Infinity]])).toThrow('row 1 is masked everywhere');
    expect(() => softmax({ rows: 1, cols: 2, data: Float64Array.of(1, Number.NaN) })).toThrow(ComputeInputError);
    expect(() => softmax([[1, Infinity]])).toThrow(/non-finite/);
  });

  it('is invariant to adding a constant to a row', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 8 }), fc.double({ min: -500, max: 500, noNaN: true }), (r, c) => {
        const a = softmax([r]).data;
        const b = softmax([r.map((v) => v + c)]).data;
        a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-9));
      }),
    );
  });
});

describe('readable errors for shapes that do not fit', () => {
  it('names both shapes', () => {
    expect(() => matmul([[1, 2]], [[1, 2]])).toThrow('A·B needs A’s columns to match B’s rows; A is 1×2 and B is 1×2');
    expect(() => scaledDotProductAttention([[1, 2]], [[1, 2, 3]], [[1]])).toThrow('queries and keys need the same width d_k; Q is 1×2 and K is 1×3');
    expect(() => scaledDotProductAttention([[1]], [[1], [2]], [[1]])).toThrow('every key needs a value: K has 2 rows and V has 1');
    expect(() => scaledDotProductAttention([[1]], [[1]], [[1]], { mask: [[true, true]] })).toThrow('the mask must be 1×1 (queries × keys) to match the scores');
    expect(() => scaledDotProductAttention([[1]], [[1]], [[1]], { mask: [[false]] })).toThrow(/blocks every key/);
    expect(() => toMatrix([[1, 2], [3]], 'X')).toThrow('X row 2 has 1 values; row 1 has 2');
    expect(() => toMatrix([], 'X')).toThrow('X is empty');
    expect(() => toMatrix([[Number.NaN]], 'X')).toThrow(/non-finite/);
    expect(() => toMatrix({ rows: 2, cols: 2, data: new Float64Array(3) }, 'X')).toThrow('X has 3 values but its shape 2×2 needs 4');
  });

  it('multi-head attention names the head and the matrix at fault', () => {
    const X = [[1, 0, 0]];
    const ok = [[1], [0], [0]];
    expect(() => multiHeadAttention(X, [{ Wq: ok, Wk: ok, Wv: ok }, { Wq: [[1], [0]], Wk: ok, Wv: ok }], [[1], [1]])).toThrow(
      'X·W_Q of head 2 needs X’s columns to match W_Q of head 2’s rows; X is 1×3 and W_Q of head 2 is 2×1',
    );
    expect(() => multiHeadAttention(X, [{ Wq: ok, Wk: ok, Wv: ok }], [[1], [1]])).toThrow('concat·W_O needs concat’s columns to match W_O’s rows; concat is 1×1 and W_O is 2×1');
    expect(() => multiHeadAttention(X, [], [[1]])).toThrow(ComputeInputError);
  });
});

// ---------------------------------------------------------------------------------------------------

const value = fc.oneof(fc.integer({ min: -4, max: 4 }), fc.double({ min: -3, max: 3, noNaN: true }));
const rowsOf = (n: number, m: number) => fc.array(fc.array(value, { minLength: m, maxLength: m }), { minLength: n, maxLength: n });

/** Random Q (n × d_k), K (m × d_k), V (m × d_v); square (n = m) when a causal mask needs it. */
const qkv = (square: boolean) =>
  fc
    .record({ n: fc.integer({ min: 1, max: 6 }), m: fc.integer({ min: 1, max: 6 }), dk: fc.integer({ min: 1, max: 5 }), dv: fc.integer({ min: 1, max: 4 }) })
    .chain(({ n, m, dk, dv }) => fc.tuple(rowsOf(n, dk), rowsOf(square ? n : m, dk), rowsOf(square ? n : m, dv)));

describe('against the naive reference, random shapes and values', () => {
  for (const causal of [false, true]) {
    it(`every intermediate matches (${causal ? 'causal mask' : 'no mask'}, scaled and not)`, () => {
      fc.assert(
        fc.property(qkv(causal), fc.boolean(), ([Q, K, V], scale) => {
          const ours = scaledDotProductAttention(Q, K, V, { mask: causal ? 'causal' : undefined, scale });
          const ref = refAttention(Q, K, V, causal, scale);
          closeRows(ours.scores, ref.scores);
          closeRows(ours.scaled, ref.scaled);
          closeRows(ours.weights, ref.weights);
          closeRows(ours.output, ref.output);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('multi-head attention matches heads computed one by one, concatenated and projected', () => {
    const arb = fc
      .record({ n: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 4 }), h: fc.integer({ min: 1, max: 3 }), dk: fc.integer({ min: 1, max: 3 }), out: fc.integer({ min: 1, max: 4 }) })
      .chain(({ n, d, h, dk, out }) =>
        fc.tuple(rowsOf(n, d), fc.array(fc.record({ Wq: rowsOf(d, dk), Wk: rowsOf(d, dk), Wv: rowsOf(d, dk) }), { minLength: h, maxLength: h }), rowsOf(h * dk, out), fc.boolean()),
      );
    fc.assert(
      fc.property(arb, ([X, heads, Wo, causal]) => {
        const ours = multiHeadAttention(X, heads, Wo, { mask: causal ? 'causal' : undefined });
        const ref = refMultiHead(X, heads, Wo, causal);
        ours.heads.forEach((r, h) => closeRows(r.weights, ref.outs[h]!.weights));
        closeRows(ours.concat, ref.concat);
        closeRows(ours.output, ref.output);
      }),
      { numRuns: 100 },
    );
  });
});

describe('properties', () => {
  it('every row of weights sums to 1, and the causal mask gives exactly 0 weight to every later key', () => {
    fc.assert(
      fc.property(qkv(true), fc.boolean(), ([Q, K, V], causal) => {
        const r = scaledDotProductAttention(Q, K, V, { mask: causal ? 'causal' : undefined });
        toRows(r.weights).forEach((w, i) => {
          expect(Math.abs(w.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
          w.forEach((x, j) => {
            expect(x).toBeGreaterThanOrEqual(0);
            if (causal && j > i) expect(x).toBe(0);
          });
        });
      }),
    );
  });

  it('permuting the tokens (no mask) permutes the outputs the same way', () => {
    const arb = fc
      .record({ n: fc.integer({ min: 2, max: 6 }), d: fc.integer({ min: 1, max: 4 }) })
      .chain(({ n, d }) => fc.tuple(rowsOf(n, d), rowsOf(d, 2), rowsOf(d, 2), rowsOf(d, 2), rowsOf(2, d), fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n })));
    fc.assert(
      fc.property(arb, ([X, Wq, Wk, Wv, Wo, perm]) => {
        const a = toRows(multiHeadAttention(X, [{ Wq, Wk, Wv }], Wo).output);
        const b = toRows(multiHeadAttention(perm.map((p) => X[p]!), [{ Wq, Wk, Wv }], Wo).output);
        perm.forEach((p, i) => b[i]!.forEach((v, c) => expect(Math.abs(v - a[p]![c]!)).toBeLessThan(1e-9)));
      }),
    );
  });

  it('transpose twice is the identity, and (AB)ᵀ = BᵀAᵀ', () => {
    const A = toMatrix([[1, 2, 3], [4, 5, 6]]);
    const B = toMatrix([[1, 0], [0, 1], [2, -1]]);
    expect(toRows(transpose(transpose(A)))).toEqual(toRows(A));
    expect(toRows(transpose(matmul(A, B)))).toEqual(toRows(matmul(transpose(B), transpose(A))));
  });

  it('entropy is 0 bits for one certain key and log₂ n for an even spread', () => {
    expect(entropyBits([0, 1, 0])).toBe(0);
    expect(entropyBits([0.2, 0.2, 0.2, 0.2, 0.2])).toBeCloseTo(Math.log2(5), 12);
    expect(entropyBits([0.5, 0.5])).toBeCloseTo(1, 12);
  });
});

describe('the TensorFlow.js path', () => {
  it('agrees on the hand-worked example, with and without the mask', async () => {
    const Q = [[1, 2], [0, 1]];
    const K = [[1, 0], [1, 1]];
    const V = [[1, 0], [0, 2]];
    const tf = await scaledDotProductAttentionTf(Q, K, V);
    expect(toRows(tf.weights)[0]![1]).toBeCloseTo(0.80443, 5);
    expect(toRows(tf.output)[1]![1]).toBeCloseTo(1.33952, 5);
    const masked = await scaledDotProductAttentionTf(Q, K, V, { mask: 'causal' });
    expect(toRows(masked.weights)[0]).toEqual([1, 0]); // exactly 0, not a tiny number
  });

  it('agrees with the float64 loops within float32 rounding, random shapes, masks and scaling', async () => {
    await fc.assert(
      fc.asyncProperty(qkv(true), fc.boolean(), fc.boolean(), async ([Q, K, V], causal, scale) => {
        const options = { mask: causal ? ('causal' as const) : undefined, scale };
        const ours = scaledDotProductAttention(Q, K, V, options);
        const theirs = await scaledDotProductAttentionTf(Q, K, V, options);
        closeRows(theirs.weights, toRows(ours.weights), 1e-5);
        closeRows(theirs.output, toRows(ours.output), 1e-5);
        if (causal) toRows(theirs.weights).forEach((w, i) => w.forEach((x, j) => j > i && expect(x).toBe(0)));
      }),
      { numRuns: 40 },
    );
  });

  it('multi-head attention in tfjs agrees with the loops', async () => {
    const X = [[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0]];
    const heads = [
      { Wq: [[1, 0], [0, 1], [1, 1], [0, 0]], Wk: [[0, 1], [1, 0], [0, 0], [1, 1]], Wv: [[1, 0], [0, 1], [0, 0], [1, 0]] },
      { Wq: [[0, 0], [1, 0], [0, 1], [1, 1]], Wk: [[1, 1], [0, 0], [1, 0], [0, 1]], Wv: [[0, 1], [1, 0], [1, 1], [0, 0]] },
    ];
    const Wo = [[1, 0, 0, 1], [0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 1]];
    for (const mask of [undefined, 'causal'] as const) {
      const ours = multiHeadAttention(X, heads, Wo, { mask });
      const theirs = await multiHeadAttentionTf(X, heads, Wo, { mask });
      theirs.weights.forEach((w, h) => closeRows(w, toRows(ours.heads[h]!.weights), 1e-6));
      closeRows(theirs.output, toRows(ours.output), 1e-6);
    }
    await expect(multiHeadAttentionTf(X, heads, [[1]])).rejects.toThrow(ComputeInputError);
  });
});
