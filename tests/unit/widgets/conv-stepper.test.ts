import { describe, expect, it } from 'vitest';
import { conv2d } from '~/compute/conv';
import { toGrid } from '~/compute/volume';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  buildSetup, describeStep, inputGrids, schema, sizeFormula, stepAt, totalText, type Params, type Setup,
} from '~/widgets/conv-stepper/model';
import { compareOutputs, fmt, judgePrediction, positionOf } from '~/widgets/stepping';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
function setupOf(over: Partial<Params> = {}): Setup {
  const r = buildSetup(params(over));
  if (!r.ok) throw new Error(r.error);
  return r.setup;
}

describe('conv stepper model', () => {
  it('defaults to the course example: 6×6 edge image, vertical filter, 4×4 output of rows 0 30 30 0', () => {
    const s = setupOf();
    expect(inputGrids(s.params)[0]![0]).toEqual([10, 10, 10, 0, 0, 0]);
    expect(toGrid(s.output)).toEqual(Array.from({ length: 4 }, () => [0, 30, 30, 0]));
    expect(s.positions).toBe(16);
    expect(sizeFormula(s.geometry)).toBe('Output size: ⌊(n + 2p − f) / s⌋ + 1 = ⌊(6 + 2·0 − 3) / 1⌋ + 1 = 4');
  });

  it('steps row by row and narrates the arithmetic', () => {
    const s = setupOf();
    expect(positionOf(s, 5)).toEqual({ row: 1, col: 1 });
    expect(describeStep(s, stepAt(s, 1))).toBe('Output row 1, column 2: 10·1 + 10·0 + 0·(−1) + 10·1 + 10·0 + 0·(−1) + 10·1 + 10·0 + 0·(−1) = 30.');
    expect(positionOf(s, 999)).toEqual({ row: 3, col: 3 }); // clamped
  });

  it('adds bias and ReLU to the narration', () => {
    const s = setupOf({ bias: -40, relu: true });
    expect(describeStep(s, stepAt(s, 1))).toMatch(/= 30; plus bias −40 gives −10; ReLU gives 0\.$/);
    expect(toGrid(s.output)[0]).toEqual([0, 0, 0, 0]);
    expect(totalText(s, stepAt(s, 1))).toBe('out(1, 2) = 30 + (−40) = ReLU(−10) = 0');
  });

  it('pads and strides: n = 7, p = 1, s = 2 gives 4×4', () => {
    const s = setupOf({ input: 'random', size: 7, padding: 1, stride: 2 });
    expect(s.padded.shape).toEqual([1, 9, 9, 1]);
    expect([s.geometry.outHeight, s.geometry.outWidth]).toEqual([4, 4]);
    expect(stepAt(s, 0).window[0]).toBe(0); // a padding zero
  });

  it('RGB mode sums the three channels: 30 (red) + 18 (green) + 0 (blue) = 48', () => {
    const s = setupOf({ channels: 3 });
    expect(s.kernel.shape).toEqual([3, 3, 3, 1]);
    expect(toGrid(s.output)[0]).toEqual([0, 48, 48, 0]);
    expect(describeStep(s, stepAt(s, 1))).toBe('Output row 1, column 2: red 30 + green 18 + blue 0 = 48.');
    expect(totalText(s, stepAt(s, 1))).toBe('out(1, 2) = 30 + 18 + 0 = 48');
  });

  it('a 2×3 filter with padding 1 (weights=1,0,-1;1,0,-1) gives 7×6 and agrees with tf.conv2d', async () => {
    const s = setupOf(parseQuery(schema, 'weights=1,0,-1;1,0,-1&padding=1').values);
    expect(s.kernel.shape).toEqual([2, 3, 1, 1]);
    expect(s.output.shape).toEqual([1, 7, 6, 1]);
    expect(sizeFormula(s.geometry)).toBe('Output size, ⌊(n + 2p − f) / s⌋ + 1 along each axis: rows ⌊(6 + 2·1 − 2) / 1⌋ + 1 = 7, columns ⌊(6 + 2·1 − 3) / 1⌋ + 1 = 6');
    // By hand: padded rows 1 and 2 both read 0 10 10 10 0 0 0 0; columns 0–2 give 0·1 + 10·0 + 10·(−1) twice.
    const step = stepAt(s, 6); // row 1, column 0
    expect([step.top, step.left, step.window.length]).toEqual([1, 0, 6]);
    expect(step.value).toBe(-20);
    expect(toGrid(s.output)[0]).toEqual([-10, 0, 10, 10, 0, 0]); // the top row of zeros covers half the window
    const layer = await conv2d(s.input, s.kernel, s.options);
    expect(layer.shape).toEqual(s.output.shape);
    expect(compareOutputs(s.output, layer, 'cpu')).toMatchObject({ agrees: true, count: 42 });
  });

  it('a 3×1 filter with padding 2 (weights=1;2;3) gives 8×10 and agrees with tf.conv2d', async () => {
    const s = setupOf(parseQuery(schema, 'weights=1;2;3&padding=2').values);
    expect(s.kernel.shape).toEqual([3, 1, 1, 1]);
    expect([s.geometry.outHeight, s.geometry.outWidth, s.positions]).toEqual([8, 10, 80]);
    // Output (1, 2): padded rows 1–3 of column 2 are 0, 10, 10, so 1·0 + 2·10 + 3·10 = 50.
    expect(describeStep(s, stepAt(s, 12))).toBe('Output row 2, column 3: 0·1 + 10·2 + 10·3 = 50.');
    const layer = await conv2d(s.input, s.kernel, s.options);
    expect(layer.shape).toEqual([1, 8, 10, 1]);
    expect(compareOutputs(s.output, layer, 'cpu')).toMatchObject({ agrees: true, count: 80 });
  });

  it('reports a filter that does not fit instead of throwing', () => {
    const r = buildSetup(params({ cells: [[1, 2], [3, 4]], weights: [[1, 1, 1], [1, 1, 1], [1, 1, 1]] }));
    expect(r).toEqual({ ok: false, error: 'filter 3×3 does not fit a 2×2 input with padding 0' });
  });

  it('random inputs are reproducible from the seed', () => {
    expect(inputGrids(params({ input: 'random', seed: 5 }))).toEqual(inputGrids(params({ input: 'random', seed: 5 })));
    expect(inputGrids(params({ input: 'random', seed: 5 }))).not.toEqual(inputGrids(params({ input: 'random', seed: 6 })));
  });

  it('the largest setup’s last step survives a round trip through the query string', () => {
    const s = setupOf({ input: 'random', size: 9, padding: 3, weights: [[1]] });
    expect(s.positions).toBe(225);
    const back = parseQuery(schema, toQuery(schema, { ...s.params, step: s.positions - 1 }));
    expect(back.problems).toEqual([]);
    expect(back.values.step).toBe(224);
  });

  it('judges predictions', () => {
    expect(judgePrediction('30', 30).correct).toBe(true);
    expect(judgePrediction(' −10 ', -10).correct).toBe(true);
    expect(judgePrediction('20', 30)).toEqual({ correct: false, message: 'Not quite: you said 20, the value is 30.' });
    expect(judgePrediction('abc', 30).message).toBe('Type a number first.');
  });

  it('formats numbers with a true minus sign', () => {
    expect([fmt(-3), fmt(0), fmt(-0), fmt(2.5), fmt(1 / 3)]).toEqual(['−3', '0', '0', '2.5', '0.33']);
  });

  it('agrees with tf.conv2d on every preset and a hostile query', async () => {
    for (const q of ['', 'channels=3', 'input=random&size=9&padding=3&stride=3&bias=-7&relu', 'filter=scharr-horizontal&cells=1,2,3;4,5,6;7,8,9&padding=2', 'size=<script>&stride=1e99', 'channels=3&weights=1,2;3,4;5,6&cells=1,2,3,4;5,6,7,8&padding=1&stride=2&relu&bias=-3']) {
      const s = setupOf(parseQuery(schema, q).values);
      const check = compareOutputs(s.output, await conv2d(s.input, s.kernel, s.options), 'cpu');
      expect(check.agrees, q).toBe(true);
      expect(check.count).toBe(s.positions);
    }
  });

  it('compareOutputs notices a wrong value', () => {
    const s = setupOf();
    const wrong = { data: Float32Array.from(s.output.data, (v, i) => (i === 3 ? v + 1 : v)), shape: s.output.shape };
    expect(compareOutputs(s.output, wrong, 'cpu')).toEqual({ backend: 'cpu', count: 16, maxAbsDiff: 1, agrees: false });
  });
});
