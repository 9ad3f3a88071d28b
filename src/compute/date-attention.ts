/**
 * A small attention model that turns dates as people write them ("june 25, 2009",
 * "25.06.09") into ISO dates ("2009-06-25"): the translation task of the course's attention
 * assignment (Course 5, week 3), trained by the project (scripts/train-date-attention.mjs, weights in
 * src/data/date-attention.json, see src/data/date-attention.md).
 *
 * The architecture is the course's:
 *   - an encoder: a bidirectional GRU over the one-hot characters, a<t′> = [→a<t′>; ←a<t′>];
 *   - attention: for each output step t, e<t,t′> = relu(w₂ · tanh(W₁[s<t−1>; a<t′>] + b₁) + b₂), a tiny
 *     network of one hidden layer (10 tanh units) fed the decoder's previous state and one encoder state;
 *     α<t,t′> = softmax over t′ of e<t,t′>; the context c<t> = Σ_t′ α<t,t′> a<t′>;
 *   - a decoder: a GRU whose input is the context, s<t> = GRU(s<t−1>, c<t>), and ŷ<t> = softmax(W_y s<t> + b_y).
 * The GRUs use the course's form (Γ_u keeps the new candidate; Γ_r applied before the product).
 *
 * This file imports only types, so that the training script (plain Node, which strips them) can share its
 * vocabulary, date formats and TF.js forward pass. Two forward passes: `translateDate`, float64 loops, which
 * the site runs; `forwardTf`, the same equations in TF.js ops, which the script trains (TF.js takes the
 * gradients) and the widget's check line runs. A test checks that both give the same numbers.
 */
import type { Tensor } from '@tensorflow/tfjs-core';
import type { Tf } from './tf';

// ---------------------------------------------------------------------------------------------- data

/** Longest human date the model reads (longer input is an error, not truncated). */
export const TX = 14;
/** "yyyy-mm-dd". */
export const TY = 10;
export const PAD = '·';
/** Every character the model knows, padding first. Input is lowercased before lookup. */
export const HUMAN_VOCAB: readonly string[] = [PAD, ...' ,-./0123456789abcdefghijklmnopqrstuvwxyz'];
export const MACHINE_VOCAB: readonly string[] = [...'-0123456789'];

