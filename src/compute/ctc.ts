/**
 * CTC collapsing (Graves, Fernández, Gomez and Schmidhuber, ICML 2006), as the course shows it for speech
 * recognition: a network emits one symbol per audio frame, from the alphabet plus a blank; the text is
 * what remains after (1) merging repeated symbols that are not separated by a blank, then (2) dropping
 * blanks. The paper's map B: B(a−ab−) = B(−aa−−abb) = aab. Conventions (CONVENTIONS.md, "BLEU and CTC"):
 *
 * - A frame string has one character per frame. The blank is "_" (the course's drawing); a space is a
 *   real symbol (the gap between words), not a blank. So "ttt_h_eee___ ___qqq__" → "the q".
 * - Order matters: merge first, then drop blanks. "l_l" → "ll" (the blank keeps two l's apart), "ll" → "l".
 * - Every stage is returned for display: the runs, the merged sequence (one symbol per run, blanks
 *   included) and the text, with where each frame ends up.
 *
 * `countAlignments` counts the frame strings of length T that collapse to a label, by brute force for tiny
 * T (and by the standard dynamic programme, for the tests): why CTC's loss sums over many alignments.
 */
import { ComputeInputError, requireInt } from './errors';

export const BLANK = '_';

export interface Run {
  symbol: string;
  /** First frame (0-based) and one past the last. */
  start: number;
  end: number;
  blank: boolean;
  /** Index of this run's symbol in the final text, or null for a blank run. */
  output: number | null;
}

export interface Collapse {
  frames: string[];
  /** Maximal runs of one repeated symbol. */
  runs: Run[];
  /** One symbol per run (stage 2): repeats merged, blanks still there. */
  merged: string[];
  /** Stage 3: the merged sequence without blanks. */
  text: string;
  /** For each frame, the index of the output character it feeds, or null (a blank frame). */
  frameOutput: (number | null)[];
}

/** Frames as single characters (code points, so an emoji is one frame). */
export function framesOf(input: string | readonly string[]): string[] {
  return typeof input === 'string' ? [...input] : [...input];
}

export function collapse(input: string | readonly string[], blank = BLANK): Collapse {
  const frames = framesOf(input);
  const runs: Run[] = [];
  for (let t = 0; t < frames.length; t++) {
    const last = runs.at(-1);
    if (last && last.symbol === frames[t]) last.end = t + 1;
    else runs.push({ symbol: frames[t]!, start: t, end: t + 1, blank: frames[t] === blank, output: null });
  }
  let k = 0;
  for (const run of runs) if (!run.blank) run.output = k++;
  const frameOutput = frames.map(() => null as number | null);
  for (const run of runs) for (let t = run.start; t < run.end; t++) frameOutput[t] = run.output;
  return {
    frames,
    runs,
    merged: runs.map((r) => r.symbol),
    text: runs.filter((r) => !r.blank).map((r) => r.symbol).join(''),
    frameOutput,
  };
}

/** Just the text: B(frames). */
export const collapseText = (input: string | readonly string[], blank = BLANK): string => collapse(input, blank).text;

/** Most frame strings countAlignments enumerates (alphabet^T). */
export const MAX_ENUMERATED = 2 ** 20;

export interface AlignmentCount {
  label: string;
  T: number;
  /** The label's distinct symbols plus the blank: no other symbol can appear in a path that collapses to it. */
  alphabet: string[];
  /** How many strings there are in all (alphabet^T) and how many collapse to the label. */
  total: number;
  count: number;
  /** The first `keep` of them, in lexicographic order of the alphabet above. */
  examples: string[];
}

/** Brute force: every string of T frames over the label's symbols and the blank; those with B(s) = label. */
export function countAlignments(label: string, T: number, keep = 20, blank = BLANK): AlignmentCount {
  requireInt('T', T, 1, 32);
  const symbols = [...label];
  if (symbols.includes(blank)) throw new ComputeInputError(`the label cannot contain the blank “${blank}”`, 'label');
  const alphabet = [blank, ...new Set(symbols)];
  const total = alphabet.length ** T;
  if (total > MAX_ENUMERATED) throw new ComputeInputError(`${alphabet.length}^${T} = ${total} frame strings is too many to list; use a shorter label or fewer frames`, 'T');
  const examples: string[] = [];
  let count = 0;
  const digits = new Array<number>(T).fill(0);
  for (let i = 0; i < total; i++) {
    const s = digits.map((d) => alphabet[d]!).join('');
    if (collapseText(s, blank) === label) {
      count++;
      if (examples.length < keep) examples.push(s);
    }
    for (let j = T - 1; j >= 0; j--) {
      if (++digits[j]! < alphabet.length) break;
      digits[j] = 0;
    }
  }
  return { label, T, alphabet, total, count, examples };
}

/**
 * The same count by the CTC forward recursion with every probability 1 (Graves et al. 2006, eq. 6–7):
 * over the extended label l′ = _ l₁ _ l₂ … _, α(t, s) sums α(t−1, s), α(t−1, s−1) and, where l′ₛ is not a
 * blank and differs from l′ₛ₋₂, α(t−1, s−2).
 */
export function countAlignmentsDp(label: string, T: number, blank = BLANK): number {
  requireInt('T', T, 1, 10_000);
  const ext = [blank, ...[...label].flatMap((c) => [c, blank])];
  let alpha: number[] = ext.map((_, s) => (s < 2 ? 1 : 0));
  for (let t = 1; t < T; t++) {
    alpha = ext.map((sym, s) => {
      let a = alpha[s]! + (s >= 1 ? alpha[s - 1]! : 0);
      if (s >= 2 && sym !== blank && sym !== ext[s - 2]) a += alpha[s - 2]!;
      return a;
    });
  }
  const S = ext.length;
  return alpha[S - 1]! + (S >= 2 ? alpha[S - 2]! : 0);
}
