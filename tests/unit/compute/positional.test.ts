import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import {
  angle, closestPosition, columnInfo, columnOf, comparePe, float32Tolerance, frequencies, frequency, halvesColumnOf, interleavedColumnOf,
  peDistance, peDistanceAtOffset, peDot, peDotAtOffset, peNorm, peValue, peVector, positionalEncoding, positionalEncodingTf, validatePe,
  wavelength, type PeLayout,
} from '~/compute/positional';
import { loadTf } from '~/compute/tf';

let baselineTensors = 0;
beforeAll(async () => {
  baselineTensors = (await loadTf()).memory().numTensors;
});
afterAll(async () => {
  expect((await loadTf()).memory().numTensors).toBe(baselineTensors);
});

/**
 * The formula exactly as the paper prints it, on nested arrays, written here without the module:
 * PE(pos, 2i) = sin(pos / 10000^{2i/d}), PE(pos, 2i+1) = cos(pos / 10000^{2i/d}).
 */
function naive(length: number, d: number, layout: PeLayout = 'interleaved', base = 10000): number[][] {
  const rows: number[][] = [];
  for (let pos = 0; pos < length; pos++) {
    const row: number[] = [];
    if (layout === 'interleaved') {
      for (let dim = 0; dim < d; dim++) {
        const i = Math.floor(dim / 2);
        const x = pos / Math.pow(base, (2 * i) / d);
        row.push(dim % 2 === 0 ? Math.sin(x) : Math.cos(x));
      }
    } else {
      const sines: number[] = [];
      const cosines: number[] = [];
      for (let i = 0; i < d / 2; i++) {
        const x = pos / Math.pow(base, (2 * i) / d);
        sines.push(Math.sin(x));
        cosines.push(Math.cos(x));
      }
      row.push(...sines, ...cosines);
    }
    rows.push(row);
  }
  return rows;
}

const rowsOf = (m: ArrayLike<number>, d: number) => Array.from({ length: m.length / d }, (_, p) => Array.from({ length: d }, (_, j) => m[p * d + j]!));
const evenD = (max = 64) => fc.integer({ min: 1, max: max / 2 }).map((h) => 2 * h);

