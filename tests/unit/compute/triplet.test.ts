import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { classifyTriplet, isSamePerson, pairProbability, sigmoid, squaredDistance, tripletCost, tripletLoss, type Triplet } from '~/compute/triplet';

// ------------------------------------------------------------------ naive references, written separately

/** ‖a − b‖² as the sum of the squares of the differences, built from a list of differences. */
const refDistance = (a: number[], b: number[]) => a.map((v, k) => v - b[k]!).map((d) => d * d).reduce((s, v) => s + v, 0);
/** The loss from its definition: the want d(A,P) + α ≤ d(A,N), and how much it is missed by. */
function refLoss(A: number[], P: number[], N: number[], alpha: number): number {
  const shortfall = refDistance(A, P) + alpha - refDistance(A, N);
  return shortfall > 0 ? shortfall : 0;
}
/** FaceNet's words: easy when the margin is met; hard when the negative is no farther than the positive; else semi-hard. */
function refClass(dAP: number, dAN: number, alpha: number): string {
  if (dAN >= dAP + alpha) return 'easy';
  if (dAN <= dAP) return 'hard';
  return 'semi-hard';
}
const refSigmoid = (z: number) => 1 / (1 + Math.exp(-z));

// Encodings on a grid of hundredths keep every sum exact enough to compare with the reference at 1e-12.
const coord = fc.integer({ min: -200, max: 200 }).map((v) => v / 100);
const encoding = (dim: number) => fc.array(coord, { minLength: dim, maxLength: dim });
const tripletOf = (dim: number) => fc.record({ anchor: encoding(dim), positive: encoding(dim), negative: encoding(dim) });
const alphaArb = fc.integer({ min: 0, max: 200 }).map((v) => v / 100);
const batchArb = fc.integer({ min: 1, max: 6 }).chain((dim) => fc.array(tripletOf(dim), { minLength: 1, maxLength: 6 }));

describe('squared distance', () => {
  it('hand-worked: (0, 0) to (3, 4) is 25 (no square root); 128-D of 0.1 apart per entry is 1.28', () => {
    expect(squaredDistance([0, 0], [3, 4])).toBe(25);
    expect(squaredDistance(new Array(128).fill(0.1), new Array(128).fill(0))).toBeCloseTo(1.28, 12);
    expect(squaredDistance(Float64Array.of(1, 2, 3), [1, 2, 3])).toBe(0);
  });
  it('matches the reference, is symmetric and ≥ 0 in any dimension', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 8 }).chain((d) => fc.tuple(encoding(d), encoding(d))), ([a, b]) => {
      const d = squaredDistance(a, b);
      expect(d).toBeCloseTo(refDistance(a, b), 12);
      expect(squaredDistance(b, a)).toBe(d);
      return d >= 0;
    }));
  });
});

