/**
 * The embedding-lookup widget's model (Course 5 Week 2; Mikolov et al., NeurIPS 2013). Three linked
 * pictures around one small vocabulary of 12 words:
 *   1. E (4 features × 12 words) times the one-hot o_j is column j of E, product by product, then the
 *      count at the course's 300 × 10,000;
 *   2. skip-gram's softmax p(t | c) over the 12 words for the picked context word c = j, and its cost at V;
 *   3. negative sampling: P(w) ∝ f(w)^α over the 12 words' counts, k drawn negatives, the k + 1 logistic
 *      losses, and the k + 1 dot products against the softmax's V.
 * Every number comes from `src/compute/word2vec.ts`; this file builds the small tables and the words.
 */
import type { Matrix } from '~/compute/attention';
import { randomInts } from '~/compute/random';
import {
  lookup, lookupCosts, negativeSamplingLoss, oneHotProduct, sampleWords, samplingDistribution, skipGramSoftmax, softmaxLoss,
  trainingPairCosts, type LookupCosts,
} from '~/compute/word2vec';
import type { Schema, Values } from '../params';
import { fmt } from '../stepping';

/**
 * The small vocabulary, in order of frequency (rank 1 first). Counts follow Zipf's law f(r) = 27,720 / r
 * (27,720 is the least common multiple of 1…12, so every count is a whole number): made up by the project
 * from that law, not measured, but shaped like real word counts — a few function words take most of a text.
 */
export const BY_RANK = ['the', 'of', 'and', 'a', 'in', 'king', 'queen', 'glass', 'juice', 'orange', 'apple', 'zebra'] as const;
export type Word = (typeof BY_RANK)[number];
const ZIPF_TOTAL = 27_720;

/** The vocabulary as E's columns: alphabetical, as the course orders its 10,000 words (a, aaron, …, orange = 6257, …). */
export const VOCAB: readonly Word[] = [...BY_RANK].sort();
export const V_SMALL = VOCAB.length;
/** Features (rows of E) in the drawn matrix. */
export const FEATURES = 4;

/** f(w) for each word of VOCAB (E's column order). */
export const COUNTS: readonly number[] = VOCAB.map((w) => ZIPF_TOTAL / (BY_RANK.indexOf(w) + 1));

/**
 * E (4 × 12) and Θ (12 × 4, one θ_w per row): untrained, seeded values in tenths from −0.9 to 0.9, so
 * every product is readable. Training would move them; the widget says so.
 */
function seededMatrix(rows: number, cols: number, seed: number): Matrix {
  return { rows, cols, data: Float64Array.from(randomInts(rows * cols, -9, 9, seed), (v) => v / 10) };
}
export const E = seededMatrix(FEATURES, V_SMALL, 2013);
export const THETA = seededMatrix(V_SMALL, FEATURES, 6257);

/** The course's sizes: a 10,000-word vocabulary, 300 features. */
export const COURSE = { vocab: 10_000, dim: 300 } as const;
export const MAX_K = 20;

export const schema = {
  word: { type: 'enum', options: VOCAB, default: 'orange', label: 'Word j', doc: 'The word looked up: e_j = E·o_j is its column of E; it is also the context word c of the softmax and negative sampling.' },
  feature: { type: 'int', default: 1, min: 1, max: FEATURES, label: 'Feature row', doc: 'The row of E whose sum with o_j is written out term by term (1–4).' },
  target: { type: 'enum', options: VOCAB, default: 'juice', label: 'Target t', doc: 'The target word of the (context, target) pair: the softmax’s label and the negative-sampling positive.' },
  vocab: { type: 'int', default: COURSE.vocab, min: 100, max: 1_000_000, label: 'Vocabulary size V', doc: 'V for the operation counts (the course’s 10,000).' },
  dim: { type: 'int', default: COURSE.dim, min: 2, max: 1_000, label: 'Embedding size n_e', doc: 'Features per word for the operation counts (the course’s 300).' },
  k: { type: 'int', default: 5, min: 1, max: MAX_K, label: 'Negatives k', doc: 'Negative words per pair: 5–20 for small data sets, 2–5 for large ones.' },
  power: { type: 'number', default: 0.75, min: 0, max: 1, label: 'Exponent α', doc: 'P(w) ∝ f(w)^α: 0 uniform, 1 the raw frequency, 0.75 the paper’s choice.' },
  seed: { type: 'int', default: 10, min: 0, max: 9999, label: 'Seed', doc: 'Seed of the drawn negatives: the same seed draws the same words.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export const wordIndex = (w: Word): number => VOCAB.indexOf(w);
const group = (n: number) => n.toLocaleString('en-US');
const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));
/** Probabilities and losses: 3 significant digits, never in exponent form on screen. */
export const prob = (p: number): string => (p >= 0.001 ? p.toFixed(3) : p.toPrecision(2).replace(/e-(\d+)/, '·10⁻$1'));
export const pct = (p: number): string => `${(100 * p).toFixed(1)}%`;
/** Scores and losses: 3 decimals, a true minus sign. */
export const num = (v: number): string => (v < 0 ? '−' : '') + Math.abs(v).toFixed(3);

