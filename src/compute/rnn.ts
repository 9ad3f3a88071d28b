/**
 * The course's basic RNN (Course 5, week 1), in float64 loops that return every intermediate:
 *
 *   a<t> = tanh(W_aa·a<t−1> + W_ax·x<t> + b_a)        ŷ<t> = softmax(W_ya·a<t> + b_y)
 *
 * Column vectors, as the course writes them: W_aa is n_a × n_a, W_ax is n_a × n_x, W_ya is n_y × n_a
 * (row-major `Matrix`, CONVENTIONS.md "Recurrent networks"). The loss is the cross-entropy summed over
 * time, L = Σ_t −log ŷ<t>[y<t>] (or, for a many-to-one network, the last step's term only). Backprop
 * through time returns every gradient and ∂L/∂a<t> at every step; gradients are clipped after backward
 * and before the update, element-wise as the course's assignment does or by their global norm.
 * Sampling follows the course's four steps with a seeded generator and a temperature.
 *
 * `rnnForwardTf` runs the same forward pass through tfjs ops (tf.matMul, tf.tanh, tf.softmax) for the
 * widgets' cross-check.
 */
import { toMatrix, type Matrix, type MatrixLike } from './attention';
import { ComputeInputError, requireFinite, requireInt } from './errors';
import { mulberry32 } from './random';
import { loadTf } from './tf';

export type { Matrix } from './attention';

export interface RnnWeights {
  /** n_a × n_a: the previous activation's weights, the same at every step. */
  Waa: Matrix;
  /** n_a × n_x: the input's weights. */
  Wax: Matrix;
  /** n_y × n_a: the output's weights. */
  Wya: Matrix;
  /** n_a. */
  ba: Float64Array;
  /** n_y. */
  by: Float64Array;
}

/** Weights as nested arrays (what JSON and tests hold) or as matrices. */
export interface RnnWeightsLike {
  Waa: MatrixLike;
  Wax: MatrixLike;
  Wya: MatrixLike;
  ba: ArrayLike<number>;
  by: ArrayLike<number>;
}

export interface RnnSizes {
  nA: number;
  nX: number;
  nY: number;
}

function vector(field: string, v: ArrayLike<number>, length: number): Float64Array {
  if (v.length !== length) throw new ComputeInputError(`${field} has ${v.length} values; it needs ${length}`, field);
  const out = Float64Array.from(v);
  requireFinite(field, out);
  return out;
}

/** Checked weights: every shape agrees with W_aa's n_a, W_ax's n_x and W_ya's n_y; every value is finite. */
export function rnnWeights(w: RnnWeightsLike): RnnWeights {
  const Waa = toMatrix(w.Waa, 'W_aa');
  const Wax = toMatrix(w.Wax, 'W_ax');
  const Wya = toMatrix(w.Wya, 'W_ya');
  const nA = Waa.rows;
  if (Waa.cols !== nA) throw new ComputeInputError(`W_aa must be square (n_a × n_a); it is ${Waa.rows}×${Waa.cols}`, 'W_aa');
  if (Wax.rows !== nA) throw new ComputeInputError(`W_ax must have n_a = ${nA} rows, like W_aa; it has ${Wax.rows}`, 'W_ax');
  if (Wya.cols !== nA) throw new ComputeInputError(`W_ya must have n_a = ${nA} columns, like W_aa; it has ${Wya.cols}`, 'W_ya');
  return { Waa, Wax, Wya, ba: vector('b_a', w.ba, nA), by: vector('b_y', w.by, Wya.rows) };
}

export const rnnSizes = (w: RnnWeights): RnnSizes => ({ nA: w.Waa.rows, nX: w.Wax.cols, nY: w.Wya.rows });

/** M·v (or Mᵀ·v) into a new vector. */
function mulVec(M: Matrix, v: ArrayLike<number>, transposed = false): Float64Array {
  const out = new Float64Array(transposed ? M.cols : M.rows);
  for (let i = 0; i < M.rows; i++)
    for (let j = 0; j < M.cols; j++) {
      if (transposed) out[j]! += M.data[i * M.cols + j]! * v[i]!;
      else out[i]! += M.data[i * M.cols + j]! * v[j]!;
    }
  return out;
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

export function oneHot(index: number, size: number): Float64Array {
  requireInt('index', index, 0, size - 1);
  const v = new Float64Array(size);
  v[index] = 1;
  return v;
}

/**
 * Softmax of logits / temperature, stable (the largest entry is subtracted before exp). Temperature 0
 * is the limit: all the probability on the largest logit (the first one on a tie).
 */
export function softmaxT(logits: ArrayLike<number>, temperature = 1): Float64Array {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) throw new ComputeInputError(`temperature must be a number ≥ 0; got ${String(temperature)}`, 'temperature');
  requireFinite('logits', logits);
  const out = new Float64Array(logits.length);
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  if (temperature === 0) {
    out[best] = 1;
    return out;
  }
  const max = logits[best]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += out[i] = Math.exp((logits[i]! - max) / temperature);
  for (let i = 0; i < logits.length; i++) out[i]! /= sum;
  return out;
}

