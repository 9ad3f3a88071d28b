/**
 * Convolution and pooling (Course 4). Two paths that must agree:
 *   - `conv2d` / `pool2d` run TensorFlow.js (lazily loaded) and give the numbers a layer computes;
 *   - `convWindow` / `poolWindow` are small plain loops that narrate one output position: the window
 *     read from the padded input, the element-wise products, their sum. Widgets show the narration and
 *     check it against the tfjs result.
 * "Convolution" here is what deep learning means by it: cross-correlation, no kernel flip.
 */
import { ComputeInputError, requireFinite, requireInt } from './errors';
import { loadTf } from './tf';
import { index4, pad2d, zeros4, type Padding, type Shape4, type Tensor4 } from './volume';

export type { Padding } from './volume';

export type Activation = 'linear' | 'relu';

/** A window size or stride: one number for both axes, or [rows, columns]. */
export type PerAxis = number | readonly [number, number];

export interface ConvOptions {
  /** Step between windows: one number for both axes, or [rows, columns]. Default 1. */
  stride?: PerAxis;
  /** Zeros around the input: one number on every side, or per side. Default 0 ("valid"). */
  padding?: number | Padding;
  /** One bias per output channel (filter). Default none. */
  bias?: ArrayLike<number>;
  /** Applied after the bias. Default 'linear'. */
  activation?: Activation;
}

export interface ConvGeometry {
  batch: number;
  height: number;
  width: number;
  channels: number;
  filterHeight: number;
  filterWidth: number;
  filters: number;
  /** Zeros on each side, normalised from the options (none for pooling). */
  padding: Padding;
  /** Step between windows down the rows and across the columns. */
  strideH: number;
  strideW: number;
  outHeight: number;
  outWidth: number;
}

/** A `PerAxis` setting as [rows, columns], each checked to be an integer ≥ min. */
export function perAxis(label: string, value: PerAxis, min: number): [number, number] {
  if (typeof value === 'number') {
    requireInt(label, value, min);
    return [value, value];
  }
  const [rows, columns] = value;
  requireInt(`${label} along rows`, rows, min);
  requireInt(`${label} along columns`, columns, min);
  return [rows, columns];
}

/** Padding as a count per side (a number pads every side alike), each checked to be an integer ≥ 0. */
export function perSide(padding: number | Padding): Padding {
  if (typeof padding === 'number') {
    requireInt('padding', padding, 0);
    return { top: padding, bottom: padding, left: padding, right: padding };
  }
  const { top, bottom, left, right } = padding;
  for (const [side, v] of Object.entries({ top, bottom, left, right })) requireInt(`${side} padding`, v, 0);
  return { top, bottom, left, right };
}

/** "padding 1", or every side when they differ: "padding top 1, bottom 0, left 2, right 2". */
function describePadding({ top, bottom, left, right }: Padding): string {
  return top === bottom && top === left && top === right
    ? `padding ${top}`
    : `padding top ${top}, bottom ${bottom}, left ${left}, right ${right}`;
}

/** Window positions along one axis, ⌊(n + p_before + p_after − f) / s⌋ + 1, for a window that fits. */
function positionsAlong(n: number, f: number, padBefore: number, padAfter: number, s: number): number {
  return Math.floor((n + padBefore + padAfter - f) / s) + 1;
}

/** ⌊(n + 2p − f) / s⌋ + 1: the number of window positions along one dimension (symmetric padding). */
export function convOutputSize(n: number, f: number, p = 0, s = 1): number {
  requireInt('input size n', n, 1);
  requireInt('filter size f', f, 1);
  requireInt('padding p', p, 0);
  requireInt('stride s', s, 1);
  if (f > n + 2 * p) {
    throw new ComputeInputError(`filter ${f}×${f} does not fit a ${n}×${n} input with padding ${p}`, 'filter');
  }
  return positionsAlong(n, f, p, p, s);
}

/** Learned parameters of one conv layer: (f·f·n_c_prev + 1)·n_c, e.g. (5·5·3 + 1)·100 = 7,600. */
export function convParamCount(f: number, channelsIn: number, filters: number, bias = true): number {
  requireInt('filter size f', f, 1);
  requireInt('input channels', channelsIn, 1);
  requireInt('number of filters', filters, 1);
  return (f * f * channelsIn + (bias ? 1 : 0)) * filters;
}

/** "Same" padding for an odd filter at stride 1: p = (f − 1) / 2 keeps the output n×n. */
export function samePadding(f: number): number {
  requireInt('filter size f', f, 1);
  if (f % 2 === 0) throw new ComputeInputError(`"same" padding needs an odd filter size; f = ${f} is even`, 'filter');
  return (f - 1) / 2;
}

function checkTensor(field: string, t: Tensor4): void {
  const [a, b, c, d] = t.shape;
  for (const [i, dim] of [a, b, c, d].entries()) requireInt(`${field} dimension ${i}`, dim, 1);
  if (t.data.length !== a * b * c * d) {
    throw new ComputeInputError(
      `${field} has ${t.data.length} values but its shape ${t.shape.join('×')} needs ${a * b * c * d}`,
      field,
    );
  }
  requireFinite(field, t.data);
}

