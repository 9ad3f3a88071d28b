/**
 * Face-recognition losses on encodings f(x): squared distances, the triplet loss and its batch cost,
 * FaceNet's easy / semi-hard / hard triplets, verification by a threshold τ, and the pairwise
 * "Siamese network as binary classification" variant. Plain float64 arithmetic on encodings of any
 * dimension; the conventions (boundaries included) are stated in CONVENTIONS.md, "Triplet loss".
 *
 * Sources: Schroff, Kalenichenko & Philbin, "FaceNet", CVPR 2015, pp. 815–823 (the loss, eq. 2–3; the
 * semi-hard negatives, eq. 4; α = 0.2 with ‖f(x)‖₂ = 1); Taigman, Yang, Ranzato & Wolf, "DeepFace",
 * CVPR 2014, pp. 1701–1708 (the Siamese network's |f₁ − f₂| into one logistic unit; the weighted χ²
 * similarity). No TF.js: nothing here is a tensor op worth cross-checking.
 */
import { ComputeInputError } from './errors';

export type Encoding = ArrayLike<number>;

function requireEncoding(field: string, f: Encoding): void {
  if (f.length === 0) throw new ComputeInputError(`${field} is empty; an encoding needs at least one number`, field);
  for (let k = 0; k < f.length; k++) {
    if (!Number.isFinite(f[k])) throw new ComputeInputError(`${field} holds ${String(f[k])} at index ${k}; every entry must be a finite number`, field);
  }
}

function requireSameDimension(fieldA: string, a: Encoding, fieldB: string, b: Encoding): void {
  requireEncoding(fieldA, a);
  requireEncoding(fieldB, b);
  if (a.length !== b.length) {
    throw new ComputeInputError(`${fieldA} has ${a.length} numbers but ${fieldB} has ${b.length}; encodings must have the same dimension`, fieldB);
  }
}

function requireNonNegative(field: string, v: number): void {
  if (!Number.isFinite(v) || v < 0) throw new ComputeInputError(`${field} must be a finite number ≥ 0; got ${String(v)}`, field);
}

/** d(x₁, x₂) = ‖f(x₁) − f(x₂)‖², the squared Euclidean distance (the course's and FaceNet's d: no square root). */
export function squaredDistance(a: Encoding, b: Encoding, names: [string, string] = ['a', 'b']): number {
  requireSameDimension(names[0], a, names[1], b);
  let sum = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - b[k]!;
    sum += d * d;
  }
  return sum;
}

/**
 * easy: L = 0 (d(A,N) ≥ d(A,P) + α, the boundary included: it costs nothing);
 * semi-hard: d(A,P) < d(A,N) and L > 0 (the negative is farther than the positive but inside the margin);
 * hard: L > 0 and d(A,N) ≤ d(A,P) (the negative is at least as close as the positive).
 */
export type TripletClass = 'easy' | 'semi-hard' | 'hard';

export interface TripletResult {
  /** ‖f(A) − f(P)‖² */
  dAP: number;
  /** ‖f(A) − f(N)‖² */
  dAN: number;
  /** d(A,P) − d(A,N) + α, before the max: how far the triplet falls short of the margin. */
  margin: number;
  /** L(A, P, N) = max(d(A,P) − d(A,N) + α, 0) */
  loss: number;
  cls: TripletClass;
}

/** The class from the two distances and α, by the conventions of `TripletClass`. */
export function classifyTriplet(dAP: number, dAN: number, alpha: number): TripletClass {
  requireNonNegative('α', alpha);
  if (dAP - dAN + alpha <= 0) return 'easy';
  return dAN <= dAP ? 'hard' : 'semi-hard';
}

/** L(A, P, N) = max(‖f(A) − f(P)‖² − ‖f(A) − f(N)‖² + α, 0), with both distances and the class. */
export function tripletLoss(anchor: Encoding, positive: Encoding, negative: Encoding, alpha: number): TripletResult {
  requireNonNegative('α', alpha);
  const dAP = squaredDistance(anchor, positive, ['f(A)', 'f(P)']);
  const dAN = squaredDistance(anchor, negative, ['f(A)', 'f(N)']);
  const margin = dAP - dAN + alpha;
  return { dAP, dAN, margin, loss: Math.max(margin, 0), cls: classifyTriplet(dAP, dAN, alpha) };
}

