/**
 * Bounding boxes (Course 4, week 3): the two ways of writing a box, intersection over union, and the
 * validation every detection widget shares. Coordinates are in any one unit (pixels, or fractions of a
 * picture); y grows downwards, as on a screen and in the course's pictures.
 *
 *   - Corners: { x1, y1, x2, y2 } with x1 ≤ x2 and y1 ≤ y2 (top-left and bottom-right).
 *   - Centre and size: { x, y, w, h }, as YOLO writes b_x, b_y, b_w, b_h.
 *
 * A box of zero width or height is allowed (its area is 0, its IoU with anything is 0); a negative size
 * is an input error, never silently flipped.
 */
import { ComputeInputError } from './errors';

export interface Corners {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface CentreSize {
  /** Centre, across. */
  x: number;
  /** Centre, down. */
  y: number;
  w: number;
  h: number;
}

function requireFiniteFields(field: string, box: object): void {
  for (const [key, value] of Object.entries(box)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ComputeInputError(`${field}.${key} must be a finite number; got ${String(value)}`, field);
    }
  }
}

/** Throws unless the box has finite corners in order (x1 ≤ x2, y1 ≤ y2). */
export function requireCorners(field: string, box: Corners): void {
  requireFiniteFields(field, box);
  if (box.x2 < box.x1 || box.y2 < box.y1) {
    throw new ComputeInputError(
      `${field} has a negative size: its right/bottom corner (${box.x2}, ${box.y2}) is left of or above its top-left (${box.x1}, ${box.y1})`,
      field,
    );
  }
}

/** Throws unless the box has a finite centre and a width and height ≥ 0. */
export function requireCentreSize(field: string, box: CentreSize): void {
  requireFiniteFields(field, box);
  if (box.w < 0 || box.h < 0) {
    throw new ComputeInputError(`${field} has a negative size (w = ${box.w}, h = ${box.h})`, field);
  }
}

export function toCorners({ x, y, w, h }: CentreSize): Corners {
  return { x1: x - w / 2, y1: y - h / 2, x2: x + w / 2, y2: y + h / 2 };
}

export function toCentreSize({ x1, y1, x2, y2 }: Corners): CentreSize {
  return { x: (x1 + x2) / 2, y: (y1 + y2) / 2, w: x2 - x1, h: y2 - y1 };
}

export function area(box: Corners): number {
  return (box.x2 - box.x1) * (box.y2 - box.y1);
}

/** The overlap of two boxes, or null when they do not overlap (touching edges give a zero-area box). */
export function intersection(a: Corners, b: Corners): Corners | null {
  const x1 = Math.max(a.x1, b.x1);
  const y1 = Math.max(a.y1, b.y1);
  const x2 = Math.min(a.x2, b.x2);
  const y2 = Math.min(a.y2, b.y2);
  return x2 < x1 || y2 < y1 ? null : { x1, y1, x2, y2 };
}

export interface IouParts {
  intersection: number;
  union: number;
  /** intersection / union; 0 when the union is empty (two zero-area boxes). */
  iou: number;
}

/** Intersection over union, with the two areas it divides, so a widget can show the fraction. */
export function iouParts(a: Corners, b: Corners): IouParts {
  requireCorners('box a', a);
  requireCorners('box b', b);
  const overlap = intersection(a, b);
  const inter = overlap ? area(overlap) : 0;
  const union = area(a) + area(b) - inter;
  return { intersection: inter, union, iou: union > 0 ? inter / union : 0 };
}

export function iou(a: Corners, b: Corners): number {
  return iouParts(a, b).iou;
}
