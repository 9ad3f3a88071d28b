import { describe, expect, it } from 'vitest';
import { parseParams, parseQuery } from '~/widgets/params';
import {
  buildSetup, canvasAt, canvasRole, COURSE_INPUT, describeStep, inputGrid, isCrop, isOpCell, kernelGrid, materialise, modelProblems,
  resolve, schema, sizeFormula, termsAt, termsText, type Params,
} from '~/widgets/transposed-conv/model';

const params = (search = ''): Params => parseQuery(schema, search).values;
const setupOf = (search = '') => {
  const r = buildSetup(params(search));
  if (!r.ok) throw new Error(r.error);
  return r.setup;
};

describe('transposed-conv model', () => {
  it('defaults to the course’s example: 2×2 input, 3×3 kernel, s = 2, p = 1, op = 1 → 4×4, five steps', () => {
    const s = setupOf();
    expect(s.input).toEqual(COURSE_INPUT);
    expect(s.result.output).toEqual([[0, 4, 0, 1], [10, 7, 6, 3], [0, 7, 0, 2], [6, 3, 4, 2]]);
    expect(s.positions).toBe(5);
    expect(sizeFormula(s)).toBe('Output size (n − 1)·s − 2p + f + op = (2 − 1)·2 − 2·1 + 3 + 1 = 4');
    expect(describeStep(s, 0)).toBe('Input (1, 1) = 2 times the kernel goes to canvas rows 1–3, columns 1–3.');
    expect(describeStep(s, 1)).toBe('Input (1, 2) = 1 times the kernel goes to canvas rows 1–3, columns 3–5; overlaps sum.');
    expect(isCrop(s, 4)).toBe(true);
    expect(describeStep(s, 4)).toBe('Crop 1 row and column from every side of the 5×5 canvas, keep 1 extra row and column at the bottom and right: the output is 4×4.');
  });

  it('an overlap cell lists its terms as they arrive', () => {
    const s = setupOf();
    expect(termsText(termsAt(s, 0, 2, 2))).toBe('2·1 = 2');
    expect(termsText(termsAt(s, 3, 2, 2))).toBe('2·1 + 1·0 + 3·1 + 2·1 = 7');
    expect(canvasAt(s, 1)[0]).toEqual([2, 4, 3, 2, 1]);
    expect(termsText(termsAt(s, 0, 4, 4))).toMatch(/no block/);
  });

  it('marks the cropped border and the op rows', () => {
    const s = setupOf();
    expect(canvasRole(s, 0, 2)).toBe('cropped');
    expect(canvasRole(s, 1, 1)).toBe('kept');
    expect(canvasRole(s, 4, 4)).toBe('kept'); // op = 1 keeps the last canvas row and column
    expect(isOpCell(s, 3, 0)).toBe(true);
    expect(isOpCell(s, 2, 2)).toBe(false);
  });

  it('presets fill in what the reader left at the default; explicit settings win', () => {
    const s = setupOf('preset=stride-1');
    expect(s.result.output).toEqual([[1, 3, 2], [4, 10, 6], [3, 7, 4]]);
    expect(setupOf('preset=stride-1&padding=0').stride).toBe(1);
    const check = setupOf('preset=checkerboard');
    expect(check.result.canvas[1]).toEqual([1, 1, 2, 1, 2, 1, 1]);
    expect(check.result.canvas[2]).toEqual([2, 2, 4, 2, 4, 2, 2]);
    expect(materialise(params('preset=crop'))).toMatchObject({ preset: 'course', n: 3, padding: 1, outpad: 1 });
    expect(resolve(params('preset=crop&n=4')).n).toBe(4);
  });

  it('op ≥ s becomes a message and is clamped; odd grids are ignored with a message', () => {
    const p = params('stride=1&outpad=2');
    expect(modelProblems(p)).toEqual(['Output padding op = 2 must be smaller than the stride s = 1 (PyTorch requires op < s); using op = 0.']);
    const r = buildSetup(p);
    expect(r.ok && r.setup.outpad).toBe(0);
    const odd = parseParams(schema, (n) => ({ input: '1;2;3', kernel: '1,2' })[n]).values;
    expect(modelProblems(odd)).toHaveLength(2);
    expect(inputGrid(odd)).toEqual(COURSE_INPUT);
    expect(kernelGrid(odd)).toHaveLength(3);
  });

  it('padding that crops everything is a readable error, not a throw', () => {
    const r = buildSetup(params('n=2&f=2&stride=1&padding=3&outpad=0'));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/crops the whole 3×3 canvas/) });
  });

  it('shows that transposed convolution is not an inverse', () => {
    const s = setupOf('preset=stride-1');
    expect(s.notInverse.down).toEqual([[10]]);
    expect(s.notInverse.back).toEqual([[10, 10], [10, 10]]);
    expect(setupOf('n=2&f=4&padding=0&outpad=0').notInverse.reason).toMatch(/does not fit/);
  });

  it('random seeds give integers −2…4; every n, f, s, p, op in range builds or explains itself', () => {
    expect(inputGrid(params('seed=5&n=4')).flat().every((v) => Number.isInteger(v) && v >= -2 && v <= 4)).toBe(true);
    for (let n = 2; n <= 5; n++)
      for (let f = 2; f <= 4; f++)
        for (let stride = 1; stride <= 3; stride++)
          for (let padding = 0; padding <= 3; padding++) {
            const r = buildSetup(params(`n=${n}&f=${f}&stride=${stride}&padding=${padding}&outpad=2`));
            if (r.ok) expect(r.setup.direct.output).toEqual(r.setup.result.output);
            else expect(r.error).toMatch(/crops the whole/);
          }
  });
});
