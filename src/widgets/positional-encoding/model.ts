/**
 * The positional-encoding heat map's model: its parameters and presets, the cell the reader picks (its
 * frequency, angle and formula with the numbers in), the permutation between the two layouts, the
 * distance chart, a word vector with the encoding added, the words of the live sentence, and the map's
 * pixels. No DOM and no Svelte, so it is unit-tested in Node. Every number comes from
 * src/compute/positional.ts (float64); the view cross-checks the whole matrix with tfjs.
 *
 * Columns: `dim` always counts in the interleaved layout (the course's, PE(pos, 2i) = sin); a map drawn
 * in the halves layout shows dimension `dim` in column `halvesColumnOf(dim)`.
 */
import { scaleLinear } from 'd3-scale';
import {
  closestPosition, columnInfo, dotAtOffsetFrom, dotFrom, fillRows, frequencies, halvesColumnOf, interleavedColumnOf, peNorm, peVector, type PeLayout,
} from '~/compute/positional';
import { mulberry32 } from '~/compute/random';
import type { RGB } from '~/lib/colour-scale';
import { presetPlumbing, type Schema, type Values } from '../params';

export const MAX_LENGTH = 256;
export const MAX_D = 256;

export const VIEWS = ['both', 'interleaved', 'halves'] as const;
export type View = (typeof VIEWS)[number];
export const VIEW_LABELS: Record<View, string> = {
  both: 'Both, side by side',
  interleaved: 'Interleaved (sin, cos, sin, cos, …)',
  halves: 'Halves (all sines, then all cosines)',
};
export const LAYOUT_NAMES: Record<PeLayout, string> = { interleaved: 'Interleaved', halves: 'Halves' };

export const BASES = [100, 1000, 10000, 100000] as const;

interface PresetValues {
  length: number;
  d: number;
  layout: View;
  pos: number;
  dim: number;
  a: number;
  b: number;
  base: (typeof BASES)[number];
}

export interface Preset {
  label: string;
  /** The question the preset poses, shown above the map. */
  question: string;
  values: PresetValues;
}

