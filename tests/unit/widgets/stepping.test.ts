import { describe, expect, it } from 'vitest';
import { clampStep, compareOutputs, keyStep, positionOf } from '~/widgets/stepping';

describe('stepping helpers', () => {
  const steps = { positions: 6, geometry: { outWidth: 3 } };

  it('clamps and rounds steps, and numbers them row by row', () => {
    expect([clampStep(steps, -2), clampStep(steps, 2.4), clampStep(steps, Infinity)]).toEqual([0, 2, 5]);
    expect(positionOf(steps, 4)).toEqual({ row: 1, col: 1 });
  });

  it('maps keys to steps', () => {
    expect(['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End', ' ', 'k', 'x'].map((k) => keyStep(k, 3))).toEqual([4, 4, 2, 2, 0, Infinity, 'toggle', 'toggle', null]);
  });

  it('the tfjs comparison needs the same shape and values within float32 rounding', () => {
    const t = (shape: [number, number, number, number], values: number[]) => ({ shape, data: Float64Array.from(values) });
    const ours = t([1, 2, 3, 1], [1, 2, 3, 4, 5, 6]);
    expect(compareOutputs(ours, t([1, 2, 3, 1], [1, 2, 3, 4, 5, 6.00001]), 'cpu').agrees).toBe(true);
    expect(compareOutputs(ours, t([1, 3, 2, 1], [1, 2, 3, 4, 5, 6]), 'cpu').agrees).toBe(false);
    expect(compareOutputs(ours, t([1, 2, 3, 1], [1, 2, 3, 4, 5, 7]), 'cpu')).toMatchObject({ agrees: false, maxAbsDiff: 1 });
  });
});
