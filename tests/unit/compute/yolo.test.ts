import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { bestAnchor, cellOffsets, gridCellOf, outputShape, shapeIouParts, targetLabels, targetVector, yoloTargets, type AnchorShape, type YoloObject } from '~/compute/yolo';

// The widget's two default anchors, in the picture's fractions: a tall one and a wide one.
const TALL: AnchorShape = { w: 0.1, h: 0.25 };
const WIDE: AnchorShape = { w: 0.3, h: 0.15 };
const PED = 0, CAR = 1, MOTO = 2; // the course's c_1, c_2, c_3
const car = (x: number, y: number): YoloObject => ({ cls: CAR, box: { x, y, w: 0.3, h: 0.17 } });
const ped = (x: number, y: number): YoloObject => ({ cls: PED, box: { x, y, w: 0.08, h: 0.26 } });
const moto = (x: number, y: number): YoloObject => ({ cls: MOTO, box: { x, y, w: 0.16, h: 0.13 } });

// ---- naive references, written apart from the module ----

/** The cell along one axis by walking the lines: count the lines k/S (k = 1 … S − 1) at or left of v. */
function naiveIndex(v: number, S: number): number {
  let n = 0;
  for (let k = 1; k < S; k++) if (k / S <= v) n++;
  return n;
}

/** Shape-only IoU written out: both boxes centred at the same point, so the overlap is min(w)·min(h). */
function naiveShapeIou(a: { w: number; h: number }, b: { w: number; h: number }): number {
  const inter = Math.min(a.w, b.w) * Math.min(a.h, b.h);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/** A cell's target vector built by scanning the objects directly (no slot table). */
function naiveVector(S: number, C: number, anchors: AnchorShape[], objects: YoloObject[], row: number, col: number): (number | null)[] {
  const y: (number | null)[] = [];
  for (let k = 0; k < anchors.length; k++) {
    let best: { o: YoloObject; iou: number } | null = null;
    for (const o of objects) {
      if (naiveIndex(o.box.y, S) !== row || naiveIndex(o.box.x, S) !== col) continue;
      const ious = anchors.map((a) => naiveShapeIou(o.box, a));
      const top = ious.indexOf(Math.max(...ious));
      if (top !== k) continue;
      if (!best || ious[k]! > best.iou) best = { o, iou: ious[k]! };
    }
    if (!best) y.push(0, ...Array<null>(C + 4).fill(null));
    else {
      const b = best.o.box;
      y.push(1, b.x * S - col, b.y * S - row, b.h * S, b.w * S, ...Array.from({ length: C }, (_, c) => (c === best!.o.cls ? 1 : 0)));
    }
  }
  return y;
}

const unit = fc.double({ min: 0, max: 1, noNaN: true });
const size = fc.double({ min: 0.01, max: 0.6, noNaN: true });
const anchorArb = fc.record({ w: size, h: size });
const objectArb = (C: number) => fc.record({ cls: fc.integer({ min: 0, max: C - 1 }), box: fc.record({ x: unit, y: unit, w: size, h: size }) });

describe('hand-worked: the car in a 3 × 3 grid', () => {
  // Midpoint (0.47, 0.77), 0.30 wide, 0.17 high. x·S = 1.41 → column 1, b_x = 0.41; y·S = 2.31 → row 2,
  // b_y = 0.31; b_h = 0.17·3 = 0.51; b_w = 0.30·3 = 0.9 (the box is almost a cell wide).
  const o = car(0.47, 0.77);
  it('cell (row 2, column 1) and b_x, b_y, b_h, b_w', () => {
    const c = cellOffsets(o.box, 3);
    expect([c.row, c.col]).toEqual([2, 1]);
    expect(c.bx).toBeCloseTo(0.41, 12);
    expect(c.by).toBeCloseTo(0.31, 12);
    expect(c.bh).toBeCloseTo(0.51, 12);
    expect(c.bw).toBeCloseTo(0.9, 12);
  });

  it('shape IoU with the tall anchor 0.017 / 0.059, with the wide one 0.045 / 0.051: the wide one wins', () => {
    // Tall 0.1 × 0.25: overlap 0.1 · 0.17 = 0.017, union 0.051 + 0.025 − 0.017 = 0.059.
    // Wide 0.3 × 0.15: overlap 0.3 · 0.15 = 0.045 (the whole anchor), union 0.051 + 0.045 − 0.045 = 0.051.
    const best = bestAnchor(o.box, [TALL, WIDE]);
    expect(best.index).toBe(1);
    expect(best.ious[0]!.intersection).toBeCloseTo(0.017, 12);
    expect(best.ious[0]!.union).toBeCloseTo(0.059, 12);
    expect(best.ious[0]!.iou).toBeCloseTo(0.017 / 0.059, 12); // 0.2881
    expect(best.ious[1]!.iou).toBeCloseTo(0.045 / 0.051, 12); // 0.8824
  });

  it('its cell’s y is [0 ? ? ? ? ? ? ?  1 0.41 0.31 0.51 0.9 0 1 0]; every other cell has p_c = 0 twice', () => {
    const t = yoloTargets(3, 3, [TALL, WIDE], [o]);
    const y = targetVector(t, 2, 1);
    expect(y.slice(0, 8)).toEqual([0, null, null, null, null, null, null, null]);
    expect(y[8]).toBe(1);
    expect(y.slice(9, 13).map((v) => Number(v!.toFixed(12)))).toEqual([0.41, 0.31, 0.51, 0.9]);
    expect(y.slice(13)).toEqual([0, 1, 0]);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) {
      if (r === 2 && c === 1) continue;
      const other = targetVector(t, r, c);
      expect(other[0]).toBe(0);
      expect(other[8]).toBe(0);
      expect(other.filter((v) => v !== null)).toEqual([0, 0]);
    }
  });

  it('with one anchor the vector is the course’s 8 numbers', () => {
    const t = yoloTargets(3, 3, [TALL], [o]);
    const y = targetVector(t, 2, 1).map((v) => (v === null ? v : Number(v.toFixed(12))));
    expect(y).toEqual([1, 0.41, 0.31, 0.51, 0.9, 0, 1, 0]);
    expect(targetLabels(3)).toEqual(['p_c', 'b_x', 'b_y', 'b_h', 'b_w', 'c_1', 'c_2', 'c_3']);
  });

  it('on a 19 × 19 grid the same car: x·19 = 8.93 → column 8, b_x = 0.93; b_w = 5.7 cells wide', () => {
    const c = cellOffsets(o.box, 19);
    expect([c.row, c.col]).toEqual([14, 8]); // y·19 = 14.63
    expect(c.bx).toBeCloseTo(0.93, 12);
    expect(c.by).toBeCloseTo(0.63, 12);
    expect(c.bw).toBeCloseTo(5.7, 12);
    expect(c.bh).toBeCloseTo(3.23, 12);
  });
});