export const PRESETS = {
  overview: {
    label: 'Overview',
    question: 'Going down the map from one position to the next, which columns change fastest, and which hardly change at all?',
    values: { length: 64, d: 64, layout: 'both', pos: 5, dim: 6, a: 10, b: 15, base: 10000 },
  },
  neighbours: {
    label: 'Neighbours',
    question: 'Which dimensions tell neighbouring positions apart?',
    values: { length: 64, d: 64, layout: 'interleaved', pos: 20, dim: 0, a: 20, b: 21, base: 10000 },
  },
  layouts: {
    label: 'Two layouts',
    question: 'Sines and cosines interleaved, or in two halves: do the two layouts carry the same information?',
    values: { length: 32, d: 16, layout: 'both', pos: 5, dim: 6, a: 5, b: 12, base: 10000 },
  },
  'small-d': {
    label: 'Small d',
    question: 'With only two dimensions, every position is a point on a circle. Do two positions collide?',
    values: { length: 128, d: 2, layout: 'interleaved', pos: 44, dim: 0, a: 0, b: 44, base: 10000 },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const DEFAULTS = PRESETS.overview.values;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'overview', label: 'Question',
    doc: 'overview: 64 positions × 64 dimensions, both layouts; neighbours: which dimensions tell positions 20 and 21 apart; layouts: d = 16, interleaved beside halves; small-d: d = 2, where positions 0 and 44 nearly collide. Settings not given come from the preset.',
  },
  length: { type: 'int', default: DEFAULTS.length, min: 2, max: MAX_LENGTH, label: 'Positions', doc: 'Rows of the map: positions 0 to length − 1.' },
  d: { type: 'int', default: DEFAULTS.d, min: 2, max: MAX_D, label: 'd_model', doc: 'Columns of the map: the encoding’s width, an even number (an odd one becomes the next even number).' },
  layout: { type: 'enum', options: VIEWS, default: DEFAULTS.layout, label: 'Layout', doc: 'interleaved: sin and cos alternate (the paper, the course); halves: all sines, then all cosines (TensorFlow’s tutorial); both: side by side.' },
  pos: { type: 'int', default: DEFAULTS.pos, min: 0, max: MAX_LENGTH - 1, label: 'Picked position', doc: 'Row of the cell the read-out explains.' },
  dim: { type: 'int', default: DEFAULTS.dim, min: 0, max: MAX_D - 1, label: 'Picked dimension', doc: 'Column of that cell, counted in the interleaved layout (dimension 2i is sin, 2i + 1 is cos).' },
  a: { type: 'int', default: DEFAULTS.a, min: 0, max: MAX_LENGTH - 1, label: 'Position a', doc: 'First of the two positions compared by dot product and distance.' },
  b: { type: 'int', default: DEFAULTS.b, min: 0, max: MAX_LENGTH - 1, label: 'Position b', doc: 'Second of the two positions compared.' },
  base: { type: 'enum', options: BASES, default: DEFAULTS.base, label: 'Base', doc: 'ω_i = 1 / base^{2i/d}; 10000 in the paper. A smaller base makes every dimension turn faster.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

// ---------------------------------------------------------------------------------------------- presets

/** The preset's values as parameters. */
export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'overview', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface State {
  length: number;
  /** Even. */
  d: number;
  view: View;
  base: number;
  /** The pinned cell: a position and a dimension (interleaved), both inside the map. */
  pos: number;
  dim: number;
  a: number;
  b: number;
}

/** The nearest even width: an odd d becomes d + 1 (or d − 1 at the top of the range). */
export function evenD(d: number): number {
  if (d % 2 === 0) return d;
  return d + 1 <= MAX_D ? d + 1 : d - 1;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The settings made consistent: d even (with a sentence when it was not), the picked cells inside the map. */
export function resolve(p: Params): { state: State; problems: string[] } {
  const problems: string[] = [];
  const d = evenD(p.d);
  if (d !== p.d) {
    problems.push(`d_model (d) must be even, because sines and cosines come in pairs, one pair per frequency; ${p.d} became ${d}, the nearest even number${d < p.d ? ' allowed' : ' above it'}.`);
  }
  const last = p.length - 1;
  return {
    state: { length: p.length, d, view: p.layout, base: p.base, pos: clamp(p.pos, 0, last), dim: clamp(p.dim, 0, d - 1), a: clamp(p.a, 0, last), b: clamp(p.b, 0, last) },
    problems,
  };
}

/** The state's settings, for the query string (the clamped cell, the even d). */
export function paramsOf(preset: PresetName, s: State): Params {
  return { preset, length: s.length, d: s.d, layout: s.view, pos: s.pos, dim: s.dim, a: s.a, b: s.b, base: s.base as Params['base'] };
}

/** The maps a view draws, left to right (top to bottom on a phone). */
export function layoutsOf(view: View): PeLayout[] {
  return view === 'both' ? ['interleaved', 'halves'] : [view];
}

// ---------------------------------------------------------------------------------------------- numbers

/**
 * A number as the read-out prints it: four decimals, trailing zeros dropped (cos 0 = 1), four significant
 * digits below 0.1 (ω = 0.03162, 0.0001334), a true minus sign.
 */
export function num(v: number, decimals = 4): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  let text: string;
  if (a === 0) text = '0';
  else if (a >= 0.1) text = a.toFixed(decimals);
  else if (a >= 1e-6) text = a.toPrecision(decimals);
  else {
    const [m, e] = a.toExponential(decimals - 1).split('e');
    text = `${m} × 10^${Number(e)}`;
  }
  if (text.includes('.') && !text.includes('×')) text = text.replace(/\.?0+$/, '');
  return (v < 0 && !/^0(\.0*)?$/.test(text) ? '−' : '') + text;
}

// ---------------------------------------------------------------------------------------------- one cell

export interface Cell {
  pos: number;
  /** Dimension, counted in the interleaved layout. */
  dim: number;
  /** Its column in the halves layout. */
  halvesColumn: number;
  i: number;
  fn: 'sin' | 'cos';
  /** ω_i = 1 / base^{2i/d}. */
  omega: number;
  angle: number;
  value: number;
  /** The exponent 2i/d as written in the formula, unreduced: "6/16". */
  exponent: string;
}

export function cellOf(s: State, pos: number, dim: number): Cell {
  const { i, fn } = columnInfo(dim, s.d, 'interleaved');
  const omega = frequencies(s.d, s.base)[i]!;
  const angle = pos * omega;
  return { pos, dim, halvesColumn: halvesColumnOf(dim, s.d), i, fn, omega, angle, value: fn === 'sin' ? Math.sin(angle) : Math.cos(angle), exponent: `${2 * i}/${s.d}` };
}

/** The column a dimension occupies in a layout, and back. */
export const columnIn = (layout: PeLayout, dim: number, d: number): number => (layout === 'interleaved' ? dim : halvesColumnOf(dim, d));
export const dimAt = (layout: PeLayout, column: number, d: number): number => (layout === 'interleaved' ? column : interleavedColumnOf(column, d));

/** The formula with the numbers filled in, in parts the view typesets (the exponent as a superscript). */
export interface FormulaParts {
  /** "PE(5, 6)" or, for the halves layout, "PE_halves(5, 3)". */
  name: string;
  fn: 'sin' | 'cos';
  pos: number;
  base: number;
  exponent: string;
  angle: string;
  value: string;
}

export function formulaParts(cell: Cell, base: number, layout: PeLayout = 'interleaved'): FormulaParts {
  const column = layout === 'interleaved' ? cell.dim : cell.halvesColumn;
  return { name: `PE${layout === 'halves' ? '_halves' : ''}(${cell.pos}, ${column})`, fn: cell.fn, pos: cell.pos, base, exponent: cell.exponent, angle: num(cell.angle), value: num(cell.value) };
}

/** "PE(5, 6) = sin(5 / 10000^{6/16}) = sin(0.1581) = 0.1575" */
export function formulaText(f: FormulaParts): string {
  return `${f.name} = ${f.fn}(${f.pos} / ${f.base}^{${f.exponent}}) = ${f.fn}(${f.angle}) = ${f.value}`;
}

/** Which dimension of the interleaved layout a dimension index is, in words: "dimension 6 = 2·3, the sine of pair i = 3". */
export function dimWords(cell: Cell): string {
  return cell.fn === 'sin' ? `dimension ${cell.dim} = 2·${cell.i}: the sine of pair i = ${cell.i}` : `dimension ${cell.dim} = 2·${cell.i} + 1: the cosine of pair i = ${cell.i}`;
}

/** The permutation in words for one dimension. */
export function mappingText(cell: Cell, d: number): string {
  return cell.fn === 'sin'
    ? `Interleaved dimension ${cell.dim} (2i with i = ${cell.i}) is halves column ${cell.halvesColumn} (i).`
    : `Interleaved dimension ${cell.dim} (2i + 1 with i = ${cell.i}) is halves column ${cell.halvesColumn} (d/2 + i = ${d / 2} + ${cell.i}).`;
}

/** How fast a pair turns, after its ω: "rad per position: one full turn every 14.9 positions". */
export function pairSpeed(cell: Cell): string {
  const wavelength = (2 * Math.PI) / cell.omega;
  return `rad per position: one full turn every ${wavelength < 100 ? num(wavelength, 1) : Math.round(wavelength).toLocaleString('en')} positions`;
}

/** The live sentence: what the maps show and the picked cell. */
export function describe(s: State, cell: Cell): string {
  const maps = s.view === 'both' ? 'Interleaved and halves layouts side by side' : `${LAYOUT_NAMES[s.view]} layout`;
  const where = s.view === 'halves' ? `column ${cell.halvesColumn} (dimension ${cell.dim} interleaved)` : `dimension ${cell.dim}`;
  const other = s.view === 'both' ? ` In the halves map the same value is column ${cell.halvesColumn}.` : '';
  return (
    `${maps}, ${s.length} positions × ${s.d} dimensions, values from −1 (cool) to 1 (warm). ` +
    `Position ${cell.pos}, ${where}: ${cell.fn} of pair i = ${cell.i}, ω = ${num(cell.omega)}, angle ${num(cell.angle)}, value ${num(cell.value)}.${other}`
  );
}

// ---------------------------------------------------------------------------------------------- distance

export const CHART = { width: 600, height: 230, top: 14, right: 14, bottom: 36, left: 48 } as const;
export const MARKERS = ['circle', 'square', 'diamond'] as const;
export type Marker = (typeof MARKERS)[number];

export interface DistanceChart {
  /** The closed form Σ cos(k ω_i), sampled finely, as an SVG path. */
  closedPath: string;
  /** PE(p)·PE(p + k) computed from the vectors, at a few k, for a few starting positions p. */
  series: { p: number; marker: Marker; points: { k: number; x: number; y: number; dot: number }[] }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** The y of 0 (a baseline), or null when 0 is off the chart. */
  zeroY: number | null;
  kMax: number;
  /** The reader's pair: k = |b − a| on the chart. */
  pair: { k: number; x: number; y: number };
  /** Pixel x → offset k, for pointer picking. */
  kAt: (x: number) => number;
  yAt: (dot: number) => number;
  xAt: (k: number) => number;
}

/** The starting positions whose dot products are drawn: 0, about a third and two thirds down the map. */
export function startPositions(length: number): number[] {
  return [...new Set([0, Math.floor(length / 3), Math.floor((2 * length) / 3)])];
}

/** The chart for a box `width` pixels wide (its height is CHART.height): scales, the curve, the markers. */
export function distanceChart(s: State, width: number = CHART.width): DistanceChart {
  const kMax = s.length - 1;
  const omega = frequencies(s.d, s.base);
  // About two samples a pixel, enough for the fastest pair's cos(k) to look smooth.
  const samples = Math.min(Math.round(width * 2), Math.max(2, kMax * 8));
  const closed = Array.from({ length: samples + 1 }, (_, j) => {
    const k = (j / samples) * kMax;
    return { k, dot: dotAtOffsetFrom(omega, k) };
  });
  const step = Math.max(1, Math.ceil(kMax / 24));
  const ks = Array.from({ length: Math.floor(kMax / step) + 1 }, (_, j) => j * step);
  // From the vectors themselves, term by term: not the closed form they are compared with.
  const raw = startPositions(s.length).map((p, n) => ({ p, marker: MARKERS[n % MARKERS.length]!, dots: ks.map((k) => ({ k, dot: dotFrom(omega, p, p + k) })) }));
  const lo = Math.min(...closed.map((c) => c.dot), ...raw.flatMap((r) => r.dots.map((d) => d.dot)));
  const hi = s.d / 2;
  const x = scaleLinear().domain([0, Math.max(1, kMax)]).range([CHART.left, Math.max(CHART.left + 60, width) - CHART.right]);
  const y = scaleLinear().domain([Math.min(0, lo), hi]).range([CHART.height - CHART.bottom, CHART.top]).nice(5);
  const pt = (k: number, dot: number) => `${x(k).toFixed(1)},${y(dot).toFixed(1)}`;
  const closedPath = `M${closed.map((c) => pt(c.k, c.dot)).join('L')}`;
  const k = Math.abs(s.b - s.a);
  const [y0, y1] = y.domain() as [number, number];
  return {
    closedPath,
    series: raw.map((r) => ({ p: r.p, marker: r.marker, points: r.dots.map((d) => ({ k: d.k, x: x(d.k), y: y(d.dot), dot: d.dot })) })),
    xTicks: x.ticks(Math.min(width < 400 ? 5 : 8, Math.max(1, kMax))).filter(Number.isInteger).map((t) => ({ x: x(t), label: String(t) })),
    yTicks: y.ticks(5).map((t) => ({ y: y(t), label: num(t, 2) })),
    zeroY: y0 <= 0 && y1 >= 0 ? y(0) : null,
    kMax,
    pair: { k, x: x(k), y: y(dotFrom(omega, s.a, s.b)) },
    kAt: (px) => clamp(Math.round(x.invert(px)), 0, kMax),
    yAt: (dot) => y(dot),
    xAt: (kk) => x(kk),
  };
}

export interface PairInfo {
  a: number;
  b: number;
  k: number;
  dot: number;
  closed: number;
  distance: number;
  norm: number;
  /** PE(a), PE(b) and PE(b) − PE(a), interleaved. */
  va: Float64Array;
  vb: Float64Array;
  diff: Float64Array;
  /** The other position (inside the map) closest to a, and how far. */
  nearest: { pos: number; distance: number };
}

export function pairInfo(s: State): PairInfo {
  const va = peVector(s.a, s.d, { base: s.base });
  const vb = peVector(s.b, s.d, { base: s.base });
  const diff = vb.map((v, j) => v - va[j]!);
  const omega = frequencies(s.d, s.base);
  let sq = 0;
  for (const v of diff) sq += v * v;
  return {
    a: s.a, b: s.b, k: s.b - s.a, va, vb, diff,
    dot: dotFrom(omega, s.a, s.b),
    closed: dotAtOffsetFrom(omega, s.b - s.a),
    distance: Math.sqrt(sq),
    norm: peNorm(s.d),
    nearest: closestPosition(s.a, s.length, s.d, s.base),
  };
}

/** Dimensions 3–9 as "3–9", a single one as "3". */
const span = (from: number, to: number) => (from === to ? `${from}` : `${from}–${to}`);

/**
 * Where two positions differ, in words: the dimensions where |PE(b) − PE(a)| exceeds 0.1 and, from the
 * first pair on whose every later pair differs by less than 0.01, the ones that barely tell them apart.
 */
export function differenceWords(info: PairInfo, d: number): string {
  if (info.k === 0) return 'a and b are the same position: every difference is 0.';
  const pairDiff = Array.from({ length: d / 2 }, (_, i) => Math.max(Math.abs(info.diff[2 * i]!), Math.abs(info.diff[2 * i + 1]!)));
  const big = pairDiff.flatMap((v, i) => (v > 0.1 ? [i] : []));
  let quietFrom = d / 2;
  while (quietFrom > 0 && pairDiff[quietFrom - 1]! < 0.01) quietFrom--;
  const parts: string[] = [];
  if (big.length > 0) {
    const last = big[big.length - 1]!;
    parts.push(big.length === last + 1 ? `they differ by more than 0.1 in dimensions ${span(0, 2 * last + 1)}` : `they differ by more than 0.1 in ${big.length} of the ${d / 2} pairs, up to dimension ${2 * last + 1}`);
  } else parts.push('no dimension differs by more than 0.1');
  if (quietFrom < d / 2) parts.push(`dimensions ${span(2 * quietFrom, d - 1)} differ by less than 0.01`);
  return `${parts.join('; ')}.`;
}

/** The distance panel's sentences: the dot product and its closed form, the distance, and uniqueness. */
export function distanceWords(s: State, info: PairInfo): { dot: string; where: string; unique: string } {
  const dot =
    `PE(${info.a})·PE(${info.b}) = ${num(info.dot)}, and Σᵢ cos(${info.k < 0 ? `(${info.k})` : info.k}·ωᵢ) = ${num(info.closed)}: ` +
    `any two positions ${Math.abs(info.k)} apart give the same. Distance ‖PE(${info.a}) − PE(${info.b})‖ = ${num(info.distance)}.`;
  const near = info.nearest;
  const collide = near.distance < 0.05;
  const unique =
    `Every vector has length √(d/2) = √${s.d / 2} = ${num(info.norm)} and every value lies in [−1, 1], however long the sequence. ` +
    'No two positions get the same vector: pair 0 turns by exactly 1 radian per position and π is irrational, so it never comes back to the same angle; ' +
    (collide
      ? `but with d = ${s.d} position ${near.pos} comes within ${num(near.distance)} of position ${info.a}: nearly a collision.`
      : `the position closest to ${info.a} in this map is ${near.pos}, ${num(near.distance)} away.`);
  return { dot, where: differenceWords(info, s.d), unique };
}

// ---------------------------------------------------------------------------------------------- embedding

export const WORD_D = 16;
export const WORD_SEED = 2017;
export const EMBED_POSITIONS = [0, 1, 10, 50] as const;

/** A made-up word vector of 16 values in [−0.8, 0.8] (two decimals), from a fixed seed. */
export function wordVector(seed = WORD_SEED): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: WORD_D }, () => Math.round((next() * 1.6 - 0.8) * 100) / 100);
}

