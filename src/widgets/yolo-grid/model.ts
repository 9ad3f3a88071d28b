/**
 * The YOLO grid and anchors widget's model: its parameters and presets, the objects in the picture (and
 * their compact text form for the URL), the assignment of each object to a grid cell and an anchor, the
 * picked cell's target vector y, the output volume, and every sentence the view shows. No DOM and no
 * Svelte, so it is unit-tested in Node. Every number comes from src/compute/yolo.ts.
 *
 * Coordinates are fractions of the (square) picture, 0 to 1 across and down. Rows and columns are counted
 * from 0 at the top left, as in ⌊y·S⌋ and ⌊x·S⌋ (and in the programming exercise's y[i, j]).
 */
import { cellOffsets, outputShape, targetLabels, targetVector, yoloTargets, type AnchorShape, type ObjectAssignment, type OutputShape, type YoloTargets } from '~/compute/yolo';
import { quote, presetPlumbing, type Schema, type Values } from '../params';

// ---------------------------------------------------------------------------------------------- classes, anchors

export interface ClassInfo {
  /** The name in the URL's object list. */
  key: string;
  name: string;
  /** Other names the URL accepts. */
  aliases: readonly string[];
  /** The size drawn when the URL gives none, in the picture's fractions. */
  w: number;
  h: number;
}

/** The course's three classes, in its order: c_1 pedestrian, c_2 car, c_3 motorcycle. */
export const CLASSES: readonly ClassInfo[] = [
  { key: 'ped', name: 'pedestrian', aliases: ['pedestrian', 'c1'], w: 0.08, h: 0.26 },
  { key: 'car', name: 'car', aliases: ['c2'], w: 0.3, h: 0.17 },
  { key: 'moto', name: 'motorcycle', aliases: ['motorcycle', 'c3'], w: 0.16, h: 0.13 },
];
export const C = CLASSES.length;

export interface NamedAnchor extends AnchorShape {
  name: string;
}

/** The anchors in order; the setting `anchors` takes the first 1 to 3. Tall and wide are the course's two. */
export const ANCHORS: readonly NamedAnchor[] = [
  { name: 'tall', w: 0.1, h: 0.25 },
  { name: 'wide', w: 0.3, h: 0.15 },
  { name: 'square', w: 0.16, h: 0.16 },
];

export const GRIDS = [3, 5, 19] as const;
export type GridSize = (typeof GRIDS)[number];
export const MAX_OBJECTS = 6;
/** Smallest box side the URL may give (a box must stay visible and draggable). */
export const MIN_SIDE = 0.02;

// ---------------------------------------------------------------------------------------------- objects as text

