/**
 * Gated recurrent cells in the course's form (GRU and LSTM), float64, with every intermediate returned,
 * plus the GRU as PyTorch and Keras (reset_after=True) write it, the mapping between the two, sequence
 * runners with pinned gates, and how much of c<0> survives to c<t> (the Jacobian ∂c<t>/∂c<0>).
 * See CONVENTIONS.md, "Gated recurrent cells".
 *
 * Vectors are plain arrays (column vectors in the formulas); a matrix is an array of rows. Every course
 * weight matrix multiplies the concatenation [c<t−1>, x<t>] (GRU) or [a<t−1>, x<t>] (LSTM): it has n_c rows
 * and n_c + n_x columns, the first n_c columns acting on the memory, the rest on the input.
 */
import { ComputeInputError, requireFinite } from './errors';
import type { Tf } from './tf';
import { loadTf } from './tf';

export type Vec = readonly number[];
export type Mat = readonly Vec[];

export const sigmoid = (t: number): number => (t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t)));

// ------------------------------------------------------------------------------------------ small algebra

/** W·v for a matrix with as many columns as v has entries. */
export function matVec(W: Mat, v: Vec): number[] {
  return W.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));
}
const add = (a: Vec, b: Vec): number[] => a.map((v, i) => v + b[i]!);
const mul = (a: Vec, b: Vec): number[] => a.map((v, i) => v * b[i]!);

/** The columns `from … to − 1` of every row. */
export function columns(W: Mat, from: number, to: number): number[][] {
  return W.map((row) => row.slice(from, to));
}

// ------------------------------------------------------------------------------------------ validation

function requireVec(field: string, v: Vec, length: number): void {
  if (!Array.isArray(v) || v.length !== length) {
    throw new ComputeInputError(`${field} must have ${length} entr${length === 1 ? 'y' : 'ies'}; got ${Array.isArray(v) ? v.length : 'none'}`, field);
  }
  requireFinite(field, v);
}

function requireMat(field: string, W: Mat, rows: number, cols: number): void {
  if (!Array.isArray(W) || W.length !== rows || W.some((r) => !Array.isArray(r) || r.length !== cols)) {
    throw new ComputeInputError(`${field} must be ${rows}×${cols} (one row per memory unit, one column per entry of the concatenated vector)`, field);
  }
  W.forEach((r, i) => requireFinite(`${field} row ${i + 1}`, r));
}

function requireUnits(nc: number, nx: number): void {
  if (!Number.isInteger(nc) || nc < 1) throw new ComputeInputError(`a cell needs at least 1 memory unit; got ${String(nc)}`, 'units');
  if (!Number.isInteger(nx) || nx < 1) throw new ComputeInputError(`a cell needs at least 1 input; got ${String(nx)}`, 'inputs');
}

/** A pinned gate: one value for every unit, or one per unit, each in [0, 1]. */
export type Pin = number | Vec | null | undefined;

function pinned(field: string, pin: Pin, n: number): number[] | null {
  if (pin === null || pin === undefined) return null;
  const values = typeof pin === 'number' ? Array<number>(n).fill(pin) : [...pin];
  if (values.length !== n) throw new ComputeInputError(`${field} must pin ${n} values (one per memory unit); got ${values.length}`, field);
  values.forEach((v) => {
    if (!(v >= 0 && v <= 1)) throw new ComputeInputError(`${field} must be from 0 to 1 (a gate is a sigmoid's output); got ${String(v)}`, field);
  });
  return values;
}

// ------------------------------------------------------------------------------------------ GRU, the course's form

export interface GruWeights {
  /** Update gate: n_c × (n_c + n_x), acting on [c<t−1>, x<t>]. */
  Wu: Mat;
  bu: Vec;
  /** Relevance (reset) gate. */
  Wr: Mat;
  br: Vec;
  /** Candidate: acts on [Γ_r ∗ c<t−1>, x<t>]. */
  Wc: Mat;
  bc: Vec;
}

export interface GruPins {
  u?: Pin;
  r?: Pin;
}

