import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fatesAt, nms, nmsTf, type ScoredBox } from '~/compute/nms';
import { loadTf } from '~/compute/tf';

const box = (x1: number, y1: number, x2: number, y2: number, score: number, cls = 0): ScoredBox => ({ x1, y1, x2, y2, score, cls });

/** IoU written out separately from src/compute/boxes.ts: overlap widths clamped at 0. */
function refIou(a: ScoredBox, b: ScoredBox): number {
  const w = Math.max(0, Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1));
  const h = Math.max(0, Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1));
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - w * h;
  return union > 0 ? (w * h) / union : 0;
}

/**
 * Naive NMS straight from the lecture's pseudo-code: filter, then repeatedly scan the whole list for the
 * maximum (first index wins a tie) and delete what overlaps it. Per class by running it on each class.
 */
function refNms(boxes: ScoredBox[], t: number, u: number, perClass: boolean): number[] {
  const run = (ids: number[]) => {
    let left = ids.filter((i) => !(boxes[i]!.score <= t));
    const out: number[] = [];
    while (left.length) {
      let best = left[0]!;
      for (const i of left) if (boxes[i]!.score > boxes[best]!.score || (boxes[i]!.score === boxes[best]!.score && i < best)) best = i;
      out.push(best);
      left = left.filter((i) => i !== best && refIou(boxes[i]!, boxes[best]!) < u);
    }
    return out;
  };
  const ids = boxes.map((_, i) => i);
  const out = perClass ? [...new Set(boxes.map((b) => b.cls))].flatMap((c) => run(ids.filter((i) => boxes[i]!.cls === c))) : run(ids);
  return out.sort((a, b) => a - b);
}

// Integer corners (exact in float32, like the widget's) and scores in hundredths.
const arbBox = fc
  .tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 2 }))
  .map(([x, y, w, h, s, c]) => box(x, y, x + w, y + h, s / 100, c));
