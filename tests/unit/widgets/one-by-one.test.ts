import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conv2d } from '~/compute/conv';
import { toGrid } from '~/compute/volume';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  buildSetup, cost, costText, describePick, fiveByFiveMultiplications, INCEPTION, inputChannel, oneByOneMultiplications,
  paramsText, pickOf, schema, stepAt, sumText, type Params,
} from '~/widgets/one-by-one/model';
import { compareOutputs } from '~/widgets/stepping';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });

/** Written separately from conv.ts: out[i][j][k] = act(Σ_c w[k][c]·x_c[i][j] + b[k]). */
function naive(channels: number[][][], weights: number[][], biases: number[], relu: boolean): number[][][] {
  return weights.map((w, k) =>
    channels[0]!.map((row, i) =>
      row.map((_, j) => {
        const z = w.reduce((s, wc, c) => s + wc * channels[c]![i]![j]!, biases[k]!);
        return relu ? Math.max(0, z) : z;
      }),
    ),
  );
}

describe('1×1 convolution model', () => {
  it('mixes the channels at each position with the default filters (sum of all; channel 1 − channel 2)', () => {
    const p = params();
    const s = buildSetup(p);
    const x = [0, 1, 2].map((c) => inputChannel(p.seed, c));
    expect(s.weights).toEqual([[1, 1, 1], [1, -1, 0]]);
    expect(s.biases).toEqual([0, 0]);
    expect(s.output.shape).toEqual([1, 4, 4, 2]);
    expect(toGrid(s.output, 0)[2]![3]).toBe(x[0]![2]![3]! + x[1]![2]![3]! + x[2]![2]![3]!);
    expect(toGrid(s.output, 1)[1]![1]).toBe(Math.max(0, x[0]![1]![1]! - x[1]![1]![1]!));
    expect(s.notes).toEqual([]);
  });

  it('equals a naive per-position weighted sum for any weights, biases, channels and filters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 9999 }), fc.boolean(),
        fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 6, maxLength: 6 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 3, maxLength: 3 }),
        (channels, filters, seed, relu, w, b) => {
          const weights = w.slice(0, filters).map((r) => r.slice(0, channels));
          const biases = b.slice(0, filters);
          const s = buildSetup(params({ channels, filters, seed, relu, weights, bias: [biases] }));
          const x = Array.from({ length: channels }, (_, c) => inputChannel(seed, c));
          const want = naive(x, weights, biases, relu);
          for (let k = 0; k < filters; k++) expect(toGrid(s.output, k)).toEqual(want[k]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the picked cell’s sum in the course’s terms', () => {
    const p = params({ weights: [[2, -1, 0], [1, 1, 1]], bias: [[-3, 0]], row: 1, col: 2, out: 0 });
    const s = buildSetup(p);
    const x = [0, 1, 2].map((c) => inputChannel(p.seed, c)[1]![2]!);
    const step = stepAt(s, pickOf(p));
    const z = 2 * x[0]! - x[1]! - 3;
    expect(step.value).toBe(Math.max(0, z));
    const zText = z < 0 ? `−${-z}` : String(z);
    expect(sumText(step, true)).toBe(`2·${x[0]} + (−1)·${x[1]} + 0·${x[2]} + (−3) = ${zText}; ReLU: max(0, ${zText}) = ${Math.max(0, z)}`);
    expect(sumText(step, false)).not.toMatch(/ReLU/);
    expect(describePick(step, true)).toMatch(/^Output channel 1, row 2, column 3: 2·/);
  });

  it('keeps the picked output channel inside the current filters', () => {
    expect(pickOf(params({ filters: 1, out: 2 })).filter).toBe(0);
    expect(pickOf(params({ filters: 3, out: 2 })).filter).toBe(2);
  });

  it('completes short weights from the defaults and says when given ones are cut', () => {
    const s = buildSetup(params({ channels: 4, filters: 3, weights: [[5]] }));
    expect(s.weights).toEqual([[5, 1, 1, 1], [1, -1, 0, 0], [0, 0, 1, 0]]);
    expect(s.notes).toEqual([]);
    const cut = buildSetup(params({ channels: 2, filters: 1, weights: [[1, 2, 3], [4, 5, 6]], bias: [[1, 2]] }));
    expect(cut.weights).toEqual([[1, 2]]);
    expect(cut.biases).toEqual([1]);
    expect(cut.notes).toHaveLength(2);
  });

  it('counts n_H·n_W·n_C·n_c′ multiplications: the course’s 28×28×192 → 32 is 4,816,896', () => {
    expect(oneByOneMultiplications(4, 4, 3, 2)).toBe(96);
    const c = cost(INCEPTION.height, INCEPTION.width, INCEPTION.channels, INCEPTION.filters);
    expect(c.multiplications).toBe(4_816_896);
    expect(c.parameters).toBe(193 * 32);
    expect(costText(c)).toBe('n_H·n_W·n_C·n_c′ = 28·28·192·32 = 4,816,896 multiplications');
    expect(paramsText(c)).toBe('(n_C + 1)·n_c′ = (192 + 1)·32 = 6,176 parameters');
    // The course's 5×5 "same" convolution 28×28×192 → 28×28×32: 120M.
    expect(fiveByFiveMultiplications(c)).toBe(28 * 28 * 32 * 5 * 5 * 192);
    expect(fiveByFiveMultiplications(c)).toBe(120_422_400);
  });

  it('round-trips its settings through a query string and rejects hostile ones', () => {
    const p = params({ channels: 5, filters: 3, row: 3, col: 1, out: 2, weights: [[1, -2]], relu: false });
    expect(parseQuery(schema, toQuery(schema, p)).values).toEqual(p);
    const bad = parseQuery(schema, '?channels=<img onerror=alert(1)>&filters=9&weights=1,x');
    expect(bad.values.channels).toBe(3);
    expect(bad.values.filters).toBe(3);
    expect(bad.values.weights).toBeNull();
    expect(bad.problems.length).toBeGreaterThanOrEqual(3);
  });

  it('agrees with tf.conv2d (the widget’s cross-check)', async () => {
    const s = buildSetup(params({ channels: 6, filters: 3, bias: [[1, -4, 2]] }));
    const check = compareOutputs(s.output, await conv2d(s.input, s.kernel, s.options), 'cpu');
    expect(check.agrees).toBe(true);
    expect(check.count).toBe(48);
  });
});
