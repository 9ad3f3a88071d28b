/**
 * Non-max suppression as the course teaches it (Course 4, week 3), returning a trace a stepper can replay.
 *
 *   1. Discard every box with p_c ≤ the score threshold (default 0.6).
 *   2. While boxes remain: take the remaining box with the largest p_c as a detection, then discard every
 *      remaining box whose IoU with it is ≥ the IoU threshold (default 0.5).
 *
 * Per class (the course's advice, the default) the loop runs independently for each class: a box only
 * ever suppresses boxes of its own class. Classes are walked in increasing class number, so the trace
 * shows one class's detections, then the next's. Class-agnostic, every box competes with every other.
 *
 * Ties in p_c: the box listed first (the lower index) is taken first — the rule tf.image.nonMaxSuppression
 * follows too, so the two agree on ties.
 *
 * The exact boundaries (p_c = 0.6 is dropped; IoU = 0.5 is suppressed) follow the two inequalities above.
 * tfjs's own inequalities are the same (it keeps score > threshold and suppresses IoU ≥ threshold), but
 * it rounds scores and box corners to float32 first, so a p_c of 0.6 becomes 0.6000000238… and survives a
 * threshold of 0.6; `nmsTf` hands it the threshold rounded the same way (see tests/unit/compute/nms.test.ts).
 */
import { iou, requireCorners, type Corners } from './boxes';
import { ComputeInputError, requireInt } from './errors';
import { loadTf } from './tf';

export interface ScoredBox extends Corners {
  /** p_c, the probability that the box holds an object: a number from 0 to 1. */
  score: number;
  /** Class number (0, 1, 2, …); only compared for equality. */
  cls: number;
}

export interface NmsOptions {
  /** Boxes with p_c ≤ this are dropped first. Default 0.6. */
  scoreThreshold?: number;
  /** Boxes whose IoU with a detection is ≥ this are suppressed. Default 0.5. */
  iouThreshold?: number;
  /** Run independently per class (default true) or over all boxes at once. */
  perClass?: boolean;
}

/** What happened to one box in the end, or so far. */
export type Fate =
  | { kind: 'pending' }
  | { kind: 'dropped' }
  | { kind: 'kept'; order: number }
  | { kind: 'suppressed'; by: number; iou: number };

export type NmsStep =
  /** Every candidate, before anything is decided. */
  | { kind: 'start' }
  /** Step 1: the boxes with p_c ≤ the score threshold, in index order (possibly none). */
  | { kind: 'drop'; dropped: number[] }
  /**
   * One round of step 2: `taken` becomes a detection; `suppressed` lists the remaining boxes (of its class,
   * when per class) with IoU ≥ the threshold, `spared` those below it, each with its IoU, in index order.
   */
  | { kind: 'take'; taken: number; suppressed: { index: number; iou: number }[]; spared: { index: number; iou: number }[] };

export interface NmsTrace {
  steps: NmsStep[];
  /** Each box's final fate, by index. */
  fates: Fate[];
  /** The detections in the order they were taken. */
  kept: number[];
  scoreThreshold: number;
  iouThreshold: number;
  perClass: boolean;
}

function requireUnit(field: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new ComputeInputError(`${field} must be a number from 0 to 1; got ${String(value)}`, field);
  }
}

/** Throws a ComputeInputError naming the first bad box or threshold. */
export function requireNmsInput(boxes: readonly ScoredBox[], scoreThreshold: number, iouThreshold: number): void {
  requireUnit('score threshold', scoreThreshold);
  requireUnit('IoU threshold', iouThreshold);
  boxes.forEach((b, i) => {
    const field = `box ${i + 1}`;
    requireCorners(field, { x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 });
    requireUnit(`${field}'s p_c`, b.score);
    requireInt(`${field}'s class`, b.cls, 0);
  });
}

/** Higher p_c first; on a tie, the lower index first. */
const byPriority = (boxes: readonly ScoredBox[]) => (a: number, b: number) => boxes[b]!.score - boxes[a]!.score || a - b;