export interface GruStep {
  cPrev: number[];
  x: number[];
  /** Γ_u's pre-activation W_u[c<t−1>, x<t>] + b_u (what σ would see, also when Γ_u is pinned). */
  zu: number[];
  gu: number[];
  zr: number[];
  gr: number[];
  /** Whether each gate was pinned rather than computed. */
  pinnedU: boolean;
  pinnedR: boolean;
  /** Γ_r ∗ c<t−1>: the memory the candidate is allowed to see. */
  rc: number[];
  /** W_c[Γ_r ∗ c<t−1>, x<t>] + b_c. */
  zc: number[];
  cTilde: number[];
  /** Γ_u ∗ c̃<t>: what is written. */
  write: number[];
  /** 1 − Γ_u. */
  keepGate: number[];
  /** (1 − Γ_u) ∗ c<t−1>: what is kept. */
  keep: number[];
  c: number[];
  /** a<t> = c<t> in a GRU. */
  a: number[];
}

export function gruSizes(w: GruWeights): { nc: number; nx: number } {
  const nc = w.bu?.length ?? 0;
  const nx = (w.Wu?.[0]?.length ?? 0) - nc;
  return { nc, nx };
}

export function validateGru(w: GruWeights, cPrev: Vec, x: Vec): { nc: number; nx: number } {
  const { nc, nx } = gruSizes(w);
  requireUnits(nc, nx);
  for (const g of ['u', 'r', 'c'] as const) {
    requireMat(`W_${g}`, w[`W${g}`], nc, nc + nx);
    requireVec(`b_${g}`, w[`b${g}`], nc);
  }
  requireVec('c<t−1>', cPrev, nc);
  requireVec('x<t>', x, nx);
  return { nc, nx };
}

/**
 * One GRU step as the course writes it:
 *   Γ_u = σ(W_u[c<t−1>, x<t>] + b_u),  Γ_r = σ(W_r[c<t−1>, x<t>] + b_r),
 *   c̃<t> = tanh(W_c[Γ_r ∗ c<t−1>, x<t>] + b_c),  c<t> = Γ_u ∗ c̃<t> + (1 − Γ_u) ∗ c<t−1>,  a<t> = c<t>.
 * The reset gate multiplies the memory *before* the matrix product. `pins` replaces a gate's σ by given values.
 */
export function gruStep(w: GruWeights, cPrev: Vec, x: Vec, pins: GruPins = {}): GruStep {
  const { nc } = validateGru(w, cPrev, x);
  const pu = pinned('Γ_u', pins.u, nc);
  const pr = pinned('Γ_r', pins.r, nc);
  const cx = [...cPrev, ...x];
  const zu = add(matVec(w.Wu, cx), w.bu);
  const zr = add(matVec(w.Wr, cx), w.br);
  const gu = pu ?? zu.map(sigmoid);
  const gr = pr ?? zr.map(sigmoid);
  const rc = mul(gr, cPrev);
  const zc = add(matVec(w.Wc, [...rc, ...x]), w.bc);
  const cTilde = zc.map(Math.tanh);
  const write = mul(gu, cTilde);
  const keepGate = gu.map((g) => 1 - g);
  const keep = mul(keepGate, cPrev);
  const c = add(write, keep);
  return { cPrev: [...cPrev], x: [...x], zu, gu, zr, gr, pinnedU: !!pu, pinnedR: !!pr, rc, zc, cTilde, write, keepGate, keep, c, a: c };
}

/**
 * ∂c<t>/∂c<t−1> for one step (n_c × n_c; entry [i][j] = ∂c_i<t>/∂c_j<t−1>), through every path: the kept
 * memory (1 − Γ_u), the gates' own dependence on c<t−1> (none when a gate is pinned), and the candidate.
 */
export function gruJacobian(w: GruWeights, s: GruStep): number[][] {
  const nc = s.c.length;
  return Array.from({ length: nc }, (_, i) =>
    Array.from({ length: nc }, (_, j) => {
      const dGu = s.pinnedU ? 0 : s.gu[i]! * (1 - s.gu[i]!) * w.Wu[i]![j]!;
      // ∂(W_c[Γ_r ∗ c, x])_i / ∂c_j: c_j directly, and every Γ_r,k through its own dependence on c_j.
      let dZc = w.Wc[i]![j]! * s.gr[j]!;
      if (!s.pinnedR) for (let k = 0; k < nc; k++) dZc += w.Wc[i]![k]! * s.cPrev[k]! * s.gr[k]! * (1 - s.gr[k]!) * w.Wr[k]![j]!;
      const dCt = (1 - s.cTilde[i]! ** 2) * dZc;
      return (i === j ? 1 - s.gu[i]! : 0) + (s.cTilde[i]! - s.cPrev[i]!) * dGu + s.gu[i]! * dCt;
    }),
  );
}

function matMul(A: Mat, B: Mat): number[][] {
  return A.map((row) => B[0]!.map((_, j) => row.reduce((s, a, k) => s + a * B[k]![j]!, 0)));
}
const identity = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

