import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conv2d, convByWindows, convGeometry, convOutputSize, convParamCount, convWindow,
  pool2d, poolGeometry, poolWindow, samePadding, type ConvOptions, type Padding, type PerAxis, type PoolOptions,
} from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { loadTf } from '~/compute/tf';
import { filterFromGrid, fromGrid, fromHWC, index4, toGrid, zeros4, type Tensor4 } from '~/compute/volume';
import { flat, refConv, refPool, type Img, type Kernel, type Pads, type Pair } from './reference';

let baselineTensors = 0;
beforeAll(async () => {
  baselineTensors = (await loadTf()).memory().numTensors;
});

const EDGE_6x6 = Array.from({ length: 6 }, () => [10, 10, 10, 0, 0, 0]);
const VERTICAL = [[1, 0, -1], [1, 0, -1], [1, 0, -1]];

describe('course examples', () => {
  it('the 6×6 vertical-edge image convolved with the vertical filter gives rows 0 30 30 0', async () => {
    const expected = Array.from({ length: 4 }, () => [0, 30, 30, 0]);
    expect(toGrid(convByWindows(fromGrid(EDGE_6x6), filterFromGrid(VERTICAL)))).toEqual(expected);
    expect(toGrid(await conv2d(fromGrid(EDGE_6x6), filterFromGrid(VERTICAL)))).toEqual(expected);
  });

  it('the window at output (0, 1) is columns 1–3 and its products sum to 30', () => {
    const step = convWindow(fromGrid(EDGE_6x6), filterFromGrid(VERTICAL), {}, { row: 0, col: 1 });
    expect([step.top, step.left]).toEqual([0, 1]);
    expect([...step.window]).toEqual([10, 10, 0, 10, 10, 0, 10, 10, 0]);
    expect([...step.products]).toEqual([10, 0, -0, 10, 0, -0, 10, 0, -0]);
    expect(step.sum).toBe(30);
  });

  it('output size ⌊(n + 2p − f)/s⌋ + 1 on the course numbers', () => {
    expect(convOutputSize(6, 3)).toBe(4); // 6×6 * 3×3 → 4×4
    expect(convOutputSize(6, 3, 1)).toBe(6); // same padding
    expect(convOutputSize(7, 3, 0, 2)).toBe(3);
    expect(convOutputSize(63, 7, 0, 2)).toBe(29);
    expect(convOutputSize(39, 3, 0, 1)).toBe(37);
    expect(convOutputSize(37, 5, 0, 2)).toBe(17);
  });

  it('100 filters of 5×5×3 with biases have 7,600 parameters', () => {
    expect(convParamCount(5, 3, 100)).toBe(7600);
    expect(convParamCount(5, 3, 100, false)).toBe(7500);
  });

  it('same padding is (f − 1)/2 and refuses even filters', () => {
    expect(samePadding(3)).toBe(1);
    expect(samePadding(5)).toBe(2);
    expect(() => samePadding(4)).toThrow(/odd/);
  });

  it('max pooling 4×4 with f = s = 2 keeps each quadrant’s largest value', async () => {
    const x = fromGrid([[1, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]]);
    expect(toGrid(await pool2d(x, { mode: 'max', size: 2 }))).toEqual([[9, 2], [6, 3]]);
    const step = poolWindow(x, { mode: 'max', size: 2 }, { row: 0, col: 0 });
    expect(step.value).toBe(9);
    expect(step.argmax).toBe(3);
    expect(toGrid(await pool2d(x, { mode: 'avg', size: 2 }))).toEqual([[3.75, 1.25], [3.75, 2]]);
  });

  it('a 6×6×3 volume with two 3×3×3 filters gives a 4×4×2 output', () => {
    const x = fromHWC(Array.from({ length: 6 }, () => Array.from({ length: 6 }, () => [1, 2, 3])));
    const w: Tensor4 = { data: new Float64Array(3 * 3 * 3 * 2).fill(1), shape: [3, 3, 3, 2] };
    const y = convByWindows(x, w, { bias: [0, -50] });
    expect(y.shape).toEqual([1, 4, 4, 2]);
    expect(toGrid(y, 0)[0]![0]).toBe(54); // 9·(1+2+3)
    expect(toGrid(y, 1)[0]![0]).toBe(4);
  });
});

