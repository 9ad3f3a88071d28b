/**
 * The GRU gate sliders' model: parameters and presets, the cell's weights (from a preset, or the reader's
 * grids), one step with every intermediate, the same step as PyTorch/Keras write it (mapped and merely
 * copied), the run over a short sequence with its memory and ∂c<t>/∂c<1>, and the live sentences. No DOM.
 * Every number comes from src/compute/rnn-cells.ts (float64); the view cross-checks one step with tfjs.
 *
 * Sequence mode: step 1 writes a signal (input 1 = 1) with the gates as computed; the pins hold from step 2
 * on, so "keep Γ_u near 0" asks whether what step 1 wrote survives the noise that follows.
 */
import { mulberry32 } from '~/compute/random';
import {
  columns, copiedFrameworkWeights, gruRun, gruStep, gruStepFramework, resetPlacementAgrees, toFrameworkWeights,
  type FrameworkGruStep, type GruPins, type GruStep, type GruWeights, type Mat,
} from '~/compute/rnn-cells';
import { presetPlumbing, type Schema, type Values } from '../params';

export const MAX_UNITS = 4;
export const MAX_INPUTS = 4;
export const WEIGHT_LIMIT = 10;
export const MIN_STEPS = 20;
export const MAX_STEPS = 60;

export const VIEWS = ['step', 'sequence'] as const;
export type View = (typeof VIEWS)[number];
export const CONVENTIONS = ['course', 'framework'] as const;
export type Convention = (typeof CONVENTIONS)[number];

// ---------------------------------------------------------------------------------------------- presets

/** A preset's weights for up to 4 units and 4 inputs: each row is [4 memory columns, 4 input columns, bias]. */
type Full = readonly (readonly number[])[];

interface PresetValues {
  view: View;
  convention: Convention;
  units: number;
  inputs: number;
  pinU: boolean;
  gu: number;
  pinR: boolean;
  gr: number;
  steps: number;
  t: number;
}

export interface Preset {
  label: string;
  question: string;
  values: PresetValues;
  weights: { u: Full; r: Full; c: Full };
  /** c<t−1> and x<t> of the single step (4 entries each; the first `units` / `inputs` are used). */
  c: readonly number[];
  x: readonly number[];
}

const MIXED = {
  u: [
    [0.6, -0.4, 0.3, 0.2, 1.0, -0.8, 0.5, 0.3, 0.0],
    [-0.3, 0.5, 0.2, -0.4, -0.7, 1.2, -0.3, 0.6, -0.2],
    [0.2, 0.3, -0.5, 0.4, 0.4, 0.5, -0.9, -0.2, 0.1],
    [-0.2, 0.1, 0.4, 0.5, -0.3, 0.2, 0.6, -1.0, 0.0],
  ],
  r: [
    [0.8, 0.2, -0.3, 0.1, -0.5, 1.0, 0.3, 0.2, 0.5],
    [0.3, -0.6, 0.2, 0.2, 1.1, -0.4, -0.2, 0.5, 0.0],
    [-0.4, 0.1, 0.7, -0.3, 0.2, 0.6, 0.8, -0.4, 0.2],
    [0.2, 0.4, -0.1, 0.6, -0.6, -0.3, 0.4, 0.9, -0.1],
  ],
  c: [
    [0.9, -1.2, 0.4, 0.3, 1.3, 0.6, -0.5, 0.2, 0.1],
    [1.1, 0.7, -0.6, 0.2, -0.9, 1.4, 0.3, -0.4, -0.1],
    [-0.5, 0.8, 1.0, -0.7, 0.5, -0.6, 1.2, 0.3, 0.0],
    [0.4, -0.3, 0.9, 1.1, -0.2, 0.5, -0.8, 1.0, 0.2],
  ],
} as const;

