/**
 * Word2vec's arithmetic (Course 5 Week 2; Mikolov et al., "Distributed representations of words and
 * phrases and their compositionality", NeurIPS 2013), in float64:
 *   - the embedding matrix E (n_e × V: one row per feature, one column per word, the course's 300 × 10,000)
 *     times a one-hot o_j is e_j = E·o_j, column j of E; `oneHotProduct` does every multiplication, `lookup`
 *     copies the column, `lookupCosts` counts both;
 *   - skip-gram's softmax p(t | c) = exp(θ_tᵀe_c) / Σ_{j=1..V} exp(θ_jᵀe_c) and its loss −Σ_i y_i log ŷ_i;
 *   - negative sampling: one positive logistic regression and k negatives drawn from
 *     P(w) = f(w)^{3/4} / Σ_j f(w_j)^{3/4} (`samplingDistribution` takes any exponent), with the loss
 *     −log σ(θ_tᵀe_c) − Σ_{i=1..k} log σ(−θ_{n_i}ᵀe_c).
 * Words are indices 0…V−1 here; a view may number them from 1 as the course does (o_6257).
 * Θ is stored one row per word (V × n_e), so θ_t is row t.
 */
import type { Matrix } from './attention';
import { ComputeInputError, requireFinite, requireInt } from './errors';
import { mulberry32 } from './random';
import { sigmoid } from './rnn-cells';
import { loadTf } from './tf';
import { dot } from './word-vectors';

function requireMatrix(field: string, m: Matrix): void {
  requireInt(`${field} rows`, m.rows, 1);
  requireInt(`${field} columns`, m.cols, 1);
  if (m.data.length !== m.rows * m.cols) {
    throw new ComputeInputError(`${field} holds ${m.data.length} values, not ${m.rows} × ${m.cols}`, field);
  }
  requireFinite(field, m.data);
}

/** The one-hot vector o_j of length V: 1 at index j, 0 elsewhere. */
export function oneHot(vocab: number, j: number): Float64Array {
  requireInt('vocabulary size', vocab, 1);
  requireInt('word index', j, 0, vocab - 1);
  const o = new Float64Array(vocab);
  o[j] = 1;
  return o;
}

export interface OneHotProduct {
  /** E·o_j, n_e values. */
  result: Float64Array;
  /** Every product E[i][k]·o_j[k], row-major n_e × V: the terms of each row's sum. */
  products: Float64Array;
}

/** E·o_j the long way: every row of E times the one-hot vector, multiplication by multiplication. */
export function oneHotProduct(E: Matrix, j: number): OneHotProduct {
  requireMatrix('E', E);
  const o = oneHot(E.cols, j);
  const products = new Float64Array(E.rows * E.cols);
  const result = new Float64Array(E.rows);
  for (let i = 0; i < E.rows; i++) {
    let sum = 0;
    for (let k = 0; k < E.cols; k++) {
      const p = E.data[i * E.cols + k]! * o[k]!;
      products[i * E.cols + k] = p;
      sum += p;
    }
    result[i] = sum;
  }
  return { result, products };
}

/** e_j by lookup: a copy of column j of E (what an Embedding layer or tf.gather does). */
export function lookup(E: Matrix, j: number): Float64Array {
  requireMatrix('E', E);
  requireInt('word index', j, 0, E.cols - 1);
  return Float64Array.from({ length: E.rows }, (_, i) => E.data[i * E.cols + j]!);
}

export interface LookupCosts {
  vocab: number;
  dim: number;
  /** E·o_j: one multiplication per entry of E, n_e·V. */
  multiplications: number;
  /** Of those, the ones whose one-hot factor is 0: n_e·(V − 1). */
  byZero: number;
  /** Adding V products per row takes V − 1 additions: n_e·(V − 1). */
  additions: number;
  /** The lookup copies column j: n_e numbers, no arithmetic. */
  copies: number;
}

