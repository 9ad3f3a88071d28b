/**
 * Transposed convolution (Course 4, week 3: the up-sampling half of a U-Net), with PyTorch's
 * `conv_transpose2d` semantics, one channel in and one out (enough to see every idea; more channels
 * only add sums over them). Square inputs n×n, square kernels f×f, the same stride s, padding p and
 * output padding op along both axes.
 *
 * Three ways to the same numbers:
 *   - `transposedConv`: the scatter-add picture, float64 loops. Every input value x[i][j] times the whole
 *     kernel is added into a canvas of size (n − 1)·s + f at offset (i·s, j·s); then p rows and columns are
 *     cropped from every side and op extra rows and columns kept at the bottom and right:
 *     output[y][x] = canvas[y + p][x + p] (zero beyond the canvas), output size (n − 1)·s − 2p + f + op.
 *     Returns every step (for a stepper), the full canvas with the terms of each cell, and the output.
 *   - `transposedAsConv`: the same result as an ordinary convolution (cross-correlation, CONVENTIONS.md)
 *     over the input with s − 1 zeros inserted between values, padded by f − 1 − p on top/left and
 *     f − 1 − p + op on bottom/right, with the kernel rotated 180°. When f − 1 − p < 0 the "padding" is a
 *     crop of the zero-inserted input (negative padding); the result is the same.
 *   - `transposedCanvasTf`: tf.conv2dTranspose. TF.js computes the transpose (gradient) of its own conv2d,
 *     which is exactly our scatter-add with the kernel unflipped; with 'valid' padding and outputShape set
 *     to the full canvas it returns the canvas, which we crop ourselves (float64) to get the output.
 * Grids are row-major nested arrays (`grid[row][col]`); the tfjs path returns a Tensor4 [1, H, W, 1].
 */
import { ComputeInputError, requireFinite, requireInt } from './errors';
import { loadTf } from './tf';
import type { Shape4, Tensor4 } from './volume';

export type Grid = number[][];

export interface TransposedOptions {
  /** Default 1. */
  stride?: number;
  /** Rows and columns cropped from every side of the canvas. Default 0. */
  padding?: number;
  /** Extra rows and columns kept at the bottom and right; must be < stride. Default 0. */
  outputPadding?: number;
  /** Added to every output value. Default 0. */
  bias?: number;
}

export interface TransposedGeometry {
  n: number;
  f: number;
  stride: number;
  padding: number;
  outputPadding: number;
  /** (n − 1)·s + f: the full canvas every block lands on. */
  canvasSize: number;
  /** (n − 1)·s − 2p + f + op. */
  outSize: number;
}

/** One input value's contribution: the block value × kernel placed at (top, left) on the canvas. */
export interface ScatterStep {
  /** Input cell index, row by row. */
  index: number;
  row: number;
  col: number;
  value: number;
  top: number;
  left: number;
  /** value × kernel, f×f. */
  block: Grid;
  /** The canvas after this block was added. */
  canvas: Grid;
}

/** One term of a canvas cell: input (row, col) times kernel (dy, dx). */
export interface Term {
  row: number;
  col: number;
  dy: number;
  dx: number;
  value: number;
  weight: number;
}

export interface TransposedResult {
  geometry: TransposedGeometry;
  steps: ScatterStep[];
  canvas: Grid;
  /** terms[y][x]: every contribution summed into canvas cell (y, x), in step order. */
  terms: Term[][][];
  output: Grid;
  bias: number;
}

function checkSquare(field: string, grid: Grid, min: number, max: number): number {
  const size = grid.length;
  if (size < min || size > max || grid.some((r) => r.length !== size)) {
    const shape = `${grid.length}×${grid[0]?.length ?? 0}`;
    throw new ComputeInputError(`${field} must be square, from ${min}×${min} to ${max}×${max}; it is ${shape}`, field);
  }
  requireFinite(field, grid.flat());
  return size;
}

/** Validates the sizes and settings; throws ComputeInputError with a sentence for a reader. */
export function transposedGeometry(n: number, f: number, options: TransposedOptions = {}): TransposedGeometry {
  const stride = options.stride ?? 1;
  const padding = options.padding ?? 0;
  const outputPadding = options.outputPadding ?? 0;
  requireInt('input size n', n, 1);
  requireInt('kernel size f', f, 1);
  requireInt('stride s', stride, 1);
  requireInt('padding p', padding, 0);
  requireInt('output padding op', outputPadding, 0);
  if (outputPadding >= stride) {
    throw new ComputeInputError(
      `output padding op = ${outputPadding} must be smaller than the stride s = ${stride} (PyTorch requires op < s): it only picks among the output sizes one stride can reach`,
      'outputPadding',
    );
  }
  const canvasSize = (n - 1) * stride + f;
  const outSize = canvasSize - 2 * padding + outputPadding;
  if (outSize < 1) {
    throw new ComputeInputError(
      `padding p = ${padding} crops the whole ${canvasSize}×${canvasSize} canvas away: (n − 1)·s − 2p + f + op = ${outSize}`,
      'padding',
    );
  }
  return { n, f, stride, padding, outputPadding, canvasSize, outSize };
}

/** (n − 1)·s − 2p + f + op, the output size along each axis. */
export function transposedOutputSize(n: number, f: number, s = 1, p = 0, op = 0): number {
  return transposedGeometry(n, f, { stride: s, padding: p, outputPadding: op }).outSize;
}

const zeros = (h: number, w = h): Grid => Array.from({ length: h }, () => new Array<number>(w).fill(0));