/** One time step with every intermediate. */
export interface RnnStep {
  x: Float64Array;
  aPrev: Float64Array;
  /** W_aa·a<t−1> + W_ax·x<t> + b_a, before tanh. */
  z: Float64Array;
  a: Float64Array;
  /** W_ya·a<t> + b_y, before softmax. */
  logits: Float64Array;
  yHat: Float64Array;
}

/** a<t> = tanh(W_aa·a<t−1> + W_ax·x<t> + b_a), ŷ<t> = softmax(W_ya·a<t> + b_y). */
export function rnnCell(w: RnnWeights, x: ArrayLike<number>, aPrev: ArrayLike<number>): RnnStep {
  const { nA, nX } = rnnSizes(w);
  if (x.length !== nX) throw new ComputeInputError(`x<t> has ${x.length} values; W_ax needs n_x = ${nX}`, 'x');
  if (aPrev.length !== nA) throw new ComputeInputError(`a<t−1> has ${aPrev.length} values; W_aa needs n_a = ${nA}`, 'a0');
  const fromA = mulVec(w.Waa, aPrev);
  const fromX = mulVec(w.Wax, x);
  const z = fromA.map((v, i) => v + fromX[i]! + w.ba[i]!);
  const a = z.map(Math.tanh);
  const logits = mulVec(w.Wya, a).map((v, i) => v + w.by[i]!);
  return { x: Float64Array.from(x), aPrev: Float64Array.from(aPrev), z, a, logits, yHat: softmaxT(logits) };
}

/** The forward pass over x<1> … x<T> from a<0> (zeros unless given). */
export function rnnForward(w: RnnWeights, xs: readonly ArrayLike<number>[], a0?: ArrayLike<number>): RnnStep[] {
  if (xs.length === 0) throw new ComputeInputError('the sequence is empty; it needs at least one time step', 'x');
  xs.forEach((x, t) => requireFinite(`x<${t + 1}>`, x));
  let a: ArrayLike<number> = a0 ?? new Float64Array(w.Waa.rows);
  requireFinite('a<0>', a);
  return xs.map((x) => {
    const step = rnnCell(w, x, a);
    a = step.a;
    return step;
  });
}

/** 'every': a loss term at every step (a language model, many-to-many); 'last': only at the last (many-to-one). */
export type LossAt = 'every' | 'last';

const counts = (t: number, T: number, lossAt: LossAt) => lossAt === 'every' || t === T - 1;

function checkTargets(steps: readonly RnnStep[], targets: readonly number[]): void {
  if (targets.length !== steps.length) throw new ComputeInputError(`there are ${targets.length} targets for ${steps.length} time steps`, 'targets');
  const nY = steps[0]!.yHat.length;
  targets.forEach((y, t) => requireInt(`y<${t + 1}>`, y, 0, nY - 1));
}

/** Cross-entropy per step, −log ŷ<t>[y<t>] (0 where the step has no loss), and their sum. */
export function sequenceLoss(steps: readonly RnnStep[], targets: readonly number[], lossAt: LossAt = 'every'): { perStep: number[]; total: number } {
  checkTargets(steps, targets);
  const perStep = steps.map((s, t) => (counts(t, steps.length, lossAt) ? -Math.log(s.yHat[targets[t]!]!) : 0));
  return { perStep, total: perStep.reduce((a, b) => a + b, 0) };
}

export interface RnnGradients {
  dWaa: Matrix;
  dWax: Matrix;
  dWya: Matrix;
  dba: Float64Array;
  dby: Float64Array;
}

export interface Bptt {
  grads: RnnGradients;
  /** ∂L/∂a<t> for t = 1 … T: the output's error at t plus what flows back from t + 1. */
  da: Float64Array[];
  /** ‖∂L/∂a<t>‖, t = 1 … T. */
  daNorm: number[];
  /** ∂L/∂z<t> = ∂L/∂a<t> ⊙ (1 − a<t>²), through tanh. */
  dz: Float64Array[];
  /** ‖W_aaᵀ·∂L/∂z<t>‖: the gradient step t passes back to a<t−1> (index 0: what reaches a<0>). */
  flowBack: number[];
  /** ∂L/∂a<0>. */
  da0: Float64Array;
}

