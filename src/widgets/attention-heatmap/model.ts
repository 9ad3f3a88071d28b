/**
 * The attention heat map's model: its settings, the example dates, and every sentence and number the view
 * shows about the picked cell (t, t′) — the energy e<t,t′> from the tiny network, the weight α<t,t′>, and
 * the context vector c<t>. No DOM and no Svelte, so it is unit-tested in Node. The numbers come from
 * src/compute/date-attention.ts (float64); the view cross-checks the whole α matrix with TF.js.
 */
import {
  DateInputError, energyParts, forwardTf, MACHINE_VOCAB, oneHotInputs, PAD, translateDate, TX, TY, weightsToTf,
  type DateAttentionWeights, type Translation,
} from '~/compute/date-attention';
import { loadTf } from '~/compute/tf';
import type { Tensor4 } from '~/compute/volume';
import type { Schema, Values } from '../params';

/** Dates in the formats the model was trained on, one of each kind of difficulty. */
export const EXAMPLES = [
  { date: 'june 25, 2009', why: 'The month is a word: which letters decide “06”?' },
  { date: '25.06.09', why: 'A two-digit year: where does the model find the “20” of “2009”?' },
  { date: '3 may 1979', why: 'A one-digit day comes first: how does the model write “03”?' },
  { date: 'dec 31, 1999', why: 'An abbreviated month: three letters are all it has.' },
  { date: '7/4/76', why: 'Month first, year in two digits.' },
] as const;

export const schema = {
  date: { type: 'text', default: EXAMPLES[0].date, maxLength: 40, label: 'Date as written', doc: `A date in words or numbers, at most ${TX} characters (lowercase letters, digits, spaces and , - . /).` },
  t: { type: 'int', default: 7, min: 1, max: TY, label: 'Output character', doc: `Which character of the ISO date (1–${TY}) to explain.` },
  col: { type: 'int', default: 2, min: 1, max: TX, label: 'Input position', doc: `Which input position t′ (1–${TX}) to explain for that character.` },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export interface Resolved {
  translation: Translation | null;
  /** Why there is no translation (the reader's input, explained). */
  problem: string | null;
}

export function resolve(weights: DateAttentionWeights, date: string): Resolved {
  try {
    return { translation: translateDate(weights, date), problem: null };
  } catch (e) {
    if (e instanceof DateInputError) return { translation: null, problem: e.message };
    throw e;
  }
}

/** Two decimals for weights; "≈0" for a weight that rounds to zero but isn't. */
export function weightText(w: number): string {
  if (w !== 0 && w < 0.005) return '≈0';
  return w.toFixed(2);
}

export const signed = (v: number, digits = 2) => (v < 0 ? `−${(-v).toFixed(digits)}` : v.toFixed(digits));

/** The column labels: the characters read, padding shown as a dot. */
export function inputLabels(tr: Translation): string[] {
  return tr.input.chars.map((c) => (c === ' ' ? '␣' : c === PAD ? '·' : c));
}

/** "2009-06-25" as row labels "2", "0", … with their position. */
export function outputLabels(tr: Translation): string[] {
  return tr.steps.map((s) => s.char);
}

/** The input positions with the largest weights for output t (1-based), at most `count`, above 0.05. */
export function topInputs(tr: Translation, t: number, count = 3): { col: number; char: string; alpha: number }[] {
  const labels = inputLabels(tr);
  return tr.steps[t - 1]!.alphas
    .map((alpha, j) => ({ col: j + 1, char: labels[j]!, alpha }))
    .sort((a, b) => b.alpha - a.alpha)
    .slice(0, count)
    .filter((x) => x.alpha >= 0.05);
}

/** The weight the row puts on padding positions, all together. */
export function paddingWeight(tr: Translation, t: number): number {
  return tr.steps[t - 1]!.alphas.slice(tr.input.length).reduce((a, b) => a + b, 0);
}

/** One sentence for a screen reader and for the caption: where output character t looked. */
export function describeRow(tr: Translation, t: number): string {
  const top = topInputs(tr, t);
  const looks = top.length ? top.map((x) => `“${x.char}” at ${x.col} (${weightText(x.alpha)})`).join(', ') : 'nowhere in particular';
  return `Character ${t} of ${tr.output}, “${tr.steps[t - 1]!.char}”: the model looks mostly at ${looks}.`;
}

export interface CellReadout {
  t: number;
  col: number;
  inputChar: string;
  outputChar: string;
  /** The tiny network's ten hidden values tanh(W₁[s<t−1>; a<t′>] + b₁). */
  hidden: number[];
  /** w₂·hidden + b₂, before the relu. */
  preRelu: number;
  energy: number;
  alpha: number;
  /** Σ over t′ of exp(e<t,t′>), the softmax's denominator. */
  denominator: number;
}

export function readout(weights: DateAttentionWeights, tr: Translation, t: number, col: number): CellReadout {
  const step = tr.steps[t - 1]!;
  const sPrev = t === 1 ? new Array<number>(weights.decoder.bu.length).fill(0) : tr.steps[t - 2]!.state;
  const parts = energyParts(weights, sPrev, tr.encoderStates[col - 1]!);
  const max = Math.max(...step.energies);
  return {
    t, col,
    inputChar: inputLabels(tr)[col - 1]!,
    outputChar: step.char,
    hidden: parts.hidden,
    preRelu: parts.preRelu,
    energy: parts.energy,
    alpha: step.alphas[col - 1]!,
    // exp relative to the row's largest energy, as computed (exp of large energies would overflow).
    denominator: step.energies.reduce((a, e) => a + Math.exp(e - max), 0) * Math.exp(max),
  };
}

/** "T_x · T_y = 20 · 10 = 200 evaluations of the tiny network for one date". */
export function costText(): string {
  return `T_x · T_y = ${TX} · ${TY} = ${TX * TY}`;
}

/** The α matrix as a Tensor4 [1, TY, TX, 1] for the TF.js cross-check. */
export function alphaTensor(tr: Translation, Kind: Float64ArrayConstructor | Float32ArrayConstructor = Float64Array): Tensor4 {
  return { data: Kind.from(tr.steps.flatMap((s) => s.alphas)), shape: [1, TY, TX, 1] };
}

/** The same α matrix from the TF.js forward pass (float32). */
export async function alphaTensorTf(weights: DateAttentionWeights, date: string): Promise<Tensor4> {
  const tf = await loadTf();
  const alphas = tf.tidy(() => forwardTf(tf, weightsToTf(tf, weights), oneHotInputs(tf, [date])).alphas);
  const data = Float32Array.from(await alphas.data());
  alphas.dispose();
  return { data, shape: [1, TY, TX, 1] };
}

export { MACHINE_VOCAB };