/** Γ_u opens only when input 1 (the signal) is on: σ(9·1 − 5) = σ(4) ≈ 0.98 at step 1, σ(−5) ≈ 0.007 after. */
const LATCH = {
  u: [
    [0, 0, 0, 0, 9, 0, 0, 0, -5],
    [0, 0, 0, 0, 9, 0, 0, 0, -5],
    [0, 0, 0, 0, 9, 0, 0, 0, -5],
    [0, 0, 0, 0, 9, 0, 0, 0, -5],
  ],
  r: [
    [0.5, 0, 0, 0, 0, 0.3, 0, 0, 1],
    [0, 0.5, 0, 0, 0, -0.3, 0, 0, 1],
    [0, 0, 0.5, 0, 0, 0, 0.3, 0, 1],
    [0, 0, 0, 0.5, 0, 0, 0, -0.3, 1],
  ],
  c: [
    [0.5, 0.2, 0, 0, 2.0, 0.8, -0.4, 0.3, 0],
    [-0.2, 0.5, 0, 0, -1.6, 0.6, 0.5, -0.2, 0],
    [0, 0, 0.5, 0.2, 1.2, -0.7, 0.6, 0.4, 0],
    [0, 0, -0.2, 0.5, -0.8, 0.3, -0.6, 0.9, 0],
  ],
} as const;

const STEP_DEFAULTS = { view: 'step', convention: 'course', units: 2, inputs: 2, pinU: false, gu: 0.5, pinR: false, gr: 1, steps: 24, t: 1 } as const;

