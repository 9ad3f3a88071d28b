import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { randomNormals } from '~/compute/random';
import {
  clipByNorm, clipElementwise, gradientMaxAbs, gradientNorm, oneHot, pickIndex, rnnBackward, rnnForward, rnnForwardTf, rnnWeights,
  sampleSequence, sequenceLoss, sgdUpdate, softmaxT, type LossAt, type RnnGradients, type RnnWeights,
} from '~/compute/rnn';

// ---- A naive reference, written separately: nested arrays, one formula a line, no shared helpers. ----
type Vec = number[];
type Mat = number[][];
interface Ref { Waa: Mat; Wax: Mat; Wya: Mat; ba: Vec; by: Vec }
const matVec = (M: Mat, v: Vec): Vec => M.map((row) => row.reduce((s, m, j) => s + m * v[j]!, 0));
const refSoftmax = (z: Vec): Vec => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
function refForward(p: Ref, xs: Vec[]): { as: Vec[]; ys: Vec[] } {
  let a = p.ba.map(() => 0);
  const as: Vec[] = [];
  const ys: Vec[] = [];
  for (const x of xs) {
    const wa = matVec(p.Waa, a);
    const wx = matVec(p.Wax, x);
    a = wa.map((v, i) => Math.tanh(v + wx[i]! + p.ba[i]!));
    as.push(a);
    ys.push(refSoftmax(matVec(p.Wya, a).map((v, k) => v + p.by[k]!)));
  }
  return { as, ys };
}
function refLoss(p: Ref, xs: Vec[], targets: number[], lossAt: LossAt): number {
  const { ys } = refForward(p, xs);
  return ys.reduce((s, y, t) => (lossAt === 'every' || t === ys.length - 1 ? s - Math.log(y[targets[t]!]!) : s), 0);
}
/** Backprop through time with explicit index loops (transposes written out by hand). */
function refBackward(p: Ref, xs: Vec[], targets: number[]): { dWaa: Mat; dWax: Mat; dWya: Mat; dba: Vec; dby: Vec; da: Vec[] } {
  const { as, ys } = refForward(p, xs);
  const nA = p.ba.length;
  const zero = (r: number, c: number): Mat => Array.from({ length: r }, () => new Array<number>(c).fill(0));
  const g = { dWaa: zero(nA, nA), dWax: zero(nA, xs[0]!.length), dWya: zero(p.by.length, nA), dba: new Array<number>(nA).fill(0), dby: new Array<number>(p.by.length).fill(0), da: [] as Vec[] };
  let next = new Array<number>(nA).fill(0);
  for (let t = xs.length - 1; t >= 0; t--) {
    const dy = ys[t]!.map((v, k) => v - (k === targets[t] ? 1 : 0));
    const a = as[t]!;
    const aPrev = t > 0 ? as[t - 1]! : new Array<number>(nA).fill(0);
    const da = new Array<number>(nA).fill(0);
    for (let i = 0; i < nA; i++) {
      for (let k = 0; k < dy.length; k++) da[i]! += p.Wya[k]![i]! * dy[k]!;
      da[i]! += next[i]!;
    }
    const dz = da.map((v, i) => v * (1 - a[i]! ** 2));
    for (let k = 0; k < dy.length; k++) {
      g.dby[k]! += dy[k]!;
      for (let i = 0; i < nA; i++) g.dWya[k]![i]! += dy[k]! * a[i]!;
    }
    for (let i = 0; i < nA; i++) {
      g.dba[i]! += dz[i]!;
      for (let j = 0; j < nA; j++) g.dWaa[i]![j]! += dz[i]! * aPrev[j]!;
      for (let j = 0; j < xs[0]!.length; j++) g.dWax[i]![j]! += dz[i]! * xs[t]![j]!;
    }
    next = new Array<number>(nA).fill(0);
    for (let j = 0; j < nA; j++) for (let i = 0; i < nA; i++) next[j]! += p.Waa[i]![j]! * dz[i]!;
    g.da.unshift(da);
  }
  return g;
}

