/**
 * Plain-data tensors that cross the compute module's boundary (a tf.Tensor never does).
 * Layouts, stated once (see CONVENTIONS.md):
 *   activations  NHWC  [batch, height, width, channels], row-major, channels fastest;
 *   conv filters HWIO  [f_h, f_w, channelsIn, channelsOut]  (tf.conv2d's layout).
 */
export type Shape4 = readonly [number, number, number, number];

export interface Tensor4 {
  readonly data: Float64Array | Float32Array;
  readonly shape: Shape4;
}

/** Flat index of element [a, b, c, d] in a row-major 4-D array. */
export function index4(shape: Shape4, a: number, b: number, c: number, d: number): number {
  return ((a * shape[1] + b) * shape[2] + c) * shape[3] + d;
}

export function zeros4(shape: Shape4): Tensor4 {
  return { data: new Float64Array(shape[0] * shape[1] * shape[2] * shape[3]), shape };
}

/**
 * Builds an NHWC tensor (batch 1) from a nested array indexed [row][col][channel].
 * Example: one 2×2 grayscale image is `fromHWC([[[1],[2]],[[3],[4]]])`.
 */
export function fromHWC(rows: readonly (readonly (readonly number[])[])[]): Tensor4 {
  const h = rows.length;
  const w = rows[0]?.length ?? 0;
  const c = rows[0]?.[0]?.length ?? 0;
  const data = new Float64Array(h * w * c);
  rows.forEach((row, i) => {
    if (row.length !== w) throw new RangeError(`row ${i} has ${row.length} cells; row 0 has ${w}`);
    row.forEach((cell, j) => {
      if (cell.length !== c) throw new RangeError(`cell (${i}, ${j}) has ${cell.length} channels; expected ${c}`);
      data.set(cell, (i * w + j) * c);
    });
  });
  return { data, shape: [1, h, w, c] };
}

/** A single-channel image from a 2-D grid: shape [1, h, w, 1]. */
export function fromGrid(grid: readonly (readonly number[])[]): Tensor4 {
  return fromHWC(grid.map((row) => row.map((v) => [v])));
}

/** A single filter (one output channel) from a 2-D grid: shape [f_h, f_w, 1, 1]. */
export function filterFromGrid(grid: readonly (readonly number[])[]): Tensor4 {
  return { data: fromGrid(grid).data, shape: [grid.length, grid[0]?.length ?? 0, 1, 1] };
}

/** Channel `c` of batch item `n` as a 2-D grid (for drawing and for tests). */
export function toGrid(t: Tensor4, c = 0, n = 0): number[][] {
  const [, h, w] = t.shape;
  return Array.from({ length: h }, (_, i) => Array.from({ length: w }, (_, j) => t.data[index4(t.shape, n, i, j, c)]!));
}

/** Rows (top, bottom) or columns (left, right) of zeros added on each side of an image. */
export interface Padding {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

/** Zero-pads the two spatial dimensions by the given number of cells on each side. */
export function pad2d(t: Tensor4, p: Padding): Tensor4 {
  if (p.top === 0 && p.bottom === 0 && p.left === 0 && p.right === 0) return t;
  const [n, h, w, c] = t.shape;
  const out = zeros4([n, p.top + h + p.bottom, p.left + w + p.right, c]);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < h; i++) {
      const from = index4(t.shape, b, i, 0, 0);
      out.data.set(t.data.subarray(from, from + w * c), index4(out.shape, b, i + p.top, p.left, 0));
    }
  return out;
}
