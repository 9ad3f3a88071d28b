import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iou, iouParts, toCentreSize, toCorners, type Corners } from '~/compute/boxes';

/** Naive IoU, counted on a fine pixel grid: boxes with integer corners only. */
function pixelIou(a: Corners, b: Corners): number {
  let inter = 0, union = 0;
  const lo = Math.min(a.x1, b.x1, a.y1, b.y1), hi = Math.max(a.x2, b.x2, a.y2, b.y2);
  for (let y = lo; y < hi; y++) for (let x = lo; x < hi; x++) {
    const inA = x >= a.x1 && x < a.x2 && y >= a.y1 && y < a.y2;
    const inB = x >= b.x1 && x < b.x2 && y >= b.y1 && y < b.y2;
    if (inA && inB) inter++;
    if (inA || inB) union++;
  }
  return union ? inter / union : 0;
}

const intBox = fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }))
  .map(([x1, y1, w, h]) => ({ x1, y1, x2: x1 + w, y2: y1 + h }));

describe('boxes', () => {
  it('hand-worked IoU: two 2×2 squares offset by one cell share 1 of 7', () => {
    const parts = iouParts({ x1: 0, y1: 0, x2: 2, y2: 2 }, { x1: 1, y1: 1, x2: 3, y2: 3 });
    expect(parts).toEqual({ intersection: 1, union: 7, iou: 1 / 7 });
  });
  it('touching and disjoint boxes have IoU 0; identical boxes 1', () => {
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 1, y1: 0, x2: 2, y2: 1 })).toBe(0);
    expect(iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 5, y1: 5, x2: 6, y2: 6 })).toBe(0);
    expect(iou({ x1: 0.2, y1: 0.3, x2: 0.9, y2: 0.4 }, { x1: 0.2, y1: 0.3, x2: 0.9, y2: 0.4 })).toBe(1);
  });
  it('centre/size and corners round-trip', () => {
    expect(toCorners({ x: 0.5, y: 0.5, w: 0.4, h: 0.2 })).toEqual({ x1: 0.3, y1: 0.4, x2: 0.7, y2: 0.6 });
    fc.assert(fc.property(intBox, (b) => {
      const back = toCorners(toCentreSize(b));
      return Math.abs(back.x1 - b.x1) < 1e-12 && Math.abs(back.y2 - b.y2) < 1e-12;
    }));
  });
  it('matches a pixel count, is symmetric and lies in [0, 1]', () => {
    fc.assert(fc.property(intBox, intBox, (a, b) => {
      const v = iou(a, b);
      expect(v).toBeCloseTo(pixelIou(a, b), 12);
      expect(iou(b, a)).toBe(v);
      return v >= 0 && v <= 1;
    }));
  });
  it('a negative size or a NaN is a clear error', () => {
    expect(() => iou({ x1: 2, y1: 0, x2: 1, y2: 1 }, { x1: 0, y1: 0, x2: 1, y2: 1 })).toThrow(/box a has a negative size/);
    expect(() => iou({ x1: 0, y1: 0, x2: 1, y2: 1 }, { x1: 0, y1: NaN, x2: 1, y2: 1 })).toThrow(/box b\.y1 must be a finite number/);
  });
});