// ---- Fixtures ----
function randomRef(nA: number, nX: number, nY: number, seed: number, scale = 0.8): Ref {
  const r = randomNormals(nA * nA + nA * nX + nY * nA + nA + nY, seed).map((v) => v * scale);
  let i = 0;
  const take = (rows: number, cols: number): Mat => Array.from({ length: rows }, () => Array.from({ length: cols }, () => r[i++]!));
  return { Waa: take(nA, nA), Wax: take(nA, nX), Wya: take(nY, nA), ba: take(1, nA)[0]!, by: take(1, nY)[0]! };
}
const oneHots = (indices: number[], n: number): Vec[] => indices.map((k) => (k < 0 ? new Array<number>(n).fill(0) : Array.from(oneHot(k, n))));
const rows = (m: { rows: number; cols: number; data: Float64Array }): Mat => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
const close = (a: number, b: number, tol = 1e-12) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

describe('hand-worked values', () => {
  // n_a = 1, n_x = 1, n_y = 2: W_aa = 0.5, W_ax = 1, b_a = 0, W_ya = [1, −1]ᵀ, b_y = 0.
  const w = rnnWeights({ Waa: [[0.5]], Wax: [[1]], Wya: [[1], [-1]], ba: [0], by: [0, 0] });
  it('a<1> = tanh(1) = 0.76159, ŷ<1> = softmax(±0.76159) = (0.82101, 0.17899); a<2> = tanh(0.5·0.76159) = 0.36340', () => {
    const steps = rnnForward(w, [[1], [0]]);
    close(steps[0]!.a[0]!, 0.7615941559557649);
    // softmax of (a, −a) is (σ(2a), 1 − σ(2a)).
    close(steps[0]!.yHat[0]!, 1 / (1 + Math.exp(-2 * 0.7615941559557649)));
    expect(steps[0]!.yHat[0]).toBeCloseTo(0.82101, 5);
    close(steps[1]!.z[0]!, 0.5 * 0.7615941559557649);
    expect(steps[1]!.a[0]).toBeCloseTo(0.3634, 5);
  });
  it('one step, target 0: L = −log 0.82101 = 0.19722; ∂L/∂a = (ŷ₀ − 1) − ŷ₁ = −0.35799; dW_ax = ∂L/∂a·(1 − a²)·x', () => {
    const steps = rnnForward(w, [[1]]);
    const loss = sequenceLoss(steps, [0]);
    expect(loss.total).toBeCloseTo(0.19722, 5);
    const b = rnnBackward(w, steps, [0]);
    const y0 = steps[0]!.yHat[0]!;
    close(b.da[0]![0]!, y0 - 1 - (1 - y0));
    expect(b.da[0]![0]).toBeCloseTo(-0.35799, 5);
    close(b.grads.dWax.data[0]!, b.da[0]![0]! * (1 - 0.7615941559557649 ** 2));
    close(b.grads.dWaa.data[0]!, 0); // a<0> = 0: W_aa has no effect at step 1
    close(b.flowBack[0]!, Math.abs(0.5 * b.dz[0]![0]!));
  });
  it('temperature 0 puts everything on the largest logit; temperature 1 is the plain softmax', () => {
    expect(Array.from(softmaxT([1, 3, 2], 0))).toEqual([0, 1, 0]);
    const p = softmaxT([0, Math.log(3)], 1);
    close(p[1]!, 0.75);
    close(softmaxT([0, Math.log(3)], 2)[1]!, Math.sqrt(3) / (1 + Math.sqrt(3)));
  });
  it('pickIndex walks the cumulative distribution (np.random.choice)', () => {
    expect([0, 0.19, 0.2, 0.69, 0.7, 0.999].map((u) => pickIndex([0.2, 0.5, 0.3], u))).toEqual([0, 0, 1, 1, 2, 2]);
  });
  it('element-wise clipping is the course’s np.clip to [−maxValue, maxValue]; global-norm clipping scales', () => {
    const g: RnnGradients = { dWaa: { rows: 1, cols: 1, data: Float64Array.of(12) }, dWax: { rows: 1, cols: 1, data: Float64Array.of(-3) }, dWya: { rows: 2, cols: 1, data: Float64Array.of(0.5, -20) }, dba: Float64Array.of(4), dby: Float64Array.of(0, 6) };
    const e = clipElementwise(g, 5);
    expect([...e.grads.dWaa.data, ...e.grads.dWax.data, ...e.grads.dWya.data, ...e.grads.dba, ...e.grads.dby]).toEqual([5, -3, 0.5, -5, 4, 0, 5]);
    expect(e.changed).toBe(3);
    // ‖g‖ = √(144 + 9 + 0.25 + 400 + 16 + 36) = √605.25 = 24.602
    close(gradientNorm(g), Math.sqrt(605.25));
    const n = clipByNorm(g, 5);
    close(n.scale, 5 / Math.sqrt(605.25));
    close(n.normAfter, 5);
    close(n.grads.dWya.data[1]! / n.grads.dWaa.data[0]!, -20 / 12); // the direction is kept
  });
});

