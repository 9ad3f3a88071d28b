import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  conv2d, convByWindows, convGeometry, convOutputSize, convParamCount, convWindow,
  pool2d, poolWindow, samePadding,
} from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { loadTf } from '~/compute/tf';
import { filterFromGrid, fromGrid, fromHWC, toGrid, type Tensor4 } from '~/compute/volume';
import { flat, refConv, refPool, type Img, type Kernel } from './reference';

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

/** A random conv problem whose filter always fits. */
const convCase = fc
  .record({
    h: fc.integer({ min: 1, max: 7 }), w: fc.integer({ min: 1, max: 7 }), c: fc.integer({ min: 1, max: 3 }),
    f: fc.integer({ min: 1, max: 4 }), k: fc.integer({ min: 1, max: 3 }),
    p: fc.integer({ min: 0, max: 2 }), s: fc.integer({ min: 1, max: 3 }), relu: fc.boolean(), seed: fc.integer(),
  })
  .filter(({ h, w, f, p }) => f <= h + 2 * p && f <= w + 2 * p)
  .map((q) => {
    let r = q.seed;
    const next = () => ((r = (Math.imul(r, 1103515245) + 12345) | 0), (((r >>> 8) % 19) - 9)); // small integers, exact in float32
    const x: Img = Array.from({ length: q.h }, () => Array.from({ length: q.w }, () => Array.from({ length: q.c }, next)));
    const kern: Kernel = Array.from({ length: q.f }, () => Array.from({ length: q.f }, () => Array.from({ length: q.c }, () => Array.from({ length: q.k }, next))));
    const bias = Array.from({ length: q.k }, next);
    return { ...q, x, kern, bias };
  });

const asTensor = (x: Img): Tensor4 => fromHWC(x);
const asFilters = (k: Kernel): Tensor4 => ({ data: Float64Array.from(k.flat(3)), shape: [k.length, k[0]!.length, k[0]![0]!.length, k[0]![0]![0]!.length] });

describe('agrees with a naive reference on random shapes', () => {
  it('convByWindows (plain loops) equals the reference exactly', () => {
    fc.assert(fc.property(convCase, (q) => {
      const opts = { stride: q.s, padding: q.p, bias: q.bias, activation: q.relu ? 'relu' as const : 'linear' as const };
      const got = convByWindows(asTensor(q.x), asFilters(q.kern), opts);
      expect([...got.data]).toEqual(flat(refConv(q.x, q.kern, q.s, q.p, q.bias, q.relu)));
    }), { numRuns: 300 });
  });

  it('conv2d (tfjs) equals the reference on integer data', async () => {
    await fc.assert(fc.asyncProperty(convCase, async (q) => {
      const opts = { stride: q.s, padding: q.p, bias: q.bias, activation: q.relu ? 'relu' as const : 'linear' as const };
      const got = await conv2d(asTensor(q.x), asFilters(q.kern), opts);
      const want = refConv(q.x, q.kern, q.s, q.p, q.bias, q.relu);
      expect(got.shape).toEqual([1, want.length, want[0]!.length, q.k]);
      expect([...got.data]).toEqual(flat(want).map((v) => v + 0)); // +0 folds −0 into 0, as float32 output has it
    }), { numRuns: 150 });
  });

  it('pool2d (tfjs) and poolWindow equal the reference', async () => {
    await fc.assert(fc.asyncProperty(convCase, fc.constantFrom('max' as const, 'avg' as const), async (q, mode) => {
      const size = Math.min(q.f, q.h, q.w);
      const want = refPool(q.x, size, q.s, mode);
      const got = await pool2d(asTensor(q.x), { mode, size, stride: q.s });
      got.data.forEach((v, i) => expect(v).toBeCloseTo(flat(want)[i]!, 5));
      const first = poolWindow(asTensor(q.x), { mode, size, stride: q.s }, { row: 0, col: 0 });
      expect(first.value).toBeCloseTo(want[0]![0]![0]!, 12);
    }), { numRuns: 150 });
  });
});

afterAll(async () => {
  const tf = await loadTf();
  // Every tfjs call disposes what it made: a leak here would grow memory on each widget step.
  expect(tf.memory().numTensors).toBe(0);
});
