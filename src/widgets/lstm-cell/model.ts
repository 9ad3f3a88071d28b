/**
 * The LSTM cell's model: parameters and presets, one step of the course's LSTM with every intermediate,
 * the run over the GRU widget's signal-and-noise sequence (step 1 computed, pins from step 2 on), and the
 * live sentences. No DOM. Numbers from src/compute/rnn-cells.ts; the plot and formatting are the GRU
 * widget's (../gru-gates/model.ts), so both widgets draw and print alike. Weights come from the presets
 * (the GRU widget is where weights are edited).
 */
import { lstmRun, lstmStep, type LstmPins, type LstmStep, type LstmWeights } from '~/compute/rnn-cells';
import { presetPlumbing, type Schema, type Values } from '../params';
import { MAX_INPUTS, MAX_STEPS, MAX_UNITS, MIN_STEPS, num, sequenceInputs, small } from '../gru-gates/model';

export const VIEWS = ['step', 'sequence'] as const;
export type View = (typeof VIEWS)[number];

type Full = readonly (readonly number[])[];

interface PresetValues {
  view: View;
  units: number;
  inputs: number;
  pinU: boolean;
  gu: number;
  pinF: boolean;
  gf: number;
  pinO: boolean;
  go: number;
  steps: number;
  t: number;
}

export interface Preset {
  label: string;
  question: string;
  values: PresetValues;
  /** Rows [4 columns on a<t−1>, 4 on x<t>, bias], cut to the units and inputs shown. */
  weights: { u: Full; f: Full; o: Full; c: Full };
  a: readonly number[];
  c: readonly number[];
  x: readonly number[];
}

const MIXED = {
  u: [[0.5, -0.3, 0.2, 0.1, 1.0, -0.6, 0.4, 0.2, 0], [-0.4, 0.6, 0.1, -0.2, -0.5, 1.1, -0.3, 0.5, -0.2], [0.2, 0.1, -0.5, 0.3, 0.3, 0.4, -0.8, -0.1, 0.1], [-0.1, 0.2, 0.3, 0.4, -0.2, 0.1, 0.5, -0.9, 0]],
  f: [[0.3, 0.2, -0.1, 0.1, -0.4, 0.5, 0.2, 0.1, 1.0], [0.1, -0.3, 0.2, 0.2, 0.6, -0.2, -0.1, 0.4, 0.5], [-0.2, 0.1, 0.4, -0.1, 0.1, 0.3, 0.6, -0.2, 0.8], [0.2, 0.3, -0.1, 0.5, -0.3, -0.2, 0.3, 0.7, 0.2]],
  o: [[0.6, -0.2, 0.1, 0.2, 0.8, 0.3, -0.2, 0.1, 0], [-0.3, 0.4, 0.2, -0.1, -0.6, 0.9, 0.2, -0.3, 0.3], [0.1, 0.2, 0.5, -0.4, 0.2, -0.5, 0.7, 0.2, -0.1], [0.3, -0.1, 0.2, 0.6, -0.1, 0.4, -0.6, 0.8, 0.1]],
  c: [[0.8, -1.0, 0.3, 0.2, 1.2, 0.5, -0.4, 0.2, 0.1], [1.0, 0.6, -0.5, 0.1, -0.8, 1.3, 0.2, -0.3, -0.1], [-0.4, 0.7, 0.9, -0.6, 0.4, -0.5, 1.1, 0.3, 0], [0.3, -0.2, 0.8, 1.0, -0.1, 0.4, -0.7, 0.9, 0.2]],
} as const;

/**
 * Γ_u opens on the signal (input 1) only; Γ_f stays near 1 except on the signal (σ(6 − 9) at step 1,
 * σ(6) ≈ 0.998 after); Γ_o is small (σ(−2) ≈ 0.12), so a<t> shows little of what c<t> holds.
 */