const zerosLike = (m: Matrix): Matrix => ({ rows: m.rows, cols: m.cols, data: new Float64Array(m.data.length) });

/** outer-product accumulate: M += u·vᵀ. */
function addOuter(M: Matrix, u: ArrayLike<number>, v: ArrayLike<number>): void {
  for (let i = 0; i < M.rows; i++) {
    const ui = u[i]!;
    if (ui === 0) continue;
    for (let j = 0; j < M.cols; j++) M.data[i * M.cols + j]! += ui * v[j]!;
  }
}

/**
 * Backprop through time, from t = T down to 1:
 *   ∂L/∂logits<t> = ŷ<t> − y<t> (one-hot), where step t has a loss term;
 *   ∂L/∂a<t> = W_yaᵀ·∂L/∂logits<t> + W_aaᵀ·∂L/∂z<t+1>;   ∂L/∂z<t> = ∂L/∂a<t> ⊙ (1 − a<t>²);
 *   dW_ya += ∂L/∂logits<t>·a<t>ᵀ, dW_aa += ∂L/∂z<t>·a<t−1>ᵀ, dW_ax += ∂L/∂z<t>·x<t>ᵀ, db_a += ∂L/∂z<t>, db_y += ∂L/∂logits<t>.
 */
export function rnnBackward(w: RnnWeights, steps: readonly RnnStep[], targets: readonly number[], lossAt: LossAt = 'every'): Bptt {
  checkTargets(steps, targets);
  const T = steps.length;
  const grads: RnnGradients = { dWaa: zerosLike(w.Waa), dWax: zerosLike(w.Wax), dWya: zerosLike(w.Wya), dba: new Float64Array(w.ba.length), dby: new Float64Array(w.by.length) };
  const da: Float64Array[] = new Array(T);
  const dz: Float64Array[] = new Array(T);
  const flowBack: number[] = new Array(T);
  let fromNext: Float64Array = new Float64Array(w.Waa.rows);
  for (let t = T - 1; t >= 0; t--) {
    const s = steps[t]!;
    const dLogits = counts(t, T, lossAt) ? s.yHat.map((p, k) => p - (k === targets[t] ? 1 : 0)) : new Float64Array(s.yHat.length);
    addOuter(grads.dWya, dLogits, s.a);
    dLogits.forEach((v, k) => (grads.dby[k]! += v));
    const dat = mulVec(w.Wya, dLogits, true).map((v, i) => v + fromNext[i]!);
    const dzt = dat.map((v, i) => v * (1 - s.a[i]! * s.a[i]!));
    addOuter(grads.dWaa, dzt, s.aPrev);
    addOuter(grads.dWax, dzt, s.x);
    dzt.forEach((v, i) => (grads.dba[i]! += v));
    fromNext = mulVec(w.Waa, dzt, true);
    da[t] = dat;
    dz[t] = dzt;
    flowBack[t] = norm(fromNext);
  }
  return { grads, da, daNorm: da.map(norm), dz, flowBack, da0: fromNext };
}

const GRAD_KEYS = ['dWaa', 'dWax', 'dWya', 'dba', 'dby'] as const;
const dataOf = (g: RnnGradients, k: (typeof GRAD_KEYS)[number]) => (k === 'dba' || k === 'dby' ? g[k] : g[k].data);

/** The global L2 norm of every gradient together, √(Σ over all five arrays of g²). */
export function gradientNorm(g: RnnGradients): number {
  return Math.sqrt(GRAD_KEYS.reduce((s, k) => s + dataOf(g, k).reduce((a, v) => a + v * v, 0), 0));
}

/** The largest |entry| over every gradient. */
export function gradientMaxAbs(g: RnnGradients): number {
  return GRAD_KEYS.reduce((m, k) => dataOf(g, k).reduce((a, v) => Math.max(a, Math.abs(v)), m), 0);
}

function mapGrads(g: RnnGradients, f: (v: number) => number): RnnGradients {
  const m = (M: Matrix): Matrix => ({ rows: M.rows, cols: M.cols, data: M.data.map(f) });
  return { dWaa: m(g.dWaa), dWax: m(g.dWax), dWya: m(g.dWya), dba: g.dba.map(f), dby: g.dby.map(f) };
}

export interface Clipped {
  grads: RnnGradients;
  /** How many entries changed. */
  changed: number;
  normBefore: number;
  normAfter: number;
}

