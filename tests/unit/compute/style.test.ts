import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { loadTf } from '~/compute/tf';
import {
  contentCost, gram, gramTerms, gramTf, layerStyleCost, totalCost, unroll, volumeFromChannels, volumeFromHWC, weightedStyleCost, type FeatureVolume,
} from '~/compute/style';

// ------------------------------------------------------------------------------------------ references
// Written separately from src/compute/style.ts: nested arrays [i][j][k], the formulas read off the course.

type Nested = number[][][];

function refGram(a: Nested): number[][] {
  const nC = a[0]![0]!.length;
  const g = Array.from({ length: nC }, () => Array<number>(nC).fill(0));
  for (let k = 0; k < nC; k++) for (let k2 = 0; k2 < nC; k2++) for (const row of a) for (const cell of row) g[k]![k2]! += cell[k]! * cell[k2]!;
  return g;
}

function refStyle(s: Nested, g: Nested): number {
  const [nH, nW, nC] = [s.length, s[0]!.length, s[0]![0]!.length];
  const gs = refGram(s);
  const gg = refGram(g);
  let sum = 0;
  for (let k = 0; k < nC; k++) for (let k2 = 0; k2 < nC; k2++) sum += (gs[k]![k2]! - gg[k]![k2]!) ** 2;
  return sum / (2 * nH * nW * nC) ** 2;
}

function refContent(c: Nested, g: Nested): number {
  let sum = 0;
  c.forEach((row, i) => row.forEach((cell, j) => cell.forEach((v, k) => (sum += (v - g[i]![j]![k]!) ** 2))));
  return sum / (4 * c.length * c[0]!.length * c[0]![0]!.length);
}

const asRows = (m: { rows: number; cols: number; data: ArrayLike<number> }) => Array.from({ length: m.rows }, (_, r) => Array.from({ length: m.cols }, (_, c) => m.data[r * m.cols + c]!));

/** Random volumes n_H × n_W × n_C of small integers (exact in float64, so the references agree exactly). */
const shape = fc.record({ nH: fc.integer({ min: 1, max: 4 }), nW: fc.integer({ min: 1, max: 4 }), nC: fc.integer({ min: 1, max: 4 }) });
const nested = (nH: number, nW: number, nC: number) =>
  fc.array(fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: nC, maxLength: nC }), { minLength: nW, maxLength: nW }), { minLength: nH, maxLength: nH });
const one = shape.chain(({ nH, nW, nC }) => nested(nH, nW, nC));
const pair = shape.chain(({ nH, nW, nC }) => fc.tuple(nested(nH, nW, nC), nested(nH, nW, nC)));

// ------------------------------------------------------------------------------------------ by hand

// Channel 0 = [[1, 2], [3, 4]], channel 1 = [[0, 1], [1, 0]] (2 × 2 × 2).
const S = volumeFromChannels([[[1, 2], [3, 4]], [[0, 1], [1, 0]]]);
// Every value 1.
const G = volumeFromChannels([[[1, 1], [1, 1]], [[1, 1], [1, 1]]]);

describe('a 2 × 2 × 2 example worked by hand', () => {
  it('unrolls to A (n_C × n_H·n_W), one channel per row, positions row by row', () => {
    expect(asRows(unroll(S))).toEqual([[1, 2, 3, 4], [0, 1, 1, 0]]);
  });

  it('G = A·Aᵀ: G₀₀ = 1+4+9+16 = 30, G₀₁ = 1·0 + 2·1 + 3·1 + 4·0 = 5, G₁₁ = 0+1+1+0 = 2', () => {
    expect(asRows(gram(S))).toEqual([[30, 5], [5, 2]]);
    expect(asRows(gram(G))).toEqual([[4, 4], [4, 4]]);
    const { terms, sum } = gramTerms(S, 0, 1);
    expect(terms.map((t) => [t.i, t.j, t.a, t.b, t.product])).toEqual([[0, 0, 1, 0, 0], [0, 1, 2, 1, 2], [1, 0, 3, 1, 3], [1, 1, 4, 0, 0]]);
    expect(sum).toBe(5);
  });

  it('style cost: differences [[26, 1], [1, −2]], Σ² = 682, divided by (2·2·2·2)² = 256 gives 2.6640625', () => {
    const r = layerStyleCost(S, G);
    expect(asRows(r.diff)).toEqual([[26, 1], [1, -2]]);
    expect(r.sumSquares).toBe(682);
    expect(r.twoNHWC).toBe(16);
    expect(r.normalisation).toBe(1 / 256);
    expect(r.cost).toBe(2.6640625);
  });

  it('content cost: differences 0,1,2,3 and −1,0,0,−1, Σ² = 16, divided by 4·2·2·2 = 32 gives 0.5', () => {
    const r = contentCost(S, G);
    expect(r.sumSquares).toBe(16);
    expect(r.fourNHWC).toBe(32);
    expect(r.cost).toBe(0.5);
  });

  it('J = α J_content + β J_style with α = 10, β = 40: 5 + 106.5625 = 111.5625', () => {
    expect(totalCost(10, 0.5, 40, 2.6640625)).toEqual({ content: 5, style: 106.5625, total: 111.5625 });
  });

  it('several layers: Σ λ J^[l] (½ · 2.6640625 + ½ · 0)', () => {
    expect(weightedStyleCost([{ s: S, g: G, lambda: 0.5 }, { s: G, g: G, lambda: 0.5 }])).toEqual({ costs: [2.6640625, 0], total: 1.33203125 });
  });

  it('reads nested [i][j][k] the same as per-channel grids', () => {
    const hwc = volumeFromHWC([[[1, 0], [2, 1]], [[3, 1], [4, 0]]]);
    expect(Array.from(hwc.data)).toEqual(Array.from(S.data));
  });
});