describe('triplet loss', () => {
  it('hand-worked 2-D triplet: d(A,P) = 0.25, d(A,N) = 0.5, α = 0.2 → L = max(−0.05, 0) = 0, easy', () => {
    const r = tripletLoss([0, 0], [0.3, 0.4], [0.5, 0.5], 0.2);
    expect(r.dAP).toBeCloseTo(0.25, 15);
    expect(r.dAN).toBeCloseTo(0.5, 15);
    expect(r.margin).toBeCloseTo(-0.05, 15);
    expect(r.loss).toBe(0);
    expect(r.cls).toBe('easy');
  });
  it('hand-worked semi-hard and hard: d(A,N) = 0.36 and 0.16 against d(A,P) = 0.25, α = 0.2', () => {
    const semi = tripletLoss([0, 0], [0.3, 0.4], [0, 0.6], 0.2);
    expect(semi.loss).toBeCloseTo(0.09, 15); // 0.25 − 0.36 + 0.2
    expect(semi.cls).toBe('semi-hard');
    const hard = tripletLoss([0, 0], [0.3, 0.4], [0.4, 0], 0.2);
    expect(hard.loss).toBeCloseTo(0.29, 15); // 0.25 − 0.16 + 0.2
    expect(hard.cls).toBe('hard');
  });
  it('collapse: every encoding equal costs exactly α per triplet, and nothing at all when α = 0', () => {
    const z = [0.1, -0.2, 0.3];
    expect(tripletLoss(z, z, z, 0.2)).toEqual({ dAP: 0, dAN: 0, margin: 0.2, loss: 0.2, cls: 'hard' });
    expect(tripletLoss(z, z, z, 0).loss).toBe(0);
    expect(tripletCost([{ anchor: z, positive: z, negative: z }, { anchor: z, positive: z, negative: z }], 0.2).J).toBeCloseTo(0.4, 15);
  });
  it('boundaries: d(A,N) = d(A,P) + α is easy (costs 0); d(A,N) = d(A,P) is hard; α = 0 has no semi-hard', () => {
    // Whole numbers so the boundary is exact: d(A,P) = 1, d(A,N) = 2, α = 1.
    expect(tripletLoss([0, 0], [1, 0], [1, 1], 1)).toEqual({ dAP: 1, dAN: 2, margin: 0, loss: 0, cls: 'easy' });
    expect(classifyTriplet(1, 3, 2)).toBe('easy');
    expect(classifyTriplet(1, 2.999, 2)).toBe('semi-hard');
    expect(classifyTriplet(1, 1, 2)).toBe('hard');
    expect(classifyTriplet(1, 1.001, 2)).toBe('semi-hard');
    expect(classifyTriplet(1, 1, 0)).toBe('easy');
    expect(classifyTriplet(1, 0.5, 0)).toBe('hard');
  });
  it('matches the reference loss and class, and is never negative', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain(tripletOf), alphaArb, (t, alpha) => {
      const r = tripletLoss(t.anchor, t.positive, t.negative, alpha);
      expect(r.loss).toBeCloseTo(refLoss(t.anchor, t.positive, t.negative, alpha), 12);
      // The class is compared away from the boundaries, where float rounding may tip either way.
      if (Math.abs(r.margin) > 1e-9 && Math.abs(r.dAN - r.dAP) > 1e-9) expect(r.cls).toBe(refClass(r.dAP, r.dAN, alpha));
      return r.loss >= 0;
    }));
  });
  it('is 0 whenever the margin is met, and its class is easy exactly then', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain(tripletOf), alphaArb, (t, alpha) => {
      const r = tripletLoss(t.anchor, t.positive, t.negative, alpha);
      if (r.dAP + alpha <= r.dAN) expect(r.loss).toBe(0);
      expect(r.loss === 0).toBe(r.cls === 'easy');
      if (r.cls === 'semi-hard') expect(r.loss).toBeLessThan(alpha);
      if (r.cls === 'hard') expect(r.loss).toBeGreaterThanOrEqual(alpha - 1e-12);
    }));
  });
  it('the batch cost J is the sum of the losses, and is 0 iff every triplet is easy', () => {
    fc.assert(fc.property(batchArb, alphaArb, (batch, alpha) => {
      const { results, J } = tripletCost(batch as Triplet[], alpha);
      expect(results.length).toBe(batch.length);
      const sum = batch.reduce((s, t) => s + refLoss(t.anchor, t.positive, t.negative, alpha), 0);
      expect(J).toBeCloseTo(sum, 10);
      expect(J === 0).toBe(results.every((r) => r.cls === 'easy'));
    }));
  });
  it('hand-worked batch: the three triplets above give J = 0 + 0.09 + 0.29 = 0.38', () => {
    const A = [0, 0], P = [0.3, 0.4];
    const { results, J } = tripletCost([{ anchor: A, positive: P, negative: [0.5, 0.5] }, { anchor: A, positive: P, negative: [0, 0.6] }, { anchor: A, positive: P, negative: [0.4, 0] }], 0.2);
    expect(results.map((r) => r.cls)).toEqual(['easy', 'semi-hard', 'hard']);
    expect(J).toBeCloseTo(0.38, 14);
  });
});