export interface ProductTerm {
  /** E[i][k]. */
  weight: number;
  /** o_j[k]: 0 or 1. */
  factor: number;
  product: number;
}

export interface LookupState {
  j: number;
  /** 0-based row. */
  feature: number;
  /** e_j by the product, 4 values. */
  product: Float64Array;
  /** e_j by the lookup, 4 values. */
  column: Float64Array;
  /** The picked row's V terms E[i][k]·o_j[k]. */
  terms: ProductTerm[];
}

export function lookupState(p: Params): LookupState {
  const j = wordIndex(p.word);
  const feature = p.feature - 1;
  const { result, products } = oneHotProduct(E, j);
  const terms = VOCAB.map((_, k) => ({ weight: E.data[feature * V_SMALL + k]!, factor: k === j ? 1 : 0, product: products[feature * V_SMALL + k]! }));
  return { j, feature, product: result, column: lookup(E, j), terms };
}

/** "0.3·0 + (−0.5)·0 + … = 0.7": the picked row of E times o_j, every term. */
export function sumText(s: LookupState): string {
  return `${s.terms.map((t) => `${paren(t.weight)}·${t.factor}`).join(' + ')} = ${fmt(s.product[s.feature]!)}`;
}

export const vectorText = (v: ArrayLike<number>): string => `(${Array.from(v, fmt).join(', ')})`;

export interface CountState extends LookupCosts {
  /** How many times the product's multiplications outnumber the lookup's copies: V. */
  ratio: number;
}

export function countState(p: Params): CountState {
  const c = lookupCosts(p.vocab, p.dim);
  return { ...c, ratio: c.multiplications / c.copies };
}

export function productCountText(c: CountState): string {
  return `n_e × V = ${group(c.dim)} × ${group(c.vocab)} = ${group(c.multiplications)} multiplications (${group(c.byZero)} of them by zero) and ${group(c.additions)} additions`;
}

export function lookupCountText(c: CountState): string {
  return `copies ${group(c.copies)} numbers, no arithmetic`;
}

export interface SoftmaxState {
  c: number;
  t: number;
  scores: Float64Array;
  probs: Float64Array;
  /** Σ_j exp(θ_jᵀe_c) over the 12 words. */
  denominator: number;
  loss: number;
}

export function softmaxState(p: Params): SoftmaxState {
  const c = wordIndex(p.word);
  const t = wordIndex(p.target);
  const sm = skipGramSoftmax(THETA, lookup(E, c));
  return { c, t, scores: sm.scores, probs: sm.probs, denominator: Math.exp(sm.logPartition), loss: softmaxLoss(sm, t) };
}

/** p(juice | orange) = exp(θ_tᵀe_c) / Σ_j exp(θ_jᵀe_c) with the numbers. */
export function softmaxText(s: SoftmaxState): string {
  const score = s.scores[s.t]!;
  return `p(${VOCAB[s.t]} | ${VOCAB[s.c]}) = exp(${num(score)}) / ${num(s.denominator)} = ${prob(s.probs[s.t]!)}`;
}

export function lossText(s: SoftmaxState): string {
  return `L = −Σ y_i log ŷ_i = −log ${prob(s.probs[s.t]!)} = ${num(s.loss)}`;
}