// ------------------------------------------------------------------------------------------ references

describe('against the separate references', () => {
  it('gram, style and content costs agree exactly on small integer volumes', () => {
    fc.assert(
      fc.property(pair, ([s, g]) => {
        const vs = volumeFromHWC(s);
        const vg = volumeFromHWC(g);
        expect(asRows(gram(vs))).toEqual(refGram(s));
        expect(layerStyleCost(vs, vg).cost).toBeCloseTo(refStyle(s, g), 12);
        expect(contentCost(vs, vg).cost).toBeCloseTo(refContent(s, g), 12);
      }),
    );
  });
});

// ------------------------------------------------------------------------------------------ properties

/** A fixed permutation of positions applied to every channel alike. */
function permutePositions(a: Nested, order: number[]): Nested {
  const nW = a[0]!.length;
  const cells = a.flat();
  return a.map((row, i) => row.map((_, j) => [...cells[order[i * nW + j]!]!]));
}
const withPermutation = one.chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray([...Array(a.length * a[0]!.length).keys()], { minLength: a.length * a[0]!.length })));

describe('properties', () => {
  it('G is symmetric and positive semidefinite (xᵀGx ≥ 0 for any x)', () => {
    fc.assert(
      fc.property(
        one.chain((a) => fc.tuple(fc.constant(a), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: a[0]![0]!.length, maxLength: a[0]![0]!.length }))),
        ([a, x]) => {
          const g = asRows(gram(volumeFromHWC(a)));
          g.forEach((row, k) => row.forEach((v, k2) => expect(v).toBe(g[k2]![k]!)));
          const xGx = g.reduce((s, row, k) => s + row.reduce((t, v, k2) => t + x[k]! * v * x[k2]!, 0), 0);
          // xᵀGx = Σ_positions (Σ_k x_k a_k)² ≥ 0; allow float rounding relative to its terms' size.
          const scale = g.reduce((s, row, k) => s + row.reduce((t, v, k2) => t + Math.abs(x[k]! * v * x[k2]!), 0), 0);
          expect(xGx).toBeGreaterThanOrEqual(-1e-9 * (1 + scale));
        },
      ),
    );
  });

  it('the style cost of a feature map with itself is 0, and so is the content cost', () => {
    fc.assert(
      fc.property(one, (a) => {
        const v = volumeFromHWC(a);
        expect(layerStyleCost(v, v).cost).toBe(0);
        expect(contentCost(v, v).cost).toBe(0);
      }),
    );
  });

  it('permuting positions keeps G (the Gram matrix forgets where) but the content cost sees it', () => {
    fc.assert(
      fc.property(withPermutation, ([a, order]) => {
        const v = volumeFromHWC(a);
        const shuffled = volumeFromHWC(permutePositions(a, order));
        expect(Array.from(gram(shuffled).data)).toEqual(Array.from(gram(v).data));
        expect(layerStyleCost(v, shuffled).cost).toBe(0);
        // The content cost is 0 only when every moved position happened to hold the same values.
        const moved = contentCost(v, shuffled).cost;
        const same = Array.from(v.data).every((x, e) => x === shuffled.data[e]);
        expect(moved === 0).toBe(same);
      }),
    );
  });

  it('a concrete shuffle: style cost 0, content cost > 0', () => {
    const a: Nested = [[[1, 0], [0, 2]], [[3, 1], [0, 0]]];
    const b = permutePositions(a, [3, 2, 1, 0]);
    expect(layerStyleCost(volumeFromHWC(a), volumeFromHWC(b)).cost).toBe(0);
    expect(contentCost(volumeFromHWC(a), volumeFromHWC(b)).cost).toBeGreaterThan(0);
  });

  it('the style cost is symmetric in S and G and scales as c⁴ when both volumes scale by c', () => {
    fc.assert(
      fc.property(pair, ([s, g]) => {
        const [vs, vg] = [volumeFromHWC(s), volumeFromHWC(g)];
        expect(layerStyleCost(vs, vg).cost).toBe(layerStyleCost(vg, vs).cost);
        const twice = (a: Nested) => volumeFromHWC(a.map((r) => r.map((c) => c.map((x) => 2 * x))));
        expect(layerStyleCost(twice(s), twice(g)).cost).toBeCloseTo(16 * layerStyleCost(vs, vg).cost, 9);
      }),
    );
  });
});

