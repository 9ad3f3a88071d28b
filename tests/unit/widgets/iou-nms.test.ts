import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/widgets/params';
import {
  boxStates, buildSetup, describeStep, dragBox, fateText, formatBoxes, H, iouNum, iouView, keyBox, MAX_BOXES, MIN_SIZE, newBox, parseBoxes,
  placeChips, PRESET_NAMES, PRESETS, schema, W, type Params,
} from '~/widgets/iou-nms/model';

const params = (search = ''): Params => parseQuery(schema, search).values;
const setupOf = (search = '') => buildSetup(params(search));
const kinds = (search: string) => setupOf(search).trace.fates.map((f) => f.kind);

describe('iou-nms model: presets and steps', () => {
  it('the course’s cars: 0.6 is dropped by its score, 0.7 suppressed by 0.9, the second car kept', () => {
    const s = setupOf();
    expect(s.boxes.map((b) => b.score)).toEqual([0.9, 0.6, 0.7, 0.8, 0.7, 0.85, 0.4]);
    expect(s.trace.fates.map((f) => f.kind)).toEqual(['kept', 'dropped', 'suppressed', 'kept', 'suppressed', 'kept', 'dropped']);
    expect(describeStep(s, 0)).toBe('7 candidate boxes before non-max suppression, run separately for each class.');
    expect(describeStep(s, 1)).toBe('Drop every box with p_c ≤ 0.6: box 2 (0.6) and box 7 (0.4); 5 boxes remain.');
    expect(describeStep(s, 3)).toBe('Cars: take box 1, the largest p_c left (0.9), as a detection; suppress box 3 (IoU ≈ 0.644 ≥ 0.5); box 4 (IoU 0 < 0.5) and box 5 (IoU 0 < 0.5) stay.');
    expect(describeStep(s, 4)).toMatch(/Done: 3 detections \(box 6, box 1 and box 4\)\.$/);
    // IoU of box 1 and box 3, as the widget writes it: 464 / (576 + 608 − 464) = 464 / 720.
    expect(iouView(s.boxes, 0, 2).text).toBe('IoU = 464 / (576 + 608 − 464) = 464 / 720 ≈ 0.644');
    expect(fateText(s, 2, s.trace.fates[2]!)).toBe('suppressed by box 1: IoU ≈ 0.644 ≥ 0.5');
    expect(fateText(s, 1, s.trace.fates[1]!)).toBe('dropped: p_c 0.6 ≤ 0.6');
  });

  it('rider and motorcycle: per class keeps both; class-agnostic the rider suppresses the motorcycle', () => {
    expect(kinds('preset=per-class')).toEqual(['kept', 'kept', 'suppressed', 'suppressed', 'kept', 'suppressed']);
    const s = setupOf('preset=per-class&perclass=false');
    expect(s.trace.fates[1]).toEqual({ kind: 'suppressed', by: 0, iou: 528 / 896 });
    expect(s.trace.kept).toEqual([0, 4]);
  });

  it('two people: IoU exactly 0.4 keeps both at threshold 0.5 and suppresses one at 0.4', () => {
    const s = setupOf('preset=crowd');
    expect(iouView(s.boxes, 0, 1).text).toBe('IoU = 256 / (448 + 448 − 256) = 256 / 640 = 0.4');
    expect(s.trace.kept).toEqual([0, 1]);
    expect(setupOf('preset=crowd&iou=0.4').trace.fates[1]).toEqual({ kind: 'suppressed', by: 0, iou: 0.4 });
  });

  it('the boundary preset: p_c = 0.6 dropped, 0.61 kept, IoU = 0.5 suppressed, a tie goes to the first listed', () => {
    const s = setupOf('preset=boundary');
    expect(s.trace.fates[1]).toEqual({ kind: 'suppressed', by: 0, iou: 0.5 });
    expect(kinds('preset=boundary')).toEqual(['kept', 'suppressed', 'dropped', 'kept', 'kept', 'suppressed']);
    expect(describeStep(s, 2)).toBe('Pedestrians: take box 5, the largest p_c left (0.8, tied with box 6: the first listed goes first), as a detection; suppress box 6 (IoU ≈ 0.737 ≥ 0.5).');
    expect(describeStep(s, 3)).toContain('suppress box 2 (IoU 0.5 ≥ 0.5)');
  });

  it('every preset’s pair exists and every step of every preset has a sentence without NaN', () => {
    for (const name of PRESET_NAMES) {
      for (const q of ['', '&perclass=false', '&score=0&iou=0', '&score=1&iou=1']) {
        const s = setupOf(`preset=${name}${q}`);
        expect(PRESETS[name].pair.every((i) => i < s.boxes.length)).toBe(true);
        for (let k = 0; k < s.trace.steps.length; k++) expect(describeStep(s, k)).not.toMatch(/NaN|undefined/);
      }
    }
  });

  it('boxStates marks the box taken and the boxes removed at that step', () => {
    const s = setupOf();
    const at1 = boxStates(s, 1);
    expect(at1.filter((x) => x.justRemoved).length).toBe(2);
    const at3 = boxStates(s, 3);
    expect(at3[0]).toMatchObject({ taken: true, fate: { kind: 'kept' } });
    expect(at3[2]).toMatchObject({ justRemoved: true, fate: { kind: 'suppressed' } });
    expect(at3[3]!.fate.kind).toBe('pending');
  });
});

