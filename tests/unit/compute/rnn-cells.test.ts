import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import {
  copiedFrameworkWeights, gruJacobian, gruRun, gruStep, gruStepFramework, gruStepTf, lstmRun, lstmStep, resetPlacementAgrees, toFrameworkWeights,
  type GruWeights, type LstmWeights,
} from '~/compute/rnn-cells';
import { loadTf } from '~/compute/tf';

let baselineTensors = 0;
beforeAll(async () => {
  baselineTensors = (await loadTf()).memory().numTensors;
});
afterAll(async () => {
  expect((await loadTf()).memory().numTensors).toBe(baselineTensors);
});

const LN3 = Math.log(3);

// ------------------------------------------------------------------------------------------ naive references, written apart

const sig = (t: number) => 1 / (1 + Math.exp(-t));

/** The course's GRU with explicit index loops over the concatenation [c, x] (no helpers shared with the module). */
function naiveGru(w: GruWeights, c: number[], x: number[], pinU?: number, pinR?: number) {
  const n = c.length;
  const row = (W: readonly (readonly number[])[], i: number, v: number[]) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += W[i]![j]! * v[j]!;
    return s;
  };
  const cx = c.concat(x);
  const gu: number[] = [];
  const gr: number[] = [];
  for (let i = 0; i < n; i++) {
    gu.push(pinU ?? sig(row(w.Wu, i, cx) + w.bu[i]!));
    gr.push(pinR ?? sig(row(w.Wr, i, cx) + w.br[i]!));
  }
  const rcx: number[] = [];
  for (let i = 0; i < n; i++) rcx.push(gr[i]! * c[i]!);
  for (const v of x) rcx.push(v);
  const ct: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    ct.push(Math.tanh(row(w.Wc, i, rcx) + w.bc[i]!));
    out.push(gu[i]! * ct[i]! + (1 - gu[i]!) * c[i]!);
  }
  return { gu, gr, ct, c: out };
}

/** PyTorch's documented GRU with its own six matrices, index loops. */
function naiveTorch(w: ReturnType<typeof toFrameworkWeights>, h: number[], x: number[]) {
  const n = h.length;
  const dot = (r: readonly number[], v: number[]) => r.reduce((s, a, j) => s + a * v[j]!, 0);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = sig(dot(w.Wir[i]!, x) + w.bir[i]! + dot(w.Whr[i]!, h) + w.bhr[i]!);
    const z = sig(dot(w.Wiz[i]!, x) + w.biz[i]! + dot(w.Whz[i]!, h) + w.bhz[i]!);
    const nn = Math.tanh(dot(w.Win[i]!, x) + w.bin[i]! + r * (dot(w.Whn[i]!, h) + w.bhn[i]!));
    out.push((1 - z) * nn + z * h[i]!);
  }
  return out;
}

// ------------------------------------------------------------------------------------------ generators

const val = fc.double({ min: -3, max: 3, noNaN: true });
const vec = (n: number) => fc.array(val, { minLength: n, maxLength: n });
const mat = (r: number, c: number) => fc.array(vec(c), { minLength: r, maxLength: r });
const gruCase = fc
  .record({ nc: fc.integer({ min: 1, max: 4 }), nx: fc.integer({ min: 1, max: 4 }) })
  .chain(({ nc, nx }) =>
    fc.record({
      w: fc.record({ Wu: mat(nc, nc + nx), bu: vec(nc), Wr: mat(nc, nc + nx), br: vec(nc), Wc: mat(nc, nc + nx), bc: vec(nc) }),
      c: vec(nc),
      x: vec(nx),
    }),
  );

/** Two units, one input, with a W_cc that mixes the units: the case where the two reset placements differ. */
const MIXING: GruWeights = {
  Wu: [[0.5, -0.3, 1], [0.2, 0.4, -1]], bu: [0, 0.5],
  Wr: [[1, 0, 2], [0, -1, -2]], br: [0, 0],
  Wc: [[0.5, 1.5, 1], [-1.2, 0.3, 0.5]], bc: [0.1, -0.1],
};

// ------------------------------------------------------------------------------------------ hand-worked

