/**
 * The convolution stepper's model: its parameters, the example images and filters, and everything
 * the view shows for a given step. No DOM and no Svelte, so it is unit-tested in Node.
 */
import { convByWindows, convGeometry, convWindow, type ConvGeometry, type ConvOptions, type ConvStep } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { randomInts } from '~/compute/random';
import { fromHWC, pad2d, type Tensor4 } from '~/compute/volume';
import type { Schema, Values } from '../params';
import { fmt, positionOf } from '../stepping';

export const FILTERS = {
  vertical: [[1, 0, -1], [1, 0, -1], [1, 0, -1]],
  horizontal: [[1, 1, 1], [0, 0, 0], [-1, -1, -1]],
  'sobel-vertical': [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
  'sobel-horizontal': [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
  'scharr-vertical': [[3, 0, -3], [10, 0, -10], [3, 0, -3]],
  'scharr-horizontal': [[3, 10, 3], [0, 0, 0], [-3, -10, -3]],
} as const satisfies Record<string, number[][]>;

export type FilterName = keyof typeof FILTERS;
const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];

export const schema = {
  input: { type: 'enum', options: ['edge', 'random'], default: 'edge', label: 'Input', doc: 'edge: the course’s image, bright left half and dark right half; random: integers 0–9 from the seed.' },
  size: { type: 'int', default: 6, min: 3, max: 9, label: 'Input size n', doc: 'Height and width of the input image.' },
  channels: { type: 'enum', options: [1, 3], default: 1, label: 'Channels', doc: '1 for a grayscale image, 3 for an RGB volume convolved with a 3-channel filter.' },
  filter: { type: 'enum', options: FILTER_NAMES, default: 'vertical', label: 'Filter', doc: 'A 3×3 edge detector; replaced by weights when those are given.' },
  weights: { type: 'grid', default: null, maxSize: 5, minValue: -99, maxValue: 99, label: 'Filter weights', doc: 'Your own filter, rows split by “;”, e.g. 0,1,0;1,-4,1;0,1,0 (up to 5×5; it need not be square: 1;2;3 is 3×1).' },
  cells: { type: 'grid', default: null, maxSize: 9, minValue: -99, maxValue: 99, label: 'Input cells', doc: 'Your own input image, rows split by “;” (up to 9×9); overrides input and size.' },
  padding: { type: 'int', default: 0, min: 0, max: 3, label: 'Padding p', doc: 'Rings of zeros around the input.' },
  stride: { type: 'int', default: 1, min: 1, max: 3, label: 'Stride s', doc: 'How far the window moves each step.' },
  bias: { type: 'number', default: 0, min: -99, max: 99, label: 'Bias b', doc: 'Added to every sum.' },
  relu: { type: 'bool', default: false, label: 'ReLU', doc: 'Apply max(0, z) after the bias.' },
  predict: { type: 'bool', default: false, label: 'Predict first', doc: 'Ask the reader for each value before showing it.' },
  seed: { type: 'int', default: 1, min: 0, max: 9999, label: 'Seed', doc: 'Seed of the random image.' },
  // Up to 15×15 positions: a 9×9 input, padding 3, a 1×1 filter.
  step: { type: 'int', default: 0, min: 0, max: 224, label: 'Step', doc: 'Which output position is shown, counted row by row from 0.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export const CHANNEL_NAMES = ['red', 'green', 'blue'] as const;

/** The course's 6×6 example generalised to n: left ⌈n/2⌉ columns at `bright`, the rest at `dark`. */
function edgeRows(n: number, bright: number, dark: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: n }, (_, j) => (j < Math.ceil(n / 2) ? bright : dark)));
}

/** Channel grids of the input image. RGB edge: a strong edge in red, a weaker one in green, flat blue. */
export function inputGrids(p: Params): number[][][] {
  if (p.cells) return Array.from({ length: p.channels }, () => p.cells!);
  if (p.input === 'edge') return [edgeRows(p.size, 10, 0), edgeRows(p.size, 8, 2), edgeRows(p.size, 4, 4)].slice(0, p.channels);
  return Array.from({ length: p.channels }, (_, c) => {
    const flat = randomInts(p.size * p.size, 0, 9, p.seed + 7919 * c);
    return Array.from({ length: p.size }, (_, i) => flat.slice(i * p.size, (i + 1) * p.size));
  });
}

/** The 2-D kernel; in RGB mode every channel's slice is this same kernel (it finds edges of any colour). */
export function kernelGrid(p: Params): number[][] {
  return p.weights ?? FILTERS[p.filter].map((row) => [...row]);
}

/** Stacks per-channel grids into an NHWC tensor. */
function stack(grids: number[][][]): Tensor4 {
  return fromHWC(grids[0]!.map((row, i) => row.map((_, j) => grids.map((g) => g[i]![j]!))));
}