// ------------------------------------------------------------------------------------------ errors

describe('bad input', () => {
  const v = (nH: number, nW: number, nC: number, data: number[]): FeatureVolume => ({ nH, nW, nC, data });

  it('names mismatched shapes', () => {
    expect(() => layerStyleCost(S, v(2, 2, 3, Array(12).fill(0)))).toThrow(/S\) is 2 × 2 × 2 but .* \(G\) is 2 × 2 × 3/);
    expect(() => contentCost(S, v(1, 4, 2, Array(8).fill(0)))).toThrow(/same layer/);
  });

  it('refuses empty maps, data that does not fit the shape, and NaN', () => {
    expect(() => gram(v(0, 2, 2, []))).toThrow(ComputeInputError);
    expect(() => volumeFromHWC([])).toThrow(/empty/);
    expect(() => volumeFromChannels([[[1, 2]], [[1]]])).toThrow(/channel 1 is not 1 × 2/);
    expect(() => gram(v(2, 2, 1, [1, 2, 3]))).toThrow(/holds 3 values, but 2 × 2 × 1 needs 4/);
    expect(() => gram(v(1, 2, 1, [1, Number.NaN]))).toThrow(/non-finite value \(NaN\) at index 1/);
    expect(() => totalCost(Number.NaN, 1, 1, 1)).toThrow(ComputeInputError);
    expect(() => weightedStyleCost([])).toThrow(/at least one layer/);
    expect(() => weightedStyleCost([{ s: S, g: v(2, 2, 1, [0, 0, 0, 0]), lambda: 1 }])).toThrow(/^layer 1: /);
    expect(() => gramTerms(S, 0, 2)).toThrow(/k′ must be an integer from 0 to 1/);
  });
});

// ------------------------------------------------------------------------------------------ tfjs

describe('TensorFlow.js', () => {
  it('gramTf (tf.matMul of A with Aᵀ) equals the loops', async () => {
    expect(Array.from(await gramTf(S))).toEqual([30, 5, 5, 2]);
    await fc.assert(
      fc.asyncProperty(one, async (a) => {
        const v = volumeFromHWC(a);
        expect(Array.from(await gramTf(v))).toEqual(Array.from(gram(v).data));
      }),
      { numRuns: 30 },
    );
  });

  it('tfjs is channels last: reshape [n_H·n_W, n_C] then Aᵀ·A is the Gram matrix; reshaping to [n_C, n_H·n_W] is not', async () => {
    const tf = await loadTf();
    const x = tf.tensor3d(Float32Array.from(S.data), [2, 2, 2]);
    const positionsByChannels = tf.reshape(x, [4, 2]);
    const right = tf.matMul(positionsByChannels, positionsByChannels, true, false); // Aᵀ·A with Aᵀ stored as [n_H·n_W, n_C]
    expect(Array.from(await right.data())).toEqual([30, 5, 5, 2]);
    const wrongA = tf.reshape(x, [2, 4]); // reads [1, 0, 2, 1] as "channel 0": positions and channels mixed
    const wrong = tf.matMul(wrongA, wrongA, false, true);
    expect(Array.from(await wrong.data())).not.toEqual([30, 5, 5, 2]);
    expect(Array.from(await wrong.data())).toEqual([1 + 0 + 4 + 1, 3 + 0 + 8 + 0, 3 + 0 + 8 + 0, 9 + 1 + 16 + 0]);
    tf.dispose([x, positionsByChannels, right, wrongA, wrong]);
  });
});