describe('GRU, worked by hand', () => {
  it('one unit: Γ_u = σ(0) = 0.5, Γ_r = 0.5, c̃ = tanh(2·(0.5·0.5) + 1·1) = tanh(1.5), c = 0.5·c̃ + 0.5·0.5', () => {
    // W_u = W_r = 0 (gates at σ(0) = 1/2); W_c = [2, 1]: z_c = 2·(Γ_r·c) + 1·x = 2·0.25 + 1 = 1.5.
    // tanh(1.5) = 0.9051482536…; c = 0.4525741268… + 0.25 = 0.7025741268…
    const s = gruStep({ Wu: [[0, 0]], bu: [0], Wr: [[0, 0]], br: [0], Wc: [[2, 1]], bc: [0] }, [0.5], [1]);
    expect(s.gu).toEqual([0.5]);
    expect(s.gr).toEqual([0.5]);
    expect(s.rc).toEqual([0.25]);
    expect(s.zc).toEqual([1.5]);
    expect(s.cTilde[0]).toBeCloseTo(0.9051482536448664, 15);
    expect(s.c[0]).toBeCloseTo(0.7025741268224332, 15);
    expect(s.a).toEqual(s.c);
  });

  it('one unit: b_u = ln 3 gives Γ_u = 3/4, b_r = −ln 3 gives Γ_r = 1/4; c = 0.75·tanh(0.5) + 0.25·0.5', () => {
    // σ(ln 3) = 3/(3 + 1) = 0.75; σ(−ln 3) = 0.25. W_c = [4, 0]: z_c = 4·(0.25·0.5) = 0.5; tanh(0.5) = 0.4621171573.
    // c = 0.75·0.4621171573 + 0.25·0.5 = 0.3465878680 + 0.125 = 0.4715878680.
    const s = gruStep({ Wu: [[0, 0]], bu: [LN3], Wr: [[0, 0]], br: [-LN3], Wc: [[4, 0]], bc: [0] }, [0.5], [7]);
    expect(s.gu[0]).toBeCloseTo(0.75, 15);
    expect(s.gr[0]).toBeCloseTo(0.25, 15);
    expect(s.keepGate[0]).toBeCloseTo(0.25, 15);
    expect(s.cTilde[0]).toBeCloseTo(0.46211715726000974, 14);
    expect(s.c[0]).toBeCloseTo(0.471587867945007, 14);
  });

  it('pinned gates replace σ but keep the pre-activations', () => {
    const s = gruStep(MIXING, [0.4, -0.6], [1], { u: 0.2, r: [1, 0] });
    expect(s.gu).toEqual([0.2, 0.2]);
    expect(s.gr).toEqual([1, 0]);
    expect(s.pinnedU && s.pinnedR).toBe(true);
    expect(s.rc).toEqual([0.4, -0]);
    expect(s.zu[0]).toBeCloseTo(0.5 * 0.4 - 0.3 * -0.6 + 1, 15);
  });
});

describe('GRU against the naive reference', () => {
  it('matches on random cells (1–4 units, 1–4 inputs), computed and pinned', () => {
    fc.assert(
      fc.property(gruCase, fc.double({ min: 0, max: 1, noNaN: true }), ({ w, c, x }, p) => {
        const s = gruStep(w, c, x);
        const r = naiveGru(w, c, x);
        s.c.forEach((v, i) => expect(v).toBeCloseTo(r.c[i]!, 12));
        s.gu.forEach((v, i) => expect(v).toBeCloseTo(r.gu[i]!, 12));
        const sp = gruStep(w, c, x, { u: p, r: 1 - p });
        const rp = naiveGru(w, c, x, p, 1 - p);
        sp.c.forEach((v, i) => expect(v).toBeCloseTo(rp.c[i]!, 12));
      }),
    );
  });
});

