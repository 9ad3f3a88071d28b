/**
 * The transposed-convolution visualizer's model: parameters, presets, the numbers in use and what each
 * step shows. No DOM. Steps 0 … n² − 1 add input cell k's block (value × kernel) to the canvas; step n²
 * crops p from every side and keeps op extra rows and columns (PyTorch's conv_transpose2d, one channel).
 */
import { convByWindows } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { randomInts } from '~/compute/random';
import { transposedAsConv, transposedConv, type DirectView, type Grid, type Term, type TransposedResult } from '~/compute/transposed';
import { filterFromGrid, fromGrid, toGrid } from '~/compute/volume';
import type { Schema, Values } from '../params';
import { fmt } from '../stepping';

export const PRESETS = {
  course: { question: 'The course’s example: a 2×2 input becomes 4×4. Where does each output number come from?', set: {} },
  checkerboard: {
    question: 'Why the checkerboard? (f = 3, s = 2): a flat input of ones gives a patterned output.',
    set: { input: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]], stride: 2, padding: 0, outpad: 0 },
  },
  'stride-1': {
    question: 'Stride 1 is an ordinary full convolution: every block overlaps its neighbours.',
    set: { input: [[1, 2], [3, 4]], kernel: [[1, 1], [1, 1]], f: 2, stride: 1, padding: 0, outpad: 0 },
  },
  crop: {
    question: 'Padding crops, output padding grows: which canvas rows survive p = 1, op = 1?',
    set: { n: 3, stride: 2, padding: 1, outpad: 1 },
  },
} as const;
export type PresetName = keyof typeof PRESETS;

export const schema = {
  preset: { type: 'enum', options: Object.keys(PRESETS) as PresetName[], default: 'course', label: 'Preset', doc: 'A question to start from: course, checkerboard, stride-1, crop. Settings given too override it.' },
  input: { type: 'grid', default: null, maxSize: 5, minValue: -99, maxValue: 99, label: 'Input cells', doc: 'Your own square input, rows split by “;” (2×2 to 5×5), e.g. 1,2;3,4; overrides n and seed.' },
  n: { type: 'int', default: 2, min: 2, max: 5, label: 'Input size n', doc: 'Height and width of the input when no cells are given.' },
  seed: { type: 'int', default: 0, min: 0, max: 9999, label: 'Seed', doc: '0: the course’s values (a fixed pattern beyond 2×2); otherwise random integers −2…4 from the seed.' },
  kernel: { type: 'grid', default: null, maxSize: 4, minValue: -99, maxValue: 99, label: 'Kernel', doc: 'Your own square kernel, rows split by “;” (2×2 to 4×4); overrides f.' },
  f: { type: 'int', default: 3, min: 2, max: 4, label: 'Kernel size f', doc: 'Height and width of the kernel when none is given (3: the course’s kernel; else ones).' },
  stride: { type: 'int', default: 2, min: 1, max: 3, label: 'Stride s', doc: 'How far apart neighbouring input cells land on the canvas.' },
  padding: { type: 'int', default: 1, min: 0, max: 3, label: 'Padding p', doc: 'Rows and columns cropped from every side of the canvas.' },
  outpad: { type: 'int', default: 1, min: 0, max: 2, label: 'Output padding op', doc: 'Extra rows and columns kept at the bottom and right; must be smaller than the stride.' },
  step: { type: 'int', default: 0, min: 0, max: 25, label: 'Step', doc: 'Input cells added so far minus one, row by row; n² is the crop.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export const COURSE_INPUT = [[2, 1], [3, 2]];
export const COURSE_KERNEL = [[1, 2, 1], [2, 0, 1], [0, 2, 1]];

/** Parameters with the preset's values filled in wherever the reader left the default. */
export function resolve(p: Params): Params {
  const out: Record<string, unknown> = { ...p };
  for (const [k, v] of Object.entries(PRESETS[p.preset].set)) {
    const spec = schema[k as keyof typeof schema];
    if (out[k] === spec.default) out[k] = structuredClone(v);
  }
  return out as Params;
}

export function inputGrid(p: Params): Grid {
  if (p.input && p.input.length >= 2 && p.input.every((r) => r.length === p.input!.length)) return p.input;
  const n = p.n;
  if (p.seed === 0) return n === 2 ? COURSE_INPUT.map((r) => [...r]) : Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => ((i * n + j) % 4) + 1));
  const flat = randomInts(n * n, -2, 4, p.seed);
  return Array.from({ length: n }, (_, i) => flat.slice(i * n, (i + 1) * n));
}

