import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pool2d } from '~/compute/conv';
import { toGrid } from '~/compute/volume';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  argmaxCell, buildSetup, describeStep, inputGrids, schema, shapeText, sizeFormula, stepAt, stepOf, windowText, type Params, type Setup,
} from '~/widgets/pool-stepper/model';
import { compareOutputs } from '~/widgets/stepping';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
function setupOf(over: Partial<Params> = {}): Setup {
  const r = buildSetup(params(over));
  if (!r.ok) throw new Error(r.error);
  return r.setup;
}

describe('pool stepper model', () => {
  it('defaults to the 4×4 example: max pooling with f = 2, s = 2 gives 9 2 / 6 3', () => {
    const s = setupOf();
    expect(inputGrids(s.params)).toEqual([[[1, 3, 2, 1], [2, 9, 1, 1], [1, 3, 2, 3], [5, 6, 1, 2]]]);
    // By hand: max(1, 3, 2, 9), max(2, 1, 1, 1), max(1, 3, 5, 6), max(2, 3, 1, 2).
    expect(toGrid(s.output)).toEqual([[9, 2], [6, 3]]);
    expect(s.positions).toBe(4);
  });

  it('average pooling of the example: (1 + 3 + 2 + 9)/4 = 3.75, 5/4, 15/4, 8/4', () => {
    const s = setupOf({ mode: 'avg' });
    expect(toGrid(s.output)).toEqual([[3.75, 1.25], [3.75, 2]]);
    expect(windowText(stepAt(s, 0))).toBe('(1 + 3 + 2 + 9) / 4 = 3.75');
    expect(argmaxCell(s, stepAt(s, 0))).toBeNull();
  });

  it('writes out the arithmetic and where the maximum came from', () => {
    const s = setupOf();
    expect(windowText(stepAt(s, 0))).toBe('max(1, 3, 2, 9) = 9');
    expect(argmaxCell(s, stepAt(s, 0))).toEqual({ row: 1, col: 1 });
    expect(describeStep(s, stepAt(s, 3))).toBe('Output row 2, column 2: max(2, 3, 1, 2) = 3, from input row 3, column 4.');
    expect(stepAt(s, 999).value).toBe(3); // clamped to the last step
  });

  it('puts negative terms of a mean in parentheses', () => {
    const s = setupOf({ cells: [[-1, 2], [3, -4]], mode: 'avg' });
    expect(windowText(stepAt(s, 0))).toBe('((−1) + 2 + 3 + (−4)) / 4 = 0');
  });

  it('two channels: each pooled on its own, channel 1 first, channels kept', () => {
    const s = setupOf({ channels: 2 });
    expect(s.output.shape).toEqual([1, 2, 2, 2]);
    expect(toGrid(s.output, 0)).toEqual([[9, 2], [6, 3]]);
    expect(toGrid(s.output, 1)).toEqual([[5, 8], [7, 6]]);
    expect(s.positions).toBe(8);
    const step = stepAt(s, 5);
    expect([step.channel, step.row, step.col]).toEqual([1, 0, 1]);
    expect(stepOf(s, 1, 0, 1)).toBe(5);
    expect(describeStep(s, step)).toBe('Channel 2, output row 1, column 2: max(1, 4, 8, 3) = 8, from input row 2, column 3.');
    expect(shapeText(s.geometry)).toBe('4×4×2 → 2×2×2');
  });

  it('the output-size formula follows n, f and s', () => {
    expect(sizeFormula(setupOf().geometry).text).toBe('⌊(4 − 2) / 2⌋ + 1 = 2');
    expect(sizeFormula(setupOf({ f: 3, stride: 1 }).geometry).text).toBe('⌊(4 − 3) / 1⌋ + 1 = 2');
    const s = setupOf({ input: 'random', size: 7, f: 3, stride: 2 });
    expect(sizeFormula(s.geometry)).toMatchObject({ n: 7, f: 3, s: 2, out: 3, text: '⌊(7 − 3) / 2⌋ + 1 = 3' });
    expect(s.positions).toBe(9);
  });

  it('reports a window larger than the input instead of throwing', () => {
    expect(buildSetup(params({ cells: [[1, 2], [3, 4]], f: 3 }))).toEqual({ ok: false, error: 'pool window 3×3 does not fit a 2×2 input' });
    expect(buildSetup(parseQuery(schema, 'cells=1,2,3;4,5,6&f=4').values)).toEqual({ ok: false, error: 'pool window 4×4 does not fit a 2×3 input' });
  });

  it('parses a hostile query without throwing, explains it, and still builds', () => {
    const parsed = parseQuery(schema, 'f=<script>alert(1)</script>&stride=1e99&mode=min&channels=3&cells=1,2;3&size=abc&step=-5&x=1');
    expect(parsed.problems).toHaveLength(8);
    expect(parsed.problems[1]).toMatch(/^Channels \(channels\) must be one of 1, 2; “3” was ignored\.$/);
    expect(parsed.problems[2]).toMatch(/^Pooling \(mode\) must be one of max, avg/);
    expect(parsed.values).toMatchObject({ f: 2, stride: 4, mode: 'max', channels: 1, cells: null, size: 6, step: 0 });
    expect(buildSetup(parsed.values).ok).toBe(true);
    expect(toQuery(schema, parsed.values)).toBe('stride=4');
  });

  it('random inputs are reproducible from the seed, one grid per channel', () => {
    const a = inputGrids(params({ input: 'random', channels: 2, seed: 5 }));
    expect(a).toEqual(inputGrids(params({ input: 'random', channels: 2, seed: 5 })));
    expect(a[0]).not.toEqual(a[1]);
    expect(a[0]).not.toEqual(inputGrids(params({ input: 'random', seed: 6 }))[0]);
  });

  it('agrees with pool2d (tf.maxPool / tf.avgPool) on random settings', async () => {
    const settings = fc.record({
      size: fc.integer({ min: 4, max: 8 }), channels: fc.constantFrom(1 as const, 2 as const), mode: fc.constantFrom('max' as const, 'avg' as const),
      f: fc.integer({ min: 1, max: 4 }), stride: fc.integer({ min: 1, max: 4 }), seed: fc.integer({ min: 0, max: 9999 }),
    });
    await fc.assert(fc.asyncProperty(settings, async (q) => {
      const s = setupOf({ ...q, input: 'random' });
      const check = compareOutputs(s.output, await pool2d(s.input, s.options), 'cpu');
      expect(check.agrees).toBe(true);
      expect(check.count).toBe(s.positions);
    }), { numRuns: 40 });
  });
});