describe('against the naive reference', () => {
  it('forward and backward agree for random sizes and weights', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9999 }), (nA, nV, T, seed) => {
        const ref = randomRef(nA, nV, nV, seed);
        const ins = Array.from({ length: T }, (_, t) => (t === 0 ? -1 : (seed + t) % nV));
        const targets = Array.from({ length: T }, (_, t) => (seed + t + 1) % nV);
        const xs = oneHots(ins, nV);
        const w = rnnWeights(ref);
        const steps = rnnForward(w, xs);
        const r = refForward(ref, xs);
        steps.forEach((s, t) => {
          s.a.forEach((v, i) => close(v, r.as[t]![i]!));
          s.yHat.forEach((v, k) => close(v, r.ys[t]![k]!));
        });
        close(sequenceLoss(steps, targets).total, refLoss(ref, xs, targets, 'every'));
        const b = rnnBackward(w, steps, targets);
        const rb = refBackward(ref, xs, targets);
        for (const k of ['dWaa', 'dWax', 'dWya'] as const) rows(b.grads[k]).flat().forEach((v, i) => close(v, rb[k].flat()[i]!, 1e-10));
        b.grads.dba.forEach((v, i) => close(v, rb.dba[i]!, 1e-10));
        b.grads.dby.forEach((v, k) => close(v, rb.dby[k]!, 1e-10));
        b.da.forEach((d, t) => d.forEach((v, i) => close(v, rb.da[t]![i]!, 1e-10)));
      }),
      { numRuns: 60 },
    );
  });
});

/** Every parameter entry as (get, set) pairs, for the finite-difference check. */
function entries(ref: Ref): { get: () => number; set: (v: number) => void; name: string }[] {
  const out: { get: () => number; set: (v: number) => void; name: string }[] = [];
  for (const k of ['Waa', 'Wax', 'Wya'] as const) ref[k].forEach((row, i) => row.forEach((_, j) => out.push({ name: `${k}[${i}][${j}]`, get: () => ref[k][i]![j]!, set: (v) => (ref[k][i]![j] = v) })));
  for (const k of ['ba', 'by'] as const) ref[k].forEach((_, i) => out.push({ name: `${k}[${i}]`, get: () => ref[k][i]!, set: (v) => (ref[k][i] = v) }));
  return out;
}
const analytic = (g: RnnGradients): number[] => [...g.dWaa.data, ...g.dWax.data, ...g.dWya.data, ...g.dba, ...g.dby];