describe('input validation says what is wrong', () => {
  it('rejects a filter that does not fit', () => {
    const x = fromGrid(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]));
    const w: Tensor4 = { data: new Float64Array(49), shape: [7, 7, 1, 1] };
    expect(() => convGeometry(x, w)).toThrow('filter 7×7 does not fit a 5×5 input with padding 0');
    expect(() => convOutputSize(5, 7)).toThrow('filter 7×7 does not fit a 5×5 input with padding 0');
    expect(convGeometry(x, w, { padding: 1 }).outHeight).toBe(1);
  });

  it('names every side of an uneven padding, and the axis of a bad stride or window', async () => {
    const x = fromGrid(Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]));
    const row7: Tensor4 = { data: new Float64Array(7), shape: [1, 7, 1, 1] };
    expect(() => convGeometry(x, row7)).toThrow('filter 1×7 does not fit a 5×5 input with padding 0');
    expect(() => convGeometry(x, row7, { padding: { top: 0, bottom: 0, left: 1, right: 0 } }))
      .toThrow('filter 1×7 does not fit a 5×5 input with padding top 0, bottom 0, left 1, right 0');
    expect(convGeometry(x, row7, { padding: { top: 0, bottom: 0, left: 1, right: 1 } }).outWidth).toBe(1);
    await expect(conv2d(x, row7)).rejects.toThrow(ComputeInputError);
    expect(() => convGeometry(x, filterFromGrid([[1]]), { stride: [1, 0] })).toThrow('stride along columns must be an integer ≥ 1; got 0');
    expect(() => convGeometry(x, filterFromGrid([[1]]), { padding: { top: 0, bottom: 0, left: -1, right: 0 } }))
      .toThrow('left padding must be an integer ≥ 0; got -1');
    expect(() => poolGeometry(x, { mode: 'max', size: [1, 6] })).toThrow('pool window 1×6 does not fit a 5×5 input');
    expect(() => poolGeometry(x, { mode: 'max', size: [2.5, 2] })).toThrow('pool size f along rows must be an integer ≥ 1; got 2.5');
  });

  it('rejects mismatched channels, bad lengths, bad strides and NaN', () => {
    const x = fromHWC([[[1, 2, 3]]]);
    expect(() => convGeometry(x, filterFromGrid([[1]]))).toThrow('each filter has 1 channel but the input has 3; they must match');
    expect(() => convGeometry({ data: new Float64Array(3), shape: [1, 2, 2, 1] }, filterFromGrid([[1]]))).toThrow(/has 3 values but its shape 1×2×2×1 needs 4/);
    expect(() => convGeometry(fromGrid([[1]]), filterFromGrid([[1]]), { stride: 0 })).toThrow(ComputeInputError);
    expect(() => convGeometry(fromGrid([[1]]), filterFromGrid([[1]]), { stride: 1.5 })).toThrow(/stride must be an integer/);
    expect(() => convGeometry(fromGrid([[Number.NaN]]), filterFromGrid([[1]]))).toThrow(/non-finite/);
    expect(() => convGeometry(fromGrid([[1]]), filterFromGrid([[1]]), { bias: [1, 2] })).toThrow('bias has 2 values; there are 1 filters');
    expect(() => convWindow(fromGrid([[1]]), filterFromGrid([[1]]), {}, { row: 1, col: 0 })).toThrow(/output row must be an integer from 0 to 0/);
  });
});

/** The options' forms made per axis / per side, written here independently of perAxis and perSide. */
const pairOf = (v: PerAxis): Pair => (typeof v === 'number' ? [v, v] : v);
const sidesOf = (p: number | Padding): Pads => (typeof p === 'number' ? { top: p, bottom: p, left: p, right: p } : { ...p });

/** Arrays nested to the given lengths, e.g. [h, w, c] for an image. */
const nested = (lengths: number[], leaf: fc.Arbitrary<number>): fc.Arbitrary<unknown> =>
  lengths.reduceRight<fc.Arbitrary<unknown>>((inner, n) => fc.array(inner, { minLength: n, maxLength: n }), leaf);

/** Small integers (exact, with ties and zeros) mixed with arbitrary doubles (float32 rounds them). */
const value = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.double({ min: -10, max: 10, noNaN: true }));
const side = fc.integer({ min: 0, max: 2 });
/** Each form the API accepts: one number, or one per axis. */
const perAxisArb = (max: number): fc.Arbitrary<PerAxis> =>
  fc.oneof(fc.integer({ min: 1, max }), fc.tuple(fc.integer({ min: 1, max }), fc.integer({ min: 1, max })));
const paddingArb: fc.Arbitrary<number | Padding> = fc.oneof(side, fc.record({ top: side, bottom: side, left: side, right: side }));