/** Validates a convolution's inputs and returns every size involved. Throws ComputeInputError. */
export function convGeometry(input: Tensor4, filters: Tensor4, options: ConvOptions = {}): ConvGeometry {
  const { bias } = options;
  checkTensor('input', input);
  checkTensor('filters', filters);
  const padding = perSide(options.padding ?? 0);
  const [strideH, strideW] = perAxis('stride', options.stride ?? 1, 1);
  const [batch, height, width, channels] = input.shape;
  const [filterHeight, filterWidth, filterChannels, count] = filters.shape;
  if (filterChannels !== channels) {
    throw new ComputeInputError(
      `each filter has ${filterChannels} channel${filterChannels === 1 ? '' : 's'} but the input has ${channels}; they must match`,
      'filters',
    );
  }
  if (filterHeight > padding.top + height + padding.bottom || filterWidth > padding.left + width + padding.right) {
    throw new ComputeInputError(
      `filter ${filterHeight}×${filterWidth} does not fit a ${height}×${width} input with ${describePadding(padding)}`,
      'filters',
    );
  }
  if (bias !== undefined) {
    if (bias.length !== count) {
      throw new ComputeInputError(`bias has ${bias.length} values; there are ${count} filters`, 'bias');
    }
    requireFinite('bias', bias);
  }
  return {
    batch,
    height,
    width,
    channels,
    filterHeight,
    filterWidth,
    filters: count,
    padding,
    strideH,
    strideW,
    outHeight: positionsAlong(height, filterHeight, padding.top, padding.bottom, strideH),
    outWidth: positionsAlong(width, filterWidth, padding.left, padding.right, strideW),
  };
}

/** One output position: output[batch, row, col, filter]. */
export interface Position {
  row: number;
  col: number;
  filter?: number;
  batch?: number;
}

/** Everything a stepper shows for one output value. Arrays are in window order: row, column, channel. */
export interface ConvStep {
  row: number;
  col: number;
  filter: number;
  /** Top-left corner of the window in padded-input coordinates. */
  top: number;
  left: number;
  window: Float64Array;
  weights: Float64Array;
  products: Float64Array;
  /** Σ window·weights, before the bias. */
  sum: number;
  bias: number;
  /** sum + bias. */
  z: number;
  /** The activation of z: what lands in the output cell. */
  value: number;
}

function applyActivation(z: number, activation: Activation): number {
  return activation === 'relu' ? Math.max(0, z) : z;
}

function checkPosition(at: Position, outHeight: number, outWidth: number, filters: number, batch: number): void {
  requireInt('output row', at.row, 0, outHeight - 1);
  requireInt('output column', at.col, 0, outWidth - 1);
  requireInt('filter', at.filter ?? 0, 0, filters - 1);
  requireInt('batch index', at.batch ?? 0, 0, batch - 1);
}

/**
 * The narration of one output value, computed with plain loops in float64.
 * `padded` may be passed in when stepping through many positions, to pad the input once.
 */
export function convWindow(input: Tensor4, filters: Tensor4, options: ConvOptions, at: Position, padded?: Tensor4): ConvStep {
  const g = convGeometry(input, filters, options);
  checkPosition(at, g.outHeight, g.outWidth, g.filters, g.batch);
  return narrate(g, padded ?? pad2d(input, g.padding), filters, options, at);
}

/** `convWindow` without the checks: the geometry is valid, `source` is the padded input, `at` is inside. */
function narrate(g: ConvGeometry, source: Tensor4, filters: Tensor4, options: ConvOptions, at: Position): ConvStep {
  const k = at.filter ?? 0;
  const n = at.batch ?? 0;
  const top = at.row * g.strideH;
  const left = at.col * g.strideW;
  const size = g.filterHeight * g.filterWidth * g.channels;
  const window = new Float64Array(size);
  const weights = new Float64Array(size);
  const products = new Float64Array(size);
  let sum = 0;
  let i = 0;
  for (let dy = 0; dy < g.filterHeight; dy++)
    for (let dx = 0; dx < g.filterWidth; dx++)
      for (let c = 0; c < g.channels; c++, i++) {
        window[i] = source.data[index4(source.shape, n, top + dy, left + dx, c)]!;
        weights[i] = filters.data[index4(filters.shape, dy, dx, c, k)]!;
        products[i] = window[i]! * weights[i]!;
        sum += products[i]!;
      }
  const bias = options.bias?.[k] ?? 0;
  const z = sum + bias;
  return { row: at.row, col: at.col, filter: k, top, left, window, weights, products, sum, bias, z, value: applyActivation(z, options.activation ?? 'linear') };
}

/**
 * Every output value, position by position through the same narration as `convWindow` (float64). The
 * inputs are checked once, not at every position (checking the whole input per window made a 128×96
 * picture cost O((h·w)²)).
 */