export function kernelGrid(p: Params): Grid {
  if (p.kernel && p.kernel.length >= 2 && p.kernel.every((r) => r.length === p.kernel!.length)) return p.kernel;
  if (p.f === 3) return COURSE_KERNEL.map((r) => [...r]);
  return Array.from({ length: p.f }, () => new Array<number>(p.f).fill(1));
}

/** Settings the model itself refuses, as sentences (op ≥ s is clamped to s − 1; odd grids are ignored). */
export function modelProblems(p: Params): string[] {
  const out: string[] = [];
  const square = (g: Grid) => g.length >= 2 && g.every((r) => r.length === g.length);
  if (p.input && !square(p.input)) out.push(`Input cells (input) must be a square grid from 2×2 to 5×5; it is ${p.input.length}×${p.input[0]?.length ?? 0}, so n = ${p.n} is used.`);
  if (p.kernel && !square(p.kernel)) out.push(`Kernel (kernel) must be a square grid from 2×2 to 4×4; it is ${p.kernel.length}×${p.kernel[0]?.length ?? 0}, so f = ${p.f} is used.`);
  if (p.outpad >= p.stride) out.push(`Output padding op = ${p.outpad} must be smaller than the stride s = ${p.stride} (PyTorch requires op < s); using op = ${p.stride - 1}.`);
  return out;
}

export interface NotInverse {
  /** conv(x) with the same kernel, stride and padding, or null when the kernel does not fit. */
  down: Grid | null;
  /** convT(conv(x)) with op chosen to restore n×n. */
  back: Grid | null;
  op: number;
  reason: string;
}

export interface Setup {
  params: Params;
  input: Grid;
  kernel: Grid;
  stride: number;
  padding: number;
  outpad: number;
  result: TransposedResult;
  direct: DirectView;
  notInverse: NotInverse;
  /** n² blocks plus the crop. */
  positions: number;
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; error: string };

function notInverse(x: Grid, w: Grid, s: number, p: number): NotInverse {
  const n = x.length;
  const f = w.length;
  if (f > n + 2 * p) return { down: null, back: null, op: 0, reason: `a ${f}×${f} kernel does not fit a ${n}×${n} input with padding ${p}` };
  const op = (n + 2 * p - f) % s;
  const down = toGrid(convByWindows(fromGrid(x), filterFromGrid(w), { stride: s, padding: p }));
  const back = transposedConv(down, w, { stride: s, padding: p, outputPadding: op }).output;
  return { down, back, op, reason: '' };
}

export function buildSetup(raw: Params): SetupResult {
  const params = resolve(raw);
  const input = inputGrid(params);
  const kernel = kernelGrid(params);
  const outpad = Math.min(params.outpad, params.stride - 1);
  const options = { stride: params.stride, padding: params.padding, outputPadding: outpad };
  try {
    const result = transposedConv(input, kernel, options);
    const direct = transposedAsConv(input, kernel, options);
    return {
      ok: true,
      setup: { params, input, kernel, stride: params.stride, padding: params.padding, outpad, result, direct, notInverse: notInverse(input, kernel, params.stride, params.padding), positions: input.length ** 2 + 1 },
    };
  } catch (e) {
    if (e instanceof ComputeInputError) return { ok: false, error: e.message };
    throw e;
  }
}