describe('GRU properties', () => {
  it('Γ_u = 0 copies the memory exactly, whatever the weights and input', () => {
    // === rather than toEqual: −0 + 0 = 0 is the same number, and Object.is would call it different.
    fc.assert(fc.property(gruCase, ({ w, c, x }) => gruStep(w, c, x, { u: 0 }).c.every((v, i) => v === c[i])));
  });
  it('Γ_u = 1 replaces the memory by the candidate exactly', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const s = gruStep(w, c, x, { u: 1 });
      return s.c.every((v, i) => v === s.cTilde[i]);
    }));
  });
  it('computed gates lie strictly in (0, 1) and c̃ in (−1, 1)', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const s = gruStep(w, c, x);
      for (const g of [...s.gu, ...s.gr]) expect(g > 0 && g < 1).toBe(true);
      for (const v of s.cTilde) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }));
  });
  it('|c<t>| ≤ max(|c<t−1>|, 1) unit by unit: c<t> lies between c<t−1> and c̃', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const s = gruStep(w, c, x);
      s.c.forEach((v, i) => {
        expect(Math.abs(v)).toBeLessThanOrEqual(Math.max(Math.abs(c[i]!), 1) + 1e-15);
        expect(v).toBeGreaterThanOrEqual(Math.min(c[i]!, s.cTilde[i]!) - 1e-15);
        expect(v).toBeLessThanOrEqual(Math.max(c[i]!, s.cTilde[i]!) + 1e-15);
      });
    }));
  });
});

// ------------------------------------------------------------------------------------------ framework form and the mapping

describe('the framework GRU (PyTorch, Keras reset_after=True) and the mapping', () => {
  it('gruStepFramework follows the PyTorch formulas (naive reference)', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const fw = toFrameworkWeights(w);
      const got = gruStepFramework(fw, c, x).h;
      naiveTorch(fw, c, x).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 12));
    }));
  });

  it('mapped: the framework’s z is 1 − Γ_u and r is Γ_r, on every cell', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const s = gruStep(w, c, x);
      const f = gruStepFramework(toFrameworkWeights(w), c, x);
      f.z.forEach((z, i) => expect(z).toBeCloseTo(1 - s.gu[i]!, 14));
      f.r.forEach((r, i) => expect(r).toBeCloseTo(s.gr[i]!, 14));
    }));
  });

  it('mapped, one unit: the whole step agrees (W_cc is 1×1, so the reset placement cannot matter)', () => {
    fc.assert(fc.property(gruCase.filter(({ c }) => c.length === 1), ({ w, c, x }) => {
      const s = gruStep(w, c, x);
      expect(gruStepFramework(toFrameworkWeights(w), c, x).h[0]).toBeCloseTo(s.c[0]!, 14);
    }));
  });

  it('mapped, with Γ_r = 1 (b_r = 40 saturates σ to exactly 1 in float64): agrees on a mixing W_cc', () => {
    const w: GruWeights = { ...MIXING, Wr: [[0, 0, 0], [0, 0, 0]], br: [40, 40] };
    const s = gruStep(w, [0.4, -0.6], [1]);
    expect(s.gr).toEqual([1, 1]);
    expect(resetPlacementAgrees([[0.5, 1.5], [-1.2, 0.3]], s.gr)).toBe(true);
    const f = gruStepFramework(toFrameworkWeights(w), [0.4, -0.6], [1]);
    f.h.forEach((v, i) => expect(v).toBeCloseTo(s.c[i]!, 14));
  });

  it('mapped, with a diagonal W_cc: agrees whatever Γ_r', () => {
    fc.assert(fc.property(gruCase, ({ w, c, x }) => {
      const nc = c.length;
      const Wc = w.Wc.map((row, i) => row.map((v, j) => (j < nc && j !== i ? 0 : v)));
      const wd = { ...w, Wc };
      const s = gruStep(wd, c, x);
      gruStepFramework(toFrameworkWeights(wd), c, x).h.forEach((v, i) => expect(v).toBeCloseTo(s.c[i]!, 12));
    }));
  });

  it('mapped, mixing W_cc and unequal Γ_r: the candidates differ (W_cc(Γ_r ∗ c) ≠ Γ_r ∗ (W_cc c))', () => {
    const c = [0.4, -0.6];
    const s = gruStep(MIXING, c, [1]);
    expect(resetPlacementAgrees([[0.5, 1.5], [-1.2, 0.3]], s.gr)).toBe(false);
    const f = gruStepFramework(toFrameworkWeights(MIXING), c, [1]);
    f.z.forEach((z, i) => expect(z).toBeCloseTo(1 - s.gu[i]!, 15)); // the update gate still maps exactly
    const gap = Math.max(...f.n.map((v, i) => Math.abs(v - s.cTilde[i]!)));
    expect(gap).toBeGreaterThan(0.05);
    expect(Math.max(...f.h.map((v, i) => Math.abs(v - s.c[i]!)))).toBeGreaterThan(0.01);
  });

  it('not mapped (the course’s W_u copied into W_z): z = Γ_u and the output differs', () => {
    const w: GruWeights = { ...MIXING, Wr: [[0, 0, 0], [0, 0, 0]], br: [40, 40] }; // reset placement out of the way
    const c = [0.4, -0.6];
    const s = gruStep(w, c, [1]);
    const f = gruStepFramework(copiedFrameworkWeights(w), c, [1]);
    f.z.forEach((z, i) => expect(z).toBeCloseTo(s.gu[i]!, 15));
    // h' = (1 − Γ_u) n + Γ_u c instead of Γ_u c̃ + (1 − Γ_u) c: the roles of memory and candidate swap.
    f.h.forEach((v, i) => expect(v).toBeCloseTo((1 - s.gu[i]!) * s.cTilde[i]! + s.gu[i]! * c[i]!, 14));
    expect(Math.max(...f.h.map((v, i) => Math.abs(v - s.c[i]!)))).toBeGreaterThan(0.05);
  });
});