describe('verification and the pairwise variant', () => {
  it('same person iff d ≤ τ: a pair at exactly τ is accepted', () => {
    expect(isSamePerson(0.5, 0.5)).toBe(true);
    expect(isSamePerson(0.5000001, 0.5)).toBe(false);
    expect(isSamePerson(0, 0)).toBe(true);
  });
  it('sigmoid: σ(0) = 1/2, matches 1/(1 + e^−z), and stays finite far out', () => {
    expect(sigmoid(0)).toBe(0.5);
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => Math.abs(sigmoid(z) - refSigmoid(z)) < 1e-15));
    expect(sigmoid(-1000)).toBe(0);
    expect(sigmoid(1000)).toBe(1);
  });
  it('hand-worked ŷ: |Δ| = (0.3, 0.4), w = (−4, −4), b = 2 → z = −0.8, ŷ = σ(−0.8) ≈ 0.3100', () => {
    const r = pairProbability([0, 0], [0.3, -0.4], [-4, -4], 2);
    expect(r.features).toEqual([0.3, 0.4]);
    expect(r.z).toBeCloseTo(-0.8, 14);
    expect(r.yHat).toBeCloseTo(0.31002551887238755, 12);
  });
  it('χ² features: (f_i − f_j)²/(f_i + f_j), 0 for a 0/0 entry; negative entries are refused', () => {
    const r = pairProbability([1, 0, 0.5], [3, 0, 0.5], [1, 1, 1], 0, 'chi2');
    expect(r.features).toEqual([1, 0, 0]); // 4/4, 0/0 → 0, 0/1
    expect(r.z).toBe(1);
    expect(() => pairProbability([-1, 0], [1, 0], [1, 1], 0, 'chi2')).toThrow(/χ² feature needs non-negative encodings; entry 0 is -1/);
  });
  it('the pair probability matches a reference and does not depend on the order of the pair', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }).chain((d) => fc.tuple(encoding(d), encoding(d), encoding(d))), coord, ([a, b, w], bias) => {
      const r = pairProbability(a, b, w, bias);
      const z = a.reduce((s, v, k) => s + w[k]! * Math.abs(v - b[k]!), bias);
      expect(r.z).toBeCloseTo(z, 12);
      expect(r.yHat).toBeCloseTo(refSigmoid(z), 12);
      expect(pairProbability(b, a, w, bias).yHat).toBe(r.yHat);
    }));
  });
});

describe('bad input', () => {
  it('an empty batch, mismatched dimensions and NaN are clear errors', () => {
    expect(() => tripletCost([], 0.2)).toThrow('the batch is empty; the cost J needs at least one triplet');
    expect(() => squaredDistance([1, 2], [1, 2, 3])).toThrow('a has 2 numbers but b has 3; encodings must have the same dimension');
    expect(() => tripletLoss([0, 0], [0, 0], [0], 0.2)).toThrow('f(A) has 2 numbers but f(N) has 1');
    expect(() => squaredDistance([1, Number.NaN], [1, 2])).toThrow('a holds NaN at index 1; every entry must be a finite number');
    expect(() => squaredDistance([], [])).toThrow('a is empty');
    expect(() => tripletLoss([0], [0], [0], -0.1)).toThrow('α must be a finite number ≥ 0; got -0.1');
    expect(() => tripletLoss([0], [0], [0], Number.NaN)).toThrow(ComputeInputError);
    expect(() => isSamePerson(0.1, Number.POSITIVE_INFINITY)).toThrow('τ must be a finite number ≥ 0');
    expect(() => pairProbability([0], [0], [1, 2], 0)).toThrow('f(x_i) has 1 numbers but w has 2');
    expect(() => pairProbability([0], [0], [1], Number.NaN)).toThrow('the bias b must be a finite number; got NaN');
  });
  it('a batch names the triplet at fault', () => {
    const ok = { anchor: [0, 0], positive: [0, 1], negative: [1, 0] };
    expect(() => tripletCost([ok, { ...ok, negative: [1] }], 0.2)).toThrow("triplet 2's negative has 1 numbers but triplet 1's anchor has 2");
    expect(() => tripletCost([ok, { ...ok, positive: [0, Number.NaN] }], 0.2)).toThrow('triplet 2: f(P) holds NaN at index 1');
  });
});
