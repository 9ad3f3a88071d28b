import { describe, expect, it } from 'vitest';
import { clampStep, keyStep, positionOf } from '~/widgets/stepping';

describe('stepping helpers', () => {
  const steps = { positions: 6, geometry: { outWidth: 3 } };

  it('clamps and rounds steps, and numbers them row by row', () => {
    expect([clampStep(steps, -2), clampStep(steps, 2.4), clampStep(steps, Infinity)]).toEqual([0, 2, 5]);
    expect(positionOf(steps, 4)).toEqual({ row: 1, col: 1 });
  });

  it('maps keys to steps', () => {
    expect(['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'Home', 'End', ' ', 'k', 'x'].map((k) => keyStep(k, 3))).toEqual([4, 4, 2, 2, 0, Infinity, 'toggle', 'toggle', null]);
  });
});