export const PRESETS = {
  mix: {
    label: 'Keep or write?',
    question: 'Γ_u decides, unit by unit, how much of the old memory c<t−1> to keep and how much of the candidate c̃ to write. Where does c<t> land between them?',
    values: { ...STEP_DEFAULTS },
    weights: MIXED,
    c: [0.8, -0.5, 0.3, -0.2],
    x: [1, -0.4, 0.5, 0.2],
  },
  reset: {
    label: 'Forget for the candidate',
    question: 'With Γ_r = 0 the candidate c̃ is computed without looking at the memory. Which wires go quiet, and does the memory itself get erased?',
    values: { ...STEP_DEFAULTS, pinR: true, gr: 0 },
    weights: MIXED,
    c: [0.8, -0.5, 0.3, -0.2],
    x: [1, -0.4, 0.5, 0.2],
  },
  remember: {
    label: 'Remember step 1',
    question: 'Step 1 writes a signal; 23 steps of noise follow. Can the memory still hold what step 1 wrote? Try pinning Γ_u at 0, at 0.5, at 1.',
    values: { ...STEP_DEFAULTS, view: 'sequence', t: 12 },
    weights: LATCH,
    c: [0, 0, 0, 0],
    x: [1, 0, 0, 0],
  },
  overwrite: {
    label: 'Γ_u stuck open',
    question: 'What if Γ_u stayed near 1 after step 1, so every step writes its candidate? What survives of the signal, and of the gradient back to it?',
    values: { ...STEP_DEFAULTS, view: 'sequence', pinU: true, gu: 0.9, t: 12 },
    weights: LATCH,
    c: [0, 0, 0, 0],
    x: [1, 0, 0, 0],
  },
  frameworks: {
    label: 'PyTorch’s GRU',
    question: 'PyTorch and Keras write z = 1 − Γ_u and apply the reset gate after the matrix product. Mapped weight for weight, do they compute the course’s c<t>?',
    values: { ...STEP_DEFAULTS, convention: 'framework' },
    weights: MIXED,
    c: [0.8, -0.5, 0.3, -0.2],
    x: [1, -0.4, 0.5, 0.2],
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const DEFAULTS = PRESETS.mix.values;

const grid = (label: string, doc: string, limit: number, maxSize = MAX_UNITS + MAX_INPUTS + 1) =>
  ({ type: 'grid', default: null, maxSize, minValue: -limit, maxValue: limit, label, doc }) as const;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'mix', label: 'Question',
    doc: 'mix: where c<t> lands between c<t−1> and c̃; reset: Γ_r = 0; remember: a signal at step 1 and noise after it; overwrite: Γ_u pinned near 1; frameworks: the PyTorch/Keras form beside the course’s. Settings not given come from the preset.',
  },
  view: { type: 'enum', options: VIEWS, default: DEFAULTS.view, label: 'View', doc: 'step: one step of the cell; sequence: the cell run over a signal and noise, memory plotted over time.' },
  convention: { type: 'enum', options: CONVENTIONS, default: DEFAULTS.convention, label: 'Convention', doc: 'course: Γ_u keeps the candidate, Γ_r before the product; framework: adds PyTorch’s / Keras’s form (z = 1 − Γ_u, reset after the product) with the mapping and both results.' },
  units: { type: 'int', default: DEFAULTS.units, min: 1, max: MAX_UNITS, label: 'Memory units', doc: 'n_c, the size of c<t> (1 to 4).' },
  inputs: { type: 'int', default: DEFAULTS.inputs, min: 1, max: MAX_INPUTS, label: 'Inputs', doc: 'n_x, the size of x<t> (1 to 4).' },
  pinU: { type: 'bool', default: DEFAULTS.pinU, label: 'Pin Γ_u', doc: 'true: Γ_u is set by hand (gu) instead of computed; in sequence view from step 2 on.' },
  gu: { type: 'number', default: DEFAULTS.gu, min: 0, max: 1, label: 'Pinned Γ_u', doc: 'The update gate’s value when pinned, 0 to 1, the same for every unit.' },
  pinR: { type: 'bool', default: DEFAULTS.pinR, label: 'Pin Γ_r', doc: 'true: Γ_r is set by hand (gr) instead of computed.' },
  gr: { type: 'number', default: DEFAULTS.gr, min: 0, max: 1, label: 'Pinned Γ_r', doc: 'The relevance (reset) gate’s value when pinned, 0 to 1.' },
  steps: { type: 'int', default: DEFAULTS.steps, min: MIN_STEPS, max: MAX_STEPS, label: 'Steps', doc: 'Length of the sequence in sequence view (20 to 60).' },
  t: { type: 'int', default: DEFAULTS.t, min: 1, max: MAX_STEPS, label: 'Shown step', doc: 'In sequence view, the step drawn in the diagram.' },
  c: grid('c<t−1>', 'The memory coming in (one row, one value per unit, −1 to 1), e.g. 0.8,-0.5.', 1, MAX_UNITS),
  x: grid('x<t>', 'The input (one row, one value per input, −2 to 2), e.g. 1,-0.4.', 2, MAX_INPUTS),
  wu: grid('W_u | b_u', 'Update-gate weights: one row per unit, columns c<t−1> then x<t> then the bias, each −10 to 10.', WEIGHT_LIMIT),
  wr: grid('W_r | b_r', 'Relevance-gate weights, laid out as wu.', WEIGHT_LIMIT),
  wc: grid('W_c | b_c', 'Candidate weights, laid out as wu (the memory columns act on Γ_r ∗ c<t−1>).', WEIGHT_LIMIT),
} as const satisfies Schema;

export type Params = Values<typeof schema>;

/** The preset's values as parameters (its weights are the grids' null). */
export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values, c: null, x: null, wu: null, wr: null, wc: null };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'mix', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface State {
  view: View;
  convention: Convention;
  nc: number;
  nx: number;
  w: GruWeights;
  /** The single step's c<t−1> and x<t>. */
  c: number[];
  x: number[];
  pins: { u: number | null; r: number | null };
  steps: number;
  t: number;
  /** Which grids the reader set (so the view can offer "back to the preset's weights"). */
  custom: boolean;
}

/** A preset's full weights cut to n_c units and n_x inputs, as a grid with the bias last. */
export function presetGrid(full: Full, nc: number, nx: number): number[][] {
  return full.slice(0, nc).map((row) => [...row.slice(0, nc), ...row.slice(MAX_UNITS, MAX_UNITS + nx), row[MAX_UNITS + MAX_INPUTS]!]);
}

