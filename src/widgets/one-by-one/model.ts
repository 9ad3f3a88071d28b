/**
 * The 1×1 convolution widget's model (Lin, Chen & Yan, "Network in network", 2014; Course 4 Week 2):
 * at every position a 1×1 filter takes the weighted sum of the n_C channel values, adds its bias and
 * applies ReLU — a fully connected layer run on each position's channel vector. The numbers come from
 * `src/compute/conv.ts` with f = 1; this file only builds the volumes, the words and the cost.
 */
import { convByWindows, convParamCount, convWindow, type ConvOptions, type ConvStep } from '~/compute/conv';
import { randomInts } from '~/compute/random';
import { fromHWC, type Tensor4 } from '~/compute/volume';
import type { Schema, Values } from '../params';
import { fmt } from '../stepping';

/** Height and width of the small input: 4×4 keeps every number readable on a phone. */
export const SIZE = 4;
export const MAX_CHANNELS = 6;
export const MAX_FILTERS = 3;
const WEIGHT_LIMIT = 9;

/**
 * Default filters, each a vector of n_C weights: one adds all channels, one takes channel 2 from
 * channel 1 (ReLU then keeps only where channel 1 is larger), one copies channel 3.
 */
const DEFAULT_WEIGHTS = [
  [1, 1, 1, 1, 1, 1],
  [1, -1, 0, 0, 0, 0],
  [0, 0, 1, 0, 0, 0],
];

/** The course's example: 28×28×192 shrunk to 28×28×32 by 32 filters of 1×1×192. */
export const INCEPTION = { height: 28, width: 28, channels: 192, filters: 32 } as const;

export const schema = {
  preset: { type: 'enum', options: ['small', 'course'], default: 'small', label: 'Example', doc: 'small: a 4×4 volume with every number shown; course: 28×28×192 → 28×28×32 drawn as blocks, with its cost.' },
  channels: { type: 'int', default: 3, min: 1, max: MAX_CHANNELS, label: 'Input channels n_C', doc: 'Channels of the 4×4 input volume.' },
  filters: { type: 'int', default: 2, min: 1, max: MAX_FILTERS, label: 'Filters n_c′', doc: 'How many 1×1 filters, so how many output channels.' },
  weights: { type: 'grid', default: null, maxSize: MAX_CHANNELS, minValue: -WEIGHT_LIMIT, maxValue: WEIGHT_LIMIT, label: 'Filter weights', doc: 'One row per filter, one weight per input channel, e.g. 1,1,1;1,-1,0 (−9 to 9); missing entries use the defaults.' },
  bias: { type: 'grid', default: null, maxSize: MAX_CHANNELS, minValue: -WEIGHT_LIMIT, maxValue: WEIGHT_LIMIT, label: 'Biases', doc: 'One bias per filter in one row, e.g. 0,-2 (−9 to 9); default 0.' },
  relu: { type: 'bool', default: true, label: 'ReLU', doc: 'Apply max(0, z) after the bias, as the course’s 1×1 layer does.' },
  seed: { type: 'int', default: 1, min: 0, max: 9999, label: 'Seed', doc: 'Seed of the input’s integers 0–9.' },
  row: { type: 'int', default: 0, min: 0, max: SIZE - 1, label: 'Row', doc: 'Picked output row, from 0.' },
  col: { type: 'int', default: 0, min: 0, max: SIZE - 1, label: 'Column', doc: 'Picked output column, from 0.' },
  out: { type: 'int', default: 0, min: 0, max: MAX_FILTERS - 1, label: 'Output channel', doc: 'Picked output channel (filter), from 0.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export interface Setup {
  /** NHWC, 1×4×4×n_C. */
  input: Tensor4;
  /** HWIO, 1×1×n_C×n_c′. */
  kernel: Tensor4;
  options: ConvOptions;
  /** weights[k][c]: filter k's weight on channel c. */
  weights: number[][];
  biases: number[];
  /** NHWC, 1×4×4×n_c′, from the same plain loops the narration uses. */
  output: Tensor4;
  /** Sentences about settings that did not fit and were completed or cut. */
  notes: string[];
}

/** Channel c of the seeded input as a 4×4 grid of integers 0–9. */
export function inputChannel(seed: number, c: number): number[][] {
  const flat = randomInts(SIZE * SIZE, 0, 9, seed + 7919 * c);
  return Array.from({ length: SIZE }, (_, i) => flat.slice(i * SIZE, (i + 1) * SIZE));
}

/** The weights n_c′ × n_C: the reader's where given, the defaults elsewhere; with a note when they did not fit. */
function resolveWeights(p: Params, notes: string[]): number[][] {
  const given = p.weights;
  if (given && (given.length > p.filters || given.some((r) => r.length > p.channels))) {
    notes.push(`The weights had more rows or columns than the ${p.filters} filter${p.filters === 1 ? '' : 's'} × ${p.channels} channel${p.channels === 1 ? '' : 's'}; the extra ones are not used.`);
  }
  return Array.from({ length: p.filters }, (_, k) => Array.from({ length: p.channels }, (_, c) => given?.[k]?.[c] ?? DEFAULT_WEIGHTS[k]![c]!));
}

function resolveBiases(p: Params, notes: string[]): number[] {
  const given = p.bias;
  if (given && (given.length > 1 || given[0]!.length > p.filters)) {
    notes.push(`Biases take one row of up to ${p.filters} value${p.filters === 1 ? '' : 's'} (one per filter); the rest are not used.`);
  }
  return Array.from({ length: p.filters }, (_, k) => given?.[0]?.[k] ?? 0);
}

export function buildSetup(p: Params): Setup {
  const notes: string[] = [];
  const channels = Array.from({ length: p.channels }, (_, c) => inputChannel(p.seed, c));
  const input = fromHWC(channels[0]!.map((row, i) => row.map((_, j) => channels.map((g) => g[i]![j]!))));
  const weights = resolveWeights(p, notes);
  const biases = resolveBiases(p, notes);
  // HWIO with H = W = 1: element (0, 0, c, k) sits at c·n_c′ + k.
  const data = new Float64Array(p.channels * p.filters);
  for (let c = 0; c < p.channels; c++) for (let k = 0; k < p.filters; k++) data[c * p.filters + k] = weights[k]![c]!;
  const kernel: Tensor4 = { data, shape: [1, 1, p.channels, p.filters] };
  const options: ConvOptions = { bias: biases, activation: p.relu ? 'relu' : 'linear' };
  return { input, kernel, options, weights, biases, output: convByWindows(input, kernel, options), notes };
}

/** The picked output cell, kept inside the current number of filters. */
export function pickOf(p: Params): { row: number; col: number; filter: number } {
  return { row: p.row, col: p.col, filter: Math.min(p.out, p.filters - 1) };
}

/** The narration of one output value: window = the n_C channel values at (row, col), weights = filter k. */
export function stepAt(setup: Setup, at: { row: number; col: number; filter: number }): ConvStep {
  return convWindow(setup.input, setup.kernel, setup.options, at);
}

const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));

