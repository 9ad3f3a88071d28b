/**
 * The pooling stepper's model: its parameters, the example input, and everything the view shows for a
 * given step. Steps go channel by channel, then row by row: pooling never mixes channels, so output
 * channel c fills from input channel c alone. No DOM and no Svelte, so it is unit-tested in Node.
 */
import { poolGeometry, poolWindow, type ConvGeometry, type PoolOptions, type PoolStep } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { randomInts } from '~/compute/random';
import { fromHWC, index4, zeros4, type Tensor4 } from '~/compute/volume';
import type { Schema, Values } from '../params';
import { clampStep, fmt, positionOf } from '../stepping';

/** The 4×4 input of the chapter and the course: max pooling with f = 2, s = 2 gives [[9, 2], [6, 3]]. */
export const EXAMPLE = [[1, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]];
/** Its second channel, whose maxima sit elsewhere: each channel picks its own winners. */
export const EXAMPLE_2 = [[2, 0, 1, 4], [1, 5, 8, 3], [7, 2, 0, 6], [3, 4, 1, 1]];

export const schema = {
  input: { type: 'enum', options: ['example', 'random'], default: 'example', label: 'Input', doc: 'example: the chapter’s 4×4 input (max pooling with f = 2, s = 2 gives 9, 2, 6, 3); random: integers 0–9 from the seed.' },
  size: { type: 'int', default: 6, min: 4, max: 8, label: 'Input size n', doc: 'Height and width of the random input.' },
  channels: { type: 'enum', options: [1, 2], default: 1, label: 'Channels', doc: '2 shows that pooling works on each channel separately and keeps the number of channels.' },
  mode: { type: 'enum', options: ['max', 'avg'], default: 'max', label: 'Pooling', doc: 'max keeps the largest value in each window; avg their mean.' },
  f: { type: 'int', default: 2, min: 1, max: 4, label: 'Window size f', doc: 'Height and width of the pooling window.' },
  stride: { type: 'int', default: 2, min: 1, max: 4, label: 'Stride s', doc: 'How far the window moves each step.' },
  cells: { type: 'grid', default: null, maxSize: 8, minValue: -99, maxValue: 99, label: 'Input cells', doc: 'Your own input, rows split by “;” (up to 8×8, used for every channel); overrides input and size.' },
  predict: { type: 'bool', default: false, label: 'Predict first', doc: 'Ask the reader for each value before showing it.' },
  seed: { type: 'int', default: 1, min: 0, max: 9999, label: 'Seed', doc: 'Seed of the random input.' },
  step: { type: 'int', default: 0, min: 0, max: 127, label: 'Step', doc: 'Which output value is shown, counted row by row from 0, channel 1 first.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

/** Channel grids of the input. */
export function inputGrids(p: Params): number[][][] {
  if (p.cells) return Array.from({ length: p.channels }, () => p.cells!);
  if (p.input === 'example') return [EXAMPLE, EXAMPLE_2].slice(0, p.channels);
  return Array.from({ length: p.channels }, (_, c) => {
    const flat = randomInts(p.size * p.size, 0, 9, p.seed + 7919 * c);
    return Array.from({ length: p.size }, (_, i) => flat.slice(i * p.size, (i + 1) * p.size));
  });
}

export interface Setup {
  params: Params;
  input: Tensor4;
  options: PoolOptions;
  geometry: ConvGeometry;
  /** Every output value, from the same plain loops the stepper narrates (NHWC, channels kept). */
  output: Tensor4;
  /** Output values in one channel. */
  perChannel: number;
  /** Steps in all: every output value of every channel. */
  positions: number;
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; error: string };

/** Everything that depends on the parameters but not on the step. Bad combinations come back as a message. */
export function buildSetup(params: Params): SetupResult {
  const grids = inputGrids(params);
  const input = fromHWC(grids[0]!.map((row, i) => row.map((_, j) => grids.map((g) => g[i]![j]!))));
  const options: PoolOptions = { mode: params.mode, size: params.f, stride: params.stride };
  try {
    const geometry = poolGeometry(input, options);
    const { outHeight, outWidth, channels } = geometry;
    const output = zeros4([1, outHeight, outWidth, channels]);
    for (let filter = 0; filter < channels; filter++)
      for (let row = 0; row < outHeight; row++)
        for (let col = 0; col < outWidth; col++) {
          output.data[index4(output.shape, 0, row, col, filter)] = poolWindow(input, options, { row, col, filter }).value;
        }
    const perChannel = outHeight * outWidth;
    return { ok: true, setup: { params, input, options, geometry, output, perChannel, positions: perChannel * channels } };
  } catch (e) {
    if (e instanceof ComputeInputError) return { ok: false, error: e.message };
    throw e;
  }
}

/** The step that shows output (row, col) of a channel: the inverse of `stepAt`'s numbering. */
export function stepOf(setup: Setup, channel: number, row: number, col: number): number {
  return channel * setup.perChannel + row * setup.geometry.outWidth + col;
}

export function stepAt(setup: Setup, step: number): PoolStep {
  const s = clampStep(setup, step);
  const filter = Math.floor(s / setup.perChannel);
  const at = positionOf({ positions: setup.perChannel, geometry: setup.geometry }, s % setup.perChannel);
  return poolWindow(setup.input, setup.options, { ...at, filter });
}

/** Input row and column of the maximum a max-pool step picks; null for average pooling. */
export function argmaxCell(setup: Setup, step: PoolStep): { row: number; col: number } | null {
  if (step.argmax < 0) return null;
  const f = setup.geometry.filterWidth;
  return { row: step.top + Math.floor(step.argmax / f), col: step.left + (step.argmax % f) };
}

/** The arithmetic of one step: "max(1, 3, 2, 9) = 9" or "(1 + 3 + 2 + 9) / 4 = 3.75". */
export function windowText(step: PoolStep): string {
  const values = Array.from(step.window);
  if (step.argmax >= 0) return `max(${values.map(fmt).join(', ')}) = ${fmt(step.value)}`;
  const terms = values.map((v) => (v < 0 ? `(${fmt(v)})` : fmt(v)));
  return `(${terms.join(' + ')}) / ${values.length} = ${fmt(step.value)}`;
}

/** Where a step writes, in words: "Output row 1, column 2" (with the channel when there are two). */
export function whereText(setup: Setup, step: PoolStep): string {
  const cell = `row ${step.row + 1}, column ${step.col + 1}`;
  return setup.geometry.channels > 1 ? `Channel ${step.channel + 1}, output ${cell}` : `Output ${cell}`;
}

/** The sentence a screen reader hears for a step. */
export function describeStep(setup: Setup, step: PoolStep): string {
  const at = argmaxCell(setup, step);
  const from = at ? `, from input row ${at.row + 1}, column ${at.col + 1}` : '';
  return `${whereText(setup, step)}: ${windowText(step)}${from}.`;
}

/** n, f, s and the output size, for the live formula ⌊(n − f)/s⌋ + 1. */
export function sizeFormula(g: ConvGeometry): { n: number; f: number; s: number; out: number; text: string } {
  const { height: n, filterHeight: f, strideH: s, outHeight: out } = g;
  return { n, f, s, out, text: `⌊(${n} − ${f}) / ${s}⌋ + 1 = ${out}` };
}

/** The volume before and after, e.g. "4×4×2 → 2×2×2": height and width shrink, channels stay. */
export function shapeText(g: ConvGeometry): string {
  return `${g.height}×${g.width}×${g.channels} → ${g.outHeight}×${g.outWidth}×${g.channels}`;
}