/** A grid (bias last) as W and b. */
export function splitGrid(g: readonly (readonly number[])[]): { W: number[][]; b: number[] } {
  return { W: g.map((row) => row.slice(0, -1)), b: g.map((row) => row.at(-1)!) };
}

/** W and b as one grid, bias last. */
export function joinGrid(W: Mat, b: readonly number[]): number[][] {
  return W.map((row, i) => [...row, b[i]!]);
}

const GATE_NAMES = { wu: 'update gate', wr: 'relevance gate', wc: 'candidate' } as const;

export function resolve(p: Params): { state: State; problems: string[] } {
  const problems: string[] = [];
  const nc = p.units;
  const nx = p.inputs;
  const preset = PRESETS[p.preset];
  let custom = false;
  const gridFor = (name: 'wu' | 'wr' | 'wc', full: Full) => {
    const g = p[name];
    if (g && g.length === nc && g.every((r) => r.length === nc + nx + 1)) {
      custom = true;
      return g;
    }
    if (g) problems.push(`The ${GATE_NAMES[name]} weights (${name}) are ${g.length}×${g[0]?.length ?? 0}, but ${nc} unit${nc > 1 ? 's' : ''} and ${nx} input${nx > 1 ? 's' : ''} need ${nc}×${nc + nx + 1} (memory columns, input columns, bias); the preset’s weights were used.`);
    return presetGrid(full, nc, nx);
  };
  const u = splitGrid(gridFor('wu', preset.weights.u));
  const r = splitGrid(gridFor('wr', preset.weights.r));
  const cw = splitGrid(gridFor('wc', preset.weights.c));
  const vector = (name: 'c' | 'x', n: number, fallback: readonly number[]) => {
    const g = p[name];
    if (g && g.length === 1 && g[0]!.length === n) return [...g[0]!];
    if (g) problems.push(`${name === 'c' ? 'c<t−1>' : 'x<t>'} (${name}) needs one row of ${n} value${n > 1 ? 's' : ''}; the preset’s were used.`);
    return fallback.slice(0, n);
  };
  return {
    state: {
      view: p.view, convention: p.convention, nc, nx,
      w: { Wu: u.W, bu: u.b, Wr: r.W, br: r.b, Wc: cw.W, bc: cw.b },
      c: vector('c', nc, preset.c), x: vector('x', nx, preset.x),
      pins: { u: p.pinU ? p.gu : null, r: p.pinR ? p.gr : null },
      steps: p.steps, t: Math.min(p.t, p.steps), custom,
    },
    problems,
  };
}

// ---------------------------------------------------------------------------------------------- numbers

/** Numbers as the widget prints them: `digits` decimals, a true minus sign, no "−0". */
export function num(v: number, digits = 2): string {
  if (!Number.isFinite(v)) return '—';
  const text = Math.abs(v).toFixed(digits);
  return (v < 0 && Number(text) !== 0 ? '−' : '') + text;
}

/** A gradient's size: three decimals, or "4.2 × 10⁻⁷" below 0.001 (so a vanished gradient still shows how small). */
export function small(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0 || Math.abs(v) >= 0.001) return num(v, 3);
  const [m, e] = Math.abs(v).toExponential(1).split('e');
  const sup = String(Number(e)).replace('-', '⁻').replace(/\d/g, (d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]!);
  return `${v < 0 ? '−' : ''}${m} × 10${sup}`;
}

/** The gate's pin as GruPins for the compute module. */
const pinsOf = (s: State): GruPins => ({ u: s.pins.u, r: s.pins.r });

// ---------------------------------------------------------------------------------------------- one step

export interface Comparison {
  mapped: FrameworkGruStep;
  copied: FrameworkGruStep;
  /** max |z − (1 − Γ_u)| over units (0 up to rounding). */
  zGap: number;
  rGap: number;
  /** max |n − c̃| and |h′ − c<t>| with the mapped weights. */
  nGap: number;
  hGap: number;
  /** max |h′ − c<t>| with the course's weights copied unchanged. */
  copiedGap: number;
  /** W_cc commutes with diag(Γ_r): the reset placement cannot matter for this step. */
  placementAgrees: boolean;
  /** The framework's weights after mapping, for the table (n × n_x and n × n, biases). */
  weights: ReturnType<typeof toFrameworkWeights>;
}