const latchRow = (w: number, b: number, k: number) => [0, 0, 0, 0, w, 0, 0, 0, b].map((v, j) => (j === 4 ? w : j === 8 ? b : j === 5 + (k % 3) ? 0.3 * (k % 2 ? -1 : 1) : v));
const LATCH = {
  u: [0, 1, 2, 3].map((k) => latchRow(9, -5, k)),
  f: [0, 1, 2, 3].map((k) => latchRow(-9, 6, k)),
  o: [0, 1, 2, 3].map((k) => latchRow(0, -2, k)),
  c: [[0.3, 0.1, 0, 0, 2.0, 0.8, -0.4, 0.3, 0], [-0.1, 0.3, 0, 0, -1.6, 0.6, 0.5, -0.2, 0], [0, 0, 0.3, 0.1, 1.2, -0.7, 0.6, 0.4, 0], [0, 0, -0.1, 0.3, -0.8, 0.3, -0.6, 0.9, 0]],
};

const DEFAULTS = { view: 'step', units: 2, inputs: 2, pinU: false, gu: 0.5, pinF: false, gf: 1, pinO: false, go: 1, steps: 24, t: 12 } as const;

export const PRESETS = {
  gates: {
    label: 'Three gates',
    question: 'Γ_f keeps the old memory, Γ_u writes the candidate, Γ_o decides how much of tanh(c<t>) leaves the cell as a<t>. Can c<t> grow past 1 here, and can a<t>?',
    values: { ...DEFAULTS },
    weights: MIXED,
    a: [0.3, -0.6, 0.2, 0.1],
    c: [1.2, -0.8, 0.4, -0.3],
    x: [1, -0.4, 0.5, 0.2],
  },
  hold: {
    label: 'Forget gate holds',
    question: 'Step 1 writes a signal; the forget gate then stays near 1 for 23 noisy steps. Does c<t> keep it, even while a small Γ_o hides it from a<t>?',
    values: { ...DEFAULTS, view: 'sequence' },
    weights: LATCH,
    a: [0, 0, 0, 0],
    c: [0, 0, 0, 0],
    x: [1, 0, 0, 0],
  },
  leak: {
    label: 'Γ_f = 0.8',
    question: 'With the forget gate pinned at 0.8 from step 2, how much of step 1 is left after 23 steps, and how fast does Π Γ_f fall?',
    values: { ...DEFAULTS, view: 'sequence', pinF: true, gf: 0.8 },
    weights: LATCH,
    a: [0, 0, 0, 0],
    c: [0, 0, 0, 0],
    x: [1, 0, 0, 0],
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

const gateSpec = (g: string, doc: string, dflt: number) => ({ type: 'number', default: dflt, min: 0, max: 1, label: `Pinned Γ_${g}`, doc }) as const;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'gates', label: 'Question',
    doc: 'gates: one step with its three gates; hold: a signal at step 1 held by Γ_f ≈ 1 through noise; leak: Γ_f pinned at 0.8. Settings not given come from the preset.',
  },
  view: { type: 'enum', options: VIEWS, default: DEFAULTS.view, label: 'View', doc: 'step: one step; sequence: the cell over a signal and noise, memory plotted over time.' },
  units: { type: 'int', default: DEFAULTS.units, min: 1, max: MAX_UNITS, label: 'Memory units', doc: 'n_c, the size of c<t> and a<t> (1 to 4).' },
  inputs: { type: 'int', default: DEFAULTS.inputs, min: 1, max: MAX_INPUTS, label: 'Inputs', doc: 'n_x, the size of x<t> (1 to 4).' },
  pinU: { type: 'bool', default: DEFAULTS.pinU, label: 'Pin Γ_u', doc: 'true: the update gate is set by hand (gu).' },
  gu: gateSpec('u', 'The update gate’s value when pinned, 0 to 1.', DEFAULTS.gu),
  pinF: { type: 'bool', default: DEFAULTS.pinF, label: 'Pin Γ_f', doc: 'true: the forget gate is set by hand (gf).' },
  gf: gateSpec('f', 'The forget gate’s value when pinned, 0 to 1.', DEFAULTS.gf),
  pinO: { type: 'bool', default: DEFAULTS.pinO, label: 'Pin Γ_o', doc: 'true: the output gate is set by hand (go).' },
  go: gateSpec('o', 'The output gate’s value when pinned, 0 to 1.', DEFAULTS.go),
  steps: { type: 'int', default: DEFAULTS.steps, min: MIN_STEPS, max: MAX_STEPS, label: 'Steps', doc: 'Length of the sequence in sequence view (20 to 60).' },
  t: { type: 'int', default: DEFAULTS.t, min: 1, max: MAX_STEPS, label: 'Shown step', doc: 'In sequence view, the step drawn in the diagram.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'gates', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface State {
  view: View;
  nc: number;
  nx: number;
  w: LstmWeights;
  a: number[];
  c: number[];
  x: number[];
  pins: { u: number | null; f: number | null; o: number | null };
  steps: number;
  t: number;
}

const cut = (full: Full, nc: number, nx: number) => {
  const rows = full.slice(0, nc);
  return { W: rows.map((r) => [...r.slice(0, nc), ...r.slice(MAX_UNITS, MAX_UNITS + nx)]), b: rows.map((r) => r[MAX_UNITS + MAX_INPUTS]!) };
};

export function resolve(p: Params): State {
  const preset = PRESETS[p.preset];
  const [u, f, o, c] = (['u', 'f', 'o', 'c'] as const).map((g) => cut(preset.weights[g], p.units, p.inputs));
  return {
    view: p.view, nc: p.units, nx: p.inputs,
    w: { Wu: u!.W, bu: u!.b, Wf: f!.W, bf: f!.b, Wo: o!.W, bo: o!.b, Wc: c!.W, bc: c!.b },
    a: preset.a.slice(0, p.units), c: preset.c.slice(0, p.units), x: preset.x.slice(0, p.inputs),
    pins: { u: p.pinU ? p.gu : null, f: p.pinF ? p.gf : null, o: p.pinO ? p.go : null },
    steps: p.steps, t: Math.min(p.t, p.steps),
  };
}

const pinsOf = (s: State): LstmPins => ({ u: s.pins.u, f: s.pins.f, o: s.pins.o });

export interface Sequence {
  steps: LstmStep[];
  memory: number[][];
  activations: number[][];
  /** Largest unit's Π Γ_f from step 2 to t, for t = 1 … T (1 at t = 1). */
  gradient: number[];
}

export function runSequence(s: State): Sequence {
  const xs = sequenceInputs(s.nx, s.steps);
  const zero = Array<number>(s.nc).fill(0);
  const first = lstmStep(s.w, zero, zero, xs[0]!);
  const rest = lstmRun(s.w, first.a, first.c, xs.slice(1), pinsOf(s));
  return {
    steps: [first, ...rest.steps],
    memory: [zero, ...rest.memory],
    activations: [zero, ...rest.activations],
    gradient: rest.carried.map((k) => Math.max(...k.map(Math.abs))),
  };
}

export function shownStep(s: State, seq: Sequence | null): LstmStep {
  if (s.view === 'sequence' && seq) return seq.steps[s.t - 1]!;
  return lstmStep(s.w, s.a, s.c, s.x, pinsOf(s));
}

export function describeStep(step: LstmStep): string {
  const gate = (name: string, g: number[], pinned: boolean) => (pinned ? `${name} pinned at ${num(g[0]!)}` : `${name} (${g.map((v) => num(v)).join(', ')})`);
  const units = step.c.map((c, i) => `unit ${i + 1}: c ${num(step.cPrev[i]!)} → ${num(c)}, a = ${num(step.a[i]!)}`);
  return `${gate('Γ_f', step.gf, step.pinnedF)}, ${gate('Γ_u', step.gu, step.pinnedU)}, ${gate('Γ_o', step.go, step.pinnedO)}. c<t> = Γ_u ∗ c̃ + Γ_f ∗ c<t−1>, a<t> = Γ_o ∗ tanh(c<t>): ${units.join('; ')}.`;
}

export function describeSequence(s: State, seq: Sequence): string {
  const T = s.steps;
  const pins = (['f', 'u', 'o'] as const).filter((g) => s.pins[g] !== null).map((g) => `Γ_${g} pinned at ${num(s.pins[g]!)}`);
  const units = seq.memory[1]!.map((v, i) => `unit ${i + 1} ${num(v)} → ${num(seq.memory[T]![i]!)}`).join(', ');
  return `${T} steps, ${pins.length ? `${pins.join(', ')} from step 2` : 'gates computed'}. c<1> and c<${T}>: ${units}. Π Γ_f from step 2 to ${T}: ${small(seq.gradient[T - 1]!)}.`;
}