describe('iou-nms model: the boxes’ text form', () => {
  it('round-trips and accepts class names', () => {
    const text = 'c:0.9:7,31,39,49;p:0.85:46,10,56,31;m:0.5:0,0,10,10';
    const { boxes, problems } = parseBoxes(text);
    expect(problems).toEqual([]);
    expect(formatBoxes(boxes)).toBe(text);
    expect(parseBoxes('car:0.9:7,31,39,49').boxes[0]!.cls).toBe(1);
    expect(formatBoxes(setupOf().boxes)).toBe(formatBoxes(PRESETS.course.boxes));
  });

  it('bad boxes become sentences and are left out; never throws', () => {
    expect(parseBoxes('c:0.9:30,10,20,40').problems).toEqual(['Box 1 “c:0.9:30,10,20,40” has a negative width: x2 = 20 is left of x1 = 30; it was ignored.']);
    expect(parseBoxes('c:0.9:10,40,20,30').problems[0]).toMatch(/negative height: y2 = 30 is above y1 = 40/);
    expect(parseBoxes('x:0.9:1,2,3,4').problems[0]).toMatch(/class that is not p, c or m/);
    expect(parseBoxes('c:abc:1,2,3,4').problems[0]).toMatch(/p_c that is not a number/);
    expect(parseBoxes('c:0.5:1,2,3').problems[0]).toMatch(/four numbers/);
    expect(parseBoxes('<img src=x onerror=alert(1)>').problems[0]).toMatch(/^Box 1 “<img src=x onerror=alert…” is not class:p_c:x1,y1,x2,y2/);
    expect(parseBoxes('c:1.5:1.4,2,300,4').problems).toEqual(['Box 1 “c:1.5:1.4,2,300,4”: corners rounded to whole units; corners moved inside the 100×60 picture; p_c must be from 0 to 1, so it became 1.']);
    expect(parseBoxes('c:0.5:200,2,300,4').problems[0]).toMatch(/no area inside the 100×60 picture/);
    expect(parseBoxes(Array(12).fill('c:0.5:1,2,3,4').join(';')).boxes).toHaveLength(MAX_BOXES);
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => {
      const r = parseBoxes(s);
      return r.boxes.every((b) => b.x1 <= b.x2 && b.y1 <= b.y2 && b.x2 <= W && b.y2 <= H && b.score >= 0 && b.score <= 1);
    }));
  });

  it('no usable box falls back to the preset with a message; hostile values never reach the trace', () => {
    const s = setupOf('boxes=%3Cscript%3E');
    expect(s.fromPreset).toBe(true);
    expect(s.problems.at(-1)).toBe('No usable box was given, so the preset’s boxes are shown.');
    expect(s.boxes).toHaveLength(7);
  });
});

describe('iou-nms model: moving boxes', () => {
  const box = { x1: 10, y1: 10, x2: 30, y2: 20 };
  it('moves by whole units and stays inside the picture', () => {
    expect(dragBox(box, 'move', 5, -3)).toEqual({ x1: 15, y1: 7, x2: 35, y2: 17 });
    expect(dragBox(box, 'move', -50, 99)).toEqual({ x1: 0, y1: 50, x2: 20, y2: 60 });
    expect(keyBox(box, 'ArrowRight', false)).toEqual({ x1: 11, y1: 10, x2: 31, y2: 20 });
    expect(keyBox(box, 'ArrowDown', true)).toEqual({ x1: 10, y1: 10, x2: 30, y2: 21 });
    expect(keyBox(box, 'Enter', false)).toBeNull();
  });
  it('a corner never crosses its opposite one (no negative size)', () => {
    expect(dragBox(box, 'nw', 50, 50)).toEqual({ x1: 30 - MIN_SIZE, y1: 20 - MIN_SIZE, x2: 30, y2: 20 });
    expect(dragBox(box, 'se', -50, -50)).toEqual({ x1: 10, y1: 10, x2: 10 + MIN_SIZE, y2: 10 + MIN_SIZE });
    fc.assert(fc.property(fc.constantFrom('move', 'nw', 'ne', 'sw', 'se' as const), fc.integer({ min: -120, max: 120 }), fc.integer({ min: -80, max: 80 }), (edge, dx, dy) => {
      const b = dragBox(box, edge, dx, dy);
      return b.x2 - b.x1 >= MIN_SIZE && b.y2 - b.y1 >= MIN_SIZE && b.x1 >= 0 && b.y1 >= 0 && b.x2 <= W && b.y2 <= H;
    }));
  });
  it('a new box does not land exactly on another', () => {
    const first = newBox([]);
    expect(newBox([first]).x1).not.toBe(first.x1);
  });
  it('prints an IoU exactly when it is exact', () => {
    expect(iouNum(0.5)).toBe('0.5');
    expect(iouNum(0)).toBe('0');
    expect(iouNum(464 / 720)).toBe('≈ 0.644');
  });
});

describe('iou-nms model: labels', () => {
  it('labels of boxes sharing a corner region do not overlap while there is room', () => {
    const boxes = PRESETS.course.boxes.slice(0, 3);
    const spots = placeChips(boxes, [12, 12, 12], 2.5);
    for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) {
      const a = spots[i]!, b = spots[j]!;
      expect(Math.abs(a.x - b.x) >= 12 || Math.abs(a.y - b.y) >= 2.5).toBe(true);
    }
    expect(spots[0]).toEqual({ x: 7, y: 28.5 }); // the first box keeps the usual spot, above its top-left corner
  });
});
