/**
 * BLEU as Papineni, Roukos, Ward and Zhu define it (ACL 2002, pp. 311–318) and the course teaches it, with
 * every count kept for display. Conventions (CONVENTIONS.md, "BLEU and CTC"):
 *
 * - Tokens: `tokenize` splits on whitespace, and every character that is not a letter, digit or combining
 *   mark is a token of its own ("mat." → "mat", "."; "don't" → "don", "'", "t"). Lowercasing is an option
 *   (on in the widget, so "The" matches "the" as in the course's example). Functions below take tokens.
 * - Clipping: a candidate n-gram's count is clipped at the largest number of times it occurs in any *one*
 *   reference: Count_clip = min(Count, max_ref Count_ref). Which occurrences earn the credit does not change
 *   any number; for display the first ones, left to right, do.
 * - p_n = Σ Count_clip / Σ Count over the candidate's n-grams, n = 1 … 4. A candidate shorter than n has no
 *   n-grams: p_n = 0/0, shown as such and counted as 0 in the score.
 * - Brevity penalty: c = candidate length, r = the reference length closest to c, the shorter one on a tie
 *   (NLTK's and sacrebleu's rule; the paper's "best match length"). BP = 1 if c > r, else exp(1 − r/c); 0 when c = 0.
 * - BLEU = BP · exp(Σ w_n log p_n), w_n = 1/4. No smoothing: any p_n = 0 makes BLEU 0. `smoothing: 'add-one'`
 *   adds 1 to the clipped and the total count for n ≥ 2 (Lin & Och 2004; "smoothing 2" in Chen & Cherry 2014),
 *   a sentence-level convenience that is not Papineni's BLEU and is off by default.
 * - Corpus BLEU sums the clipped counts, the totals, c and r over the sentences, then applies the formula once;
 *   it is not the mean of sentence scores.
 */
import { ComputeInputError } from './errors';

export const MAX_ORDER = 4;
export type Smoothing = 'none' | 'add-one';

export interface BleuOptions {
  /** Highest n-gram order (default 4, the paper's N). */
  maxOrder?: number;
  smoothing?: Smoothing;
}

/** Words as runs of letters, digits and marks; every other non-space character on its own. */
const TOKEN = /[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]/gu;

export function tokenize(text: string, { lowercase = true }: { lowercase?: boolean } = {}): string[] {
  const source = lowercase ? text.toLowerCase() : text;
  return source.match(TOKEN) ?? [];
}

/** A map key for an n-gram: JSON keeps two different token lists apart whatever characters they hold. */
const keyOf = (gram: readonly string[]) => JSON.stringify(gram);

/** The n-grams of `tokens`, in order (none when it is shorter than n). */
export function ngrams(tokens: readonly string[], n: number): string[][] {
  const out: string[][] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n));
  return out;
}

function countsOf(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const g of ngrams(tokens, n)) counts.set(keyOf(g), (counts.get(keyOf(g)) ?? 0) + 1);
  return counts;
}

/** One distinct n-gram of the candidate: its counts, as in the course's Count / Count_clip table. */
export interface GramCount {
  gram: string[];
  /** Times it occurs in the candidate. */
  count: number;
  /** Times it occurs in each reference. */
  refCounts: number[];
  /** The largest of refCounts: the clip. */
  maxRef: number;
  /** min(count, maxRef). */
  clipped: number;
}

/** What one candidate n-gram (by its start position) earned. */
export type Credit = 'credited' | 'clipped' | 'unmatched';

export interface OrderCounts {
  n: number;
  /** Distinct n-grams in order of first appearance. */
  grams: GramCount[];
  /** Per start position i (the n-gram tokens[i … i+n−1]). */
  credit: Credit[];
  clipped: number;
  total: number;
}

/** Clipped counts of one candidate against its references, for one order n. */
export function orderCounts(candidate: readonly string[], references: readonly (readonly string[])[], n: number): OrderCounts {
  const refCounts = references.map((r) => countsOf(r, n));
  const grams = new Map<string, GramCount>();
  for (const gram of ngrams(candidate, n)) {
    const key = keyOf(gram);
    const seen = grams.get(key);
    if (seen) {
      seen.count++;
      continue;
    }
    const per = refCounts.map((c) => c.get(key) ?? 0);
    grams.set(key, { gram, count: 1, refCounts: per, maxRef: Math.max(0, ...per), clipped: 0 });
  }
  let clipped = 0;
  for (const g of grams.values()) {
    g.clipped = Math.min(g.count, g.maxRef);
    clipped += g.clipped;
  }
  const used = new Map<string, number>();
  const credit = ngrams(candidate, n).map((gram): Credit => {
    const g = grams.get(keyOf(gram))!;
    if (g.maxRef === 0) return 'unmatched';
    const k = (used.get(keyOf(gram)) ?? 0) + 1;
    used.set(keyOf(gram), k);
    return k <= g.clipped ? 'credited' : 'clipped';
  });
  return { n, grams: [...grams.values()], credit, clipped, total: Math.max(0, candidate.length - n + 1) };
}

