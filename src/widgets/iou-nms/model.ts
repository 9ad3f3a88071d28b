/**
 * The IoU and non-max suppression playground's model: parameters, presets (each a small road scene with
 * candidate boxes and a question), the compact text form of the boxes, box moves and resizes, the IoU of
 * two boxes written as a fraction, and the words of every NMS step. No DOM. All numbers come from
 * src/compute/boxes.ts and src/compute/nms.ts.
 *
 * The picture is W × H = 100 × 60 units, y down; corners are whole units, so every area and every IoU
 * is an exact fraction of integers (and exact in tfjs's float32 too), and a box moves one unit per key.
 */
import { iouParts, type Corners } from '~/compute/boxes';
import { fatesAt, nms, type Fate, type NmsStep, type NmsTrace, type ScoredBox } from '~/compute/nms';
import { quote, type Schema, type Values } from '../params';

export const W = 100;
export const H = 60;
export const MAX_BOXES = 10;
/** The smallest box a drag or a key can make (a box must stay big enough to grab). */
export const MIN_SIZE = 2;

/** The course's classes, in the order of its target vector's c1, c2, c3. */
export const CLASSES = [
  { name: 'pedestrian', plural: 'Pedestrians', letter: 'p' },
  { name: 'car', plural: 'Cars', letter: 'c' },
  { name: 'motorcycle', plural: 'Motorcycles', letter: 'm' },
] as const;
const P = 0, C = 1, M = 2;

