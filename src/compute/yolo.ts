/**
 * YOLO's training targets (Course 4, week 3): which grid cell and which anchor box each labelled object
 * is given, and the target vector y of every cell. Conventions (also in CONVENTIONS.md, "YOLO targets"):
 *
 *   - The picture's coordinates are fractions, 0 to 1 across and 0 to 1 down (y grows downwards), and
 *     it is split into S × S equal cells; rows and columns are counted from 0 at the top left.
 *   - An object belongs to the cell holding its midpoint: column ⌊x·S⌋, row ⌊y·S⌋. A midpoint exactly
 *     on a line between cells goes to the cell right of / below the line (also where x·S rounds just
 *     below the integer); x = 1 (the right edge) or
 *     y = 1 (the bottom edge) goes to the last column / row, the one cell where b_x or b_y can be 1.
 *   - Within its cell it takes the anchor (a shape w × h, in the picture's fractions) whose box, put on the
 *     object's own centre, has the highest IoU with the object's box: shape-only IoU. Equal IoUs go to
 *     the anchor listed first.
 *   - Each anchor has C + 5 numbers, in the course's order [p_c, b_x, b_y, b_h, b_w, c_1, …, c_C]:
 *     b_x, b_y the midpoint measured from the cell's top-left corner in cell widths (in [0, 1)); b_h, b_w
 *     the box's height and width in cell sizes (more than 1 when it is bigger than its cell). A cell holds
 *     the anchors one after another: y has A·(C + 5) numbers and the output volume is S × S × A·(C + 5).
 *     Where p_c = 0 nothing else matters: those entries are null ("don't care", the course's ?).
 *   - One cell and one anchor hold one object. When two objects claim the same cell and anchor, the
 *     target cannot represent both: the one whose box fits the anchor better (higher IoU) is kept, the
 *     first listed on a tie, and the others are reported as lost in `conflicts`.
 */
import { iouParts, requireCentreSize, toCorners, type CentreSize, type IouParts } from './boxes';
import { ComputeInputError, requireInt } from './errors';

/** A labelled object: a class (0 … C − 1, the course's c_1 … c_C) and a box in the picture's fractions. */
export interface YoloObject {
  cls: number;
  box: CentreSize;
}

/** An anchor box's shape, in the picture's fractions (its centre is wherever an object's is). */
export interface AnchorShape {
  w: number;
  h: number;
}

export interface GridCell {
  row: number;
  col: number;
}

/** Where a box sits in the grid: its cell and the four numbers the course writes for it. */
export interface CellOffsets extends GridCell {
  /** Midpoint across, from the cell's left edge, in cell widths: x·S − col. */
  bx: number;
  /** Midpoint down, from the cell's top edge, in cell heights: y·S − row. */
  by: number;
  /** Height in cell heights: h·S. */
  bh: number;
  /** Width in cell widths: w·S. */
  bw: number;
}

/** The largest grid accepted (YOLO's 19 × 19 and some room). */
export const MAX_GRID = 64;

function requireUnit(field: string, v: number): void {
  if (!Number.isFinite(v) || v < 0 || v > 1) {
    throw new ComputeInputError(`${field} must lie in the picture, from 0 to 1; got ${String(v)}`, field);
  }
}

/**
 * The index of the cell holding coordinate `v` (0 … 1) along an axis split into S: the number of lines
 * k/S (k = 1 … S − 1) at or before v. That is ⌊v·S⌋, corrected where v·S rounds across an integer
 * (0.58·50 = 28.999999999999996, yet 0.58 is the line 29/50 as the reader typed it).
 */
function indexAlong(v: number, S: number): number {
  let i = Math.min(S - 1, Math.floor(v * S));
  while (i > 0 && v < i / S) i--;
  while (i < S - 1 && v >= (i + 1) / S) i++;
  return i;
}

/** The largest number below 1: the most an offset inside a cell can be. */
const BELOW_ONE = 1 - 2 ** -53;

/** v's offset from the start of cell i in cell sizes, v·S − i, kept in [0, 1) against rounding (1 only at v = 1). */
function offsetIn(v: number, S: number, i: number): number {
  const raw = v * S - i;
  return v === 1 ? raw : Math.min(BELOW_ONE, Math.max(0, raw));
}

/** The cell holding a midpoint (x, y): column ⌊x·S⌋, row ⌊y·S⌋, the last one at the picture's edge. */
export function gridCellOf(x: number, y: number, S: number): GridCell {
  requireInt('grid size S', S, 1, MAX_GRID);
  requireUnit('midpoint x', x);
  requireUnit('midpoint y', y);
  return { row: indexAlong(y, S), col: indexAlong(x, S) };
}

/** The cell a box's midpoint falls in, and b_x, b_y, b_h, b_w relative to that cell. */
export function cellOffsets(box: CentreSize, S: number): CellOffsets {
  requireCentreSize('object box', box);
  const { row, col } = gridCellOf(box.x, box.y, S);
  return { row, col, bx: offsetIn(box.x, S, col), by: offsetIn(box.y, S, row), bh: box.h * S, bw: box.w * S };
}

function requireAnchor(field: string, a: AnchorShape): void {
  if (!Number.isFinite(a.w) || !Number.isFinite(a.h) || a.w <= 0 || a.h <= 0) {
    throw new ComputeInputError(`${field} must have a width and height above 0; got ${String(a.w)} × ${String(a.h)}`, field);
  }
}

