/**
 * The unrolled RNN stepper's model: a tiny character-level language model (the course's set-up: x<1> = 0⃗,
 * then each x<t> is the previous character, and y<t> is the next one, the word ending in ⏎) run over one
 * word, forward one time step at a time, then backprop through time one step at a time, then the clipped
 * update. No DOM. Every number comes from src/compute/rnn.ts.
 *
 * Weights come from a seed: W_aa = gain·Q with Q a random orthogonal matrix, so the gain is exactly W_aa's
 * largest stretch ‖W_aa‖₂ (gain > 1 can explode the gradient, < 1 shrinks it); W_ax and W_ya are normal
 * numbers times their scales; the biases are 0. The reader may type W_aa itself.
 */
import { toRows } from '~/compute/attention';
import { ComputeInputError } from '~/compute/errors';
import { randomNormals } from '~/compute/random';
import {
  clipByNorm, clipElementwise, gradientMaxAbs, gradientNorm, oneHot, rnnBackward, rnnForward, rnnWeights, sequenceLoss, sgdUpdate,
  type Bptt, type Clipped, type LossAt, type Matrix, type RnnStep, type RnnWeights,
} from '~/compute/rnn';
import type { Schema, Values } from '../params';

export const END = '⏎';
export const MAX_LETTERS = 7;

export const PRESETS = {
  normal: {
    label: 'Normal',
    question: 'Follow one word through the same three weight matrices, step by step. Which numbers change from step to step, and which never do?',
    set: {},
  },
  exploding: {
    label: 'Exploding',
    question: 'W_aa stretches by 2.5 and tanh stays in its linear part: what happens to the gradient as it flows back? What does clipping do to the update?',
    set: { gain: 2.5, inputScale: 0.05 },
  },
  vanishing: {
    label: 'Vanishing',
    question: 'Only the last step has a loss and W_aa shrinks by half: how much of its gradient reaches the first letter?',
    set: { gain: 0.5, loss: 'last' },
  },
  saturated: {
    label: 'Saturated tanh',
    question: 'Large inputs push tanh to ±1, where its slope 1 − a² is almost 0: does the gradient get back to the start?',
    set: { inputScale: 4, loss: 'last' },
  },
} as const;
export type PresetName = keyof typeof PRESETS;

export const CLIPS = ['value', 'norm', 'none'] as const;
export type ClipMode = (typeof CLIPS)[number];
export const CLIP_LABELS: Record<ClipMode, string> = { value: 'each entry to ±max (the course)', norm: 'global norm to max', none: 'no clipping' };