const maxGap = (a: readonly number[], b: readonly number[]) => Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));

/** The same step in PyTorch's form: the weights mapped (z = 1 − Γ_u), and the weights copied as they are (z = Γ_u). */
export function compare(s: State, step: GruStep): Comparison {
  const weights = toFrameworkWeights(s.w);
  const mapped = gruStepFramework(weights, step.cPrev, step.x, {
    z: step.pinnedU ? step.gu.map((g) => 1 - g) : null,
    r: step.pinnedR ? step.gr : null,
  });
  const copied = gruStepFramework(copiedFrameworkWeights(s.w), step.cPrev, step.x, { z: step.pinnedU ? step.gu : null, r: step.pinnedR ? step.gr : null });
  return {
    mapped, copied, weights,
    zGap: maxGap(mapped.z, step.keepGate),
    rGap: maxGap(mapped.r, step.gr),
    nGap: maxGap(mapped.n, step.cTilde),
    hGap: maxGap(mapped.h, step.c),
    copiedGap: maxGap(copied.h, step.c),
    placementAgrees: resetPlacementAgrees(columns(s.w.Wc, 0, s.nc), step.gr),
  };
}

/** Agreement as the table's last line says it. */
export function comparisonWords(cmp: Comparison): string {
  const exact = (g: number) => (g < 1e-12 ? 'exactly (to rounding)' : `up to ${num(g, 4)}`);
  const parts = [`Mapped: z = 1 − Γ_u ${exact(cmp.zGap)}, r = Γ_r ${exact(cmp.rGap)}.`];
  if (cmp.hGap < 1e-12) parts.push(cmp.placementAgrees ? 'c<t> agrees too: here W_cc(Γ_r ∗ c) = Γ_r ∗ (W_cc c), because W_cc only mixes units whose Γ_r are equal.' : 'c<t> agrees too, by coincidence of this c<t−1>.');
  else parts.push(`The candidates differ by up to ${num(cmp.nGap, 4)} and c<t> by up to ${num(cmp.hGap, 4)}: PyTorch multiplies Γ_r after W_cc, the course before, and W_cc mixes units whose Γ_r differ.`);
  parts.push(`Copied without mapping (W_z = W_u): c<t> is off by up to ${num(cmp.copiedGap, 4)}, because z would keep the old memory where Γ_u writes the new.`);
  return parts.join(' ');
}

/** The step's live sentence. */
export function describeStep(step: GruStep, nc: number): string {
  const gate = (name: string, g: number[], pinned: boolean) => (pinned ? `${name} pinned at ${num(g[0]!)}` : `${name} computed (${g.map((v) => num(v)).join(', ')})`);
  const units = Array.from({ length: nc }, (_, i) => `unit ${i + 1}: ${num(step.cPrev[i]!)} → ${num(step.c[i]!)} (c̃ = ${num(step.cTilde[i]!)})`);
  return `${gate('Γ_u', step.gu, step.pinnedU)}, ${gate('Γ_r', step.gr, step.pinnedR)}. c<t> = Γ_u ∗ c̃ + (1 − Γ_u) ∗ c<t−1>: ${units.join('; ')}.`;
}

// ---------------------------------------------------------------------------------------------- sequence

export const SEQUENCE_SEED = 1;

/** The sequence: step 1 carries the signal (input 1 = 1); after it, input 1 is small noise (±0.2), the others noise (±1). */
export function sequenceInputs(nx: number, steps: number, seed = SEQUENCE_SEED): number[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: steps }, (_, t) =>
    Array.from({ length: MAX_INPUTS }, (_, k) => {
      const noise = 2 * rand() - 1;
      if (k === 0) return t === 0 ? 1 : 0.2 * noise;
      return noise;
    }).slice(0, nx),
  );
}