export interface Setup {
  params: Params;
  input: Tensor4;
  padded: Tensor4;
  /** HWIO, one filter. */
  kernel: Tensor4;
  options: ConvOptions;
  geometry: ConvGeometry;
  /** Every output value, from the same plain loops the stepper narrates. */
  output: Tensor4;
  positions: number;
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; error: string };

/** Everything that depends on the parameters but not on the step. Bad combinations come back as a message. */
export function buildSetup(params: Params): SetupResult {
  const grids = inputGrids(params);
  const k2 = kernelGrid(params);
  const input = stack(grids);
  const kernel = stack(Array.from({ length: params.channels }, () => k2));
  const kernelHWIO: Tensor4 = { data: kernel.data, shape: [k2.length, k2[0]!.length, params.channels, 1] };
  const options: ConvOptions = {
    stride: params.stride,
    padding: params.padding,
    bias: [params.bias],
    activation: params.relu ? 'relu' : 'linear',
  };
  try {
    const geometry = convGeometry(input, kernelHWIO, options);
    const output = convByWindows(input, kernelHWIO, options);
    const positions = geometry.outHeight * geometry.outWidth;
    return { ok: true, setup: { params, input, padded: pad2d(input, geometry.padding), kernel: kernelHWIO, options, geometry, output, positions } };
  } catch (e) {
    if (e instanceof ComputeInputError) return { ok: false, error: e.message };
    throw e;
  }
}

export function stepAt(setup: Setup, step: number): ConvStep {
  return convWindow(setup.input, setup.kernel, setup.options, positionOf(setup, step), setup.padded);
}

/** The products of one step grouped by channel, as terms like "10·1" (negatives in parentheses). */
export function terms(step: ConvStep, channels: number): string[][] {
  const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));
  return Array.from({ length: channels }, (_, c) => {
    const out: string[] = [];
    for (let i = c; i < step.window.length; i += channels) out.push(`${paren(step.window[i]!)}·${paren(step.weights[i]!)}`);
    return out;
  });
}

/** The sum of one channel's products (the per-channel partial sums of a volume convolution). */
export function channelSums(step: ConvStep, channels: number): number[] {
  return Array.from({ length: channels }, (_, c) => {
    let s = 0;
    for (let i = c; i < step.products.length; i += channels) s += step.products[i]!;
    return s;
  });
}

/** The sentence a screen reader hears for a step, and the text of the arithmetic panel. */
export function describeStep(setup: Setup, step: ConvStep): string {
  const { channels } = setup.geometry;
  const sums = channelSums(step, channels);
  const where = `Output row ${step.row + 1}, column ${step.col + 1}`;
  const body =
    channels === 1
      ? `${terms(step, 1)[0]!.join(' + ')} = ${fmt(step.sum)}`
      : sums.map((s, c) => `${CHANNEL_NAMES[c]} ${fmt(s)}`).join(' + ') + ` = ${fmt(step.sum)}`;
  const bias = step.bias !== 0 ? `; plus bias ${fmt(step.bias)} gives ${fmt(step.z)}` : '';
  const relu = setup.params.relu ? `; ReLU gives ${fmt(step.value)}` : '';
  return `${where}: ${body}${bias}${relu}.`;
}

/** The last line of the arithmetic: channel sums (for volumes), bias and ReLU, and the value. */
export function totalText(setup: Setup, step: ConvStep): string {
  const { channels } = setup.geometry;
  let text = `out(${step.row + 1}, ${step.col + 1}) = `;
  if (channels > 1) text += `${channelSums(step, channels).map(fmt).join(' + ')} = `;
  if (step.bias !== 0) text += `${fmt(step.sum)} + (${fmt(step.bias)}) = `;
  if (setup.params.relu) text += `ReLU(${fmt(step.z)}) = `;
  return text + fmt(step.value);
}

/** ⌊(n + 2p − f)/s⌋ + 1 = out with one axis's numbers filled in (the widget pads every side alike). */
function axisFormula(n: number, p: number, f: number, s: number, out: number): string {
  return `⌊(${n} + 2·${p} − ${f}) / ${s}⌋ + 1 = ${out}`;
}

/** The live output-size line: one formula, or one per axis when rows and columns differ (e.g. a 2×3 filter). */
export function sizeFormula(g: ConvGeometry): string {
  const rows = axisFormula(g.height, g.padding.top, g.filterHeight, g.strideH, g.outHeight);
  const columns = axisFormula(g.width, g.padding.left, g.filterWidth, g.strideW, g.outWidth);
  const general = '⌊(n + 2p − f) / s⌋ + 1';
  return rows === columns ? `Output size: ${general} = ${rows}` : `Output size, ${general} along each axis: rows ${rows}, columns ${columns}`;
}