export interface GruRun {
  steps: GruStep[];
  /** c<0>, c<1>, …, c<T>. */
  memory: number[][];
  /** ∂c<t>/∂c<0> for t = 0 … T (the identity at t = 0). */
  sensitivity: number[][][];
}

/** The cell run over `xs` from c<0>, with the same pins at every step. */
export function gruRun(w: GruWeights, c0: Vec, xs: readonly Vec[], pins: GruPins = {}): GruRun {
  const steps: GruStep[] = [];
  const memory: number[][] = [[...c0]];
  const sensitivity: number[][][] = [identity(c0.length)];
  let c: Vec = c0;
  for (const x of xs) {
    const s = gruStep(w, c, x, pins);
    steps.push(s);
    memory.push(s.c);
    sensitivity.push(matMul(gruJacobian(w, s), sensitivity.at(-1)!));
    c = s.c;
  }
  return { steps, memory, sensitivity };
}

// ------------------------------------------------------------------------------------------ GRU, PyTorch / Keras form

/**
 * torch.nn.GRU's weights for one layer (Keras GRU with reset_after=True holds the same numbers, as kernel,
 * recurrent_kernel and two bias rows). W_i* are n × n_x (act on x), W_h* are n × n (act on h).
 */
export interface FrameworkGruWeights {
  Wir: Mat; Wiz: Mat; Win: Mat;
  Whr: Mat; Whz: Mat; Whn: Mat;
  bir: Vec; biz: Vec; bin: Vec;
  bhr: Vec; bhz: Vec; bhn: Vec;
}

export interface FrameworkGruStep {
  r: number[];
  z: number[];
  /** W_hn h + b_hn: the recurrent product the reset gate multiplies afterwards. */
  hn: number[];
  n: number[];
  h: number[];
}

/**
 * One step as PyTorch documents torch.nn.GRU (and Keras GRU computes with reset_after=True, its default):
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr),  z = σ(W_iz x + b_iz + W_hz h + b_hz),
 *   n = tanh(W_in x + b_in + r ∗ (W_hn h + b_hn)),  h' = (1 − z) ∗ n + z ∗ h.
 * z keeps the *old* state; the reset gate multiplies *after* the recurrent product. `pins` fix r or z (the
 * course's pinned Γ_u becomes z = 1 − Γ_u).
 */
export function gruStepFramework(w: FrameworkGruWeights, h: Vec, x: Vec, pins: { z?: Pin; r?: Pin } = {}): FrameworkGruStep {
  const n = h.length;
  const nx = x.length;
  requireUnits(n, nx);
  requireVec('h', h, n);
  requireVec('x', x, nx);
  for (const g of ['r', 'z', 'n'] as const) {
    requireMat(`W_i${g}`, w[`Wi${g}`], n, nx);
    requireMat(`W_h${g}`, w[`Wh${g}`], n, n);
    requireVec(`b_i${g}`, w[`bi${g}`], n);
    requireVec(`b_h${g}`, w[`bh${g}`], n);
  }
  const pre = (g: 'r' | 'z') => add(add(matVec(w[`Wi${g}`], x), w[`bi${g}`]), add(matVec(w[`Wh${g}`], h), w[`bh${g}`]));
  const r = pinned('r', pins.r, n) ?? pre('r').map(sigmoid);
  const z = pinned('z', pins.z, n) ?? pre('z').map(sigmoid);
  const hn = add(matVec(w.Whn, h), w.bhn);
  const nn = add(add(matVec(w.Win, x), w.bin), mul(r, hn)).map(Math.tanh);
  const hNext = nn.map((v, i) => (1 - z[i]!) * v + z[i]! * h[i]!);
  return { r, z, hn, n: nn, h: hNext };
}

const neg = (W: Mat): number[][] => W.map((r) => r.map((v) => -v));
const zeros = (n: number): number[] => Array<number>(n).fill(0);

/**
 * The course's weights written as a framework GRU, as faithfully as it can be:
 *   update: W_iz = −W_u[:, x], W_hz = −W_u[:, c], b_iz = −b_u, b_hz = 0, so z = σ(−t) = 1 − σ(t) = 1 − Γ_u exactly,
 *           and h' = (1 − z) ∗ n + z ∗ h = Γ_u ∗ n + (1 − Γ_u) ∗ h;
 *   reset:  W_ir = W_r[:, x], W_hr = W_r[:, c], b_ir = b_r, b_hr = 0, so r = Γ_r exactly;
 *   candidate: W_in = W_c[:, x], W_hn = W_c[:, c], b_in = b_c, b_hn = 0, so n = tanh(W_cx x + b_c + Γ_r ∗ (W_cc c)),
 *           which is c̃ = tanh(W_cx x + b_c + W_cc(Γ_r ∗ c)) only where the two placements of Γ_r agree
 *           (see `resetPlacementAgrees`): no choice of framework weights moves Γ_r inside the product.
 */