export interface EmbeddingRow {
  pos: number;
  /** Is it the picked position (not one of the fixed ones)? */
  picked: boolean;
  pe: number[];
  sum: number[];
}

export interface Embedding {
  word: number[];
  rows: EmbeddingRow[];
  /** Per dimension, the largest change |PE(p) − PE(0)| over the rows. */
  swing: number[];
  sentence: string;
}

export function embedding(s: State): Embedding {
  const word = wordVector();
  const positions = [...new Set([...EMBED_POSITIONS, s.pos])].sort((x, y) => x - y);
  const rows = positions.map((pos) => {
    const pe = [...peVector(pos, WORD_D, { base: s.base })];
    return { pos, picked: !(EMBED_POSITIONS as readonly number[]).includes(pos), pe, sum: pe.map((v, j) => word[j]! + v) };
  });
  const first = rows[0]!.pe;
  const swing = Array.from({ length: WORD_D }, (_, j) => Math.max(...rows.map((r) => Math.abs(r.pe[j]! - first[j]!))));
  const omega = frequencies(WORD_D, s.base);
  const fast = Math.max(swing[0]!, swing[1]!);
  const slow = Math.max(swing[WORD_D - 2]!, swing[WORD_D - 1]!);
  const sentence =
    `Across positions ${positions.join(', ')}, the sum’s dimensions 0 and 1 (ω = ${num(omega[0]!)}) swing by up to ${num(fast, 2)}, ` +
    `while dimensions ${WORD_D - 2} and ${WORD_D - 1} (ω = ${num(omega[WORD_D / 2 - 1]!)}) move by at most ${num(slow, 3)}: ` +
    'the early dimensions mark where the word is, the late ones leave the word’s own values almost untouched.';
  return { word, rows, swing, sentence };
}