/** Operation counts for one word: the one-hot product against the lookup (V words, n_e features). */
export function lookupCosts(vocab: number, dim: number): LookupCosts {
  requireInt('vocabulary size', vocab, 1);
  requireInt('embedding size', dim, 1);
  const multiplications = vocab * dim;
  if (!Number.isSafeInteger(multiplications)) throw new ComputeInputError(`V·n_e = ${vocab}·${dim} is too large to count exactly`, 'vocabulary size');
  return { vocab, dim, multiplications, byZero: dim * (vocab - 1), additions: dim * (vocab - 1), copies: dim };
}

/**
 * The negative-sampling distribution P(w_i) = f(w_i)^α / Σ_j f(w_j)^α over a table of word counts.
 * α = 3/4 is the paper's choice; α = 0 gives the uniform distribution, α = 1 the raw unigram frequencies.
 */
export function samplingDistribution(counts: ArrayLike<number>, power: number): Float64Array {
  if (counts.length === 0) throw new ComputeInputError('the frequency table is empty', 'counts');
  requireFinite('counts', counts);
  requireFinite('exponent', [power]);
  for (let i = 0; i < counts.length; i++) {
    if (!(counts[i]! > 0)) throw new ComputeInputError(`every count must be positive; count ${i + 1} is ${String(counts[i])}`, 'counts');
  }
  // Divide by the largest count first: f^α cannot overflow, and the ratios (all that matters) are unchanged.
  let max = 0;
  for (let i = 0; i < counts.length; i++) max = Math.max(max, counts[i]!);
  const weights = Float64Array.from(counts, (f) => (f / max) ** power);
  const total = weights.reduce((s, w) => s + w, 0);
  return weights.map((w) => w / total);
}

/** Row `i` of a matrix, as a copy. */
export function row(m: Matrix, i: number): Float64Array {
  requireInt('row', i, 0, m.rows - 1);
  return m.data.slice(i * m.cols, (i + 1) * m.cols);
}

export interface SkipGramSoftmax {
  /** θ_jᵀe_c for every word j (the logits). */
  scores: Float64Array;
  /** p(j | c) = softmax of the scores: V values summing to 1. */
  probs: Float64Array;
  /** log Σ_j exp(θ_jᵀe_c): the denominator, in logs. */
  logPartition: number;
}

/** Skip-gram's softmax over the whole vocabulary for one context vector e_c (Θ: one row θ_j per word). */
export function skipGramSoftmax(theta: Matrix, ec: ArrayLike<number>): SkipGramSoftmax {
  requireMatrix('Θ', theta);
  requireFinite('e_c', ec);
  if (ec.length !== theta.cols) throw new ComputeInputError(`e_c has ${ec.length} values but each θ_j has ${theta.cols}`, 'e_c');
  const scores = Float64Array.from({ length: theta.rows }, (_, j) => dot(row(theta, j), ec));
  // Subtract the largest score before exp: the same probabilities, and exp cannot overflow.
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const total = exps.reduce((s, e) => s + e, 0);
  return { scores, probs: exps.map((e) => e / total), logPartition: max + Math.log(total) };
}

/**
 * The softmax loss L(ŷ, y) = −Σ_i y_i log ŷ_i for the one-hot label y of target t: −log p(t | c),
 * computed from the logits as log Σ_j exp(θ_jᵀe_c) − θ_tᵀe_c so that a tiny p cannot round to log 0.
 */
export function softmaxLoss(sm: SkipGramSoftmax, target: number): number {
  requireInt('target', target, 0, sm.scores.length - 1);
  return sm.logPartition - sm.scores[target]!;
}

/** −log σ(z), without computing σ(z) first (which rounds to 0 for z below about −745). */
export function negLogSigmoid(z: number): number {
  return z >= 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
}

export interface LogisticTerm {
  word: number;
  /** 1 for the true target, 0 for a negative. */
  label: 0 | 1;
  /** θ_wᵀe_c. */
  score: number;
  /** P(y = 1 | c, w) = σ(θ_wᵀe_c). */
  p: number;
  /** This regression's loss: −log σ(score) for label 1, −log σ(−score) = −log(1 − σ(score)) for label 0. */
  loss: number;
}