export interface SceneObject {
  cls: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Positions and sizes are kept to 3 decimals, so the URL's text and the state agree exactly. */
export const round3 = (v: number): number => Math.round(v * 1000) / 1000;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

function classOf(name: string): number {
  const n = name.trim().toLowerCase();
  return CLASSES.findIndex((c) => c.key === n || c.aliases.includes(n));
}

/**
 * Reads `car:0.47,0.77;ped:0.17,0.62` (class:x,y with an optional ,w,h). A bad item becomes a sentence
 * and is left out; numbers outside the picture are clamped with a sentence. Never throws.
 */
export function parseObjects(text: string): { objects: SceneObject[]; problems: string[] } {
  const objects: SceneObject[] = [];
  const problems: string[] = [];
  const items = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  items.forEach((item, i) => {
    const where = `Objects (objects): item ${i + 1} ${quote(item)}`;
    if (objects.length >= MAX_OBJECTS) {
      if (objects.length === MAX_OBJECTS && i === MAX_OBJECTS) problems.push(`Objects (objects): at most ${MAX_OBJECTS} objects; item ${i + 1} and later were left out.`);
      return;
    }
    const colon = item.indexOf(':');
    const cls = colon > 0 ? classOf(item.slice(0, colon)) : -1;
    if (cls < 0) {
      problems.push(`${where} does not start with a class we draw (ped, car or moto) and a colon; it was left out.`);
      return;
    }
    const parts = item.slice(colon + 1).split(',');
    const nums = parts.map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
    if ((nums.length !== 2 && nums.length !== 4) || nums.some((v) => !Number.isFinite(v))) {
      problems.push(`${where} must be a class and 2 numbers (x,y) or 4 (x,y,w,h); it was left out.`);
      return;
    }
    const [x, y, w = CLASSES[cls]!.w, h = CLASSES[cls]!.h] = nums as [number, number, number?, number?];
    const fixed = { cls, x: round3(clamp(x, 0, 1)), y: round3(clamp(y, 0, 1)), w: round3(clamp(w, MIN_SIDE, 1)), h: round3(clamp(h, MIN_SIDE, 1)) };
    if (fixed.x !== round3(x) || fixed.y !== round3(y)) problems.push(`${where}: the midpoint must lie in the picture (0 to 1); it was moved to ${fixed.x},${fixed.y}.`);
    if (fixed.w !== round3(w) || fixed.h !== round3(h)) problems.push(`${where}: width and height must be from ${MIN_SIDE} to 1; they became ${fixed.w},${fixed.h}.`);
    objects.push(fixed);
  });
  return { objects, problems };
}

/** The text form again: the size only where it is not the class's own. `parseObjects(formatObjects(o))` gives `o`. */
export function formatObjects(objects: readonly SceneObject[]): string {
  return objects
    .map((o) => {
      const c = CLASSES[o.cls]!;
      const size = o.w === c.w && o.h === c.h ? '' : `,${o.w},${o.h}`;
      return `${c.key}:${o.x},${o.y}${size}`;
    })
    .join(';');
}

// ---------------------------------------------------------------------------------------------- presets, schema

interface PresetValues {
  grid: GridSize;
  anchors: number;
  objects: string;
  row: number;
  col: number;
}

export interface Preset {
  label: string;
  /** The question the preset poses, shown above the picture. */
  question: string;
  values: PresetValues;
}

const STREET = 'ped:0.17,0.62;car:0.47,0.77;moto:0.82,0.7';
const IN_FRONT = 'car:0.5,0.62;ped:0.45,0.55;moto:0.82,0.7';

export const PRESETS = {
  course: {
    label: 'The street',
    question: 'Which cell is responsible for the car, and what does that cell’s y say about it?',
    values: { grid: 3, anchors: 2, objects: STREET, row: 2, col: 1 },
  },
  shared: {
    label: 'Two in one cell',
    question: 'The pedestrian stands in front of the car and both midpoints fall in the middle cell. How does one y hold both?',
    values: { grid: 3, anchors: 2, objects: IN_FRONT, row: 1, col: 1 },
  },
  'one-anchor': {
    label: 'One anchor',
    question: 'The same street with a single anchor per cell: which object can the target no longer hold?',
    values: { grid: 3, anchors: 1, objects: IN_FRONT, row: 1, col: 1 },
  },
  conflict: {
    label: 'Two wide objects',
    question: 'A car and a motorcycle share a cell and both fit the wide anchor best. Who is lost, and would a third anchor help?',
    values: { grid: 3, anchors: 2, objects: 'ped:0.17,0.62;car:0.43,0.62;moto:0.62,0.63', row: 1, col: 1 },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const DEFAULTS = PRESETS.course.values;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'course', label: 'Question',
    doc: 'course: three objects in three cells; shared: a pedestrian in front of a car, one cell, two anchors; one-anchor: the same with one anchor (a conflict); conflict: a car and a motorcycle both wanting the wide anchor. Settings not given come from the preset.',
  },
  grid: { type: 'enum', options: GRIDS, default: DEFAULTS.grid, label: 'Grid', doc: 'S: the picture is split into S × S cells (3, 5 or 19).' },
  anchors: { type: 'int', default: DEFAULTS.anchors, min: 1, max: ANCHORS.length, label: 'Anchors', doc: 'A: how many anchor shapes each cell has: 1 tall; 2 tall and wide (the course’s); 3 adds a square.' },
  row: { type: 'int', default: DEFAULTS.row, min: 0, max: 18, label: 'Picked row', doc: 'Row of the cell whose target vector is shown, from 0 at the top (at most S − 1).' },
  col: { type: 'int', default: DEFAULTS.col, min: 0, max: 18, label: 'Picked column', doc: 'Column of that cell, from 0 at the left (at most S − 1).' },
  objects: {
    type: 'text', default: DEFAULTS.objects, maxLength: 300, label: 'Objects',
    doc: `Up to ${MAX_OBJECTS} objects split by “;”, each class:x,y with an optional ,w,h (fractions of the picture, 0 to 1, y down); classes ped, car, moto. E.g. ${STREET}.`,
  },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'course', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface State {
  S: GridSize;
  anchors: NamedAnchor[];
  objects: SceneObject[];
  row: number;
  col: number;
}

/** The settings made consistent: objects read from their text, the picked cell inside the grid. */
export function resolve(p: Params): { state: State; problems: string[] } {
  const parsed = parseObjects(p.objects);
  const problems = [...parsed.problems];
  const S = p.grid;
  const fit = (v: number, what: string, name: string) => {
    if (v <= S - 1) return v;
    problems.push(`${what} (${name}) must be at most ${S - 1} on a ${S} × ${S} grid; ${v} became ${S - 1}.`);
    return S - 1;
  };
  return {
    state: { S, anchors: ANCHORS.slice(0, p.anchors), objects: parsed.objects, row: fit(p.row, 'Picked row', 'row'), col: fit(p.col, 'Picked column', 'col') },
    problems,
  };
}

export function paramsOf(preset: PresetName, s: State): Params {
  return { preset, grid: s.S, anchors: s.anchors.length, objects: formatObjects(s.objects), row: s.row, col: s.col };
}

/** Moves object i by (dx, dy), kept inside the picture, to 3 decimals. */
export function moveObject(objects: readonly SceneObject[], i: number, dx: number, dy: number): SceneObject[] {
  return objects.map((o, j) => (j === i ? { ...o, x: round3(clamp(o.x + dx, 0, 1)), y: round3(clamp(o.y + dy, 0, 1)) } : o));
}

/** Puts object i's midpoint at (x, y), kept inside the picture, to 3 decimals. */
export function placeObject(objects: readonly SceneObject[], i: number, x: number, y: number): SceneObject[] {
  return moveObject(objects, i, x - objects[i]!.x, y - objects[i]!.y);
}

/** The arrow keys' step for objects: a hundredth of the picture, a twentieth with Shift. */
export const keyStepOf = (shift: boolean): number => (shift ? 0.05 : 0.01);

/** A cell moved by an arrow key, kept in the grid; null for other keys. */
export function cellKey(key: string, row: number, col: number, S: number, shift = false): { row: number; col: number } | null {
  const n = shift ? 5 : 1;
  const moves: Record<string, [number, number]> = { ArrowUp: [-n, 0], ArrowDown: [n, 0], ArrowLeft: [0, -n], ArrowRight: [0, n], Home: [-S, -S], End: [S, S] };
  const m = moves[key];
  return m ? { row: clamp(row + m[0], 0, S - 1), col: clamp(col + m[1], 0, S - 1) } : null;
}

// ---------------------------------------------------------------------------------------------- numbers and words

/** Two decimals, a true minus sign: the rounding every number in the widget uses (b values, IoUs). */
export function num(v: number, decimals = 2): string {
  const text = Math.abs(v).toFixed(decimals);
  return (v < 0 && Number(text) !== 0 ? '−' : '') + text;
}

/** A coordinate as the URL and the read-out give it: up to 3 decimals. */
export const coord = (v: number): string => String(round3(v));

export const cellName = (row: number, col: number): string => `row ${row}, column ${col}`;
export const anchorName = (k: number, anchors: readonly NamedAnchor[]): string => `anchor ${k + 1} (${anchors[k]!.name})`;
export const className = (cls: number): string => CLASSES[cls]!.name;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "car", or "car 2" when the picture holds more than one car. */
export function objectName(objects: readonly SceneObject[], i: number): string {
  const cls = objects[i]!.cls;
  const same = objects.flatMap((o, j) => (o.cls === cls ? [j] : []));
  return same.length > 1 ? `${className(cls)} ${same.indexOf(i) + 1}` : className(cls);
}

/** A list in words: "a", "a and b", "a, b and c". */
const and = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`);

// ---------------------------------------------------------------------------------------------- the scene

export interface VectorRow {
  /** 0-based anchor block. */
  anchor: number;
  label: string;
  /** "?" for don't care, else the number's text. */
  text: string;
  value: number | null;
  /** What the entry says, in words ("a car", "0.41 of a cell from its left edge"). */
  meaning: string;
}

export interface Scene {
  state: State;
  targets: YoloTargets;
  shape: OutputShape;
  /** The picked cell's y, entry by entry. */
  vector: VectorRow[];
  /** Objects whose midpoint is in the picked cell (kept or not). */
  inPicked: number[];
}

export function sceneOf(state: State): Scene {
  const targets = yoloTargets(state.S, C, state.anchors, state.objects.map((o) => ({ cls: o.cls, box: { x: o.x, y: o.y, w: o.w, h: o.h } })));
  const y = targetVector(targets, state.row, state.col);
  const labels = targetLabels(C);
  const per = C + 5;
  const vector = y.map((value, j): VectorRow => {
    const anchor = Math.floor(j / per);
    const label = labels[j % per]!;
    const held = targets.slots[(state.row * state.S + state.col) * state.anchors.length + anchor];
    return { anchor, label, value, text: value === null ? '?' : Number.isInteger(value) ? String(value) : num(value), meaning: meaningOf(label, value, held ?? null, state) };
  });
  return { state, targets, shape: targets.shape, vector, inPicked: targets.objects.filter((o) => o.row === state.row && o.col === state.col).map((o) => o.index) };
}

function meaningOf(label: string, value: number | null, held: number | null, s: State): string {
  if (value === null) return 'don’t care';
  const who = held === null ? '' : objectName(s.objects, held);
  switch (label) {
    case 'p_c':
      return value === 1 ? `an object: the ${who}` : 'no object for this anchor';
    case 'b_x':
      return 'midpoint from the cell’s left edge, in cell widths';
    case 'b_y':
      return 'midpoint from the cell’s top edge, in cell heights';
    case 'b_h':
      return 'height in cell heights';
    case 'b_w':
      return 'width in cell widths';
    default: {
      const cls = Number(label.slice(2)) - 1;
      return value === 1 ? `it is a ${className(cls)}` : `not a ${className(cls)}`;
    }
  }
}

/** The volume with its arithmetic, after "S × S × A·(C + 5) =": "3 × 3 × 2·(3 + 5) = 3 × 3 × 16 = 144 numbers". */
export function volumeText(shape: OutputShape): string {
  const { S, A, perCell, total } = shape;
  return `${S} × ${S} × ${A}·(${C} + 5) = ${S} × ${S} × ${perCell} = ${total.toLocaleString('en-US')} numbers`;
}

/** YOLOv2 on COCO, for scale: 19 × 19 × 5·(80 + 5). */
export const COCO = outputShape(19, 5, 80);
export const cocoText = `${COCO.S} × ${COCO.S} × ${COCO.A}·(${COCO.C} + 5) = ${COCO.S} × ${COCO.S} × ${COCO.perCell} = ${COCO.total.toLocaleString('en-US')} numbers`;

/** How an object's cell and box numbers come from its midpoint and size, in words with the numbers in. */
export function offsetsText(o: ObjectAssignment, obj: SceneObject, S: number): { cell: string; box: string } {
  const xs = num(obj.x * S), ys = num(obj.y * S);
  return {
    cell: `x·S = ${coord(obj.x)}·${S} = ${xs}, y·S = ${coord(obj.y)}·${S} = ${ys}: ${cellName(o.row, o.col)}`,
    box: `b_x = ${xs} − ${o.col} = ${num(o.bx)}, b_y = ${ys} − ${o.row} = ${num(o.by)}, b_h = ${coord(obj.h)}·${S} = ${num(o.bh)}, b_w = ${coord(obj.w)}·${S} = ${num(o.bw)}`,
  };
}

/** One line per anchor for the picked object: its shape, the IoU's parts, the winner marked. */
export function anchorLines(o: ObjectAssignment, anchors: readonly NamedAnchor[]): { text: string; chosen: boolean }[] {
  return anchors.map((a, k) => {
    const p = o.ious[k]!;
    return { text: `${capital(anchorName(k, anchors))}, ${a.w} × ${a.h}: IoU = ${num(p.intersection, 4)} / ${num(p.union, 4)} = ${num(p.iou)}`, chosen: k === o.anchor };
  });
}

/** A sentence per conflict: who claims the slot, who is kept and why, who is lost. */
export function conflictTexts(scene: Scene): string[] {
  const { objects, anchors } = scene.state;
  return scene.targets.conflicts.map((k) => {
    const names = k.objects.map((i) => `the ${objectName(objects, i)}`);
    const iouOf = (i: number) => num(scene.targets.objects[i]!.ious[k.anchor]!.iou);
    const lost = k.objects.filter((i) => i !== k.kept);
    return (
      `Conflict in ${cellName(k.row, k.col)}, ${anchorName(k.anchor, anchors)}: ${and(names)} both claim it, and one cell’s anchor holds one object. ` +
      `The ${objectName(objects, k.kept)} fits the anchor best (IoU ${iouOf(k.kept)}${lost.map((i) => ` against ${iouOf(i)}`).join('')}) and is kept; ` +
      `${and(lost.map((i) => `the ${objectName(objects, i)}`))} ${lost.length > 1 ? 'are' : 'is'} not in y at all.`
    );
  });
}

/** The live sentence: the grid, the picked object's cell and anchor, the picked cell, any conflict. */
export function describe(scene: Scene, picked: number | null): string {
  const { S, objects, anchors, row, col } = scene.state;
  const parts = [`${S} × ${S} grid, ${anchors.length} anchor${anchors.length > 1 ? 's' : ''}, output ${S} × ${S} × ${scene.shape.perCell}.`];
  const o = picked !== null ? scene.targets.objects[picked] : undefined;
  if (o) {
    const name = capital(objectName(objects, o.index));
    parts.push(
      `${name} at (${coord(objects[o.index]!.x)}, ${coord(objects[o.index]!.y)}): ${cellName(o.row, o.col)}, ${anchorName(o.anchor, anchors)}, b_x = ${num(o.bx)}, b_y = ${num(o.by)}` +
        (o.kept ? '.' : `, lost to the ${objectName(objects, o.lostTo!)}.`),
    );
  }
  const held = scene.vector.filter((r) => r.label === 'p_c' && r.value === 1).length;
  parts.push(`Picked cell ${cellName(row, col)}: ${held === 0 ? 'no object, p_c = 0' : `${held} object${held > 1 ? 's' : ''}`}.`);
  if (scene.targets.conflicts.length > 0) parts.push(`${scene.targets.conflicts.length === 1 ? 'One conflict' : `${scene.targets.conflicts.length} conflicts`}: an object is lost.`);
  return parts.join(' ');
}

/** Text split where a symbol has a subscript (b_x, p_c, c_2), so the view can set it as b<sub>x</sub>. */
export function subParts(text: string): { text: string; sub: string }[] {
  const out: { text: string; sub: string }[] = [];
  let last = 0;
  for (const m of text.matchAll(/\b([a-zA-Z])_([a-z0-9]+)\b/g)) {
    out.push({ text: text.slice(last, m.index) + m[1], sub: m[2]! });
    last = m.index + m[0].length;
  }
  out.push({ text: text.slice(last), sub: '' });
  return out;
}

/** The cell box of (row, col) on a picture `size` units wide. */
export function cellRect(row: number, col: number, S: number, size: number): { x: number; y: number; w: number; h: number } {
  const step = size / S;
  return { x: col * step, y: row * step, w: step, h: step };
}

/** The cell a point of the picture (fractions) falls in, for picking cells by pointer. */
export function cellAt(x: number, y: number, S: number): { row: number; col: number } {
  const c = cellOffsets({ x: clamp(x, 0, 1), y: clamp(y, 0, 1), w: 0, h: 0 }, S);
  return { row: c.row, col: c.col };
}