/** IoU of two shapes put on the same centre (only their widths and heights matter), with its parts. */
export function shapeIouParts(box: { w: number; h: number }, anchor: AnchorShape): IouParts {
  return iouParts(toCorners({ x: 0, y: 0, w: box.w, h: box.h }), toCorners({ x: 0, y: 0, w: anchor.w, h: anchor.h }));
}

/** The anchor whose shape fits the box best (highest shape-only IoU; the first one on a tie), and every IoU. */
export function bestAnchor(box: { w: number; h: number }, anchors: readonly AnchorShape[]): { index: number; ious: IouParts[] } {
  if (anchors.length === 0) throw new ComputeInputError('at least one anchor box is needed', 'anchors');
  anchors.forEach((a, k) => requireAnchor(`anchor ${k + 1}`, a));
  const ious = anchors.map((a) => shapeIouParts(box, a));
  let index = 0;
  for (let k = 1; k < ious.length; k++) if (ious[k]!.iou > ious[index]!.iou) index = k;
  return { index, ious };
}

export interface OutputShape {
  S: number;
  A: number;
  C: number;
  /** C + 5: p_c, four box numbers and C class indicators. */
  perAnchor: number;
  /** A·(C + 5): the depth of the output volume. */
  perCell: number;
  /** S·S·A·(C + 5): every number the network outputs. */
  total: number;
}

/** The output volume S × S × A·(C + 5): 3 × 3 × 8 for the course's single anchor and 3 classes. */
export function outputShape(S: number, A: number, C: number): OutputShape {
  requireInt('grid size S', S, 1, MAX_GRID);
  requireInt('anchors A', A, 1, 1000);
  requireInt('classes C', C, 1, 100000);
  const perAnchor = C + 5;
  return { S, A, C, perAnchor, perCell: A * perAnchor, total: S * S * A * perAnchor };
}

/** What happened to one object. */
export interface ObjectAssignment extends CellOffsets {
  /** Its position in the input list. */
  index: number;
  cls: number;
  /** The anchor it was given (0-based) and its shape IoU with every anchor. */
  anchor: number;
  ious: IouParts[];
  /** Whether its cell and anchor hold it; false when another object won the same slot. */
  kept: boolean;
  /** The object that won its slot, when it lost one. */
  lostTo: number | null;
}

/** Two or more objects claiming the same cell and anchor. */
export interface Conflict extends GridCell {
  anchor: number;
  /** Every claimant, in input order. */
  objects: number[];
  /** The one the target keeps. */
  kept: number;
}

export interface YoloTargets {
  shape: OutputShape;
  objects: ObjectAssignment[];
  /** The object each (row, col, anchor) slot holds, at (row·S + col)·A + anchor, or null. */
  slots: (number | null)[];
  conflicts: Conflict[];
}

/** Assigns every object a cell and an anchor and settles conflicts (see the header for the rules). */
export function yoloTargets(S: number, C: number, anchors: readonly AnchorShape[], objects: readonly YoloObject[]): YoloTargets {
  const shape = outputShape(S, anchors.length, C);
  const A = anchors.length;
  const assigned: ObjectAssignment[] = objects.map((o, index) => {
    requireInt(`object ${index + 1}'s class`, o.cls, 0, C - 1);
    const where = cellOffsets(o.box, S);
    const best = bestAnchor(o.box, anchors);
    return { ...where, index, cls: o.cls, anchor: best.index, ious: best.ious, kept: true, lostTo: null };
  });
  const claims = new Map<number, ObjectAssignment[]>();
  for (const a of assigned) {
    const slot = (a.row * S + a.col) * A + a.anchor;
    claims.set(slot, [...(claims.get(slot) ?? []), a]);
  }
  const slots: (number | null)[] = new Array(S * S * A).fill(null);
  const conflicts: Conflict[] = [];
  for (const [slot, claimants] of [...claims.entries()].sort((p, q) => p[0] - q[0])) {
    // Higher IoU with the anchor wins; claimants are in input order, so a tie keeps the first.
    const winner = claimants.reduce((w, c) => (c.ious[c.anchor]!.iou > w.ious[w.anchor]!.iou ? c : w));
    slots[slot] = winner.index;
    if (claimants.length > 1) {
      for (const c of claimants) if (c !== winner) Object.assign(c, { kept: false, lostTo: winner.index });
      conflicts.push({ row: winner.row, col: winner.col, anchor: winner.anchor, objects: claimants.map((c) => c.index), kept: winner.index });
    }
  }
  return { shape, objects: assigned, slots, conflicts };
}

/**
 * The target vector y of one cell: A blocks of [p_c, b_x, b_y, b_h, b_w, c_1 … c_C]; a block with p_c = 0
 * has null ("don't care") after it.
 */
export function targetVector(t: YoloTargets, row: number, col: number): (number | null)[] {
  const { S, A, C } = t.shape;
  requireInt('row', row, 0, S - 1);
  requireInt('column', col, 0, S - 1);
  const y: (number | null)[] = [];
  for (let k = 0; k < A; k++) {
    const held = t.slots[(row * S + col) * A + k];
    if (held === null || held === undefined) {
      y.push(0, ...new Array<null>(C + 4).fill(null));
      continue;
    }
    const o = t.objects[held]!;
    y.push(1, o.bx, o.by, o.bh, o.bw, ...Array.from({ length: C }, (_, c) => (c === o.cls ? 1 : 0)));
  }
  return y;
}

/** The names of a cell vector's entries, block by block: p_c, b_x, b_y, b_h, b_w, c_1 … c_C. */
export function targetLabels(C: number): string[] {
  return ['p_c', 'b_x', 'b_y', 'b_h', 'b_w', ...Array.from({ length: C }, (_, c) => `c_${c + 1}`)];
}