export interface NegativeSamplingLoss {
  terms: LogisticTerm[];
  /** −log σ(θ_tᵀe_c) − Σ_i log σ(−θ_{n_i}ᵀe_c). */
  loss: number;
}

/** The k + 1 logistic regressions of one (context, target) pair with the drawn negatives. */
export function negativeSamplingLoss(theta: Matrix, ec: ArrayLike<number>, target: number, negatives: readonly number[]): NegativeSamplingLoss {
  requireMatrix('Θ', theta);
  requireFinite('e_c', ec);
  if (ec.length !== theta.cols) throw new ComputeInputError(`e_c has ${ec.length} values but each θ_j has ${theta.cols}`, 'e_c');
  const term = (word: number, label: 0 | 1): LogisticTerm => {
    const score = dot(row(theta, word), ec);
    return { word, label, score, p: sigmoid(score), loss: negLogSigmoid(label === 1 ? score : -score) };
  };
  requireInt('target', target, 0, theta.rows - 1);
  negatives.forEach((n, i) => requireInt(`negative ${i + 1}`, n, 0, theta.rows - 1));
  const terms = [term(target, 1), ...negatives.map((n) => term(n, 0))];
  return { terms, loss: terms.reduce((s, t) => s + t.loss, 0) };
}

/**
 * k words drawn independently (with replacement) from a distribution, by inverting its cumulative sum
 * with a seeded generator: the same seed gives the same words.
 */
export function sampleWords(probs: ArrayLike<number>, k: number, seed: number): number[] {
  requireInt('k', k, 0);
  requireFinite('probabilities', probs);
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    if (probs[i]! < 0) throw new ComputeInputError(`probability ${i + 1} is negative`, 'probabilities');
    cumulative.push((total += probs[i]!));
  }
  if (!(total > 0)) throw new ComputeInputError('the probabilities add up to 0', 'probabilities');
  const next = mulberry32(seed);
  return Array.from({ length: k }, () => {
    const u = next() * total;
    const i = cumulative.findIndex((c) => u < c);
    // u < total always, but rounding in the running sum may leave the last cumulative a hair short.
    return i === -1 ? cumulative.length - 1 : i;
  });
}

export interface TrainingPairCosts {
  /** Softmax: one dot product per word in the denominator, V. */
  softmaxDots: number;
  /** V·n_e multiplications (plus V exponentials). */
  softmaxMultiplications: number;
  /** Negative sampling: the positive and k negatives, k + 1 dot products. */
  negativeDots: number;
  negativeMultiplications: number;
}

/** The output layer's work for one (context, target) pair: full softmax against negative sampling. */
export function trainingPairCosts(vocab: number, dim: number, k: number): TrainingPairCosts {
  requireInt('k', k, 0);
  const { multiplications } = lookupCosts(vocab, dim);
  return { softmaxDots: vocab, softmaxMultiplications: multiplications, negativeDots: k + 1, negativeMultiplications: (k + 1) * dim };
}

/**
 * TensorFlow.js's two ways to get e_j: tf.gather (what an Embedding layer does) and tf.matMul with
 * tf.oneHot. Both return float32; the check compares them with `lookup`.
 */
export async function lookupTf(E: Matrix, j: number): Promise<{ gather: Float32Array; matMul: Float32Array }> {
  requireMatrix('E', E);
  requireInt('word index', j, 0, E.cols - 1);
  const tf = await loadTf();
  return tf.tidy(() => {
    const e = tf.tensor2d(Float32Array.from(E.data), [E.rows, E.cols], 'float32');
    const gathered = tf.gather(e, [j], 1);
    const o = tf.transpose(tf.cast(tf.oneHot(tf.tensor1d([j], 'int32'), E.cols), 'float32')); // V × 1
    const product = tf.matMul(e, o);
    return { gather: gathered.dataSync() as Float32Array, matMul: product.dataSync() as Float32Array };
  });
}
