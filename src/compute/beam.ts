/**
 * Beam search over a small conditional language model P(y_t | x, y_1 … y_{t−1}), given as a sparse
 * table: one row per prefix, each row the probabilities of the next tokens (the rest have probability 0),
 * each row summing to 1. Float64 throughout; no tfjs (there is no beam-search op to check against).
 *
 * Conventions (see CONVENTIONS.md, "Beam search"):
 * - A hypothesis's length T_y counts every token it holds, the end token `</s>` included: the sum
 *   Σ log P has T_y terms.
 * - The score is the course's length-normalised log-likelihood (1 / T_y^α) · Σ_t log P(y_t | x, y_<t).
 *   α = 0 is the raw log-probability, α = 1 the mean per token.
 * - **Pruning uses the raw log-probability**; the normalised score only ranks the finished hypotheses.
 *   That is the course's recipe (keep the top B by probability at every step; at the end pick, among the
 *   sentences that ended, the one with the best normalised score). At a fixed step all candidates have the
 *   same length, so normalising there would not change which B survive anyway.
 * - At step t every alive beam is extended by every token with non-zero probability; the B best
 *   candidates are kept (ties: earlier parent, then earlier vocabulary token). A kept candidate that ends
 *   with `</s>` is finished and set aside (so it uses one of the B places at that step); the others are the
 *   next step's beams. The search stops when no beam is left or at the maximum length; beams still open
 *   then are reported as cut, never as translations.
 * - B = 1 is greedy search; B at least the number of candidates at every step is exhaustive search.
 */
import { ComputeInputError, requireInt } from './errors';

export const EOS = '</s>';