/** Something drawn in the scene (not a box): the thing a detector might have found. */
export interface SceneObject {
  kind: 'car' | 'pedestrian' | 'motorcycle' | 'lamp' | 'rider' | 'tree';
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Preset {
  label: string;
  question: string;
  scene: SceneObject[];
  boxes: ScoredBox[];
  /** The two boxes whose IoU is shown at first (indices). */
  pair: readonly [number, number];
}

const b = (cls: number, score: number, x1: number, y1: number, x2: number, y2: number): ScoredBox => ({ cls, score, x1, y1, x2, y2 });

export const PRESETS = {
  course: {
    label: 'The course’s cars',
    question: 'Three boxes on one car (p_c 0.9, 0.6, 0.7), two on another: which survive, and why is 0.6 gone before any IoU is computed?',
    scene: [{ kind: 'car', x: 7, y: 31, w: 32, h: 18 }, { kind: 'car', x: 60, y: 33, w: 32, h: 18 }, { kind: 'pedestrian', x: 47, y: 11, w: 8, h: 20 }, { kind: 'lamp', x: 21, y: 6, w: 5, h: 24 }],
    boxes: [b(C, 0.9, 7, 31, 39, 49), b(C, 0.6, 11, 28, 43, 48), b(C, 0.7, 4, 33, 36, 52), b(C, 0.8, 60, 33, 92, 51), b(C, 0.7, 64, 35, 96, 54), b(P, 0.85, 46, 10, 56, 31), b(P, 0.4, 19, 5, 28, 29)],
    pair: [0, 2],
  },
  'per-class': {
    label: 'Rider and motorcycle',
    question: 'A person riding a motorcycle: the two boxes overlap a lot. What does NMS keep if it ignores the class?',
    scene: [{ kind: 'motorcycle', x: 36, y: 34, w: 26, h: 18 }, { kind: 'rider', x: 41, y: 15, w: 16, h: 30 }, { kind: 'car', x: 4, y: 31, w: 26, h: 18 }],
    boxes: [b(P, 0.9, 38, 16, 60, 50), b(M, 0.8, 36, 26, 62, 52), b(P, 0.7, 40, 14, 62, 48), b(M, 0.75, 34, 28, 60, 54), b(C, 0.88, 4, 31, 30, 49), b(C, 0.65, 6, 29, 33, 48)],
    pair: [0, 1],
  },
  crowd: {
    label: 'Two people close together',
    question: 'Two people side by side: lower the IoU threshold to 0.4. Which person disappears, and why?',
    scene: [{ kind: 'pedestrian', x: 36, y: 12, w: 14, h: 32 }, { kind: 'pedestrian', x: 42, y: 12, w: 14, h: 32 }, { kind: 'tree', x: 75, y: 4, w: 16, h: 26 }],
    boxes: [b(P, 0.9, 36, 12, 50, 44), b(P, 0.85, 42, 12, 56, 44), b(P, 0.7, 34, 14, 49, 46), b(P, 0.5, 74, 6, 90, 28)],
    pair: [0, 1],
  },
  boundary: {
    label: 'Exactly on the thresholds',
    question: 'Exactly on the thresholds: is a box with p_c = 0.6 kept? Is one with IoU = 0.5 suppressed? Who wins a tie?',
    scene: [{ kind: 'car', x: 6, y: 30, w: 24, h: 20 }, { kind: 'car', x: 62, y: 32, w: 30, h: 20 }, { kind: 'pedestrian', x: 45, y: 9, w: 9, h: 22 }],
    boxes: [b(C, 0.9, 6, 30, 30, 50), b(C, 0.8, 14, 30, 38, 50), b(C, 0.6, 60, 30, 90, 50), b(C, 0.61, 62, 32, 92, 52), b(P, 0.8, 45, 9, 54, 31), b(P, 0.8, 44, 10, 53, 32)],
    pair: [0, 1],
  },
} as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const schema = {
  preset: { type: 'enum', options: PRESET_NAMES, default: 'course', label: 'Question', doc: 'A scene and its candidate boxes: course, per-class, crowd, boundary.' },
  boxes: {
    type: 'text', default: '', maxLength: 600, label: 'Boxes',
    doc: `Your own boxes instead of the preset's, split by “;”, each class:p_c:x1,y1,x2,y2 with class p, c or m (pedestrian, car, motorcycle), p_c from 0 to 1 and whole-unit corners in the ${W}×${H} picture, e.g. c:0.9:7,31,39,49;c:0.7:4,33,36,52 (at most ${MAX_BOXES}).`,
  },
  score: { type: 'number', default: 0.6, min: 0, max: 1, label: 'Score threshold', doc: 'Boxes with p_c at or below it are dropped first (the course: 0.6).' },
  iou: { type: 'number', default: 0.5, min: 0, max: 1, label: 'IoU threshold', doc: 'A box whose IoU with a detection is at or above it is suppressed (the course: 0.5).' },
  perclass: { type: 'bool', default: true, label: 'Per class', doc: 'Run NMS separately for each class (the course’s advice); false lets any box suppress any other.' },
  step: { type: 'int', default: 0, min: 0, max: MAX_BOXES + 1, label: 'Step', doc: '0: every candidate; 1: the low scores dropped; then one detection per step.' },
} as const satisfies Schema;
export type Params = Values<typeof schema>;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Reads the compact text form. Never throws: each bad box becomes a sentence and is left out. */
export function parseBoxes(text: string): { boxes: ScoredBox[]; problems: string[] } {
  const boxes: ScoredBox[] = [];
  const problems: string[] = [];
  const tokens = text.split(';').map((t) => t.trim()).filter((t) => t !== '');
  for (const [k, token] of tokens.entries()) {
    const at = `Box ${k + 1} ${quote(token)}`;
    if (boxes.length >= MAX_BOXES) {
      problems.push(`At most ${MAX_BOXES} boxes; the rest were ignored.`);
      break;
    }
    const fail = (why: string) => problems.push(`${at} ${why}; it was ignored.`);
    const parts = token.split(':');
    if (parts.length !== 3) {
      fail('is not class:p_c:x1,y1,x2,y2 (e.g. c:0.9:7,31,39,49)');
      continue;
    }
    const [name, scoreText, cornerText] = parts as [string, string, string];
    const cls = CLASSES.findIndex((c) => c.letter === name.trim().toLowerCase() || c.name === name.trim().toLowerCase());
    const score = scoreText.trim() === '' ? Number.NaN : Number(scoreText);
    const corners = cornerText.split(',').map((v) => (v.trim() === '' ? Number.NaN : Number(v)));
    const [x1, y1, x2, y2] = corners.map(Math.round) as [number, number, number, number];
    const clamped = { x1: clampTo(x1, W), y1: clampTo(y1, H), x2: clampTo(x2, W), y2: clampTo(y2, H) };
    if (cls < 0) fail('has a class that is not p, c or m (pedestrian, car, motorcycle)');
    else if (!Number.isFinite(score)) fail('has a p_c that is not a number');
    else if (corners.length !== 4 || corners.some((v) => !Number.isFinite(v))) fail('needs four numbers for its corners, x1,y1,x2,y2');
    else if (x2 < x1) fail(`has a negative width: x2 = ${x2} is left of x1 = ${x1}`);
    else if (y2 < y1) fail(`has a negative height: y2 = ${y2} is above y1 = ${y1}`);
    else if (clamped.x2 - clamped.x1 < 1 || clamped.y2 - clamped.y1 < 1) fail(`has no area inside the ${W}×${H} picture`);
    else {
      const notes: string[] = [];
      if (corners.some((v) => !Number.isInteger(v))) notes.push('corners rounded to whole units');
      if (clamped.x1 !== x1 || clamped.y1 !== y1 || clamped.x2 !== x2 || clamped.y2 !== y2) notes.push(`corners moved inside the ${W}×${H} picture`);
      let p = Math.min(1, Math.max(0, score));
      if (p !== score) notes.push(`p_c must be from 0 to 1, so it became ${p}`);
      if (round2(p) !== p) notes.push(`p_c rounded to ${(p = round2(p))}`);
      if (notes.length) problems.push(`${at}: ${notes.join('; ')}.`);
      boxes.push({ cls, score: p, ...clamped });
    }
  }
  return { boxes, problems };
}

const clampTo = (v: number, max: number) => Math.min(max, Math.max(0, v));

export function formatBoxes(boxes: readonly ScoredBox[]): string {
  return boxes.map((x) => `${CLASSES[x.cls]!.letter}:${x.score}:${x.x1},${x.y1},${x.x2},${x.y2}`).join(';');
}

export interface Setup {
  boxes: ScoredBox[];
  scene: SceneObject[];
  trace: NmsTrace;
  problems: string[];
  /** True when the boxes came from the preset (the URL has no boxes). */
  fromPreset: boolean;
}

export function buildSetup(p: Params): Setup {
  const preset = PRESETS[p.preset];
  const parsed = p.boxes ? parseBoxes(p.boxes) : { boxes: [], problems: [] };
  const problems = [...parsed.problems];
  if (p.boxes && parsed.boxes.length === 0) problems.push('No usable box was given, so the preset’s boxes are shown.');
  const fromPreset = parsed.boxes.length === 0;
  const boxes = fromPreset ? preset.boxes.map((x) => ({ ...x })) : parsed.boxes;
  const trace = nms(boxes, { scoreThreshold: p.score, iouThreshold: p.iou, perClass: p.perclass });
  return { boxes, scene: preset.scene.map((o) => ({ ...o })), trace, problems, fromPreset };
}

export const clampStep = (setup: Setup, step: number) => Math.min(setup.trace.steps.length - 1, Math.max(0, Math.round(step)));

/** A threshold or p_c as the widget prints it: two decimals at most (0.6, 0.85). */
export const num = (v: number) => String(round2(v));

/** An IoU: exact when it has three decimals or fewer (0.5), else ≈ three decimals. */
export function iouNum(v: number): string {
  const r = Math.round(v * 1000) / 1000;
  return r === v ? String(r) : `≈ ${r.toFixed(3)}`;
}
/** "= 0.5" or "≈ 0.644". */
export const iouEq = (v: number) => (iouNum(v).startsWith('≈') ? iouNum(v) : `= ${iouNum(v)}`);

export const boxName = (i: number) => `box ${i + 1}`;
const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export interface IouView {
  a: number;
  b: number;
  inter: number;
  areaA: number;
  areaB: number;
  union: number;
  iou: number;
  overlap: Corners | null;
  /** "IoU = 504 / (600 + 600 − 504) = 504 / 696 ≈ 0.724" */
  text: string;
}

export function iouView(boxes: readonly ScoredBox[], a: number, b: number): IouView {
  const A = boxes[a]!, B = boxes[b]!;
  const parts = iouParts(A, B);
  const areaA = (A.x2 - A.x1) * (A.y2 - A.y1), areaB = (B.x2 - B.x1) * (B.y2 - B.y1);
  const x1 = Math.max(A.x1, B.x1), y1 = Math.max(A.y1, B.y1), x2 = Math.min(A.x2, B.x2), y2 = Math.min(A.y2, B.y2);
  const overlap = x2 > x1 && y2 > y1 ? { x1, y1, x2, y2 } : null;
  const text = `IoU = ${parts.intersection} / (${areaA} + ${areaB} − ${parts.intersection}) = ${parts.intersection} / ${parts.union} ${iouEq(parts.iou)}`;
  return { a, b, inter: parts.intersection, areaA, areaB, union: parts.union, iou: parts.iou, overlap, text };
}

/** What one box's fate says, in words. */
export function fateText(setup: Setup, i: number, fate: Fate): string {
  const t = setup.trace;
  switch (fate.kind) {
    case 'pending':
      return 'not decided yet';
    case 'dropped':
      return `dropped: p_c ${num(setup.boxes[i]!.score)} ≤ ${num(t.scoreThreshold)}`;
    case 'kept':
      return `kept: detection ${fate.order + 1}`;
    case 'suppressed':
      return `suppressed by ${boxName(fate.by)}: IoU ${iouEq(fate.iou)} ≥ ${num(t.iouThreshold)}`;
  }
}

/** The live sentence for a step. */
export function describeStep(setup: Setup, step: number): string {
  const { trace, boxes } = setup;
  const s = clampStep(setup, step);
  const st: NmsStep = trace.steps[s]!;
  const last = s === trace.steps.length - 1;
  const done = last ? ` Done: ${trace.kept.length === 0 ? 'no detections' : `${plural(trace.kept.length, 'detection')} (${list(trace.kept.map(boxName))})`}.` : '';
  if (st.kind === 'start') return `${plural(boxes.length, 'candidate box', 'candidate boxes')} before non-max suppression${trace.perClass ? ', run separately for each class' : ', all classes together'}.${last ? done : ''}`;
  if (st.kind === 'drop') {
    const remaining = boxes.length - st.dropped.length;
    const what = st.dropped.length === 0
      ? `No box has p_c ≤ ${num(trace.scoreThreshold)}`
      : `Drop every box with p_c ≤ ${num(trace.scoreThreshold)}: ${list(st.dropped.map((i) => `${boxName(i)} (${num(boxes[i]!.score)})`))}`;
    return `${what}; ${plural(remaining, 'box remains', 'boxes remain')}.${done}`;
  }
  const taken = boxes[st.taken]!;
  const who = trace.perClass ? `${CLASSES[taken.cls]!.plural}: take` : 'Take';
  const u = num(trace.iouThreshold);
  const ties = [...st.suppressed, ...st.spared].filter((x) => boxes[x.index]!.score === taken.score).map((x) => boxName(x.index));
  const tie = ties.length ? `, tied with ${list(ties)}: the first listed goes first` : '';
  const sup = st.suppressed.length ? `; suppress ${list(st.suppressed.map((x) => `${boxName(x.index)} (IoU ${iouNum(x.iou)} ≥ ${u})`))}` : '';
  const spared = st.spared.length ? `; ${list(st.spared.map((x) => `${boxName(x.index)} (IoU ${iouNum(x.iou)} < ${u})`))} ${st.spared.length === 1 ? 'stays' : 'stay'}` : '';
  return `${who} ${boxName(st.taken)}, the largest p_c left (${num(taken.score)}${tie}), as a detection${sup}${spared}.${done}`;
}

/** Each box's role in the picture at a step: its fate so far, and whether this step acted on it. */
export interface BoxState {
  fate: Fate;
  /** Taken at this step. */
  taken: boolean;
  /** Suppressed or dropped at this step. */
  justRemoved: boolean;
}

export function boxStates(setup: Setup, step: number): BoxState[] {
  const s = clampStep(setup, step);
  const st = setup.trace.steps[s]!;
  const now = new Set(st.kind === 'drop' ? st.dropped : st.kind === 'take' ? st.suppressed.map((x) => x.index) : []);
  return fatesAt(setup.trace, s).map((fate, i) => ({ fate, taken: st.kind === 'take' && st.taken === i, justRemoved: now.has(i) }));
}

export type Edge = 'move' | 'nw' | 'ne' | 'sw' | 'se';

/**
 * A box dragged by `dx`, `dy` whole units from `start`: moved whole, or one corner moved, kept inside the
 * picture and at least MIN_SIZE wide and high (a corner cannot cross its opposite one).
 */
export function dragBox(start: Corners, edge: Edge, dx: number, dy: number): Corners {
  const { x1, y1, x2, y2 } = start;
  if (edge === 'move') {
    const mx = Math.min(W - x2, Math.max(-x1, dx)), my = Math.min(H - y2, Math.max(-y1, dy));
    return { x1: x1 + mx, y1: y1 + my, x2: x2 + mx, y2: y2 + my };
  }
  const out = { ...start };
  if (edge === 'nw' || edge === 'sw') out.x1 = Math.min(x2 - MIN_SIZE, Math.max(0, x1 + dx));
  else out.x2 = Math.max(x1 + MIN_SIZE, Math.min(W, x2 + dx));
  if (edge === 'nw' || edge === 'ne') out.y1 = Math.min(y2 - MIN_SIZE, Math.max(0, y1 + dy));
  else out.y2 = Math.max(y1 + MIN_SIZE, Math.min(H, y2 + dy));
  return out;
}

/** An arrow key on a selected box: moves it, or with Shift resizes it from its bottom-right corner. */
export function keyBox(box: Corners, key: string, shift: boolean): Corners | null {
  const d = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[key];
  if (!d) return null;
  return dragBox(box, shift ? 'se' : 'move', d[0]!, d[1]!);
}

/**
 * Where each box's label goes (labels `widths[i]` × `h` picture units): the first of above its top-left
 * corner, inside at the top, the same two at its right edge, below it, inside at the bottom, that overlaps
 * no label placed before it (boxes in list order); failing all, the one overlapping least. Kept inside
 * the picture. Three boxes on one car would otherwise stack their labels on one spot.
 */
export function placeChips(boxes: readonly Corners[], widths: readonly number[], h: number): { x: number; y: number }[] {
  const placed: Corners[] = [];
  return boxes.map((b, i) => {
    const w = widths[i] ?? 0;
    const spots = [[b.x1, b.y1 - h], [b.x1, b.y1], [b.x2 - w, b.y1 - h], [b.x2 - w, b.y1], [b.x1, b.y2], [b.x1, b.y2 - h], [b.x2 - w, b.y2]].map(([x, y]) => ({
      x: Math.min(W - w, Math.max(0, x!)),
      y: Math.min(H - h, Math.max(0, y!)),
    }));
    const clash = (s: { x: number; y: number }) =>
      placed.reduce((sum, o) => sum + Math.max(0, Math.min(o.x2, s.x + w) - Math.max(o.x1, s.x)) * Math.max(0, Math.min(o.y2, s.y + h) - Math.max(o.y1, s.y)), 0);
    const best = spots.reduce((a, s) => (clash(s) < clash(a) ? s : a));
    placed.push({ x1: best.x, y1: best.y, x2: best.x + w, y2: best.y + h });
    return best;
  });
}

export const cornersText = (x: Corners) => `(${x.x1}, ${x.y1}) to (${x.x2}, ${x.y2})`;
export const sizeText = (x: Corners) => `${x.x2 - x.x1}×${x.y2 - x.y1}`;

/** A new box for "Add a box": a 20×14 car in the middle, nudged so it does not sit exactly on another. */
export function newBox(boxes: readonly ScoredBox[]): ScoredBox {
  let x = 40, y = 23;
  while (boxes.some((o) => o.x1 === x && o.y1 === y) && x < W - 22) (x += 3), (y = Math.min(H - 15, y + 2));
  return { cls: C, score: 0.75, x1: x, y1: y, x2: x + 20, y2: y + 14 };
}

export type { ScoredBox };