export const clamp = (setup: Setup, step: number) => Math.min(setup.positions - 1, Math.max(0, Math.round(step)));
export const isCrop = (setup: Setup, step: number) => step >= setup.positions - 1;

/** The canvas as it stands after `step` (the crop step shows the full canvas). */
export function canvasAt(setup: Setup, step: number): Grid {
  const steps = setup.result.steps;
  return steps[Math.min(step, steps.length - 1)]!.canvas;
}

/** How many blocks have reached canvas cell (y, x) by `step`. */
export function termsAt(setup: Setup, step: number, y: number, x: number): Term[] {
  const n = setup.input.length;
  return setup.result.terms[y]![x]!.filter((t) => t.row * n + t.col <= step);
}

const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));
const range = (a: number, b: number) => (a === b ? `${a + 1}` : `${a + 1}–${b + 1}`);

/** "2·1 + 3·2 = 8": the terms of one canvas cell so far. */
export function termsText(terms: Term[]): string {
  if (terms.length === 0) return '0 (no block has reached it yet)';
  const sum = terms.reduce((s, t) => s + t.value * t.weight, 0);
  return `${terms.map((t) => `${paren(t.value)}·${paren(t.weight)}`).join(' + ')} = ${fmt(sum)}`;
}

/** The live sentence for a step. */
export function describeStep(setup: Setup, step: number): string {
  const { geometry: g } = setup.result;
  if (isCrop(setup, step)) {
    const crop = setup.padding > 0 ? `Crop ${setup.padding} row${setup.padding > 1 ? 's' : ''} and column${setup.padding > 1 ? 's' : ''} from every side of the ${g.canvasSize}×${g.canvasSize} canvas` : `No padding: nothing is cropped from the ${g.canvasSize}×${g.canvasSize} canvas`;
    const grow = setup.outpad > 0 ? `, keep ${setup.outpad} extra row${setup.outpad > 1 ? 's' : ''} and column${setup.outpad > 1 ? 's' : ''} at the bottom and right` : '';
    return `${crop}${grow}: the output is ${g.outSize}×${g.outSize}.`;
  }
  const s = setup.result.steps[step]!;
  const f = g.f;
  const overlaps = setup.result.steps[step]!.block.some((row, dy) => row.some((_, dx) => termsAt(setup, step, s.top + dy, s.left + dx).length > 1));
  return `Input (${s.row + 1}, ${s.col + 1}) = ${fmt(s.value)} times the kernel goes to canvas rows ${range(s.top, s.top + f - 1)}, columns ${range(s.left, s.left + f - 1)}${overlaps ? '; overlaps sum' : ''}.`;
}

/** The output-size line, with the numbers filled in. */
export function sizeFormula(setup: Setup): string {
  const g = setup.result.geometry;
  return `Output size (n − 1)·s − 2p + f + op = (${g.n} − 1)·${g.stride} − 2·${g.padding} + ${g.f} + ${g.outputPadding} = ${g.outSize}`;
}

/** Which part of the canvas a cell is: kept in the output, cropped, or (beyond it) an op zero. */
export function canvasRole(setup: Setup, y: number, x: number): 'kept' | 'cropped' {
  const { padding: p, outSize } = setup.result.geometry;
  return y >= p && x >= p && y < p + outSize && x < p + outSize ? 'kept' : 'cropped';
}

/** Whether output cell (y, x) lies in an op row or column (added by output padding). */
export function isOpCell(setup: Setup, y: number, x: number): boolean {
  const { outSize, outputPadding } = setup.result.geometry;
  return y >= outSize - outputPadding || x >= outSize - outputPadding;
}

/** The preset's values written into the settings, so the reader's next change starts from what is shown. */
export function materialise(p: Params): Params {
  return { ...resolve(p), preset: 'course' };
}