export function nms(boxes: readonly ScoredBox[], options: NmsOptions = {}): NmsTrace {
  const { scoreThreshold = 0.6, iouThreshold = 0.5, perClass = true } = options;
  requireNmsInput(boxes, scoreThreshold, iouThreshold);
  const fates: Fate[] = boxes.map(() => ({ kind: 'pending' }));
  const steps: NmsStep[] = [{ kind: 'start' }];

  const dropped: number[] = [];
  const survivors: number[] = [];
  boxes.forEach((b, i) => (b.score <= scoreThreshold ? dropped : survivors).push(i));
  for (const i of dropped) fates[i] = { kind: 'dropped' };
  steps.push({ kind: 'drop', dropped });

  const groups = perClass ? [...new Set(survivors.map((i) => boxes[i]!.cls))].sort((a, b) => a - b).map((c) => survivors.filter((i) => boxes[i]!.cls === c)) : [survivors];
  const kept: number[] = [];
  for (const group of groups) {
    // Sorted once: after removing the suppressed boxes, the first remaining one is always the largest p_c.
    let remaining = [...group].sort(byPriority(boxes));
    while (remaining.length > 0) {
      const [taken, ...rest] = remaining as [number, ...number[]];
      fates[taken] = { kind: 'kept', order: kept.length };
      kept.push(taken);
      const suppressed: { index: number; iou: number }[] = [];
      const spared: { index: number; iou: number }[] = [];
      for (const i of rest) {
        const v = iou(boxes[taken]!, boxes[i]!);
        (v >= iouThreshold ? suppressed : spared).push({ index: i, iou: v });
      }
      for (const s of suppressed) fates[s.index] = { kind: 'suppressed', by: taken, iou: s.iou };
      const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
      steps.push({ kind: 'take', taken, suppressed: suppressed.sort(byIndex), spared: spared.sort(byIndex) });
      remaining = rest.filter((i) => fates[i]!.kind === 'pending');
    }
  }
  return { steps, fates, kept, scoreThreshold, iouThreshold, perClass };
}

/** Every box's fate as it stands after `step` (0: all pending; the last step: the final fates). */
export function fatesAt(trace: NmsTrace, step: number): Fate[] {
  const fates: Fate[] = trace.fates.map(() => ({ kind: 'pending' }));
  const last = Math.min(trace.steps.length - 1, Math.max(0, Math.round(step)));
  for (let s = 0; s <= last; s++) {
    const st = trace.steps[s]!;
    if (st.kind === 'drop') for (const i of st.dropped) fates[i] = trace.fates[i]!;
    if (st.kind === 'take') for (const i of [st.taken, ...st.suppressed.map((x) => x.index)]) fates[i] = trace.fates[i]!;
  }
  return fates;
}

/**
 * The same boxes through tf.image.nonMaxSuppression (CPU backend), once per class when per class (tfjs has
 * no class argument), the detections returned in ascending index order. Corners go in as [y1, x1, y2, x2];
 * maxOutputSize is the number of boxes (the course sets no cap); the score threshold is rounded to float32,
 * as tfjs rounds the scores, so that p_c = threshold is dropped as the course drops it.
 */
export async function nmsTf(boxes: readonly ScoredBox[], options: NmsOptions = {}): Promise<number[]> {
  const { scoreThreshold = 0.6, iouThreshold = 0.5, perClass = true } = options;
  requireNmsInput(boxes, scoreThreshold, iouThreshold);
  const tf = await loadTf();
  const all = boxes.map((_, i) => i);
  const groups = perClass ? [...new Set(boxes.map((b) => b.cls))].map((c) => all.filter((i) => boxes[i]!.cls === c)) : [all];
  const kept: number[] = [];
  for (const group of groups) {
    if (group.length === 0) continue;
    const t = tf.tidy(() =>
      tf.image.nonMaxSuppression(
        tf.tensor2d(group.map((i) => [boxes[i]!.y1, boxes[i]!.x1, boxes[i]!.y2, boxes[i]!.x2]), [group.length, 4]),
        tf.tensor1d(group.map((i) => boxes[i]!.score)),
        group.length,
        iouThreshold,
        Math.fround(scoreThreshold),
      ),
    );
    try {
      for (const j of await t.data()) kept.push(group[j]!);
    } finally {
      t.dispose();
    }
  }
  return kept.sort((a, b) => a - b);
}