/** A random conv problem: non-square input and filter, per-axis stride, per-side padding; the filter fits. */
const convCase = fc
  .record({
    h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }), c: fc.integer({ min: 1, max: 3 }),
    fh: fc.integer({ min: 1, max: 4 }), fw: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 3 }),
    stride: perAxisArb(3), padding: paddingArb, relu: fc.boolean(), withBias: fc.boolean(),
  })
  .filter(({ h, w, fh, fw, padding }) => {
    const p = sidesOf(padding);
    return fh <= p.top + h + p.bottom && fw <= p.left + w + p.right;
  })
  .chain((d) =>
    fc.record({
      x: nested([d.h, d.w, d.c], value) as fc.Arbitrary<Img>,
      kern: nested([d.fh, d.fw, d.c, d.k], value) as fc.Arbitrary<Kernel>,
      bias: d.withBias ? fc.array(value, { minLength: d.k, maxLength: d.k }) : fc.constant(undefined),
    }).map((v) => ({ ...d, ...v })),
  );

/** A random pooling problem: non-square windows, per-axis or default strides; the window fits. */
const poolCase = fc
  .record({
    h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }), c: fc.integer({ min: 1, max: 3 }),
    size: perAxisArb(4), stride: fc.option(perAxisArb(3), { nil: undefined }), mode: fc.constantFrom('max' as const, 'avg' as const),
  })
  .filter(({ h, w, size }) => pairOf(size)[0] <= h && pairOf(size)[1] <= w)
  .chain((d) => (nested([d.h, d.w, d.c], value) as fc.Arbitrary<Img>).map((x) => ({ ...d, x })));

const asTensor = (x: Img): Tensor4 => fromHWC(x);
const asFilters = (k: Kernel): Tensor4 => ({ data: Float64Array.from(k.flat(3)), shape: [k.length, k[0]!.length, k[0]![0]!.length, k[0]![0]![0]!.length] });
const absAll = <T>(a: T): T => (Array.isArray(a) ? a.map(absAll) : Math.abs(a as number)) as T;

/** Shape [1, rows, columns, channels] of a reference result. */
const shapeOf = (img: Img): number[] => [1, img.length, img[0]!.length, img[0]![0]!.length];

/** Every value within its tolerance (NaN never is). */
function expectWithin(got: ArrayLike<number>, want: readonly number[], tolerance: (i: number) => number): void {
  expect(got.length).toBe(want.length);
  want.forEach((v, i) => expect(Math.abs(got[i]! - v), `value ${i}: got ${got[i]}, want ${v}`).toBeLessThanOrEqual(tolerance(i)));
}

/** Every pooled value through `poolWindow`, as the pool stepper builds it. */
function poolByWindows(input: Tensor4, options: PoolOptions): Tensor4 {
  const g = poolGeometry(input, options);
  const out = zeros4([g.batch, g.outHeight, g.outWidth, g.channels]);
  for (let row = 0; row < g.outHeight; row++)
    for (let col = 0; col < g.outWidth; col++)
      for (let filter = 0; filter < g.channels; filter++) out.data[index4(out.shape, 0, row, col, filter)] = poolWindow(input, options, { row, col, filter }).value;
  return out;
}

describe('agrees with a naive reference on random shapes', () => {
  it('conv2d (tfjs, float32), convByWindows (float64) and the reference: same shape, same values', async () => {
    await fc.assert(fc.asyncProperty(convCase, async (q) => {
      const options: ConvOptions = { stride: q.stride, padding: q.padding, activation: q.relu ? 'relu' : 'linear', ...(q.bias && { bias: q.bias }) };
      const pads = { stride: pairOf(q.stride), pad: sidesOf(q.padding) };
      const want = refConv(q.x, q.kern, { ...pads, bias: q.bias, relu: q.relu });
      // Rounding is bounded by the sum of |terms| (the value itself may cancel to near zero).
      const magnitude = flat(refConv(absAll(q.x), absAll(q.kern), { ...pads, bias: q.bias && absAll(q.bias) }));
      const narrated = convByWindows(asTensor(q.x), asFilters(q.kern), options);
      const layer = await conv2d(asTensor(q.x), asFilters(q.kern), options);
      expect(narrated.shape).toEqual(shapeOf(want));
      expect(layer.shape).toEqual(shapeOf(want));
      expectWithin(narrated.data, flat(want), (i) => 1e-12 * (1 + magnitude[i]!)); // float64, other summation order
      expectWithin(layer.data, flat(want), (i) => 1e-5 * (1 + magnitude[i]!)); // float32: a few ulps of the magnitude
      expectWithin(layer.data, [...narrated.data], (i) => 1e-5 * (1 + magnitude[i]!));
    }), { numRuns: 200 });
  });

  it('pool2d (tfjs, float32), poolWindow (float64) and the reference: same shape, same values', async () => {
    await fc.assert(fc.asyncProperty(poolCase, async (q) => {
      const options: PoolOptions = { mode: q.mode, size: q.size, ...(q.stride !== undefined && { stride: q.stride }) };
      const want = refPool(q.x, pairOf(q.size), pairOf(q.stride ?? q.size), q.mode);
      const narrated = poolByWindows(asTensor(q.x), options);
      const layer = await pool2d(asTensor(q.x), options);
      expect(narrated.shape).toEqual(shapeOf(want));
      expect(layer.shape).toEqual(shapeOf(want));
      expectWithin(narrated.data, flat(want), () => 1e-12);
      expectWithin(layer.data, flat(want), () => 1e-5); // |values| ≤ 10
    }), { numRuns: 150 });
  });
});