describe('gradient check (finite differences)', () => {
  for (const lossAt of ['every', 'last'] as const) {
    it(`numerical and analytic gradients agree to a relative error below 1e-6 (loss at ${lossAt} step)`, () => {
      for (const seed of [1, 2, 3]) {
        const ref = randomRef(4, 5, 5, seed, 1);
        const xs = oneHots([-1, 2, 0, 4, 1, 3], 5);
        const targets = [2, 0, 4, 1, 3, 2];
        const w = rnnWeights(ref);
        const ana = analytic(rnnBackward(w, rnnForward(w, xs), targets, lossAt).grads);
        const h = 1e-5;
        const num = entries(ref).map((e) => {
          const v = e.get();
          e.set(v + h);
          const plus = refLoss(ref, xs, targets, lossAt);
          e.set(v - h);
          const minus = refLoss(ref, xs, targets, lossAt);
          e.set(v);
          return (plus - minus) / (2 * h);
        });
        const diff = Math.sqrt(num.reduce((s, v, i) => s + (v - ana[i]!) ** 2, 0));
        const rel = diff / (Math.sqrt(num.reduce((s, v) => s + v * v, 0)) + Math.sqrt(ana.reduce((s, v) => s + v * v, 0)));
        expect(rel).toBeLessThan(1e-6);
        num.forEach((v, i) => expect(Math.abs(v - ana[i]!)).toBeLessThan(1e-6 * Math.max(1, Math.abs(v))));
      }
    });
  }
  it('∂L/∂a<0> matches a finite difference in a<0>', () => {
    const ref = randomRef(3, 4, 4, 7, 1);
    const w = rnnWeights(ref);
    const xs = oneHots([1, 2, 3], 4);
    const a0 = [0.1, -0.2, 0.3];
    const b = rnnBackward(w, rnnForward(w, xs, a0), [2, 3, 0]);
    const L = (a: number[]) => sequenceLoss(rnnForward(w, xs, a), [2, 3, 0]).total;
    a0.forEach((_, i) => {
      const up = [...a0];
      const down = [...a0];
      up[i]! += 1e-6;
      down[i]! -= 1e-6;
      expect(Math.abs((L(up) - L(down)) / 2e-6 - b.da0[i]!)).toBeLessThan(1e-7);
    });
  });
});

describe('properties', () => {
  const gradsArb = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 9, maxLength: 9 }).map((v): RnnGradients => ({
    dWaa: { rows: 2, cols: 2, data: Float64Array.from(v.slice(0, 4)) }, dWax: { rows: 2, cols: 1, data: Float64Array.from(v.slice(4, 6)) },
    dWya: { rows: 1, cols: 2, data: Float64Array.from(v.slice(6, 8)) }, dba: Float64Array.of(v[8]!, 0), dby: Float64Array.of(0),
  }));
  it('element-wise clipping bounds every entry; global-norm clipping bounds the norm and keeps the direction', () => {
    fc.assert(
      fc.property(gradsArb, fc.double({ min: 0.01, max: 100, noNaN: true }), (g, m) => {
        expect(gradientMaxAbs(clipElementwise(g, m).grads)).toBeLessThanOrEqual(m);
        const n = clipByNorm(g, m);
        expect(n.normAfter).toBeLessThanOrEqual(m * (1 + 1e-12));
        if (gradientNorm(g) <= m) expect(n.scale).toBe(1);
        n.grads.dWaa.data.forEach((v, i) => close(v, g.dWaa.data[i]! * n.scale, 1e-12));
      }),
    );
  });
  it('temperature → 0 samples the argmax; the same seed gives the same sample; softmaxT sums to 1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.double({ min: 0.2, max: 3, noNaN: true }), (seed, tau) => {
        const w = rnnWeights(randomRef(4, 5, 5, seed, 1.5));
        const s1 = sampleSequence(w, { seed, temperature: tau, endIndex: 0, maxLength: 12 });
        const s2 = sampleSequence(w, { seed, temperature: tau, endIndex: 0, maxLength: 12 });
        expect(s2.indices).toEqual(s1.indices);
        s1.steps.forEach((s) => close(s.p.reduce((a, b) => a + b, 0), 1, 1e-12));
        const greedy = sampleSequence(w, { seed, temperature: 0, endIndex: 0, maxLength: 12 });
        greedy.steps.forEach((s) => expect(s.index).toBe(s.logits.indexOf(Math.max(...s.logits))));
        // A cold temperature (τ = 10⁻³) picks the argmax wherever the top two logits are 0.05 apart.
        const cold = sampleSequence(w, { seed: seed + 1, temperature: 1e-3, endIndex: 0, maxLength: 12 });
        cold.steps.forEach((s) => {
          const sorted = [...s.logits].sort((a, b) => b - a);
          if (sorted[0]! - sorted[1]! > 0.05) expect(s.index).toBe(s.logits.indexOf(sorted[0]!));
        });
      }),
      { numRuns: 50 },
    );
  });
  it('sampling follows the four steps: x<1> = 0, a<0> = 0, each x<t+1> is the one-hot of the index drawn at t', () => {
    const w = rnnWeights(randomRef(3, 4, 4, 11, 1));
    const s = sampleSequence(w, { seed: 5, endIndex: 0, maxLength: 30 });
    expect(Array.from(s.steps[0]!.x)).toEqual([0, 0, 0, 0]);
    expect(Array.from(s.steps[0]!.aPrev)).toEqual([0, 0, 0]);
    s.steps.slice(1).forEach((st, t) => {
      expect(Array.from(st.x)).toEqual(Array.from(oneHot(s.indices[t]!, 4)));
      expect(st.aPrev).toEqual(s.steps[t]!.a);
    });
    expect(s.stopped === 'end' ? s.indices.at(-1) : s.indices.length).toBe(s.stopped === 'end' ? 0 : 30);
    expect(sampleSequence(w, { seed: 5, endIndex: 0, maxLength: 2, temperature: 0 }).indices.length).toBeLessThanOrEqual(2);
  });
  it('one SGD step on clipped gradients lowers the loss for a small learning rate', () => {
    const ref = randomRef(3, 4, 4, 21, 1);
    const w = rnnWeights(ref);
    const xs = oneHots([-1, 1, 2, 3], 4);
    const targets = [1, 2, 3, 0];
    const before = sequenceLoss(rnnForward(w, xs), targets).total;
    const g = clipElementwise(rnnBackward(w, rnnForward(w, xs), targets).grads, 5).grads;
    const w2: RnnWeights = sgdUpdate(w, g, 0.01);
    expect(sequenceLoss(rnnForward(w2, xs), targets).total).toBeLessThan(before);
    close(w2.Waa.data[0]!, w.Waa.data[0]! - 0.01 * g.dWaa.data[0]!);
  });
});