// ------------------------------------------------------------------------------------------ sequences and gradients

describe('GRU sequences and ∂c<t>/∂c<0>', () => {
  it('the Jacobian matches central differences (gates computed, and pinned)', () => {
    fc.assert(fc.property(gruCase, fc.boolean(), ({ w, c, x }, pin) => {
      const pins = pin ? { u: 0.3 } : {};
      const J = gruJacobian(w, gruStep(w, c, x, pins));
      const h = 1e-6;
      for (let j = 0; j < c.length; j++) {
        const up = gruStep(w, c.map((v, k) => (k === j ? v + h : v)), x, pins).c;
        const dn = gruStep(w, c.map((v, k) => (k === j ? v - h : v)), x, pins).c;
        for (let i = 0; i < c.length; i++) expect(J[i]![j]!).toBeCloseTo((up[i]! - dn[i]!) / (2 * h), 5);
      }
    }), { numRuns: 60 });
  });

  it('with Γ_u pinned at 0 every step, c<T> = c<0> and ∂c<T>/∂c<0> = I exactly, for 30 steps of noise', () => {
    const xs = Array.from({ length: 30 }, (_, t) => [Math.sin(t * 1.7)]);
    const run = gruRun(MIXING, [0.9, -0.5], xs, { u: 0 });
    expect(run.memory.at(-1)).toEqual([0.9, -0.5]);
    expect(run.sensitivity.at(-1)).toEqual([[1, 0], [0, 1]]);
  });

  it('with Γ_u pinned at 0.05 the memory of step 1 fades as 0.95^t along the kept path', () => {
    const xs = Array.from({ length: 20 }, () => [0]);
    const w: GruWeights = { ...MIXING, Wc: [[0, 0, 0], [0, 0, 0]], bc: [0, 0] }; // c̃ = 0: only the kept path remains
    const run = gruRun(w, [1, -1], xs, { u: 0.05 });
    expect(run.memory[20]![0]).toBeCloseTo(0.95 ** 20, 14);
    expect(run.sensitivity[20]![0]![0]).toBeCloseTo(0.95 ** 20, 14);
  });

  it('the run’s sensitivity is the chain of per-step Jacobians (finite differences over 5 steps)', () => {
    const xs = [[1], [-0.5], [0.2], [0.8], [-1]];
    const c0 = [0.3, -0.2];
    const run = gruRun(MIXING, c0, xs);
    const h = 1e-6;
    for (let j = 0; j < 2; j++) {
      const up = gruRun(MIXING, c0.map((v, k) => (k === j ? v + h : v)), xs).memory[5]!;
      const dn = gruRun(MIXING, c0.map((v, k) => (k === j ? v - h : v)), xs).memory[5]!;
      for (let i = 0; i < 2; i++) expect(run.sensitivity[5]![i]![j]!).toBeCloseTo((up[i]! - dn[i]!) / (2 * h), 6);
    }
  });
});

// ------------------------------------------------------------------------------------------ LSTM