export const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A calendar date; month 1–12. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The ISO form, which is what the model must write. */
export function isoDate({ year, month, day }: CalendarDate): string {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * The ways people write a date (the course's list, after Faker's/Babel's formats): two-digit years
 * mean 1930–2029 (00–29 → 20xx).
 */
export const FORMATS: readonly ((d: CalendarDate) => string)[] = [
  (d) => `${d.month}/${d.day}/${pad2(d.year % 100)}`, // short: 6/25/09
  (d) => `${MONTHS[d.month - 1]!.slice(0, 3)} ${d.day}, ${d.year}`, // medium: jun 25, 2009
  (d) => `${MONTHS[d.month - 1]} ${d.day}, ${d.year}`, // long
  (d) => `${d.day} ${MONTHS[d.month - 1]!.slice(0, 3)} ${d.year}`,
  (d) => `${d.day} ${MONTHS[d.month - 1]} ${d.year}`,
  (d) => `${pad2(d.day)} ${MONTHS[d.month - 1]!.slice(0, 3)} ${d.year}`,
  (d) => `${d.day} ${MONTHS[d.month - 1]!.slice(0, 3)}, ${d.year}`,
  (d) => `${d.day} ${MONTHS[d.month - 1]}, ${d.year}`,
  (d) => `${pad2(d.day)}, ${MONTHS[d.month - 1]!.slice(0, 3)} ${d.year}`,
  (d) => `${d.day} ${pad2(d.month)} ${pad2(d.year % 100)}`,
  (d) => `${MONTHS[d.month - 1]} ${d.day} ${d.year}`,
  (d) => `${pad2(d.day)}.${pad2(d.month)}.${pad2(d.year % 100)}`,
];

/**
 * A random date written in a random format, redrawn until it fits in TX characters (so a long month name
 * comes only with a short format), with its ISO form.
 */
export function randomWrittenDate(next: () => number): { text: string; iso: string } {
  for (;;) {
    const date = randomDate(next);
    const text = FORMATS[Math.floor(next() * FORMATS.length)]!(date);
    if (text.length <= TX) return { text, iso: isoDate(date) };
  }
}

/** Uniform random date in 1930–2029 from a [0, 1) generator. */
export function randomDate(next: () => number): CalendarDate {
  const start = Date.UTC(1930, 0, 1);
  const end = Date.UTC(2029, 11, 31);
  const t = new Date(start + Math.floor(next() * ((end - start) / 86_400_000 + 1)) * 86_400_000);
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export interface EncodedInput {
  /** The characters as read (lowercased), one per position, padding included. */
  chars: string[];
  /** Indices into HUMAN_VOCAB, length TX. */
  ids: number[];
  /** How many characters are real (the rest is padding). */
  length: number;
}

/** Thrown for input the model cannot read; the message is for a reader. */
export class DateInputError extends RangeError {
  override name = 'DateInputError';
}

/** Lowercases, checks every character is known, pads to TX. */
export function encodeHuman(text: string): EncodedInput {
  const lower = text.toLowerCase().trim();
  if (lower.length === 0) throw new DateInputError('Type a date, for example “june 25, 2009”.');
  const unknown = [...new Set([...lower].filter((c) => c === PAD || !HUMAN_VOCAB.includes(c)))];
  if (unknown.length) {
    throw new DateInputError(`The model has never seen ${unknown.map((c) => `“${c}”`).join(', ')}: it reads lowercase letters, digits, spaces and , - . /`);
  }
  if (lower.length > TX) throw new DateInputError(`The model reads at most ${TX} characters; this date has ${lower.length}.`);
  const chars = [...lower.padEnd(TX, PAD)];
  return { chars, ids: chars.map((c) => HUMAN_VOCAB.indexOf(c)), length: lower.length };
}

// --------------------------------------------------------------------------------------------- model

/** Row-major matrices as nested arrays: W[out][in]. */
export type Mat = number[][];

/** A GRU in the course's form; every gate reads [c<t−1>; x<t>]. */
export interface GruWeights {
  Wu: Mat;
  bu: number[];
  Wr: Mat;
  br: number[];
  Wc: Mat;
  bc: number[];
}

export interface DateAttentionWeights {
  encoderForward: GruWeights;
  encoderBackward: GruWeights;
  /** Attention hidden layer: 10 × (n_s + n_a). */
  W1: Mat;
  b1: number[];
  /** Attention output: 1 × 10. */
  w2: number[];
  b2: number;
  decoder: GruWeights;
  Wy: Mat;
  by: number[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function affine(W: Mat, x: readonly number[], b: readonly number[]): number[] {
  return W.map((row, i) => {
    let s = b[i]!;
    for (let j = 0; j < row.length; j++) s += row[j]! * x[j]!;
    return s;
  });
}

/** One course-form GRU step. */
export function gruStep(w: GruWeights, c: readonly number[], x: readonly number[]): number[] {
  const cx = [...c, ...x];
  const gu = affine(w.Wu, cx, w.bu).map(sigmoid);
  const gr = affine(w.Wr, cx, w.br).map(sigmoid);
  const candidate = affine(w.Wc, [...c.map((v, i) => gr[i]! * v), ...x], w.bc).map(Math.tanh);
  return candidate.map((v, i) => gu[i]! * v + (1 - gu[i]!) * c[i]!);
}

function oneHot(index: number, size: number): number[] {
  const v = new Array<number>(size).fill(0);
  v[index] = 1;
  return v;
}

export function softmaxVector(z: readonly number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

export interface DecoderStep {
  /** e<t,t′> for every input position t′ (padding included: the model attends over all TX positions). */
  energies: number[];
  /** α<t,t′>: the softmax of the energies. */
  alphas: number[];
  context: number[];
  /** s<t>. */
  state: number[];
  /** ŷ<t> over MACHINE_VOCAB. */
  probabilities: number[];
  /** The most likely character. */
  char: string;
}

export interface Translation {
  input: EncodedInput;
  /** a<t′> = [→a<t′>; ←a<t′>], one per input position. */
  encoderStates: number[][];
  steps: DecoderStep[];
  output: string;
}

/** e<t,t′> through the tiny network, for one decoder state and one encoder state, with its parts. */
export function energyParts(w: DateAttentionWeights, sPrev: readonly number[], a: readonly number[]): { hidden: number[]; preRelu: number; energy: number } {
  const hidden = affine(w.W1, [...sPrev, ...a], w.b1).map(Math.tanh);
  let preRelu = w.b2;
  for (let i = 0; i < hidden.length; i++) preRelu += w.w2[i]! * hidden[i]!;
  return { hidden, preRelu, energy: Math.max(0, preRelu) };
}

/** The whole forward pass, greedy (each output character is the argmax; no character is fed back). */
export function translateDate(w: DateAttentionWeights, text: string): Translation {
  const input = encodeHuman(text);
  const nx = HUMAN_VOCAB.length;
  const xs = input.ids.map((id) => oneHot(id, nx));
  const na = w.encoderForward.bu.length;
  const forward: number[][] = [];
  let h = new Array<number>(na).fill(0);
  for (const x of xs) forward.push((h = gruStep(w.encoderForward, h, x)));
  const backward: number[][] = new Array(TX);
  h = new Array<number>(na).fill(0);
  for (let t = TX - 1; t >= 0; t--) backward[t] = h = gruStep(w.encoderBackward, h, xs[t]!);
  const encoderStates = forward.map((f, t) => [...f, ...backward[t]!]);

  const steps: DecoderStep[] = [];
  let s = new Array<number>(w.decoder.bu.length).fill(0);
  for (let t = 0; t < TY; t++) {
    const energies = encoderStates.map((a) => energyParts(w, s, a).energy);
    const alphas = softmaxVector(energies);
    const context = encoderStates[0]!.map((_, k) => encoderStates.reduce((sum, a, j) => sum + alphas[j]! * a[k]!, 0));
    s = gruStep(w.decoder, s, context);
    const probabilities = softmaxVector(affine(w.Wy, s, w.by));
    const best = probabilities.indexOf(Math.max(...probabilities));
    steps.push({ energies, alphas, context, state: s, probabilities, char: MACHINE_VOCAB[best]! });
  }
  return { input, encoderStates, steps, output: steps.map((st) => st.char).join('') };
}

// ------------------------------------------------------------------------------------------ TF.js

/** The weights as TF.js tensors (same names and layouts as DateAttentionWeights). */
export type TfWeights = { [K in keyof DateAttentionWeights]: DateAttentionWeights[K] extends GruWeights ? { [G in keyof GruWeights]: Tensor } : Tensor };

/** Builds the tensors for `forwardTf` from plain weights. */
export function weightsToTf(tf: Tf, w: DateAttentionWeights): TfWeights {
  const gru = (g: GruWeights) => ({ Wu: tf.tensor2d(g.Wu), bu: tf.tensor1d(g.bu), Wr: tf.tensor2d(g.Wr), br: tf.tensor1d(g.br), Wc: tf.tensor2d(g.Wc), bc: tf.tensor1d(g.bc) });
  return {
    encoderForward: gru(w.encoderForward), encoderBackward: gru(w.encoderBackward),
    W1: tf.tensor2d(w.W1), b1: tf.tensor1d(w.b1), w2: tf.tensor1d(w.w2), b2: tf.scalar(w.b2),
    decoder: gru(w.decoder), Wy: tf.tensor2d(w.Wy), by: tf.tensor1d(w.by),
  };
}

/** One-hot inputs [batch, TX, |HUMAN_VOCAB|] for a list of dates. */
export function oneHotInputs(tf: Tf, texts: readonly string[]): Tensor {
  return tf.cast(tf.oneHot(tf.tensor2d(texts.map((t) => encodeHuman(t).ids), undefined, 'int32'), HUMAN_VOCAB.length), 'float32');
}

/**
 * The forward pass in TF.js ops, for a batch: the logits [batch, TY, |MACHINE_VOCAB|] and the attention
 * weights [batch, TY, TX]. The equations are translateDate's; the attention layer's first product is split
 * into its s and a halves so the a half is computed once for all t′.
 */
export function forwardTf(tf: Tf, p: TfWeights, x: Tensor): { logits: Tensor; alphas: Tensor } {
  const [B] = x.shape as [number];
  const na = p.encoderForward.bu.shape[0]!;
  const ns = p.decoder.bu.shape[0]!;
  const nh = p.b1.shape[0]!;
  const affine = (v: Tensor, W: Tensor, b: Tensor) => tf.add(tf.matMul(v, W, false, true), b);
  const gruStepTf = (g: TfWeights['decoder'], c: Tensor, input: Tensor) => {
    const cx = tf.concat([c, input], 1);
    const gu = tf.sigmoid(affine(cx, g.Wu, g.bu));
    const gr = tf.sigmoid(affine(cx, g.Wr, g.br));
    const candidate = tf.tanh(affine(tf.concat([tf.mul(gr, c), input], 1), g.Wc, g.bc));
    return tf.add(tf.mul(gu, candidate), tf.mul(tf.sub(1, gu), c));
  };
  const xs = tf.unstack(x, 1);
  const fw: Tensor[] = [];
  let h: Tensor = tf.zeros([B, na]);
  for (const xt of xs) fw.push((h = gruStepTf(p.encoderForward, h, xt)));
  const bw: Tensor[] = new Array(TX);
  h = tf.zeros([B, na]);
  for (let t = TX - 1; t >= 0; t--) bw[t] = h = gruStepTf(p.encoderBackward, h, xs[t]!);
  const A = tf.stack(fw.map((f, t) => tf.concat([f, bw[t]!], 1)), 1); // [B, TX, 2na]
  const W1s = tf.slice(p.W1, [0, 0], [nh, ns]);
  const W1a = tf.slice(p.W1, [0, ns], [nh, 2 * na]);
  const fromA = tf.reshape(tf.matMul(tf.reshape(A, [B * TX, 2 * na]), W1a, false, true), [B, TX, nh]);
  let s: Tensor = tf.zeros([B, ns]);
  const logits: Tensor[] = [];
  const alphas: Tensor[] = [];
  for (let t = 0; t < TY; t++) {
    const fromS = tf.expandDims(tf.matMul(s, W1s, false, true), 1); // [B, 1, nh]
    const hidden = tf.tanh(tf.add(tf.add(fromA, fromS), p.b1));
    const e = tf.relu(tf.add(tf.sum(tf.mul(hidden, p.w2), 2), p.b2)); // [B, TX]
    const alpha = tf.softmax(e, 1);
    const context = tf.sum(tf.mul(tf.expandDims(alpha, 2), A), 1); // [B, 2na]
    s = gruStepTf(p.decoder, s, context);
    logits.push(affine(s, p.Wy, p.by));
    alphas.push(alpha);
  }
  return { logits: tf.stack(logits, 1), alphas: tf.stack(alphas, 1) };
}