export function convByWindows(input: Tensor4, filters: Tensor4, options: ConvOptions = {}): Tensor4 {
  const g = convGeometry(input, filters, options);
  const padded = pad2d(input, g.padding);
  const out = zeros4([g.batch, g.outHeight, g.outWidth, g.filters]);
  for (let batch = 0; batch < g.batch; batch++)
    for (let row = 0; row < g.outHeight; row++)
      for (let col = 0; col < g.outWidth; col++)
        for (let filter = 0; filter < g.filters; filter++) {
          out.data[index4(out.shape, batch, row, col, filter)] = narrate(g, padded, filters, options, { row, col, filter, batch }).value;
        }
  return out;
}

/** The layer's output computed by TensorFlow.js (tf.conv2d, then bias and activation), as float32. */
export async function conv2d(input: Tensor4, filters: Tensor4, options: ConvOptions = {}): Promise<Tensor4> {
  const g = convGeometry(input, filters, options);
  const tf = await loadTf();
  const y = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(input.data), [...input.shape]);
    const w = tf.tensor4d(Float32Array.from(filters.data), [...filters.shape]);
    const { top, bottom, left, right } = g.padding;
    // Always explicit padding per side: with a single number tfjs 4.x sizes both axes from the filter's
    // height (wrong for non-square filters), and 'same' pads unevenly at stride > 1 (CONVENTIONS.md).
    let z = tf.conv2d(x, w, [g.strideH, g.strideW], [[0, 0], [top, bottom], [left, right], [0, 0]]);
    if (options.bias) z = tf.add(z, tf.tensor1d(Float32Array.from(options.bias)));
    return options.activation === 'relu' ? tf.relu(z) : z;
  });
  try {
    return { data: (await y.data()) as Float32Array, shape: y.shape as unknown as Shape4 };
  } finally {
    y.dispose();
  }
}

export type PoolMode = 'max' | 'avg';

export interface PoolOptions {
  mode: PoolMode;
  /** Window size: one number (a square window) or [rows, columns]. */
  size: PerAxis;
  /** One number or [rows, columns]. Default: equal to size, the usual choice (f = s = 2 halves each side). */
  stride?: PerAxis;
}

const NO_PADDING: Padding = { top: 0, bottom: 0, left: 0, right: 0 };

export interface PoolStep {
  row: number;
  col: number;
  channel: number;
  top: number;
  left: number;
  window: Float64Array;
  /** Index in `window` of the maximum (first one on ties), or −1 for average pooling. */
  argmax: number;
  value: number;
}

/** Validates a pooling's inputs; pooling has no padding here, as in the course. Returns the geometry. */
export function poolGeometry(input: Tensor4, options: PoolOptions): ConvGeometry {
  checkTensor('input', input);
  const [filterHeight, filterWidth] = perAxis('pool size f', options.size, 1);
  const [strideH, strideW] = options.stride === undefined ? [filterHeight, filterWidth] : perAxis('stride', options.stride, 1);
  const [batch, height, width, channels] = input.shape;
  if (filterHeight > height || filterWidth > width) {
    throw new ComputeInputError(`pool window ${filterHeight}×${filterWidth} does not fit a ${height}×${width} input`, 'size');
  }
  return {
    batch, height, width, channels, filterHeight, filterWidth, filters: channels, padding: NO_PADDING, strideH, strideW,
    outHeight: positionsAlong(height, filterHeight, 0, 0, strideH),
    outWidth: positionsAlong(width, filterWidth, 0, 0, strideW),
  };
}

/** One pooled value, channel by channel (pooling never mixes channels and learns nothing). */
export function poolWindow(input: Tensor4, options: PoolOptions, at: Position): PoolStep {
  const g = poolGeometry(input, options);
  checkPosition(at, g.outHeight, g.outWidth, g.channels, g.batch);
  const channel = at.filter ?? 0;
  const n = at.batch ?? 0;
  const top = at.row * g.strideH;
  const left = at.col * g.strideW;
  const window = new Float64Array(g.filterHeight * g.filterWidth);
  let argmax = 0;
  let sum = 0;
  for (let dy = 0, i = 0; dy < g.filterHeight; dy++)
    for (let dx = 0; dx < g.filterWidth; dx++, i++) {
      window[i] = input.data[index4(input.shape, n, top + dy, left + dx, channel)]!;
      sum += window[i]!;
      if (window[i]! > window[argmax]!) argmax = i;
    }
  const isMax = options.mode === 'max';
  return { row: at.row, col: at.col, channel, top, left, window, argmax: isMax ? argmax : -1, value: isMax ? window[argmax]! : sum / window.length };
}

/** Max or average pooling by TensorFlow.js ('valid' windows), as float32. */
export async function pool2d(input: Tensor4, options: PoolOptions): Promise<Tensor4> {
  const g = poolGeometry(input, options);
  const tf = await loadTf();
  const y = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(input.data), [...input.shape]);
    const pool = options.mode === 'max' ? tf.maxPool : tf.avgPool;
    return pool(x, [g.filterHeight, g.filterWidth], [g.strideH, g.strideW], 'valid');
  });
  try {
    return { data: (await y.data()) as Float32Array, shape: y.shape as unknown as Shape4 };
  } finally {
    y.dispose();
  }
}