describe('LSTM', () => {
  it('one unit by hand: Γ_u = 3/4, Γ_f = 1/4, Γ_o = 1/2; c = 0.75·tanh(0.5) + 0.25·2; a = 0.5·tanh(c)', () => {
    // σ(ln 3) = 0.75, σ(−ln 3) = 0.25, σ(0) = 0.5. W_c = [0, 1], x = 0.5: c̃ = tanh(0.5) = 0.4621171573.
    // c = 0.3465878680 + 0.5 = 0.8465878680; tanh(c) = 0.6896…; a = 0.5·tanh(0.8465878680).
    const w: LstmWeights = { Wu: [[0, 0]], bu: [LN3], Wf: [[0, 0]], bf: [-LN3], Wo: [[0, 0]], bo: [0], Wc: [[0, 1]], bc: [0] };
    const s = lstmStep(w, [0.3], [2], [0.5]);
    expect(s.gu[0]).toBeCloseTo(0.75, 15);
    expect(s.gf[0]).toBeCloseTo(0.25, 15);
    expect(s.go[0]).toBe(0.5);
    expect(s.c[0]).toBeCloseTo(0.846587867945007, 14);
    expect(s.a[0]).toBeCloseTo(0.5 * Math.tanh(0.846587867945007), 14);
  });

  it('Γ_f = 1 and Γ_u = 0 keep c exactly; the carried product is Π Γ_f', () => {
    const w: LstmWeights = {
      Wu: [[1, 2]], bu: [0], Wf: [[0.5, -1]], bf: [1], Wo: [[1, 1]], bo: [0], Wc: [[2, -1]], bc: [0.3],
    };
    const xs = Array.from({ length: 25 }, (_, t) => [Math.cos(t)]);
    const run = lstmRun(w, [0], [0.7], xs, { u: 0, f: 1 });
    expect(run.memory.at(-1)).toEqual([0.7]);
    expect(run.carried.at(-1)).toEqual([1]);
    const free = lstmRun(w, [0], [0.7], xs);
    expect(free.carried[3]![0]).toBeCloseTo(free.steps[0]!.gf[0]! * free.steps[1]!.gf[0]! * free.steps[2]!.gf[0]!, 15);
  });
});

// ------------------------------------------------------------------------------------------ errors

describe('bad input', () => {
  it('0 units, a wrong-sized matrix, NaN, a pin outside [0, 1] are refused with sentences', () => {
    expect(() => gruStep({ Wu: [], bu: [], Wr: [], br: [], Wc: [], bc: [] }, [], [1])).toThrow(/at least 1 memory unit/);
    expect(() => gruStep({ ...MIXING, Wc: [[1, 2], [3, 4]] }, [0, 0], [1])).toThrow(ComputeInputError);
    expect(() => gruStep(MIXING, [Number.NaN, 0], [1])).toThrow(/non-finite/);
    expect(() => gruStep(MIXING, [0, 0], [1], { u: 1.5 })).toThrow(/from 0 to 1/);
  });
});

// ------------------------------------------------------------------------------------------ TF.js

describe('TF.js cross-check', () => {
  it('tfjs-core ops give the course’s step (reset before the product) to float32 precision', async () => {
    const samples = fc.sample(gruCase, { numRuns: 25, seed: 7 });
    for (const { w, c, x } of samples) {
      const ours = gruStep(w, c, x);
      const tf = await gruStepTf(w, c, x);
      ours.c.forEach((v, i) => expect(Math.abs(v - tf.c[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(v))));
      ours.gu.forEach((v, i) => expect(Math.abs(v - tf.gu[i]!)).toBeLessThan(1e-6));
    }
  });

  it('on a mixing cell the tfjs step agrees with the course’s candidate and not with the framework’s', async () => {
    const c = [0.4, -0.6];
    const tf = await gruStepTf(MIXING, c, [1]);
    const course = gruStep(MIXING, c, [1]);
    const framework = gruStepFramework(toFrameworkWeights(MIXING), c, [1]);
    course.cTilde.forEach((v, i) => expect(Math.abs(v - tf.cTilde[i]!)).toBeLessThan(1e-6));
    expect(Math.max(...framework.n.map((v, i) => Math.abs(v - tf.cTilde[i]!)))).toBeGreaterThan(0.05);
  });

  it('pins reach the tfjs step too', async () => {
    const tf = await gruStepTf(MIXING, [0.4, -0.6], [1], { u: 0 });
    expect([...tf.c].map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.4, -0.6]);
  });
});