export interface Sequence {
  xs: number[][];
  /** Steps 1 … T (step 1 with computed gates, the rest with the pins). */
  steps: GruStep[];
  /** c<0> … c<T>. */
  memory: number[][];
  /** The largest |entry| of ∂c<t>/∂c<1> for t = 1 … T (1 at t = 1). */
  gradient: number[];
}

export function runSequence(s: State): Sequence {
  const xs = sequenceInputs(s.nx, s.steps);
  const c0 = Array<number>(s.nc).fill(0);
  const first = gruStep(s.w, c0, xs[0]!);
  const rest = gruRun(s.w, first.c, xs.slice(1), pinsOf(s));
  return {
    xs,
    steps: [first, ...rest.steps],
    memory: [c0, ...rest.memory],
    gradient: rest.sensitivity.map((J) => Math.max(...J.flat().map(Math.abs))),
  };
}

/** The step drawn in the diagram: the single step, or step t of the sequence. */
export function shownStep(s: State, seq: Sequence | null): GruStep {
  if (s.view === 'sequence' && seq) return seq.steps[s.t - 1]!;
  return gruStep(s.w, s.c, s.x, pinsOf(s));
}

export function describeSequence(s: State, seq: Sequence): string {
  const T = s.steps;
  const held = s.pins.u === null ? 'Γ_u computed' : `Γ_u pinned at ${num(s.pins.u)} from step 2`;
  const first = seq.memory[1]!;
  const last = seq.memory[T]!;
  const units = first.map((v, i) => `unit ${i + 1} ${num(v)} → ${num(last[i]!)}`).join(', ');
  return `${T} steps, ${held}${s.pins.r === null ? '' : `, Γ_r pinned at ${num(s.pins.r)}`}. What step 1 wrote, c<1>, and what is left at step ${T}: ${units}. Largest entry of ∂c<${T}>/∂c<1>: ${small(seq.gradient[T - 1]!)}.`;
}

// ---------------------------------------------------------------------------------------------- plot

export const PLOT = { width: 760, height: 210, top: 12, right: 34, bottom: 30, left: 30 } as const;

export interface Plot {
  lines: { unit: number; path: string; points: { t: number; x: number; y: number; v: number }[] }[];
  gradientPath: string;
  xAt: (t: number) => number;
  yAt: (v: number) => number;
  gAt: (g: number) => number;
  tAt: (x: number) => number;
  xTicks: { x: number; label: string }[];
}

/** Memory per unit over t = 0 … T on [−1, 1], and log₁₀ of the gradient's size (at t = 1 … T) on [10⁻⁶, 1] in the same box. Also the LSTM's. */
export function plotOf(seq: Pick<Sequence, 'memory' | 'gradient'>, T: number): Plot {
  const { width, height, top, right, bottom, left } = PLOT;
  const xAt = (t: number) => left + (t / T) * (width - left - right);
  const yAt = (v: number) => top + ((1 - Math.max(-1.05, Math.min(1.05, v))) / 2) * (height - top - bottom);
  const gAt = (g: number) => top + (Math.min(6, -Math.log10(Math.max(g, 1e-6))) / 6) * (height - top - bottom);
  const tAt = (x: number) => Math.round(((x - left) / (width - left - right)) * T);
  const nc = seq.memory[0]!.length;
  const lines = Array.from({ length: nc }, (_, i) => {
    const points = seq.memory.map((c, t) => ({ t, x: xAt(t), y: yAt(c[i]!), v: c[i]! }));
    return { unit: i, points, path: points.map((p, k) => `${k ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('') };
  });
  const gradientPath = seq.gradient.map((g, k) => `${k ? 'L' : 'M'}${xAt(k + 1).toFixed(1)},${gAt(g).toFixed(1)}`).join('');
  const xTicks = Array.from({ length: Math.floor(T / 5) + 1 }, (_, k) => ({ x: xAt(k * 5), label: String(k * 5) }));
  return { lines, gradientPath, xAt, yAt, gAt, tAt, xTicks };
}