describe('values worked by hand', () => {
  it('position 0 is [0, 1, 0, 1, …]: sin 0 and cos 0 in every pair', () => {
    expect([...positionalEncoding(1, 8)]).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect([...positionalEncoding(1, 8, { layout: 'halves' })]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('position 1, dimensions 0 and 1: ω₀ = 1, so sin 1 = 0.841471 and cos 1 = 0.540302', () => {
    const pe = positionalEncoding(2, 8);
    expect(pe[8]).toBeCloseTo(0.841471, 6);
    expect(pe[9]).toBeCloseTo(0.540302, 6);
    expect(frequency(0, 8)).toBe(1);
  });

  it('a d = 4 row: 10000^{2/4} = 100, so position 2 is [sin 2, cos 2, sin 0.02, cos 0.02]', () => {
    // sin 0.02 = 0.02 − 0.02³/6 = 0.0199986667, cos 0.02 = 1 − 0.02²/2 + 0.02⁴/24 = 0.9998000067
    expect(frequency(1, 4)).toBeCloseTo(0.01, 15);
    const row = [...positionalEncoding(3, 4)].slice(8);
    [0.9092974268, -0.4161468365, 0.0199986667, 0.9998000067].forEach((v, j) => expect(row[j]).toBeCloseTo(v, 9));
    const halves = [...positionalEncoding(3, 4, { layout: 'halves' })].slice(8);
    [0.9092974268, 0.0199986667, -0.4161468365, 0.9998000067].forEach((v, j) => expect(halves[j]).toBeCloseTo(v, 9));
  });

  it('PE(5, 6) at d = 16: 10000^{6/16} = 10^{1.5} = 31.6228, angle 5/31.6228 = 0.158114, sin = 0.157456', () => {
    expect(frequency(3, 16)).toBeCloseTo(1 / 31.6227766, 9);
    expect(angle(5, 3, 16)).toBeCloseTo(0.158113883, 9);
    // x − x³/6 + x⁵/120 at x = 0.158113883
    expect(peValue(5, 6, 16)).toBeCloseTo(0.1574559, 7);
    expect(peValue(5, 7, 16)).toBeCloseTo(Math.cos(0.158113883), 9);
    expect(peValue(5, 3, 16, { layout: 'halves' })).toBe(peValue(5, 6, 16));
    expect(peValue(5, 11, 16, { layout: 'halves' })).toBe(peValue(5, 7, 16));
  });

  it('the last pair’s frequency is 1/10000^{(d−2)/d}; wavelengths run from 2π to almost 2π·10000', () => {
    expect(frequency(31, 64)).toBeCloseTo(10000 ** (-62 / 64), 15);
    expect(wavelength(0, 64)).toBeCloseTo(2 * Math.PI, 12);
    expect(wavelength(31, 64)).toBeCloseTo(2 * Math.PI * 10000 ** (62 / 64), 6);
    expect([...frequencies(4, 100)]).toEqual([1, 0.1]);
  });

  it('PE(p)·PE(p+k) at d = 4, k = 1: cos 1 + cos 0.01 = 1.540252', () => {
    expect(peDotAtOffset(1, 4)).toBeCloseTo(Math.cos(1) + Math.cos(0.01), 12);
    expect(peDotAtOffset(1, 4)).toBeCloseTo(1.540252, 6);
    expect(peDot(7, 8, 4)).toBeCloseTo(1.540252, 6);
    expect(peDot(30, 31, 4)).toBeCloseTo(1.540252, 6);
  });

  it('every vector has length √(d/2): at d = 16, √8 = 2.828427', () => {
    expect(peNorm(16)).toBeCloseTo(2.828427, 6);
    expect(Math.sqrt(peDot(37, 37, 16))).toBeCloseTo(Math.SQRT2 * 2, 12);
    expect(peDotAtOffset(0, 16)).toBe(8);
  });

  it('d = 2: positions 0 and 44 nearly collide, since 44 − 14π = 0.0177', () => {
    expect(peDistance(0, 44, 2)).toBeCloseTo(44 - 14 * Math.PI, 6);
    expect(closestPosition(0, 128, 2)).toEqual({ pos: 44, distance: expect.closeTo(0.0177, 4) });
    // One more pair of dimensions (ω₁ = 1/100) separates them: sin 0.44 and 1 − cos 0.44 add 0.44 or so.
    expect(peDistance(0, 44, 4)).toBeGreaterThan(0.4);
    expect(closestPosition(0, 128, 4).distance).toBeGreaterThan(0.1);
  });
});

describe('the layouts', () => {
  it('interleaved dimension 2i is halves column i, 2i + 1 is d/2 + i, and back', () => {
    expect(Array.from({ length: 8 }, (_, dim) => halvesColumnOf(dim, 8))).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
    expect(Array.from({ length: 8 }, (_, c) => interleavedColumnOf(c, 8))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    expect(columnInfo(6, 16)).toEqual({ i: 3, fn: 'sin' });
    expect(columnInfo(11, 16, 'halves')).toEqual({ i: 3, fn: 'cos' });
    expect(columnOf({ i: 3, fn: 'cos' }, 16, 'interleaved')).toBe(7);
  });

  it('halvesColumnOf is a bijection with inverse interleavedColumnOf', () => {
    fc.assert(
      fc.property(evenD(256), (d) => {
        const image = Array.from({ length: d }, (_, dim) => halvesColumnOf(dim, d));
        expect([...image].sort((a, b) => a - b)).toEqual(Array.from({ length: d }, (_, j) => j));
        image.forEach((c, dim) => expect(interleavedColumnOf(c, d)).toBe(dim));
      }),
    );
  });
});

describe('against the naive formula and by property', () => {
  it('equals the paper’s formula written naively, both layouts, any length and even d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 80 }), evenD(96), fc.constantFrom<PeLayout>('interleaved', 'halves'), fc.constantFrom(10000, 100, 10), (length, d, layout, base) => {
        const ours = rowsOf(positionalEncoding(length, d, { layout, base }), d);
        const ref = naive(length, d, layout, base);
        ours.forEach((row, p) => row.forEach((v, j) => expect(Math.abs(v - ref[p]![j]!)).toBeLessThan(1e-12)));
      }),
      { numRuns: 60 },
    );
  });

  it('peValue and peVector read the same matrix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), evenD(40), fc.constantFrom<PeLayout>('interleaved', 'halves'), (length, d, layout) => {
        const m = positionalEncoding(length, d, { layout });
        const pos = length - 1;
        expect([...peVector(pos, d, { layout })]).toEqual([...m.subarray(pos * d, (pos + 1) * d)]);
        for (let j = 0; j < d; j++) expect(peValue(pos, j, d, { layout })).toBe(m[pos * d + j]);
      }),
      { numRuns: 40 },
    );
  });

  it('every value lies in [−1, 1]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), evenD(64), (length, d) => {
        for (const v of positionalEncoding(length, d)) expect(Math.abs(v)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 30 },
    );
  });

  it('rows are unique: any two positions below 300 are at least 10⁻³ apart, even at d = 2', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), evenD(16), (length, d) => {
        const m = positionalEncoding(length, d);
        let min = Infinity;
        for (let p = 0; p < length; p++) {
          for (let q = p + 1; q < length; q++) {
            let s = 0;
            for (let j = 0; j < d; j++) s += (m[p * d + j]! - m[q * d + j]!) ** 2;
            min = Math.min(min, Math.sqrt(s));
          }
        }
        expect(min).toBeGreaterThan(1e-3);
      }),
      { numRuns: 12 },
    );
  });

  it('the halves matrix is the interleaved one with its columns permuted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), evenD(64), (length, d) => {
        const a = positionalEncoding(length, d);
        const b = positionalEncoding(length, d, { layout: 'halves' });
        for (let p = 0; p < length; p++) for (let dim = 0; dim < d; dim++) expect(b[p * d + halvesColumnOf(dim, d)]).toBe(a[p * d + dim]);
      }),
      { numRuns: 40 },
    );
  });

  it('PE(p)·PE(p+k) = Σ cos(k·ω_i), whatever p: it depends on the offset only', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: -200, max: 200 }), evenD(128), (p, p2, k, d) => {
        fc.pre(p + k >= 0 && p2 + k >= 0);
        const closed = peDotAtOffset(k, d);
        expect(Math.abs(peDot(p, p + k, d) - closed)).toBeLessThan(1e-9 * d);
        expect(Math.abs(peDot(p2, p2 + k, d) - closed)).toBeLessThan(1e-9 * d);
        // Distance from the closed form: ‖PE(p) − PE(q)‖² = d − 2·PE(p)·PE(q).
        expect(Math.abs(peDistance(p, p + k, d) - peDistanceAtOffset(k, d))).toBeLessThan(1e-6);
        expect(Math.abs(peDistanceAtOffset(k, d) ** 2 - (d - 2 * closed))).toBeLessThan(1e-9 * d);
      }),
      { numRuns: 100 },
    );
  });

  it('the dot product is the same in both layouts (a permutation of the columns)', () => {
    const a = positionalEncoding(20, 12);
    const b = positionalEncoding(20, 12, { layout: 'halves' });
    const dot = (m: Float64Array, p: number, q: number) => Array.from({ length: 12 }, (_, j) => m[p * 12 + j]! * m[q * 12 + j]!).reduce((s, v) => s + v, 0);
    expect(dot(b, 3, 17)).toBeCloseTo(dot(a, 3, 17), 12);
    expect(dot(a, 3, 17)).toBeCloseTo(peDot(3, 17, 12), 12);
  });
});

