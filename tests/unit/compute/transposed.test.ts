import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convByWindows } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { cropCanvas, transposedAsConv, transposedCanvasTf, transposedConv, transposedGeometry, transposedOutputSize } from '~/compute/transposed';
import { filterFromGrid, fromGrid, toGrid } from '~/compute/volume';

const ONES2 = [[1, 1], [1, 1]];
const X = [[1, 2], [3, 4]];

/** Square grid of integers −4…4 (fast-check). */
const grid = (size: number) => fc.array(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: size, maxLength: size }), { minLength: size, maxLength: size });
const dot = (a: number[][], b: number[][]) => a.flat().reduce((s, v, i) => s + v * b.flat()[i]!, 0);

describe('hand-worked examples', () => {
  it('2×2 [[1,2],[3,4]] with a 2×2 kernel of ones at stride 2: four separate blocks', () => {
    const r = transposedConv(X, ONES2, { stride: 2 });
    expect(r.output).toEqual([[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4], [3, 3, 4, 4]]);
    expect(r.steps.map((s) => [s.top, s.left])).toEqual([[0, 0], [0, 2], [2, 0], [2, 2]]);
  });

  it('stride 1: the blocks overlap and sum, [[1,3,2],[4,10,6],[3,7,4]]', () => {
    const r = transposedConv(X, ONES2, { stride: 1 });
    expect(r.output).toEqual([[1, 3, 2], [4, 10, 6], [3, 7, 4]]);
    expect(r.terms[1]![1]!.map((t) => t.value)).toEqual([1, 2, 3, 4]);
    expect(r.steps[1]!.canvas).toEqual([[1, 3, 2], [1, 3, 2], [0, 0, 0]]);
  });

  it('the course example: 2×2 in, 3×3 kernel, s = 2, p = 1, op = 1 gives 4×4 (centre cell 2·1 + 1·0 + 3·1 + 2·1 = 7)', () => {
    const r = transposedConv([[2, 1], [3, 2]], [[1, 2, 1], [2, 0, 1], [0, 2, 1]], { stride: 2, padding: 1, outputPadding: 1 });
    expect(r.geometry.canvasSize).toBe(5);
    expect(r.canvas).toEqual([[2, 4, 3, 2, 1], [4, 0, 4, 0, 1], [3, 10, 7, 6, 3], [6, 0, 7, 0, 2], [0, 6, 3, 4, 2]]);
    expect(r.output).toEqual([[0, 4, 0, 1], [10, 7, 6, 3], [0, 7, 0, 2], [6, 3, 4, 2]]);
  });

  it('padding crops and output padding takes rows from the canvas when p > 0, zeros beyond it', () => {
    const r = transposedConv(X, ONES2, { stride: 2, padding: 1, outputPadding: 1 });
    expect(r.output).toEqual([[1, 2, 2], [3, 4, 4], [3, 4, 4]]);
    const zero = transposedConv(X, ONES2, { stride: 2, outputPadding: 1, bias: 0.5 });
    expect(zero.output[4]).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(zero.output.map((r) => r[4])).toEqual([0.5, 0.5, 0.5, 0.5, 0.5]);
  });

  it('output size (n − 1)·s − 2p + f + op', () => {
    expect(transposedOutputSize(2, 3, 2, 1, 1)).toBe(4);
    expect(transposedOutputSize(4, 4, 2, 1)).toBe(8); // the DCGAN doubling
    expect(transposedOutputSize(3, 3, 1, 1)).toBe(3); // "same" at stride 1
    expect(transposedOutputSize(5, 2, 3)).toBe(14);
  });
});