export interface SamplingRow {
  word: Word;
  /** Index in VOCAB. */
  index: number;
  rank: number;
  count: number;
  /** f^α. */
  weight: number;
  p: number;
  /** P at α = 1: the raw share of the counts. */
  raw: number;
}

/** The sampling distribution over the 12 words, most frequent first. */
export function samplingRows(power: number): SamplingRow[] {
  const p = samplingDistribution(COUNTS, power);
  const raw = samplingDistribution(COUNTS, 1);
  return BY_RANK.map((word, r) => {
    const index = wordIndex(word);
    return { word, index, rank: r + 1, count: COUNTS[index]!, weight: COUNTS[index]! ** power, p: p[index]!, raw: raw[index]! };
  });
}

export interface NegativeState {
  negatives: number[];
  terms: ReturnType<typeof negativeSamplingLoss>['terms'];
  loss: number;
  /** Drawn negatives that happen to be the true target: still label 0 (the course: that is fine). */
  hitsTarget: number;
}

export function negativeState(p: Params): NegativeState {
  const c = wordIndex(p.word);
  const t = wordIndex(p.target);
  const negatives = sampleWords(samplingDistribution(COUNTS, p.power), p.k, p.seed);
  const r = negativeSamplingLoss(THETA, lookup(E, c), t, negatives);
  return { negatives, terms: r.terms, loss: r.loss, hitsTarget: negatives.filter((n) => n === t).length };
}

export interface PairCost {
  vocab: number;
  dim: number;
  k: number;
  softmaxDots: number;
  softmaxMultiplications: number;
  negativeDots: number;
  negativeMultiplications: number;
  /** How many times less work negative sampling does: V / (k + 1). */
  saving: number;
}

export function pairCost(p: Params): PairCost {
  const c = trainingPairCosts(p.vocab, p.dim, p.k);
  return { vocab: p.vocab, dim: p.dim, k: p.k, ...c, saving: c.softmaxDots / c.negativeDots };
}

export function softmaxCostText(c: PairCost): string {
  return `${group(c.softmaxDots)} dot products of ${group(c.dim)} numbers (${group(c.softmaxMultiplications)} multiplications) and ${group(c.softmaxDots)} exponentials`;
}

export function negativeCostText(c: PairCost): string {
  return `k + 1 = ${c.k + 1} dot products (${group(c.negativeMultiplications)} multiplications), ${group(Math.round(c.saving))} times fewer`;
}

/** The sliders' ladders (1–2–5 steps, plus the course's 300): a range input walks these, a URL may hold any value in bounds. */
export const VOCAB_STEPS = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000] as const;
export const DIM_STEPS = [2, 5, 10, 20, 50, 100, 200, 300, 500, 1_000] as const;

/** The ladder position closest to a value (on a log scale: 300 000 sits between 200 000 and 500 000). */
export function nearestStep(steps: readonly number[], value: number): number {
  let best = 0;
  steps.forEach((s, i) => {
    if (Math.abs(Math.log(s / value)) < Math.abs(Math.log(steps[best]! / value))) best = i;
  });
  return best;
}

/** What the live regions say after a change, one sentence per part. */
export function describeLookup(p: Params): string {
  const s = lookupState(p);
  return `Word ${s.j + 1}, ${p.word}: E times o_${s.j + 1} is ${vectorText(s.product)}, column ${s.j + 1} of E. Row ${p.feature}: ${sumText(s)}.`;
}

export function describeCounts(p: Params): string {
  const c = countState(p);
  return `V = ${group(c.vocab)}, n_e = ${group(c.dim)}: the product takes ${group(c.multiplications)} multiplications, ${group(c.byZero)} of them by zero; the lookup copies ${group(c.copies)} numbers.`;
}

export function describeSoftmax(p: Params): string {
  const s = softmaxState(p);
  return `${softmaxText(s)}; loss ${num(s.loss)}.`;
}

export function describeNegatives(p: Params): string {
  const ns = negativeState(p);
  const rows = samplingRows(p.power);
  const [first, last] = [rows[0]!, rows[rows.length - 1]!];
  return `α = ${p.power}: P(${first.word}) = ${pct(first.p)}, P(${last.word}) = ${pct(last.p)}. k = ${p.k} negatives drawn: ${ns.negatives.map((n) => VOCAB[n]).join(', ')}; loss ${num(ns.loss)}.`;
}