/** "1·5 + (−1)·7 + 0·2 + 0 = −2, ReLU → 0": the weighted sum of the channels at one position. */
export function sumText(step: ConvStep, relu: boolean): string {
  const terms = Array.from(step.window, (x, c) => `${paren(step.weights[c]!)}·${paren(x)}`);
  const z = `${terms.join(' + ')} + ${paren(step.bias)} = ${fmt(step.z)}`;
  return relu ? `${z}; ReLU: max(0, ${fmt(step.z)}) = ${fmt(step.value)}` : z;
}

/** What a screen reader hears when a cell is picked. */
export function describePick(step: ConvStep, relu: boolean): string {
  return `Output channel ${step.filter + 1}, row ${step.row + 1}, column ${step.col + 1}: ${sumText(step, relu)}.`;
}

/** Multiplications of a 1×1 convolution: one per input channel, per filter, per position, n_H·n_W·n_C·n_c′. */
export function oneByOneMultiplications(height: number, width: number, channels: number, filters: number): number {
  return height * width * channels * filters;
}

export interface Cost {
  height: number;
  width: number;
  channels: number;
  filters: number;
  multiplications: number;
  /** (1·1·n_C + 1)·n_c′ from convParamCount. */
  parameters: number;
}

export function cost(height: number, width: number, channels: number, filters: number): Cost {
  return { height, width, channels, filters, multiplications: oneByOneMultiplications(height, width, channels, filters), parameters: convParamCount(1, channels, filters) };
}

const group = (n: number) => n.toLocaleString('en-US');

/** "4·4·3·2 = 96 multiplications" with the numbers filled in. */
export function costText(c: Cost): string {
  return `n_H·n_W·n_C·n_c′ = ${c.height}·${c.width}·${c.channels}·${c.filters} = ${group(c.multiplications)} multiplications`;
}

export function paramsText(c: Cost): string {
  return `(n_C + 1)·n_c′ = (${c.channels} + 1)·${c.filters} = ${group(c.parameters)} parameters`;
}

/** The same output channels from a 5×5 "same" convolution: f² = 25 times the multiplications. */
export function fiveByFiveMultiplications(c: Cost): number {
  return c.multiplications * 25;
}

export function shapeText(h: number, w: number, c: number): string {
  return `${h}×${w}×${c}`;
}