export function toFrameworkWeights(w: GruWeights): FrameworkGruWeights {
  const { nc, nx } = gruSizes(w);
  const cPart = (W: Mat) => columns(W, 0, nc);
  const xPart = (W: Mat) => columns(W, nc, nc + nx);
  return {
    Wiz: neg(xPart(w.Wu)), Whz: neg(cPart(w.Wu)), biz: w.bu.map((v) => -v), bhz: zeros(nc),
    Wir: xPart(w.Wr), Whr: cPart(w.Wr), bir: [...w.br], bhr: zeros(nc),
    Win: xPart(w.Wc), Whn: cPart(w.Wc), bin: [...w.bc], bhn: zeros(nc),
  };
}

/** The mistake the mapping avoids: the course's numbers copied into the framework's slots unchanged (W_z = W_u), so z = Γ_u and the gate's meaning flips. */
export function copiedFrameworkWeights(w: GruWeights): FrameworkGruWeights {
  const { nc, nx } = gruSizes(w);
  const cPart = (W: Mat) => columns(W, 0, nc);
  const xPart = (W: Mat) => columns(W, nc, nc + nx);
  return {
    Wiz: xPart(w.Wu), Whz: cPart(w.Wu), biz: [...w.bu], bhz: zeros(nc),
    Wir: xPart(w.Wr), Whr: cPart(w.Wr), bir: [...w.br], bhr: zeros(nc),
    Win: xPart(w.Wc), Whn: cPart(w.Wc), bin: [...w.bc], bhn: zeros(nc),
  };
}

/**
 * Whether W_cc(Γ_r ∗ c) = Γ_r ∗ (W_cc c) for every c: true exactly when W_cc[i][j] = 0 wherever Γ_r,i ≠ Γ_r,j
 * (W_cc commutes with diag(Γ_r)) — e.g. Γ_r all equal (all 1, or one pinned value) or W_cc diagonal (one unit).
 * For a particular c the two can also meet by chance (c = 0); this tests the matrices only.
 */
export function resetPlacementAgrees(Wcc: Mat, gr: Vec, tol = 1e-12): boolean {
  return Wcc.every((row, i) => row.every((v, j) => v === 0 || Math.abs(gr[i]! - gr[j]!) <= tol));
}

// ------------------------------------------------------------------------------------------ LSTM, the course's form

export interface LstmWeights {
  /** Update, forget, output gates and the candidate: n_c × (n_c + n_x), acting on [a<t−1>, x<t>]. */
  Wu: Mat; bu: Vec;
  Wf: Mat; bf: Vec;
  Wo: Mat; bo: Vec;
  Wc: Mat; bc: Vec;
}

export interface LstmPins {
  u?: Pin;
  f?: Pin;
  o?: Pin;
}

export interface LstmStep {
  aPrev: number[];
  cPrev: number[];
  x: number[];
  zu: number[]; gu: number[];
  zf: number[]; gf: number[];
  zo: number[]; go: number[];
  pinnedU: boolean; pinnedF: boolean; pinnedO: boolean;
  zc: number[];
  cTilde: number[];
  /** Γ_u ∗ c̃<t>. */
  write: number[];
  /** Γ_f ∗ c<t−1>. */
  keep: number[];
  c: number[];
  tanhC: number[];
  a: number[];
}

/**
 * One LSTM step as the course writes it (separate update and forget gates):
 *   Γ_u, Γ_f, Γ_o = σ(W_{u,f,o}[a<t−1>, x<t>] + b_{u,f,o}),  c̃<t> = tanh(W_c[a<t−1>, x<t>] + b_c),
 *   c<t> = Γ_u ∗ c̃<t> + Γ_f ∗ c<t−1>,  a<t> = Γ_o ∗ tanh(c<t>).
 */