// ---------------------------------------------------------------------------------------------- the map's pixels

/** Steps a side of zero in the map's colour table (the canvas); the build's PNG uses fewer. */
export const MAP_LEVELS = 255;

/** The colour-table index of a value in [−1, 1]: `levels` is 0, 0 is −1, 2·levels is +1. */
export function levelOf(v: number, levels = MAP_LEVELS): number {
  return levels + Math.round(clamp(v, -1, 1) * levels);
}

/**
 * The encoding's rows for one (d, base, layout), kept as they grow: a longer map computes only the new
 * rows, a shorter one reuses the first rows, and colouring is done once per row and palette.
 */
export class MapCache {
  #key = '';
  #rows = 0;
  #values = new Float64Array(0);
  #rgba = new Uint32Array(0);
  #omega: Float64Array = new Float64Array(0);
  #lut = new Uint32Array(0);
  #table: readonly RGB[] | null = null;
  /** Rows computed and coloured by the last `image` call (for measuring). */
  lastNewRows = 0;

  /**
   * The RGBA pixels of rows 0 … length − 1 (d pixels a row) for the diverging table `table` (pass the same
   * array while the palette is unchanged: a new one recolours every row).
   */
  image(length: number, d: number, layout: PeLayout, base: number, table: readonly RGB[]): Uint8ClampedArray<ArrayBuffer> {
    const key = `${d}/${layout}/${base}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#rows = 0;
      this.#omega = frequencies(d, base);
    }
    if (table !== this.#table) {
      this.#table = table;
      // Little-endian RGBA words: ImageData's byte order on every browser we target.
      this.#lut = Uint32Array.from(table, ([r, g, b]) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0);
      this.#rows = 0; // every row is computed and coloured again
    }
    const levels = (table.length - 1) / 2;
    if (this.#values.length < length * d) {
      const values = new Float64Array(Math.max(length, MAX_LENGTH) * d);
      const rgba = new Uint32Array(values.length);
      values.set(this.#values.subarray(0, this.#rows * d));
      rgba.set(this.#rgba.subarray(0, this.#rows * d));
      this.#values = values;
      this.#rgba = rgba;
    }
    const from = this.#rows;
    this.lastNewRows = Math.max(0, length - from);
    if (length > from) {
      fillRows(this.#values, from, length, this.#omega, layout);
      for (let j = from * d; j < length * d; j++) this.#rgba[j] = this.#lut[levelOf(this.#values[j]!, levels)]!;
      this.#rows = length;
    }
    return new Uint8ClampedArray(this.#rgba.buffer, 0, length * d * 4) as Uint8ClampedArray<ArrayBuffer>;
  }
}

/** The colour-table indices of a whole map, for the build's PNG (few levels keep it small). */
export function mapLevels(values: Float64Array, levels: number): Uint8Array {
  return Uint8Array.from(values, (v) => levelOf(v, levels));
}

/** CSS for a value's colour on the diverging scale, from the tokens (SVG cells, bars, legend swatches). */
export function cssColour(v: number, range = 1): string {
  const t = clamp(v / range, -1, 1);
  const pct = Math.round(Math.abs(t) * 100);
  if (pct === 0) return 'var(--dl-bg, #fcfbf8)';
  return `color-mix(in srgb, ${t > 0 ? 'var(--dl-pos, #ab3a08)' : 'var(--dl-neg, #1d4fc4)'} ${pct}%, var(--dl-bg, #fcfbf8))`;
}

/**
 * A row of coloured cells (one unit wide each, at x = column, from y to y + height) as one SVG path per
 * colour: values are rounded to `levels` steps a side of zero on the diverging scale (±range), so a strip
 * of 256 values is at most 33 paths, not 256 rects, and a change of d re-renders little.
 */
export function cellPaths(values: ArrayLike<number>, { range = 1, levels = 16, y = 0, height = 1, columns }: { range?: number; levels?: number; y?: number; height?: number; columns?: ArrayLike<number> } = {}): { fill: string; d: string }[] {
  const byLevel = new Map<number, string[]>();
  for (let j = 0; j < values.length; j++) {
    const level = Math.round(clamp(values[j]! / range, -1, 1) * levels);
    const x = columns ? columns[j]! : j;
    let parts = byLevel.get(level);
    if (!parts) byLevel.set(level, (parts = []));
    parts.push(`M${x} ${y}h1v${height}h-1z`);
  }
  return [...byLevel.entries()].sort((p, q) => p[0] - q[0]).map(([level, parts]) => ({ fill: cssColour(level / levels), d: parts.join('') }));
}

/** A layout's sin/cos pattern, column by column ('sin' | 'cos'), for the strip above a map. */
export function columnKinds(layout: PeLayout, d: number): ('sin' | 'cos')[] {
  return Array.from({ length: d }, (_, c) => columnInfo(c, d, layout).fn);
}

/** Tick columns along a map's top: 0, a few in between, d − 1. */
export function columnTicks(d: number): number[] {
  if (d <= 8) return Array.from({ length: d }, (_, j) => j);
  const step = d <= 32 ? 8 : d <= 128 ? 16 : 32;
  const ticks = Array.from({ length: Math.floor((d - 1) / step) + 1 }, (_, j) => j * step).filter((t) => d - 1 - t >= step / 2);
  return [...ticks, d - 1];
}

/** Tick rows down a map's side. */
export function rowTicks(length: number): number[] {
  return columnTicks(length);
}

/** The interleaved dimension's line in the permutation drawing: from column `dim` on top to `halvesColumnOf(dim)` below. */
export function permutationLines(d: number): { dim: number; to: number; fn: 'sin' | 'cos' }[] {
  return Array.from({ length: d }, (_, dim) => ({ dim, to: halvesColumnOf(dim, d), fn: columnInfo(dim, d, 'interleaved').fn }));
}