describe('TensorFlow.js agrees', () => {
  it('tf.range, tf.pow, tf.sin/cos, tf.stack/concat give the same matrix to float32 rounding', async () => {
    for (const [length, d, layout] of [[64, 64, 'interleaved'], [64, 64, 'halves'], [128, 128, 'interleaved'], [256, 256, 'halves'], [50, 2, 'interleaved']] as const) {
      const ours = positionalEncoding(length, d, { layout });
      const theirs = await positionalEncodingTf(length, d, layout);
      expect(theirs).toBeInstanceOf(Float32Array);
      const c = comparePe(ours, theirs, length, d, layout);
      expect(c.agrees, `${length}×${d} ${layout}: ${c.maxAbsDiff}`).toBe(true);
      expect(c.count).toBe(length * d);
      expect(c.maxAbsDiff).toBeLessThan(3e-5); // measured: 1.6e-5 at 256×256
    }
  });

  it('random sizes and bases, both layouts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100 }), evenD(64), fc.constantFrom<PeLayout>('interleaved', 'halves'), fc.constantFrom(10000, 1000, 100), async (length, d, layout, base) => {
        const c = comparePe(positionalEncoding(length, d, { layout, base }), await positionalEncodingTf(length, d, layout, base), length, d, layout, base);
        expect(c.agrees).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('the comparison notices a wrong layout and a wrong value', async () => {
    const ours = positionalEncoding(16, 8);
    expect(comparePe(ours, await positionalEncodingTf(16, 8, 'halves'), 16, 8).agrees).toBe(false);
    const off = Float32Array.from(ours);
    off[5 * 8 + 3]! += 1e-3;
    expect(comparePe(ours, off, 16, 8).agrees).toBe(false);
    expect(comparePe(ours, Float32Array.from(ours), 16, 8).agrees).toBe(true);
    expect(comparePe(ours, Float32Array.from(ours).subarray(1), 16, 8).agrees).toBe(false);
  });

  it('the float32 allowance grows with the angle', () => {
    expect(float32Tolerance(0)).toBe(1e-6);
    expect(float32Tolerance(255)).toBeCloseTo(2.56e-4, 10);
  });
});

describe('bad input is a sentence', () => {
  const message = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ComputeInputError);
      return (e as ComputeInputError).message;
    }
    throw new Error('did not throw');
  };

  it('odd, zero or fractional d_model', () => {
    expect(message(() => positionalEncoding(4, 7))).toBe('d_model must be even, because sines and cosines come in pairs; 7 is odd (use 6 or 8)');
    expect(message(() => positionalEncoding(4, 0))).toBe('d_model must be an even whole number, at least 2; got 0');
    expect(message(() => positionalEncoding(4, 2.5))).toMatch(/^d_model must be an even whole number/);
    expect(message(() => frequency(0, Number.NaN))).toMatch(/got NaN$/);
  });

  it('zero, negative or huge lengths, and too many values', () => {
    expect(message(() => positionalEncoding(0, 8))).toBe('the sequence length must be a whole number of positions, at least 1; got 0');
    expect(message(() => positionalEncoding(-3, 8))).toMatch(/at least 1; got -3$/);
    expect(message(() => positionalEncoding(100000, 2))).toMatch(/too long: at most 65536$/);
    expect(message(() => validatePe(65536, 8192))).toMatch(/^65536 positions × 8192 dimensions is too large/);
    expect(message(() => positionalEncoding(4, 10000))).toBe('d_model 10000 is too large: at most 8192');
  });

  it('a frequency index, column or position out of range, and a bad base', () => {
    expect(message(() => frequency(4, 8))).toBe('i must be a frequency index from 0 to 3; got 4');
    expect(message(() => columnInfo(8, 8))).toBe('column must be a column from 0 to 7; got 8');
    expect(message(() => peValue(-1, 0, 8))).toBe('pos must be a position 0, 1, 2, …; got -1');
    expect(message(() => positionalEncoding(4, 8, { base: 1 }))).toBe('the base must be a number greater than 1; got 1');
    expect(message(() => peDotAtOffset(Number.POSITIVE_INFINITY, 8))).toMatch(/offset k must be a number/);
    expect(message(() => closestPosition(0, 1, 8))).toBe('there is no other position in a sequence of 1');
  });

  it('the tfjs version validates before loading anything', async () => {
    await expect(positionalEncodingTf(4, 5)).rejects.toThrow(ComputeInputError);
  });
});