describe('cell lines and edges', () => {
  it('a midpoint on a line goes to the cell right of / below it; x = 1 to the last column', () => {
    expect(gridCellOf(1 / 3, 2 / 3, 3)).toEqual({ row: 2, col: 1 });
    expect(gridCellOf(0, 0, 3)).toEqual({ row: 0, col: 0 });
    expect(gridCellOf(1, 1, 3)).toEqual({ row: 2, col: 2 });
    expect(gridCellOf(0.4, 0.6, 5)).toEqual({ row: 3, col: 2 });
    expect(gridCellOf(0.39999, 0.59999, 5)).toEqual({ row: 2, col: 1 });
    // 0.58·50 = 28.999999999999996 in floating point, yet 0.58 is the line 29/50 as typed: column 29, b_x 0.
    expect(0.58 * 50).toBeLessThan(29);
    expect(cellOffsets({ x: 0.58, y: 0.5, w: 0.1, h: 0.1 }, 50)).toMatchObject({ col: 29, bx: 0 });
  });

  it('b_x is 0 on the line, and 1 only at the right edge', () => {
    expect(cellOffsets({ x: 1 / 3, y: 0.5, w: 0.1, h: 0.1 }, 3).bx).toBe(0);
    const edge = cellOffsets({ x: 1, y: 1, w: 0.1, h: 0.1 }, 3);
    expect([edge.col, edge.bx, edge.row, edge.by]).toEqual([2, 1, 2, 1]);
  });

  it('the cell matches the line walk for any midpoint and grid; b_x, b_y lie in [0, 1) (below the edge)', () => {
    fc.assert(fc.property(unit, unit, fc.integer({ min: 1, max: 64 }), (x, y, S) => {
      const c = cellOffsets({ x, y, w: 0.1, h: 0.1 }, S);
      expect(c.col).toBe(naiveIndex(x, S));
      expect(c.row).toBe(naiveIndex(y, S));
      for (const [v, b] of [[x, c.bx], [y, c.by]] as const) {
        if (v < 1) expect(b >= 0 && b < 1, `offset ${b} of ${v}`).toBe(true);
        else expect(b).toBe(1);
      }
      // The assigned cell holds the midpoint: col/S ≤ x ≤ (col + 1)/S.
      expect(c.col / S <= x && x <= (c.col + 1) / S).toBe(true);
      expect(c.row / S <= y && y <= (c.row + 1) / S).toBe(true);
      expect((c.col + c.bx) / S).toBeCloseTo(x, 12);
    }));
  });
});