const arbBoxes = fc.array(arbBox, { maxLength: 12 });
const arbThreshold = fc.integer({ min: 0, max: 100 }).map((v) => v / 100);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('nms: the course’s algorithm', () => {
  it('the lecture’s car: 0.9, 0.6, 0.7 → 0.9 kept, 0.6 dropped by score, 0.7 suppressed', () => {
    const boxes = [box(10, 10, 40, 30, 0.9), box(12, 8, 44, 30, 0.6), box(8, 12, 38, 32, 0.7)];
    const t = nms(boxes);
    expect(t.kept).toEqual([0]);
    expect(t.fates[1]).toEqual({ kind: 'dropped' });
    expect(t.fates[2]).toMatchObject({ kind: 'suppressed', by: 0 });
    // IoU of 0.9's box and 0.7's: overlap 28×18 = 504, union 600 + 600 − 504 = 696.
    expect((t.fates[2] as { iou: number }).iou).toBe(504 / 696);
    expect(t.steps.map((s) => s.kind)).toEqual(['start', 'drop', 'take']);
    expect(t.steps[1]).toEqual({ kind: 'drop', dropped: [1] });
  });

  it('boundaries: p_c equal to the score threshold is dropped; IoU equal to the IoU threshold is suppressed', () => {
    // 6×4 boxes shifted by 2: overlap 16, union 32, IoU exactly 0.5. Shifted by 3 columns … see below.
    const half = [box(0, 0, 6, 4, 0.9), box(2, 0, 8, 4, 0.8)];
    expect(nms(half).fates[1]).toEqual({ kind: 'suppressed', by: 0, iou: 0.5 });
    expect(nms(half, { iouThreshold: 0.51 }).kept).toEqual([0, 1]);
    expect(nms([box(0, 0, 1, 1, 0.6), box(5, 5, 6, 6, 0.61)]).fates.map((f) => f.kind)).toEqual(['dropped', 'kept']);
    expect(nms([box(0, 0, 1, 1, 0.6)], { scoreThreshold: 0.59 }).kept).toEqual([0]);
    // Score threshold 0 still drops p_c = 0; threshold 1 drops everything.
    expect(nms([box(0, 0, 1, 1, 0)], { scoreThreshold: 0 }).kept).toEqual([]);
    expect(nms([box(0, 0, 1, 1, 1)], { scoreThreshold: 1 }).kept).toEqual([]);
    // IoU threshold 0 suppresses even boxes that do not touch (IoU 0 ≥ 0).
    expect(nms([box(0, 0, 1, 1, 0.9), box(5, 5, 6, 6, 0.8)], { iouThreshold: 0 }).kept).toEqual([0]);
  });

  it('ties in p_c: the box listed first is taken first', () => {
    const t = nms([box(2, 0, 8, 4, 0.8), box(0, 0, 6, 4, 0.8)]);
    expect(t.kept).toEqual([0]);
    expect(t.fates[1]).toMatchObject({ kind: 'suppressed', by: 0 });
    expect(nms([box(0, 0, 6, 4, 0.8), box(2, 0, 8, 4, 0.8)]).kept).toEqual([0]);
  });

  it('per class: a rider and a motorcycle that overlap both survive; class-agnostic, one suppresses the other', () => {
    const boxes = [box(38, 16, 60, 50, 0.9, 0), box(36, 26, 62, 52, 0.8, 2)];
    expect(nms(boxes).kept).toEqual([0, 1]);
    const agnostic = nms(boxes, { perClass: false });
    expect(agnostic.kept).toEqual([0]);
    expect(agnostic.fates[1]).toEqual({ kind: 'suppressed', by: 0, iou: 528 / 896 });
  });

  it('per class walks the classes in order, largest p_c first within each', () => {
    const t = nms([box(0, 0, 4, 4, 0.7, 1), box(10, 0, 14, 4, 0.95, 0), box(20, 0, 24, 4, 0.9, 1), box(30, 0, 34, 4, 0.8, 0)]);
    expect(t.kept).toEqual([1, 3, 2, 0]);
    expect(t.steps.slice(2).map((s) => s.kind === 'take' && s.taken)).toEqual([1, 3, 2, 0]);
  });

  it('the trace replays: fatesAt a step decides exactly the boxes its steps name', () => {
    const boxes = [box(10, 10, 40, 30, 0.9), box(12, 8, 44, 30, 0.6), box(8, 12, 38, 32, 0.7), box(60, 10, 90, 30, 0.8), box(62, 12, 88, 28, 0.75)];
    const t = nms(boxes);
    expect(fatesAt(t, 0).every((f) => f.kind === 'pending')).toBe(true);
    expect(fatesAt(t, 1).map((f) => f.kind)).toEqual(['pending', 'dropped', 'pending', 'pending', 'pending']);
    expect(fatesAt(t, 2).map((f) => f.kind)).toEqual(['kept', 'dropped', 'suppressed', 'pending', 'pending']);
    expect(fatesAt(t, 99)).toEqual(t.fates);
    const last = t.steps[3]!;
    expect(last.kind === 'take' && last.suppressed.map((s) => s.index)).toEqual([4]);
  });

  it('an empty list, and a list where everything is dropped, give start and drop steps only', () => {
    expect(nms([]).steps).toEqual([{ kind: 'start' }, { kind: 'drop', dropped: [] }]);
    expect(nms([box(0, 0, 1, 1, 0.1)]).steps).toHaveLength(2);
  });

  it('bad input is a clear error naming the box', () => {
    expect(() => nms([box(0, 0, 1, 1, 0.9), box(5, 0, 3, 1, 0.8)])).toThrow(/box 2 has a negative size/);
    expect(() => nms([box(0, 0, 1, 1, 1.5)])).toThrow(/box 1's p_c must be a number from 0 to 1; got 1\.5/);
    expect(() => nms([box(0, 0, 1, 1, Number.NaN)])).toThrow(/box 1's p_c must be a number from 0 to 1/);
    expect(() => nms([box(0, 0, 1, 1, 0.7, 1.5)])).toThrow(/box 1's class must be an integer/);
    expect(() => nms([], { iouThreshold: -0.1 })).toThrow(/IoU threshold must be a number from 0 to 1/);
  });
});

describe('nms: properties', () => {
  const options = fc.record({ scoreThreshold: arbThreshold, iouThreshold: arbThreshold, perClass: fc.boolean() });

  it('every box is kept, suppressed by a named keeper of its class (with that IoU ≥ the threshold) or dropped for its score', () => {
    fc.assert(fc.property(arbBoxes, options, (boxes, o) => {
      const t = nms(boxes, o);
      t.fates.forEach((f, i) => {
        const b = boxes[i]!;
        if (f.kind === 'dropped') expect(b.score).toBeLessThanOrEqual(o.scoreThreshold);
        else expect(b.score).toBeGreaterThan(o.scoreThreshold);
        if (f.kind === 'suppressed') {
          expect(t.fates[f.by]!.kind).toBe('kept');
          expect(f.iou).toBe(refIou(boxes[f.by]!, b));
          expect(f.iou).toBeGreaterThanOrEqual(o.iouThreshold);
          if (o.perClass) expect(boxes[f.by]!.cls).toBe(b.cls);
          // The keeper came first: larger p_c, or equal and listed earlier.
          expect(boxes[f.by]!.score > b.score || (boxes[f.by]!.score === b.score && f.by < i)).toBe(true);
        }
        expect(f.kind).not.toBe('pending');
      });
    }));
  });

  it('the detections are a subset of the input, and no two of one class overlap with IoU ≥ the threshold', () => {
    fc.assert(fc.property(arbBoxes, options, (boxes, o) => {
      const t = nms(boxes, o);
      expect(new Set(t.kept).size).toBe(t.kept.length);
      for (const i of t.kept) expect(i >= 0 && i < boxes.length).toBe(true);
      for (const i of t.kept) for (const j of t.kept) {
        if (i < j && (!o.perClass || boxes[i]!.cls === boxes[j]!.cls)) expect(refIou(boxes[i]!, boxes[j]!)).toBeLessThan(o.iouThreshold);
      }
    }));
  });

  it('agrees with a naive reference written from the lecture', () => {
    fc.assert(fc.property(arbBoxes, options, (boxes, o) => {
      expect(sorted(nms(boxes, o).kept)).toEqual(refNms(boxes, o.scoreThreshold, o.iouThreshold, o.perClass));
    }));
  });
});

describe('tf.image.nonMaxSuppression', () => {
  it('agrees with ours on random boxes, per class and class-agnostic (integer corners, p_c in hundredths)', async () => {
    await fc.assert(fc.asyncProperty(arbBoxes, arbThreshold, arbThreshold, fc.boolean(), async (boxes, s, u, perClass) => {
      expect(await nmsTf(boxes, { scoreThreshold: s, iouThreshold: u, perClass })).toEqual(sorted(nms(boxes, { scoreThreshold: s, iouThreshold: u, perClass }).kept));
    }), { numRuns: 60 });
  });

  it('suppresses at IoU ≥ t as the course does (IoU exactly 0.5 with t = 0.5 is suppressed)', async () => {
    const tf = await loadTf();
    // [y1, x1, y2, x2]: the 6×4 boxes shifted by 2 from the boundary test above.
    const kept = await tf.image.nonMaxSuppression(tf.tensor2d([[0, 0, 4, 6], [0, 2, 4, 8]]), tf.tensor1d([0.9, 0.8]), 2, 0.5).data();
    expect([...kept]).toEqual([0]);
    expect([...(await tf.image.nonMaxSuppression(tf.tensor2d([[0, 0, 4, 6], [0, 2, 4, 8]]), tf.tensor1d([0.9, 0.8]), 2, 0.51).data())]).toEqual([0, 1]);
  });

  it('keeps score > t, but in float32: p_c = 0.6 survives t = 0.6 (0.6 rounds up to 0.6000000238), p_c = 0.7 does not survive t = 0.7 (rounds down)', async () => {
    const tf = await loadTf();
    const run = async (score: number, t: number) => [...(await tf.image.nonMaxSuppression(tf.tensor2d([[0, 0, 1, 1]]), tf.tensor1d([score]), 1, 0.5, t).data())];
    expect(Math.fround(0.6)).toBeGreaterThan(0.6);
    expect(Math.fround(0.7)).toBeLessThan(0.7);
    expect(await run(0.6, 0.6)).toEqual([0]); // the course drops it
    expect(await run(0.7, 0.7)).toEqual([]);
    expect(await run(0.5, 0.5)).toEqual([]); // 0.5 is exact in float32: > fails, dropped as in the course
    // With the threshold rounded to float32 too, as nmsTf passes it, p_c = t is dropped for every t.
    expect(await run(0.6, Math.fround(0.6))).toEqual([]);
    // Its default score threshold is −∞ (keeps every box); the course's is 0.6.
    expect([...(await tf.image.nonMaxSuppression(tf.tensor2d([[0, 0, 1, 1]]), tf.tensor1d([0.01]), 1).data())]).toEqual([0]);
  });

  it('breaks ties by the lower index, has no class argument, and takes corners in either order', async () => {
    const tf = await loadTf();
    const same = tf.tensor2d([[0, 2, 4, 8], [0, 0, 4, 6]]);
    expect([...(await tf.image.nonMaxSuppression(same, tf.tensor1d([0.8, 0.8]), 2, 0.5).data())]).toEqual([0]);
    // A box given bottom-right first is read as the same box (ours refuses it as a negative size).
    expect([...(await tf.image.nonMaxSuppression(tf.tensor2d([[4, 6, 0, 0], [0, 2, 4, 8]]), tf.tensor1d([0.9, 0.8]), 2, 0.5).data())]).toEqual([0]);
  });
});