describe('errors', () => {
  it('refuses op ≥ s, padding that crops everything, non-square grids and non-finite values', () => {
    expect(() => transposedGeometry(2, 3, { stride: 2, outputPadding: 2 })).toThrow(/output padding op = 2 must be smaller than the stride s = 2/);
    expect(() => transposedGeometry(2, 2, { stride: 1, padding: 2 })).toThrow(ComputeInputError);
    expect(() => transposedGeometry(2, 2, { stride: 1, padding: 2 })).toThrow(/crops the whole 3×3 canvas/);
    expect(() => transposedConv([[1, 2]], ONES2)).toThrow(/input must be square/);
    expect(() => transposedConv(X, [[1], [2]])).toThrow(/kernel must be square/);
    expect(() => transposedConv([[1, Number.NaN], [1, 1]], ONES2)).toThrow(/non-finite/);
    expect(() => transposedGeometry(2, 2, { stride: 0 })).toThrow(/stride s must be an integer ≥ 1/);
  });
});

const setting = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), f: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 3 }), op: fc.integer({ min: 0, max: 2 }) })
  .filter(({ n, f, s, p, op }) => op < s && (n - 1) * s - 2 * p + f + op >= 1)
  .chain((c) => fc.record({ c: fc.constant(c), x: grid(c.n), w: grid(c.f) }));

describe('three paths agree', () => {
  it('scatter-add = ordinary convolution over the zero-inserted, padded input with the kernel rotated 180° (any p, cropping when f − 1 − p < 0)', () => {
    fc.assert(
      fc.property(setting, ({ c, x, w }) => {
        const o = { stride: c.s, padding: c.p, outputPadding: c.op };
        const direct = transposedAsConv(x, w, o);
        expect(direct.output).toEqual(transposedConv(x, w, o).output);
        expect(direct.padBefore).toBe(c.f - 1 - c.p);
        // and through the library's own convolution when the padding is a real padding
        if (direct.padded.length >= c.f) expect(toGrid(convByWindows(fromGrid(direct.padded), filterFromGrid(direct.flipped)))).toEqual(direct.output.map((r) => r.map((v) => v + 0)));
      }),
      { numRuns: 300 },
    );
  });

  it('tf.conv2dTranspose with valid padding gives the full canvas; cropped, the output', async () => {
    await fc.assert(
      fc.asyncProperty(setting, async ({ c, x, w }) => {
        const r = transposedConv(x, w, { stride: c.s, padding: c.p, outputPadding: c.op });
        const tf = await transposedCanvasTf(x, w, c.s);
        expect(tf.shape).toEqual([1, r.geometry.canvasSize, r.geometry.canvasSize, 1]);
        toGrid(tf).flat().forEach((v, i) => expect(v).toBeCloseTo(r.canvas.flat()[i]!, 4));
        expect(cropCanvas(toGrid(tf), r.geometry)).toEqual(r.output.map((row) => row.map((v) => Math.fround(v))));
      }),
      { numRuns: 40 },
    );
  });
});

describe('adjoint', () => {
  it('⟨conv(x, w, s, p), y⟩ = ⟨x, convT(y, w, s, p, op)⟩ with op = (m + 2p − f) mod s restoring the size', () => {
    const shapes = fc
      .record({ m: fc.integer({ min: 1, max: 7 }), f: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }) })
      .filter(({ m, f, p }) => f <= m + 2 * p)
      .chain((c) => {
        const out = Math.floor((c.m + 2 * c.p - c.f) / c.s) + 1;
        return fc.record({ c: fc.constant({ ...c, out }), x: grid(c.m), y: grid(out), w: grid(c.f) });
      });
    fc.assert(
      fc.property(shapes, ({ c, x, y, w }) => {
        const op = (c.m + 2 * c.p - c.f) % c.s;
        const conv = toGrid(convByWindows(fromGrid(x), filterFromGrid(w), { stride: c.s, padding: c.p }));
        const back = transposedConv(y, w, { stride: c.s, padding: c.p, outputPadding: op }).output;
        expect(back.length).toBe(c.m);
        expect(dot(conv, y)).toBe(dot(x, back));
      }),
      { numRuns: 300 },
    );
  });
});