/** The course's assignment: every entry of every gradient into [−maxValue, maxValue] (np.clip). The direction can change. */
export function clipElementwise(g: RnnGradients, maxValue: number): Clipped {
  if (!(maxValue > 0) || !Number.isFinite(maxValue)) throw new ComputeInputError(`maxValue must be a number > 0; got ${String(maxValue)}`, 'maxValue');
  let changed = 0;
  const grads = mapGrads(g, (v) => {
    const c = Math.min(maxValue, Math.max(-maxValue, v));
    if (c !== v) changed++;
    return c;
  });
  return { grads, changed, normBefore: gradientNorm(g), normAfter: gradientNorm(grads) };
}

/** Clip by global norm (Pascanu et al., 2013): if ‖g‖ > maxNorm, scale every gradient by maxNorm/‖g‖. The direction is kept. */
export function clipByNorm(g: RnnGradients, maxNorm: number): Clipped & { scale: number } {
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new ComputeInputError(`maxNorm must be a number > 0; got ${String(maxNorm)}`, 'maxNorm');
  const before = gradientNorm(g);
  const scale = before > maxNorm ? maxNorm / before : 1;
  const grads = scale === 1 ? mapGrads(g, (v) => v) : mapGrads(g, (v) => v * scale);
  const total = GRAD_KEYS.reduce((s, k) => s + dataOf(g, k).length, 0);
  return { grads, changed: scale === 1 ? 0 : total, normBefore: before, normAfter: gradientNorm(grads), scale };
}

/** W ← W − α·dW for every parameter (the update comes after clipping). */
export function sgdUpdate(w: RnnWeights, g: RnnGradients, learningRate: number): RnnWeights {
  if (!(learningRate >= 0) || !Number.isFinite(learningRate)) throw new ComputeInputError(`learning rate must be a number ≥ 0; got ${String(learningRate)}`, 'learningRate');
  const m = (M: Matrix, D: Matrix): Matrix => ({ rows: M.rows, cols: M.cols, data: M.data.map((v, i) => v - learningRate * D.data[i]!) });
  return { Waa: m(w.Waa, g.dWaa), Wax: m(w.Wax, g.dWax), Wya: m(w.Wya, g.dWya), ba: w.ba.map((v, i) => v - learningRate * g.dba[i]!), by: w.by.map((v, i) => v - learningRate * g.dby[i]!) };
}

export interface AdamState {
  t: number;
  v: RnnGradients;
  s: RnnGradients;
}

/** Adam's moments, all zero (step 0). */
export function adamInit(w: RnnWeights): AdamState {
  const z = (M: Matrix): Matrix => zerosLike(M);
  const zeros = (): RnnGradients => ({ dWaa: z(w.Waa), dWax: z(w.Wax), dWya: z(w.Wya), dba: new Float64Array(w.ba.length), dby: new Float64Array(w.by.length) });
  return { t: 0, v: zeros(), s: zeros() };
}

/**
 * One Adam step, in place (weights and state): v = β₁v + (1 − β₁)g, s = β₂s + (1 − β₂)g², with bias
 * correction, W ← W − α·v̂/(√ŝ + ε) (ε outside the root, as the course and Kingma & Ba, 2015, write it).
 */
export function adamUpdate(w: RnnWeights, g: RnnGradients, state: AdamState, learningRate: number, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8): void {
  state.t++;
  const c1 = 1 - beta1 ** state.t;
  const c2 = 1 - beta2 ** state.t;
  const step = (W: Float64Array, G: Float64Array, V: Float64Array, S: Float64Array) => {
    for (let i = 0; i < W.length; i++) {
      V[i] = beta1 * V[i]! + (1 - beta1) * G[i]!;
      S[i] = beta2 * S[i]! + (1 - beta2) * G[i]! * G[i]!;
      W[i]! -= (learningRate * (V[i]! / c1)) / (Math.sqrt(S[i]! / c2) + epsilon);
    }
  };
  step(w.Waa.data, g.dWaa.data, state.v.dWaa.data, state.s.dWaa.data);
  step(w.Wax.data, g.dWax.data, state.v.dWax.data, state.s.dWax.data);
  step(w.Wya.data, g.dWya.data, state.v.dWya.data, state.s.dWya.data);
  step(w.ba, g.dba, state.v.dba, state.s.dba);
  step(w.by, g.dby, state.v.dby, state.s.dby);
}