describe('anchors', () => {
  it('shape IoU matches the written-out min formula and ignores where the box is', () => {
    fc.assert(fc.property(anchorArb, anchorArb, (a, b) => {
      expect(shapeIouParts(a, b).iou).toBeCloseTo(naiveShapeIou(a, b), 12);
    }));
    expect(shapeIouParts({ w: 0.2, h: 0.1 }, { w: 0.1, h: 0.2 }).iou).toBeCloseTo(0.01 / 0.03, 12); // 1/3
  });

  it('the chosen anchor has the highest IoU; ties go to the anchor listed first', () => {
    fc.assert(fc.property(anchorArb, fc.array(anchorArb, { minLength: 1, maxLength: 5 }), (box, anchors) => {
      const best = bestAnchor(box, anchors);
      const all = anchors.map((a) => naiveShapeIou(box, a));
      expect(all[best.index]).toBeCloseTo(Math.max(...all), 12);
      expect(best.ious.slice(0, best.index).every((p) => p.iou < best.ious[best.index]!.iou)).toBe(true);
    }));
    // A 0.2 × 0.2 square between a 0.1 × 0.2 and a 0.2 × 0.1 anchor: 1/2 each, the first wins.
    expect(bestAnchor({ w: 0.2, h: 0.2 }, [{ w: 0.1, h: 0.2 }, { w: 0.2, h: 0.1 }]).index).toBe(0);
    // A pedestrian picks the tall anchor: 0.08·0.25 / (0.0208 + 0.025 − 0.02) = 0.775.
    const p = bestAnchor(ped(0.5, 0.5).box, [TALL, WIDE]);
    expect(p.index).toBe(0);
    expect(p.ious[0]!.iou).toBeCloseTo(0.02 / 0.0258, 12);
  });
});

describe('output volume S × S × A·(C + 5)', () => {
  it('the course’s sizes', () => {
    expect(outputShape(3, 1, 3)).toEqual({ S: 3, A: 1, C: 3, perAnchor: 8, perCell: 8, total: 72 });
    expect(outputShape(3, 2, 3)).toMatchObject({ perCell: 16, total: 144 });
    expect(outputShape(19, 1, 3)).toMatchObject({ perCell: 8, total: 2888 });
    expect(outputShape(19, 5, 80)).toMatchObject({ perAnchor: 85, perCell: 425, total: 153425 }); // 19·19·425
  });
  it('is checked', () => {
    expect(() => outputShape(0, 1, 3)).toThrow(ComputeInputError);
    expect(() => outputShape(3, 0, 3)).toThrow(/anchors A must be an integer from 1/);
    expect(() => outputShape(3, 1, 1.5)).toThrow(/classes C/);
  });
});