export function lstmStep(w: LstmWeights, aPrev: Vec, cPrev: Vec, x: Vec, pins: LstmPins = {}): LstmStep {
  const nc = w.bu?.length ?? 0;
  const nx = (w.Wu?.[0]?.length ?? 0) - nc;
  requireUnits(nc, nx);
  for (const g of ['u', 'f', 'o', 'c'] as const) {
    requireMat(`W_${g}`, w[`W${g}`], nc, nc + nx);
    requireVec(`b_${g}`, w[`b${g}`], nc);
  }
  requireVec('a<t−1>', aPrev, nc);
  requireVec('c<t−1>', cPrev, nc);
  requireVec('x<t>', x, nx);
  const ax = [...aPrev, ...x];
  const gate = (g: 'u' | 'f' | 'o') => {
    const z = add(matVec(w[`W${g}`], ax), w[`b${g}`]);
    const pin = pinned(`Γ_${g}`, pins[g], nc);
    return { z, g: pin ?? z.map(sigmoid), pinned: !!pin };
  };
  const u = gate('u');
  const f = gate('f');
  const o = gate('o');
  const zc = add(matVec(w.Wc, ax), w.bc);
  const cTilde = zc.map(Math.tanh);
  const write = mul(u.g, cTilde);
  const keep = mul(f.g, cPrev);
  const c = add(write, keep);
  const tanhC = c.map(Math.tanh);
  return {
    aPrev: [...aPrev], cPrev: [...cPrev], x: [...x],
    zu: u.z, gu: u.g, zf: f.z, gf: f.g, zo: o.z, go: o.g, pinnedU: u.pinned, pinnedF: f.pinned, pinnedO: o.pinned,
    zc, cTilde, write, keep, c, tanhC, a: mul(o.g, tanhC),
  };
}

export interface LstmRun {
  steps: LstmStep[];
  memory: number[][];
  activations: number[][];
  /**
   * Π Γ_f per unit for t = 0 … T: ∂c<t>/∂c<0> along the memory line alone (the derivative of c<t> with
   * respect to c<t−1> when a<t−1> is held fixed is diag(Γ_f)). The full derivative adds paths through a<t>.
   */
  carried: number[][];
}

export function lstmRun(w: LstmWeights, a0: Vec, c0: Vec, xs: readonly Vec[], pins: LstmPins = {}): LstmRun {
  const steps: LstmStep[] = [];
  const memory = [[...c0]];
  const activations = [[...a0]];
  const carried = [c0.map(() => 1)];
  let a: Vec = a0;
  let c: Vec = c0;
  for (const x of xs) {
    const s = lstmStep(w, a, c, x, pins);
    steps.push(s);
    memory.push(s.c);
    activations.push(s.a);
    carried.push(mul(carried.at(-1)!, s.gf));
    a = s.a;
    c = s.c;
  }
  return { steps, memory, activations, carried };
}

// ------------------------------------------------------------------------------------------ TF.js cross-check

export interface GruStepTf {
  gu: Float32Array;
  gr: Float32Array;
  cTilde: Float32Array;
  c: Float32Array;
}

/**
 * The same course-form step with tfjs-core ops (tf.concat, tf.matMul, tf.sigmoid, tf.tanh; float32), the reset
 * gate applied to c<t−1> before the product as the course does. Pins replace the gates as in `gruStep`.
 */
export async function gruStepTf(w: GruWeights, cPrev: Vec, x: Vec, pins: GruPins = {}): Promise<GruStepTf> {
  const { nc } = validateGru(w, cPrev, x);
  const pu = pinned('Γ_u', pins.u, nc);
  const pr = pinned('Γ_r', pins.r, nc);
  const tf: Tf = await loadTf();
  const out = tf.tidy(() => {
    const col = (v: Vec) => tf.tensor2d([...v], [v.length, 1]);
    const mat = (W: Mat) => tf.tensor2d(W.map((r) => [...r]));
    const c = col(cPrev);
    const xt = col(x);
    const cx = tf.concat([c, xt], 0);
    const gu = pu ? col(pu) : tf.sigmoid(tf.add(tf.matMul(mat(w.Wu), cx), col(w.bu)));
    const gr = pr ? col(pr) : tf.sigmoid(tf.add(tf.matMul(mat(w.Wr), cx), col(w.br)));
    const cTilde = tf.tanh(tf.add(tf.matMul(mat(w.Wc), tf.concat([tf.mul(gr, c), xt], 0)), col(w.bc)));
    const cNext = tf.add(tf.mul(gu, cTilde), tf.mul(tf.sub(1, gu), c));
    return [gu, gr, cTilde, cNext].map((t) => t.dataSync() as Float32Array);
  });
  return { gu: out[0]!, gr: out[1]!, cTilde: out[2]!, c: out[3]! };
}