describe('errors', () => {
  it('refuses shapes that disagree, non-finite values, bad targets and temperatures', () => {
    expect(() => rnnWeights({ Waa: [[1, 2]], Wax: [[1]], Wya: [[1]], ba: [0], by: [0] })).toThrow(/W_aa must be square/);
    expect(() => rnnWeights({ Waa: [[1]], Wax: [[1], [2]], Wya: [[1]], ba: [0], by: [0] })).toThrow(/W_ax must have n_a = 1 rows/);
    expect(() => rnnWeights({ Waa: [[Number.NaN]], Wax: [[1]], Wya: [[1]], ba: [0], by: [0] })).toThrow(ComputeInputError);
    expect(() => rnnWeights({ Waa: [[1]], Wax: [[1]], Wya: [[1]], ba: [0, 1], by: [0] })).toThrow(/b_a has 2 values; it needs 1/);
    const w = rnnWeights({ Waa: [[1]], Wax: [[1]], Wya: [[1], [2]], ba: [0], by: [0, 0] });
    expect(() => rnnForward(w, [])).toThrow(/empty/);
    expect(() => rnnForward(w, [[1, 2]])).toThrow(/x<t> has 2 values/);
    expect(() => sequenceLoss(rnnForward(w, [[1]]), [2])).toThrow(/y<1> must be an integer from 0 to 1/);
    expect(() => softmaxT([1, 2], -1)).toThrow(/temperature/);
    expect(() => softmaxT([1, 2], Number.NaN)).toThrow(/temperature/);
    expect(() => clipElementwise(rnnBackward(w, rnnForward(w, [[1]]), [0]).grads, 0)).toThrow(/maxValue/);
    expect(() => sampleSequence(w, { seed: 1, endIndex: 0 })).toThrow(/n_x must equal n_y/);
  });
});

describe('TensorFlow.js', () => {
  it('tf.matMul, tf.tanh and tf.softmax give the same forward pass (float32)', async () => {
    const ref = randomRef(4, 5, 5, 3, 1);
    const w = rnnWeights(ref);
    const xs = oneHots([-1, 1, 2, 3, 4], 5);
    const ours = rnnForward(w, xs);
    const tf = await rnnForwardTf(w, xs);
    ours.forEach((s, t) => {
      s.a.forEach((v, i) => expect(Math.abs(v - tf.a[t]![i]!)).toBeLessThan(1e-6));
      s.yHat.forEach((v, k) => expect(Math.abs(v - tf.yHat[t]![k]!)).toBeLessThan(1e-6));
    });
  });
});