describe('two objects in one cell', () => {
  it('a pedestrian and a car sharing a cell fit two anchors: tall and wide', () => {
    const t = yoloTargets(3, 3, [TALL, WIDE], [ped(0.45, 0.55), car(0.5, 0.62)]);
    expect(t.conflicts).toEqual([]);
    expect(t.objects.map((o) => [o.row, o.col, o.anchor, o.kept])).toEqual([[1, 1, 0, true], [1, 1, 1, true]]);
    const y = targetVector(t, 1, 1);
    expect([y[0], y[5], y[6], y[7], y[8], y[13], y[14], y[15]]).toEqual([1, 1, 0, 0, 1, 0, 1, 0]);
    expect(y[1]).toBeCloseTo(0.35, 12); // 0.45·3 − 1
    expect(y[10]).toBeCloseTo(0.86, 12); // 0.62·3 − 1
  });

  it('with one anchor they conflict: the car fits the anchor better and is kept', () => {
    // The tall anchor: pedestrian 0.775; car 0.2881. The pedestrian wins this time.
    const one = yoloTargets(3, 3, [TALL], [ped(0.45, 0.55), car(0.5, 0.62)]);
    expect(one.conflicts).toEqual([{ row: 1, col: 1, anchor: 0, objects: [0, 1], kept: 0 }]);
    expect(one.objects[1]).toMatchObject({ kept: false, lostTo: 0 });
    expect(targetVector(one, 1, 1).slice(5)).toEqual([1, 0, 0]);
    // The wide anchor alone: the car (0.8824) beats the pedestrian.
    const wide = yoloTargets(3, 3, [WIDE], [ped(0.45, 0.55), car(0.5, 0.62)]);
    expect(wide.conflicts[0]!.kept).toBe(1);
  });

  it('a car and a motorcycle both want the wide anchor: the car (IoU 0.8824 against 0.4622) is kept', () => {
    const t = yoloTargets(3, 3, [TALL, WIDE], [car(0.5, 0.62), moto(0.6, 0.6)]);
    expect(t.conflicts).toEqual([{ row: 1, col: 1, anchor: 1, objects: [0, 1], kept: 0 }]);
    expect(t.objects[1]!.ious[1]!.iou).toBeCloseTo(0.0208 / 0.045, 12);
    expect(targetVector(t, 1, 1).slice(8)).toEqual([1, expect.closeTo(0.5, 12), expect.closeTo(0.86, 12), expect.closeTo(0.51, 12), expect.closeTo(0.9, 12), 0, 1, 0]);
    // The first listed wins a tie (two identical boxes).
    expect(yoloTargets(3, 3, [WIDE], [moto(0.5, 0.5), moto(0.5, 0.5)]).conflicts[0]!.kept).toBe(0);
  });

  it('matches the naive scan for random scenes; every kept object sits in its own slot', () => {
    const scene = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 4 })).chain(([S, C]) =>
      fc.record({ S: fc.constant(S), C: fc.constant(C), anchors: fc.array(anchorArb, { minLength: 1, maxLength: 3 }), objects: fc.array(objectArb(C), { maxLength: 6 }) }));
    fc.assert(fc.property(scene, ({ S, C, anchors, objects }) => {
      const t = yoloTargets(S, C, anchors, objects);
      // Every cell, compared entry by entry (plain loops: one expect per cell keeps this fast).
      for (let r = 0; r < S; r++) for (let c = 0; c < S; c++) {
        const ours = targetVector(t, r, c);
        const ref = naiveVector(S, C, anchors, objects, r, c);
        const same = ours.length === anchors.length * (C + 5) && ours.every((v, j) => (v === null ? ref[j] === null : typeof ref[j] === 'number' && Math.abs(v - ref[j]) < 1e-9));
        expect(same, `cell (${r}, ${c}): ${JSON.stringify(ours)} vs ${JSON.stringify(ref)}`).toBe(true);
      }
      const kept = t.objects.filter((o) => o.kept);
      expect(kept.length).toBe(t.slots.filter((s) => s !== null).length);
      expect(t.objects.length - kept.length).toBe(t.conflicts.reduce((n, k) => n + k.objects.length - 1, 0));
    }));
  });
});

describe('bad input is a clear error', () => {
  it('midpoints outside the picture, negative sizes, bad classes and anchors', () => {
    expect(() => gridCellOf(1.2, 0.5, 3)).toThrow(/midpoint x must lie in the picture, from 0 to 1; got 1\.2/);
    expect(() => gridCellOf(0.5, Number.NaN, 3)).toThrow(/midpoint y/);
    expect(() => gridCellOf(0.5, 0.5, 0)).toThrow(/grid size S must be an integer from 1 to 64/);
    expect(() => cellOffsets({ x: 0.5, y: 0.5, w: -0.1, h: 0.1 }, 3)).toThrow(/negative size/);
    expect(() => yoloTargets(3, 3, [TALL], [{ cls: 3, box: { x: 0.5, y: 0.5, w: 0.1, h: 0.1 } }])).toThrow(/object 1's class must be an integer from 0 to 2/);
    expect(() => yoloTargets(3, 3, [], [])).toThrow(/anchors A/);
    expect(() => bestAnchor({ w: 0.1, h: 0.1 }, [{ w: 0, h: 0.1 }])).toThrow(/anchor 1 must have a width and height above 0/);
    expect(() => targetVector(yoloTargets(3, 3, [TALL], []), 3, 0)).toThrow(/row must be an integer from 0 to 2/);
  });
});