describe('non-square filters, per-axis strides, uneven padding (tfjs once sized both axes from the filter height)', () => {
  const EDGE = fromGrid(EDGE_6x6);

  it('a 1×3 filter with padding 1 on the 6×6 edge image gives 8×6: rows −10 0 10 10 0 0 between two zero rows', async () => {
    // Rows: ⌊(6 + 2 − 1)/1⌋ + 1 = 8; columns: ⌊(6 + 2 − 3)/1⌋ + 1 = 6. Row 1 of the padded image is 0 10 10 10 0 0 0 0.
    const row = [-10, 0, 10, 10, 0, 0];
    const expected = [[0, 0, 0, 0, 0, 0], ...Array.from({ length: 6 }, () => row), [0, 0, 0, 0, 0, 0]];
    const filter = filterFromGrid([[1, 0, -1]]);
    expect(toGrid(convByWindows(EDGE, filter, { padding: 1 }))).toEqual(expected);
    const layer = await conv2d(EDGE, filter, { padding: 1 });
    expect(layer.shape).toEqual([1, 8, 6, 1]);
    expect(toGrid(layer)).toEqual(expected.map((r) => r.map((v) => v + 0)));
  });

  it('a 3×1 filter (1, 2, 3) with padding 2 gives 8×10; a bright column reads 30 50 60 60 60 60 30 10', async () => {
    // Rows: ⌊(6 + 4 − 3)/1⌋ + 1 = 8; columns: ⌊(6 + 4 − 1)/1⌋ + 1 = 10. Padded columns 2–4 are bright.
    const filter = filterFromGrid([[1], [2], [3]]);
    const narrated = convByWindows(EDGE, filter, { padding: 2 });
    const layer = await conv2d(EDGE, filter, { padding: 2 });
    expect(narrated.shape).toEqual([1, 8, 10, 1]);
    expect(layer.shape).toEqual([1, 8, 10, 1]);
    const bright = [30, 50, 60, 60, 60, 60, 30, 10];
    for (const grid of [toGrid(narrated), toGrid(layer)]) {
      expect(grid.map((r) => r[2])).toEqual(bright);
      expect(grid.map((r) => r[4])).toEqual(bright);
      expect(grid.map((r) => r[5])).toEqual(Array(8).fill(0));
    }
  });

  it('uneven padding and per-axis stride: a 2×3 input, top 1 and right 2, stride [1, 2] picks columns 0, 2, 4', async () => {
    const x = fromGrid([[1, 2, 3], [4, 5, 6]]);
    const options: ConvOptions = { padding: { top: 1, bottom: 0, left: 0, right: 2 }, stride: [1, 2] };
    // Padded: 0 0 0 0 0 / 1 2 3 0 0 / 4 5 6 0 0; rows ⌊(2 + 1 − 1)/1⌋ + 1 = 3, columns ⌊(3 + 2 − 1)/2⌋ + 1 = 3.
    const expected = [[0, 0, 0], [1, 3, 0], [4, 6, 0]];
    expect(toGrid(convByWindows(x, filterFromGrid([[1]]), options))).toEqual(expected);
    expect(toGrid(await conv2d(x, filterFromGrid([[1]]), options))).toEqual(expected);
    expect(convWindow(x, filterFromGrid([[1]]), options, { row: 2, col: 1 })).toMatchObject({ top: 2, left: 2, value: 6 });
  });

  it('pools over 1×2 and 2×1 windows with matching strides', async () => {
    const x = fromGrid([[1, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]]);
    const wide = { mode: 'max', size: [1, 2] } as const;
    expect(toGrid(await pool2d(x, wide))).toEqual([[3, 2], [9, 1], [3, 3], [6, 2]]);
    expect(poolWindow(x, wide, { row: 1, col: 0 })).toMatchObject({ top: 1, left: 0, value: 9, argmax: 1 });
    expect(toGrid(await pool2d(x, { mode: 'avg', size: [2, 1], stride: [2, 1] }))).toEqual([[1.5, 6, 1.5, 1], [3, 4.5, 1.5, 2.5]]);
  });
});

afterAll(async () => {
  const tf = await loadTf();
  // Every tfjs call disposes what it made: a leak here would grow memory on each widget step.
  expect(tf.memory().numTensors).toBe(baselineTensors);
});