export const schema = {
  preset: { type: 'enum', options: Object.keys(PRESETS) as PresetName[], default: 'normal', label: 'Preset', doc: 'A question to start from: normal, exploding, vanishing, saturated. Settings given too override it.' },
  word: { type: 'text', default: 'hello', maxLength: 40, label: 'Word', doc: 'The training word, 1 to 7 letters a–z; the vocabulary is its letters and ⏎ (end).' },
  units: { type: 'int', default: 3, min: 1, max: 4, label: 'Hidden units n_a', doc: 'How many numbers a<t> holds.' },
  gain: { type: 'number', default: 1, min: 0, max: 4, label: 'W_aa gain', doc: 'W_aa’s largest stretch ‖W_aa‖₂ (W_aa = gain × a random orthogonal matrix).' },
  inputScale: { type: 'number', default: 1, min: 0, max: 6, label: 'W_ax scale', doc: 'W_ax entries are standard normal numbers times this.' },
  seed: { type: 'int', default: 1, min: 1, max: 9999, label: 'Seed', doc: 'Draws the random weights.' },
  waa: { type: 'grid', default: null, maxSize: 4, minValue: -10, maxValue: 10, label: 'W_aa', doc: 'Your own W_aa, n_a × n_a, rows split by “;” (entries −10 to 10); overrides gain.' },
  loss: { type: 'enum', options: ['every', 'last'] as LossAt[], default: 'every', label: 'Loss at', doc: 'every: a loss term at every step (a language model); last: only at the last step (many-to-one).' },
  clip: { type: 'enum', options: CLIPS, default: 'value', label: 'Clipping', doc: 'value: each gradient entry into [−max, max] (the course); norm: scale all gradients so their norm is at most max; none.' },
  maxValue: { type: 'number', default: 5, min: 0.1, max: 100, label: 'Clip max', doc: 'The clipping threshold (the course’s assignment uses 5).' },
  lr: { type: 'number', default: 0.1, min: 0, max: 1, label: 'Learning rate α', doc: 'The SGD step W ← W − α·dW, after clipping.' },
  step: { type: 'int', default: 0, min: 0, max: 16, label: 'Step', doc: 'Forward steps 0…T−1, then backward T…2T−1, then the update 2T (T = letters + 1).' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

/** Parameters with the preset's values filled in wherever the reader left the default. */
export function resolve(p: Params): Params {
  const out: Record<string, unknown> = { ...p };
  for (const [k, v] of Object.entries(PRESETS[p.preset].set)) if (out[k] === schema[k as keyof typeof schema].default) out[k] = v;
  return out as Params;
}

/** The preset's values written into the settings, so the reader's next change starts from what is shown. */
export function materialise(p: Params): Params {
  return { ...resolve(p), preset: 'normal' };
}

/** The word as letters a–z (lower-cased), at most MAX_LETTERS, and what was dropped, as a problem. */
export function cleanWord(raw: string): { word: string; problem: string | null } {
  const lower = raw.toLowerCase();
  const letters = lower.replace(/[^a-z]/g, '');
  const word = (letters || 'hello').slice(0, MAX_LETTERS);
  if (!letters) return { word, problem: raw === '' ? 'The word (word) is empty; using “hello”.' : `The word (word) has no letters a–z; using “hello”.` };
  if (letters !== lower) return { word, problem: `The word (word) may hold only letters a–z; the others were left out: “${word}”.` };
  if (letters.length > MAX_LETTERS) return { word, problem: `The word (word) may have at most ${MAX_LETTERS} letters; using “${word}”.` };
  return { word, problem: null };
}

/** A random orthogonal n×n matrix from a seed (Gram–Schmidt on normal rows). */
export function orthogonal(n: number, seed: number): number[][] {
  const r = randomNormals(n * n, seed);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    let v = r.slice(i * n, (i + 1) * n);
    for (const u of rows) {
      const d = v.reduce((s, x, j) => s + x * u[j]!, 0);
      v = v.map((x, j) => x - d * u[j]!);
    }
    const len = Math.hypot(...v);
    rows.push(v.map((x) => x / len));
  }
  return rows;
}

const normalRows = (rows: number, cols: number, seed: number, scale: number): number[][] => {
  const r = randomNormals(rows * cols, seed);
  return Array.from({ length: rows }, (_, i) => r.slice(i * cols, (i + 1) * cols).map((v) => v * scale));
};

/** One way of clipping, summarised: the gradient's size and the largest weight change it allows. */
export interface ClipSummary {
  /** Global norm ‖g‖ over all five gradients. */
  norm: number;
  /** Largest |entry|. */
  max: number;
  /** Entries the clip changed. */
  changed: number;
  /** The largest |ΔW| = α·|dW| of the update. */
  step: number;
}

export interface UpdateView {
  mode: ClipMode;
  /** What backprop gave (mode 'none'), and each way of clipping it. */
  modes: Record<ClipMode, ClipSummary>;
  /** The weight whose gradient has the largest entry: its gradient before and after the chosen clip. */
  shownWeight: 'Waa' | 'Wax' | 'Wya';
  gradBefore: Matrix;
  gradAfter: Matrix;
  /** The weights after W ← W − α·dW with the chosen clip. */
  after: RnnWeights;
}

export interface Setup {
  params: Params;
  word: string;
  /** ⏎ then the word's distinct letters, sorted. */
  vocab: string[];
  T: number;
  xs: Float64Array[];
  /** The character each x<t> stands for ('' for the zero vector at t = 1). */
  inputs: string[];
  targets: number[];
  weights: RnnWeights;
  forward: RnnStep[];
  loss: { perStep: number[]; total: number };
  bptt: Bptt;
  update: UpdateView;
  /** T forward steps, T backward steps, one update. */
  positions: number;
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; error: string };

/** Settings the model itself refuses, as sentences. */
export function modelProblems(p: Params): string[] {
  const out: string[] = [];
  const { problem } = cleanWord(p.word);
  if (problem) out.push(problem);
  if (p.waa && (p.waa.length !== p.units || p.waa.some((r) => r.length !== p.units))) {
    out.push(`W_aa (waa) must be ${p.units}×${p.units} for n_a = ${p.units}; it is ${p.waa.length}×${p.waa[0]?.length ?? 0}, so gain ${p.gain} is used.`);
  }
  return out;
}

export function weightsOf(p: Params, nX: number): RnnWeights {
  const n = p.units;
  const own = p.waa && p.waa.length === n && p.waa.every((r) => r.length === n) ? p.waa : null;
  return rnnWeights({
    Waa: own ?? orthogonal(n, p.seed).map((r) => r.map((v) => v * p.gain)),
    Wax: normalRows(n, nX, p.seed + 1, p.inputScale),
    Wya: normalRows(nX, n, p.seed + 2, 1),
    ba: new Array<number>(n).fill(0),
    by: new Array<number>(nX).fill(0),
  });
}

function clipWith(mode: ClipMode, bptt: Bptt, max: number): Clipped {
  if (mode === 'value') return clipElementwise(bptt.grads, max);
  if (mode === 'norm') return clipByNorm(bptt.grads, max);
  const n = gradientNorm(bptt.grads);
  return { grads: bptt.grads, changed: 0, normBefore: n, normAfter: n };
}

/** Clipping after backward, before the update: the chosen way, with the others summarised beside it. */
export function updateOf(weights: RnnWeights, bptt: Bptt, mode: ClipMode, max: number, lr: number): UpdateView {
  const clipped = Object.fromEntries(CLIPS.map((m) => [m, clipWith(m, bptt, max)])) as Record<ClipMode, Clipped>;
  const largest = (m: Matrix) => m.data.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
  const shownWeight = (['Waa', 'Wax', 'Wya'] as const).reduce((best, k) => (largest(bptt.grads[`d${k}`]) > largest(bptt.grads[`d${best}`]) ? k : best));
  const summary = (c: Clipped): ClipSummary => ({ norm: c.normAfter, max: gradientMaxAbs(c.grads), changed: c.changed, step: lr * gradientMaxAbs(c.grads) });
  return {
    mode,
    modes: { value: summary(clipped.value), norm: summary(clipped.norm), none: summary(clipped.none) },
    shownWeight,
    gradBefore: bptt.grads[`d${shownWeight}`],
    gradAfter: clipped[mode].grads[`d${shownWeight}`],
    after: sgdUpdate(weights, clipped[mode].grads, lr),
  };
}

export function buildSetup(raw: Params): SetupResult {
  const params = resolve(raw);
  const { word } = cleanWord(params.word);
  const vocab = [END, ...[...new Set(word)].sort()];
  const V = vocab.length;
  const T = word.length + 1;
  try {
    const xs = [new Float64Array(V), ...[...word].map((c) => oneHot(vocab.indexOf(c), V))];
    const targets = [...word, END].map((c) => vocab.indexOf(c));
    const weights = weightsOf(params, V);
    const forward = rnnForward(weights, xs);
    const loss = sequenceLoss(forward, targets, params.loss);
    const bptt = rnnBackward(weights, forward, targets, params.loss);
    const update = updateOf(weights, bptt, params.clip, params.maxValue, params.lr);
    return {
      ok: true,
      setup: { params, word, vocab, T, xs, inputs: ['', ...word], targets, weights, forward, loss, bptt, update, positions: 2 * T + 1 },
    };
  } catch (e) {
    if (e instanceof ComputeInputError) return { ok: false, error: e.message };
    throw e;
  }
}

export type Phase = { kind: 'forward'; t: number } | { kind: 'backward'; t: number } | { kind: 'update' };

/** What a step shows; t counts from 1 as the course writes a<t>. */
export function phaseOf(setup: Setup, step: number): Phase {
  if (step < setup.T) return { kind: 'forward', t: step + 1 };
  if (step < 2 * setup.T) return { kind: 'backward', t: 2 * setup.T - step };
  return { kind: 'update' };
}

export const clamp = (setup: Setup, step: number) => Math.min(setup.positions - 1, Math.max(0, Math.round(step)));

/** Numbers as the widget prints them: 2 decimals, minus sign not hyphen. */
export function fmt2(v: number): string {
  const s = Math.abs(v).toFixed(2);
  return (v < 0 && s !== '0.00' ? '−' : '') + s;
}

/** A magnitude that may span 10⁻⁴ … 10³: 3 significant digits, or a power of ten when tiny or huge. */
export function fmtMag(v: number): string {
  if (v === 0) return '0';
  if (v >= 1e4 || v < 1e-3) {
    const [m, e] = v.toExponential(1).split('e');
    return `${m}×10${[...String(Number(e))].map((c) => '⁻⁰¹²³⁴⁵⁶⁷⁸⁹'['-0123456789'.indexOf(c)]).join('')}`;
  }
  return String(Number(v.toPrecision(3)));
}

export const vecText = (v: ArrayLike<number>) => `(${Array.from(v, fmt2).join(', ')})`;
const charName = (c: string) => (c === END ? 'end ⏎' : `“${c}”`);

/** The live sentence for a step. */
export function describeStep(setup: Setup, step: number): string {
  const ph = phaseOf(setup, step);
  if (ph.kind === 'forward') {
    const s = setup.forward[ph.t - 1]!;
    const input = ph.t === 1 ? 'x<1> = 0⃗' : `x<${ph.t}> = ${charName(setup.inputs[ph.t - 1]!)}`;
    const target = setup.targets[ph.t - 1]!;
    const p = s.yHat[target]!;
    const lossPart = setup.loss.perStep[ph.t - 1] ? `, loss −log ${fmt2(p)} = ${fmt2(setup.loss.perStep[ph.t - 1]!)}` : ' (no loss at this step)';
    return `Step ${ph.t}: ${input} and a<${ph.t - 1}> through the same W_ax and W_aa give a<${ph.t}> = ${vecText(s.a)}; ŷ<${ph.t}> gives the next character ${charName(setup.vocab[target]!)} probability ${fmt2(p)}${lossPart}.`;
  }
  if (ph.kind === 'backward') {
    const t = ph.t;
    const back = setup.bptt.flowBack[t - 1]!;
    return `Back through step ${t}: ‖∂L/∂a<${t}>‖ = ${fmtMag(setup.bptt.daNorm[t - 1]!)}; through tanh and W_aaᵀ, ${fmtMag(back)} flows back to a<${t - 1}>.`;
  }
  const u = setup.update;
  const before = u.modes.none;
  const now = u.modes[u.mode];
  const clip = u.mode === 'none' ? 'No clipping' : !now.changed ? `Nothing exceeds the threshold ${setup.params.maxValue}: nothing clipped` : u.mode === 'value' ? `Clipping each entry to ±${setup.params.maxValue} changed ${now.changed} entr${now.changed === 1 ? 'y' : 'ies'}` : `Clipping by norm scaled every gradient by ${fmtMag(now.norm / before.norm)}`;
  return `Update: backprop’s gradient norm is ${fmtMag(before.norm)}. ${clip}; the norm is now ${fmtMag(now.norm)}, and no weight moves by more than ${fmtMag(now.step)} (α = ${setup.params.lr}).`;
}

/** Rows of a matrix as nested arrays, for drawing. */
export const rowsOf = toRows;

/** a<t> and ŷ<t> at every step, flat, in the layout the tfjs check compares. */
export function forwardValues(setup: Setup): Float64Array {
  return Float64Array.from(setup.forward.flatMap((s) => [...s.a, ...s.yHat]));
}