/** The scatter-add picture, step by step (float64). */
export function transposedConv(input: Grid, kernel: Grid, options: TransposedOptions = {}): TransposedResult {
  const n = checkSquare('input', input, 1, 64);
  const f = checkSquare('kernel', kernel, 1, 64);
  const bias = options.bias ?? 0;
  requireFinite('bias', [bias]);
  const g = transposedGeometry(n, f, options);
  const canvas = zeros(g.canvasSize);
  const terms: Term[][][] = canvas.map((r) => r.map(() => []));
  const steps: ScatterStep[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const value = input[i]![j]!;
      const top = i * g.stride;
      const left = j * g.stride;
      const block = kernel.map((r) => r.map((w) => value * w));
      for (let dy = 0; dy < f; dy++)
        for (let dx = 0; dx < f; dx++) {
          canvas[top + dy]![left + dx]! += block[dy]![dx]!;
          terms[top + dy]![left + dx]!.push({ row: i, col: j, dy, dx, value, weight: kernel[dy]![dx]! });
        }
      steps.push({ index: i * n + j, row: i, col: j, value, top, left, block, canvas: canvas.map((r) => [...r]) });
    }
  return { geometry: g, steps, canvas, terms, output: cropCanvas(canvas, g, bias), bias };
}

/** output[y][x] = canvas[y + p][x + p] + bias, zero beyond the canvas (PyTorch's output padding). */
export function cropCanvas(canvas: Grid, g: TransposedGeometry, bias = 0): Grid {
  const at = (y: number, x: number) => (y < g.canvasSize && x < g.canvasSize ? canvas[y]![x]! : 0);
  return Array.from({ length: g.outSize }, (_, y) => Array.from({ length: g.outSize }, (_, x) => at(y + g.padding, x + g.padding) + bias));
}

export interface DirectView {
  /** The input with s − 1 zeros between neighbours: (n − 1)·s + 1 square. */
  zeroInserted: Grid;
  /** f − 1 − p: zeros added on top and left (negative: rows and columns cropped instead). */
  padBefore: number;
  /** f − 1 − p + op on bottom and right (negative: cropped). */
  padAfter: number;
  /** What the rotated kernel slides over. */
  padded: Grid;
  /** The kernel rotated 180°. */
  flipped: Grid;
  /** Valid cross-correlation of `padded` with `flipped`, plus the bias: equals the transposed convolution. */
  output: Grid;
  /** Whether cell (y, x) of `padded` holds an input value (not an inserted or padding zero). */
  isInput: (y: number, x: number) => boolean;
}

/** The same result as an ordinary stride-1 convolution over the zero-inserted, padded input with the kernel flipped. */
export function transposedAsConv(input: Grid, kernel: Grid, options: TransposedOptions = {}): DirectView {
  const n = checkSquare('input', input, 1, 64);
  const f = checkSquare('kernel', kernel, 1, 64);
  const g = transposedGeometry(n, f, options);
  const bias = options.bias ?? 0;
  const s = g.stride;
  const inserted = (n - 1) * s + 1;
  const zeroInserted = zeros(inserted);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) zeroInserted[i * s]![j * s] = input[i]![j]!;
  const padBefore = f - 1 - g.padding;
  const padAfter = padBefore + g.outputPadding;
  const size = inserted + padBefore + padAfter;
  const source = (y: number, x: number) => {
    const a = y - padBefore;
    const b = x - padBefore;
    return a >= 0 && b >= 0 && a < inserted && b < inserted ? { a, b } : null;
  };
  const padded = Array.from({ length: size }, (_, y) =>
    Array.from({ length: size }, (_, x) => {
      const at = source(y, x);
      return at ? zeroInserted[at.a]![at.b]! : 0;
    }),
  );
  const flipped = kernel.map((_, dy) => kernel[f - 1 - dy]!.map((_, dx) => kernel[f - 1 - dy]![f - 1 - dx]!));
  const output = Array.from({ length: g.outSize }, (_, y) =>
    Array.from({ length: g.outSize }, (_, x) => {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) sum += padded[y + dy]![x + dx]! * flipped[dy]![dx]!;
      return sum + bias;
    }),
  );
  const isInput = (y: number, x: number) => {
    const at = source(y, x);
    return !!at && at.a % s === 0 && at.b % s === 0;
  };
  return { zeroInserted, padBefore, padAfter, padded, flipped, output, isInput };
}

/**
 * The full canvas from tf.conv2dTranspose (float32): x [1, n, n, 1], filter [f, f, 1, 1] unflipped,
 * outputShape [1, C, C, 1] with C = (n − 1)·s + f, strides s, 'valid'. Crop it with `cropCanvas`.
 */
export async function transposedCanvasTf(input: Grid, kernel: Grid, stride = 1): Promise<Tensor4> {
  const n = checkSquare('input', input, 1, 64);
  const f = checkSquare('kernel', kernel, 1, 64);
  const { canvasSize } = transposedGeometry(n, f, { stride });
  const tf = await loadTf();
  const y = tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(input.flat()), [1, n, n, 1]);
    const w = tf.tensor4d(Float32Array.from(kernel.flat()), [f, f, 1, 1]);
    return tf.conv2dTranspose(x, w, [1, canvasSize, canvasSize, 1], stride, 'valid');
  });
  try {
    return { data: (await y.data()) as Float32Array, shape: y.shape as unknown as Shape4 };
  } finally {
    y.dispose();
  }
}