/** The reference length closest to c; on a tie the shorter. */
export function closestRefLength(c: number, refLengths: readonly number[]): number {
  if (refLengths.length === 0) throw new ComputeInputError('BLEU needs at least one reference', 'references');
  return refLengths.reduce((best, r) => {
    const d = Math.abs(r - c);
    const db = Math.abs(best - c);
    return d < db || (d === db && r < best) ? r : best;
  });
}

/** BP = 1 if c > r, else exp(1 − r/c); 0 for an empty candidate. */
export function brevityPenalty(c: number, r: number): number {
  if (c > r) return 1;
  if (c === 0) return 0;
  return Math.exp(1 - r / c);
}

export interface Precision {
  n: number;
  clipped: number;
  total: number;
  /** The counts the score uses (+1 each for n ≥ 2 under add-one smoothing). */
  usedClipped: number;
  usedTotal: number;
  /** usedClipped / usedTotal; null for 0/0. */
  p: number | null;
  /** log p (−Infinity for p = 0, null for 0/0). */
  logP: number | null;
}

export interface BleuScore {
  precisions: Precision[];
  /** Candidate length (summed over sentences for a corpus). */
  c: number;
  /** Closest reference length (summed likewise). */
  r: number;
  bp: number;
  /** Σ w_n log p_n, or −Infinity when some p_n is 0 (or 0/0). */
  logMean: number;
  /** exp(logMean): the geometric mean of the p_n. */
  geoMean: number;
  score: number;
  smoothing: Smoothing;
}

function options(o: BleuOptions): Required<BleuOptions> {
  const maxOrder = o.maxOrder ?? MAX_ORDER;
  if (!Number.isInteger(maxOrder) || maxOrder < 1 || maxOrder > 8) throw new ComputeInputError(`maxOrder must be an integer from 1 to 8; got ${maxOrder}`, 'maxOrder');
  return { maxOrder, smoothing: o.smoothing ?? 'none' };
}

/** The score from summed counts and lengths: shared by sentence and corpus BLEU. */
export function combine(counts: readonly { clipped: number; total: number }[], c: number, r: number, smoothing: Smoothing = 'none'): BleuScore {
  const precisions = counts.map(({ clipped, total }, i): Precision => {
    const n = i + 1;
    const add = smoothing === 'add-one' && n >= 2 ? 1 : 0;
    const usedClipped = clipped + add;
    const usedTotal = total + add;
    const p = usedTotal === 0 ? null : usedClipped / usedTotal;
    return { n, clipped, total, usedClipped, usedTotal, p, logP: p === null ? null : Math.log(p) };
  });
  const w = 1 / counts.length;
  const logMean = precisions.every((q) => q.p !== null && q.p > 0) ? precisions.reduce((s, q) => s + w * q.logP!, 0) : -Infinity;
  const geoMean = Math.exp(logMean);
  const bp = brevityPenalty(c, r);
  return { precisions, c, r, bp, logMean, geoMean, score: bp * geoMean, smoothing };
}

export interface SentenceBleu extends BleuScore {
  candidate: string[];
  references: string[][];
  orders: OrderCounts[];
}

function requireReferences(references: readonly (readonly string[])[]): void {
  if (references.length === 0) throw new ComputeInputError('BLEU needs at least one reference', 'references');
}

/** Sentence BLEU of token lists, with every count. */
export function sentenceBleu(candidate: readonly string[], references: readonly (readonly string[])[], o: BleuOptions = {}): SentenceBleu {
  const { maxOrder, smoothing } = options(o);
  requireReferences(references);
  const orders = Array.from({ length: maxOrder }, (_, i) => orderCounts(candidate, references, i + 1));
  const c = candidate.length;
  const r = closestRefLength(c, references.map((x) => x.length));
  return { ...combine(orders, c, r, smoothing), candidate: [...candidate], references: references.map((x) => [...x]), orders };
}

export interface CorpusBleu extends BleuScore {
  sentences: SentenceBleu[];
}

/** Corpus BLEU: clipped counts, totals, c and r summed over sentences, then one score. */
export function corpusBleu(pairs: readonly { candidate: readonly string[]; references: readonly (readonly string[])[] }[], o: BleuOptions = {}): CorpusBleu {
  const { maxOrder, smoothing } = options(o);
  if (pairs.length === 0) throw new ComputeInputError('corpus BLEU needs at least one sentence', 'pairs');
  const sentences = pairs.map((p) => sentenceBleu(p.candidate, p.references, { maxOrder, smoothing: 'none' }));
  const sums = Array.from({ length: maxOrder }, (_, i) => ({
    clipped: sentences.reduce((s, x) => s + x.orders[i]!.clipped, 0),
    total: sentences.reduce((s, x) => s + x.orders[i]!.total, 0),
  }));
  const c = sentences.reduce((s, x) => s + x.c, 0);
  const r = sentences.reduce((s, x) => s + x.r, 0);
  return { ...combine(sums, c, r, smoothing), sentences };
}