export interface Triplet {
  anchor: Encoding;
  positive: Encoding;
  negative: Encoding;
}

/** J = Σᵢ L(A⁽ⁱ⁾, P⁽ⁱ⁾, N⁽ⁱ⁾) over a batch, with every triplet's own result; every encoding must share one dimension. */
export function tripletCost(batch: readonly Triplet[], alpha: number): { results: TripletResult[]; J: number } {
  if (batch.length === 0) throw new ComputeInputError('the batch is empty; the cost J needs at least one triplet', 'batch');
  const dim = batch[0]!.anchor.length;
  const results = batch.map((t, i) => {
    for (const [name, f] of [['anchor', t.anchor], ['positive', t.positive], ['negative', t.negative]] as const) {
      if (dim > 0 && f.length > 0 && f.length !== dim) {
        throw new ComputeInputError(`triplet ${i + 1}'s ${name} has ${f.length} numbers but triplet 1's anchor has ${dim}; every encoding in a batch must have the same dimension`, 'batch');
      }
    }
    try {
      return tripletLoss(t.anchor, t.positive, t.negative, alpha);
    } catch (e) {
      if (e instanceof ComputeInputError && e.field !== 'α') throw new ComputeInputError(`triplet ${i + 1}: ${e.message}`, 'batch');
      throw e;
    }
  });
  return { results, J: results.reduce((s, r) => s + r.loss, 0) };
}

/** Verification (1:1): the same person iff d ≤ τ (a pair exactly at the threshold is accepted). */
export function isSamePerson(d: number, tau: number): boolean {
  requireNonNegative('τ', tau);
  if (!Number.isFinite(d) || d < 0) throw new ComputeInputError(`the distance d must be a finite number ≥ 0; got ${String(d)}`, 'd');
  return d <= tau;
}

/** σ(z) = 1 / (1 + e^−z), written so neither branch overflows. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

export type PairFeature = 'abs' | 'chi2';

export interface PairResult {
  /** Per dimension k: |f_i,k − f_j,k| ('abs') or (f_i,k − f_j,k)² / (f_i,k + f_j,k) ('chi2'). */
  features: number[];
  /** z = Σ_k w_k·feature_k + b */
  z: number;
  /** ŷ = σ(z), the probability that the two faces are the same person. */
  yHat: number;
}

/**
 * The Siamese network as a binary classifier (DeepFace): ŷ = σ(Σ_k w_k |f(x_i)_k − f(x_j)_k| + b).
 * 'chi2' uses DeepFace's χ² term (f_i − f_j)² / (f_i + f_j) instead, which needs non-negative features
 * (DeepFace's are, after a ReLU and normalisation); a 0/0 term (both entries 0) counts as 0.
 */
export function pairProbability(fi: Encoding, fj: Encoding, w: Encoding, b: number, feature: PairFeature = 'abs'): PairResult {
  requireSameDimension('f(x_i)', fi, 'f(x_j)', fj);
  requireSameDimension('f(x_i)', fi, 'w', w);
  if (!Number.isFinite(b)) throw new ComputeInputError(`the bias b must be a finite number; got ${String(b)}`, 'b');
  const features: number[] = [];
  let z = b;
  for (let k = 0; k < fi.length; k++) {
    const a = fi[k]!, c = fj[k]!;
    let v: number;
    if (feature === 'abs') v = Math.abs(a - c);
    else {
      if (a < 0 || c < 0) throw new ComputeInputError(`the χ² feature needs non-negative encodings; entry ${k} is ${a < 0 ? a : c}`, a < 0 ? 'f(x_i)' : 'f(x_j)');
      v = a + c === 0 ? 0 : ((a - c) * (a - c)) / (a + c);
    }
    features.push(v);
    z += w[k]! * v;
  }
  return { features, z, yHat: sigmoid(z) };
}