/** A conditional model as a table: `rows[prefix.join(' ')]` maps each possible next token to its probability. */
export interface BeamTable {
  /** Every token the model can emit, `</s>` included. Tokens hold no spaces. */
  vocab: readonly string[];
  rows: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface Hypothesis {
  tokens: string[];
  /** Σ log P(y_t | x, y_<t) over the tokens. */
  logProb: number;
  /** (1 / T_y^α) · logProb with T_y = tokens.length. */
  score: number;
  /** Ends with `</s>`. */
  finished: boolean;
}

export type CandidateStatus = 'kept' | 'pruned' | 'forced' | 'off-prefix';

export interface Candidate extends Hypothesis {
  /** Index of the parent among the previous step's candidates; −1 for the first step. */
  parent: number;
  token: string;
  /** P(token | x, prefix). */
  p: number;
  /** 1-based rank among this step's candidates by log-probability. */
  rank: number;
  status: CandidateStatus;
  /** Kept and not finished at the maximum length: the search stops before it can end. */
  cut: boolean;
}

export interface BeamStep {
  /** 1-based: the step that chooses token t. */
  t: number;
  /** This step's candidates, best first (by log-probability). */
  candidates: Candidate[];
}

export interface BeamOptions {
  beamWidth: number;
  maxLength: number;
  /** Length-normalisation exponent, 0 … 1. */
  alpha: number;
  /** "What if": the search is forced through these tokens first, then continues from them alone. */
  forced?: readonly string[];
}

export interface BeamResult {
  steps: BeamStep[];
  /** Every finished hypothesis, best normalised score first. */
  finished: Hypothesis[];
  /** The output ŷ: the best finished hypothesis, or null when none ended within the maximum length. */
  best: Hypothesis | null;
}

const key = (tokens: readonly string[]) => tokens.join(' ');
/** A token inside a message, shortened: it may be anything a reader typed. */
const quoteToken = (t: string) => `“${t.length > 24 ? `${t.slice(0, 24)}…` : t}”`;

/** (1 / T^α) · logProb. */
export function normalisedScore(logProb: number, length: number, alpha: number): number {
  return length === 0 ? 0 : logProb / length ** alpha;
}

/** Checks a table: tokens without spaces, `</s>` in the vocabulary, every row's tokens known and its probabilities in (0, 1] summing to 1. */
export function validateTable(table: BeamTable): void {
  if (!table.vocab.includes(EOS)) throw new ComputeInputError(`the vocabulary must hold the end token ${EOS}`, 'vocab');
  for (const token of table.vocab) {
    if (token === '' || /\s/.test(token)) throw new ComputeInputError(`vocabulary tokens must be non-empty and hold no spaces; got “${token}”`, 'vocab');
  }
  const known = new Set(table.vocab);
  for (const [prefix, row] of Object.entries(table.rows)) {
    let sum = 0;
    for (const [token, p] of Object.entries(row)) {
      if (!known.has(token)) throw new ComputeInputError(`row “${prefix}” gives a probability to “${token}”, which is not in the vocabulary`, 'rows');
      if (!(p > 0 && p <= 1)) throw new ComputeInputError(`row “${prefix}”: P(${token}) must be in (0, 1]; got ${String(p)}`, 'rows');
      sum += p;
    }
    if (Math.abs(sum - 1) > 1e-9) throw new ComputeInputError(`row “${prefix}” sums to ${sum}, not 1`, 'rows');
  }
}

/** The next-token distribution after `prefix`, in vocabulary order, zero-probability tokens left out. */
export function nextTokens(table: BeamTable, prefix: readonly string[]): { token: string; p: number }[] {
  const row = table.rows[key(prefix)];
  if (!row) throw new ComputeInputError(`the model has no row for the prefix “${key(prefix)}”`, 'rows');
  return table.vocab.filter((token) => (row[token] ?? 0) > 0).map((token) => ({ token, p: row[token]! }));
}

function checkOptions({ beamWidth, maxLength, alpha }: BeamOptions): void {
  requireInt('beam width B', beamWidth, 1);
  requireInt('maximum length', maxLength, 1, 1000);
  if (!(alpha >= 0 && alpha <= 1)) throw new ComputeInputError(`α must be from 0 to 1; got ${String(alpha)}`, 'alpha');
}

function hypothesis(tokens: string[], logProb: number, alpha: number): Hypothesis {
  return { tokens, logProb, score: normalisedScore(logProb, tokens.length, alpha), finished: tokens.at(-1) === EOS };
}

/** Finished hypotheses, best normalised score first (ties: higher log-probability, then shorter, then found first). */
export function rankFinished<H extends Hypothesis>(list: readonly H[]): H[] {
  return [...list].sort((a, b) => b.score - a.score || b.logProb - a.logProb || a.tokens.length - b.tokens.length);
}

/**
 * Beam search with every step's candidates, their rank and fate. With `forced`, steps 1 … |forced| keep
 * only the forced token (status 'forced'; its siblings are 'off-prefix'), then the search goes on from it.
 */
export function beamSearch(table: BeamTable, options: BeamOptions): BeamResult {
  checkOptions(options);
  const { beamWidth, maxLength, alpha } = options;
  const forced = options.forced ?? [];
  if (forced.length > maxLength) throw new ComputeInputError(`the forced prefix has ${forced.length} tokens, more than the maximum length ${maxLength}`, 'forced');
  const unknown = forced.find((t) => !table.vocab.includes(t));
  if (unknown !== undefined) throw new ComputeInputError(`${quoteToken(unknown)} is not in the model’s vocabulary`, 'forced');
  if (forced.slice(0, -1).includes(EOS)) throw new ComputeInputError(`the forced prefix goes on after ${EOS}`, 'forced');
  const steps: BeamStep[] = [];
  const finished: Hypothesis[] = [];
  // The beams alive before the step: their tokens, log-probability and index among the last step's candidates.
  let beams: { tokens: string[]; logProb: number; index: number }[] = [{ tokens: [], logProb: 0, index: -1 }];
  for (let t = 1; t <= maxLength && beams.length > 0; t++) {
    const candidates: Candidate[] = [];
    for (const beam of beams) {
      for (const { token, p } of nextTokens(table, beam.tokens)) {
        const h = hypothesis([...beam.tokens, token], beam.logProb + Math.log(p), alpha);
        candidates.push({ ...h, parent: beam.index, token, p, rank: 0, status: 'pruned', cut: false });
      }
    }
    const isForcedStep = t <= forced.length;
    if (isForcedStep && !candidates.some((c) => c.token === forced[t - 1])) {
      const prefix = key(forced.slice(0, t - 1));
      throw new ComputeInputError(`the model gives “${forced[t - 1]}” probability 0 after “${prefix || 'the start'}”, so the forced prefix cannot be followed`, 'forced');
    }
    // Stable sort: ties keep generation order (earlier parent, then vocabulary order).
    candidates.sort((a, b) => b.logProb - a.logProb);
    candidates.forEach((c, i) => {
      c.rank = i + 1;
      if (isForcedStep) c.status = c.token === forced[t - 1] ? 'forced' : 'off-prefix';
      else c.status = i < beamWidth ? 'kept' : 'pruned';
      c.cut = c.status !== 'pruned' && c.status !== 'off-prefix' && !c.finished && t === maxLength;
    });
    steps.push({ t, candidates });
    beams = [];
    candidates.forEach((c, index) => {
      if (c.status !== 'kept' && c.status !== 'forced') return;
      if (c.finished) finished.push(hypothesis(c.tokens, c.logProb, alpha));
      else beams.push({ tokens: c.tokens, logProb: c.logProb, index });
    });
  }
  const ranked = rankFinished(finished);
  return { steps, finished: ranked, best: ranked[0] ?? null };
}

/** Why a candidate was kept or pruned, in words: "rank 4 of 9, B = 3". */
export function reason(c: Candidate, step: BeamStep, beamWidth: number): string {
  const of = `rank ${c.rank} of ${step.candidates.length}`;
  switch (c.status) {
    case 'kept':
      return `${of}, B = ${beamWidth}: kept${c.finished ? ', finished' : c.cut ? ', cut at the maximum length' : ''}`;
    case 'pruned':
      return `${of}, B = ${beamWidth}: pruned`;
    case 'forced':
      return `${of}: forced${c.finished ? ', finished' : ''}`;
    case 'off-prefix':
      return `${of}: not on the forced prefix`;
  }
}

/** Greedy search, written on its own: the most probable next token (first in vocabulary order on a tie) until `</s>`. */
export function greedySearch(table: BeamTable, { maxLength, alpha }: Pick<BeamOptions, 'maxLength' | 'alpha'>): Hypothesis {
  checkOptions({ beamWidth: 1, maxLength, alpha });
  const tokens: string[] = [];
  let logProb = 0;
  while (tokens.length < maxLength && tokens.at(-1) !== EOS) {
    let best = { token: '', p: -1 };
    for (const next of nextTokens(table, tokens)) if (next.p > best.p) best = next;
    tokens.push(best.token);
    logProb += Math.log(best.p);
  }
  return hypothesis(tokens, logProb, alpha);
}

/** Every sequence the model can finish within `maxLength` tokens, best normalised score first. */
export function exhaustiveSearch(table: BeamTable, { maxLength, alpha }: Pick<BeamOptions, 'maxLength' | 'alpha'>): { all: Hypothesis[]; best: Hypothesis | null } {
  checkOptions({ beamWidth: 1, maxLength, alpha });
  const all: Hypothesis[] = [];
  const walk = (tokens: string[], logProb: number): void => {
    if (tokens.at(-1) === EOS) {
      all.push(hypothesis(tokens, logProb, alpha));
      return;
    }
    if (tokens.length === maxLength) return;
    for (const { token, p } of nextTokens(table, tokens)) walk([...tokens, token], logProb + Math.log(p));
  };
  walk([], 0);
  const ranked = rankFinished(all);
  return { all: ranked, best: ranked[0] ?? null };
}

export interface SequenceProbability {
  tokens: string[];
  /** P(y_t | x, y_<t) for each token. */
  terms: number[];
  /** Σ log P; −Infinity when a token has probability 0. */
  logProb: number;
  prob: number;
  score: number;
  /** Index of the first token the model gives probability 0, or −1. */
  zeroAt: number;
}

/** Splits a typed sentence on spaces: "Jane visits Africa" → ['Jane', 'visits', 'Africa']. */
export function tokenise(text: string): string[] {
  return text.trim().split(/\s+/).filter((t) => t !== '');
}

/**
 * P(y | x) of any token sequence, term by term. Tokens outside the vocabulary are refused with a message
 * naming them; a token the model gives probability 0 makes the whole sequence 0 (log −∞), and `zeroAt` says where.
 */
export function sequenceProbability(table: BeamTable, tokens: readonly string[], alpha: number): SequenceProbability {
  if (tokens.length === 0) throw new ComputeInputError('the sequence is empty: give at least one token', 'tokens');
  const unknown = [...new Set(tokens.filter((t) => !table.vocab.includes(t)))];
  if (unknown.length > 0) {
    const list = unknown.map(quoteToken).join(', ');
    throw new ComputeInputError(`${list} ${unknown.length > 1 ? 'are' : 'is'} not in the model’s vocabulary (${table.vocab.join(' ')})`, 'tokens');
  }
  const eos = tokens.indexOf(EOS);
  if (eos >= 0 && eos < tokens.length - 1) throw new ComputeInputError(`the sequence goes on after ${EOS}`, 'tokens');
  const terms: number[] = [];
  let zeroAt = -1;
  for (let t = 0; t < tokens.length; t++) {
    const row = zeroAt < 0 ? table.rows[key(tokens.slice(0, t))] : undefined;
    const p = row?.[tokens[t]!] ?? 0;
    if (p === 0 && zeroAt < 0) zeroAt = t;
    terms.push(p);
  }
  const logProb = terms.reduce((s, p) => s + Math.log(p), 0);
  return { tokens: [...tokens], terms, logProb, prob: Math.exp(logProb), score: normalisedScore(logProb, tokens.length, alpha), zeroAt };
}

export type Fault = 'beam' | 'model' | 'none';

export interface ErrorAnalysis {
  human: SequenceProbability;
  output: SequenceProbability;
  /** 'beam': the model prefers y* but the search missed it (try a larger B); 'model': the model itself prefers ŷ; 'none': ŷ = y*. */
  fault: Fault;
}

/**
 * The course's error analysis: compare y* (a human translation) with ŷ (the search's output) under the
 * same score the search used to choose ŷ, (1 / T_y^α) Σ log P (α = 0: plain P(y | x)). If the model
 * scores y* higher, the search is at fault; otherwise the model is.
 */
export function errorAnalysis(table: BeamTable, human: readonly string[], output: readonly string[], alpha: number): ErrorAnalysis {
  const h = sequenceProbability(table, human, alpha);
  const o = sequenceProbability(table, output, alpha);
  const fault: Fault = key(human) === key(output) ? 'none' : h.score > o.score ? 'beam' : 'model';
  return { human: h, output: o, fault };
}