/** The index where u ∈ [0, 1) falls in the cumulative distribution of p (np.random.choice with p). */
export function pickIndex(p: ArrayLike<number>, u: number): number {
  let c = 0;
  for (let i = 0; i < p.length; i++) {
    c += p[i]!;
    if (u < c) return i;
  }
  // Rounding can leave Σp a hair below 1: fall back on the last index with any probability.
  for (let i = p.length - 1; i >= 0; i--) if (p[i]! > 0) return i;
  return p.length - 1;
}

export interface SampleStep extends RnnStep {
  /** ŷ<t> at the temperature: softmax(logits / τ). */
  p: Float64Array;
  /** The uniform draw that picked the index. */
  u: number;
  index: number;
}

export interface SampleOptions {
  seed: number;
  /** softmax(logits / τ): 1 is the model's own distribution, → 0 greedy (argmax), > 1 flatter. */
  temperature?: number;
  /** The index that ends a sequence (the newline). */
  endIndex: number;
  /** Stop after this many characters if the end never comes (the course's assignment: 50). */
  maxLength?: number;
}

export interface Sample {
  indices: number[];
  steps: SampleStep[];
  /** 'end': the end index was drawn; 'cap': stopped at maxLength. */
  stopped: 'end' | 'cap';
}

/**
 * The course's sampling, four steps: (1) x<1> = 0⃗ and a<0> = 0⃗; (2) one forward step gives a<t> and
 * ŷ<t>; (3) draw the next index from ŷ<t> (here at a temperature, from a seeded generator); (4) feed its
 * one-hot as x<t+1>, until the end index is drawn or the length cap is reached.
 */
export function sampleSequence(w: RnnWeights, options: SampleOptions): Sample {
  const { nA, nX, nY } = rnnSizes(w);
  if (nX !== nY) throw new ComputeInputError(`sampling feeds ŷ back as x, so n_x must equal n_y; they are ${nX} and ${nY}`, 'Wax');
  const { seed, temperature = 1, endIndex, maxLength = 50 } = options;
  requireInt('endIndex', endIndex, 0, nY - 1);
  requireInt('maxLength', maxLength, 1, 10_000);
  const next = mulberry32(seed);
  let x: Float64Array = new Float64Array(nX);
  let a: Float64Array = new Float64Array(nA);
  const steps: SampleStep[] = [];
  const indices: number[] = [];
  while (indices.length < maxLength) {
    const step = rnnCell(w, x, a);
    const p = softmaxT(step.logits, temperature);
    const u = next();
    const index = pickIndex(p, u);
    steps.push({ ...step, p, u, index });
    indices.push(index);
    if (index === endIndex) return { indices, steps, stopped: 'end' };
    x = oneHot(index, nX);
    a = step.a;
  }
  return { indices, steps, stopped: 'cap' };
}

/** The forward pass through TensorFlow.js (tf.matMul, tf.tanh, tf.softmax; float32): each a<t> and ŷ<t>. */
export async function rnnForwardTf(w: RnnWeights, xs: readonly ArrayLike<number>[], a0?: ArrayLike<number>): Promise<{ a: Float32Array[]; yHat: Float32Array[] }> {
  const tf = await loadTf();
  const { nA, nX } = rnnSizes(w);
  const col = (v: ArrayLike<number>, n: number) => tf.tensor2d(Float32Array.from(v), [n, 1]);
  const mat = (M: Matrix) => tf.tensor2d(Float32Array.from(M.data), [M.rows, M.cols]);
  const out = tf.tidy(() => {
    const [Waa, Wax, Wya] = [mat(w.Waa), mat(w.Wax), mat(w.Wya)];
    const [ba, by] = [col(w.ba, nA), col(w.by, w.by.length)];
    let a = col(a0 ?? new Float64Array(nA), nA);
    const as: (typeof a)[] = [];
    const ys: (typeof a)[] = [];
    for (const x of xs) {
      a = tf.tanh(tf.add(tf.add(tf.matMul(Waa, a), tf.matMul(Wax, col(x, nX))), ba)) as typeof a;
      as.push(a);
      // tf.softmax works along the last axis: the column becomes a row for it.
      ys.push(tf.softmax(tf.transpose(tf.add(tf.matMul(Wya, a), by) as typeof a)));
    }
    return [tf.stack(as), tf.stack(ys)];
  });
  try {
    const [aData, yData] = await Promise.all(out.map((t) => t.data() as Promise<Float32Array>));
    const nY = w.by.length;
    return {
      a: xs.map((_, t) => aData!.slice(t * nA, (t + 1) * nA)),
      yHat: xs.map((_, t) => yData!.slice(t * nY, (t + 1) * nY)),
    };
  } finally {
    out.forEach((t) => t.dispose());
  }
}
