/**
 * The filter lab's model: a real picture convolved with an edge filter, the feature map as colours, and
 * one picked output pixel narrated (its window, the products, the sum). No DOM and no Svelte, so it is
 * unit-tested in Node; the view only decodes the reader's own file and draws.
 *
 * Convolution is "valid" (no padding) at stride 1: an h×w picture and an f_h×f_w filter give an
 * (h − f_h + 1)×(w − f_w + 1) feature map, computed position by position in float64 by convByWindows
 * (the same narration the readout shows) and cross-checked with tf.conv2d by the view.
 */
import { convByWindows, convGeometry, convWindow, type ConvGeometry, type ConvOptions, type ConvStep } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import { divergingTable, LEVELS, sequentialTable, type Palette, type RGB } from '~/lib/colour-scale';
import { filterFromGrid, type Tensor4 } from '~/compute/volume';
import type { Schema, Values } from '../params';
import { fmt } from '../stepping';
import { FILTERS, terms, type FilterName } from '../conv-stepper/model';
import { ENCODED_PICTURES } from './picture';
import { decodePicture, type Picture } from './picture-codec';

export type { Picture } from './picture-codec';
// The site's colour scales, shared with other canvas widgets (re-exported for this widget's callers).
export { divergingTable, LEVELS, paletteOf, parseColour, sequentialTable, THEMES, type Palette, type RGB } from '~/lib/colour-scale';
export { FILTERS, type FilterName };

export const PRESETS = ['house', 'pattern'] as const;
export type PresetName = (typeof PRESETS)[number];
export const PRESET_LABELS: Record<PresetName, string> = { house: 'House', pattern: 'Pattern' };

const FILTER_NAMES = Object.keys(FILTERS) as FilterName[];
export const FILTER_LABELS: Record<FilterName, string> = {
  vertical: 'Vertical',
  horizontal: 'Horizontal',
  'sobel-vertical': 'Sobel vertical',
  'sobel-horizontal': 'Sobel horizontal',
  'scharr-vertical': 'Scharr vertical',
  'scharr-horizontal': 'Scharr horizontal',
};

/** The longest side a reader's own picture is scaled down to. */
export const MAX_SIDE = 128;

export const schema = {
  picture: { type: 'enum', options: PRESETS, default: 'house', label: 'Picture', doc: 'house: a drawn house, sun and fence (edges of every direction and contrast); pattern: checks, a ring, stripes and letters. A picture of your own is never in the link.' },
  filter: { type: 'enum', options: FILTER_NAMES, default: 'vertical', label: 'Filter', doc: 'A 3×3 edge detector; replaced by weights when those are given.' },
  weights: { type: 'grid', default: null, maxSize: 5, minValue: -99, maxValue: 99, label: 'Filter weights', doc: 'Your own filter, rows split by “;”, e.g. 0,1,0;1,-4,1;0,1,0 (up to 5×5; it need not be square).' },
  abs: { type: 'bool', default: false, label: 'Show |z|', doc: 'Colour the feature map by edge strength |z|, whatever its sign.' },
  relu: { type: 'bool', default: false, label: 'ReLU', doc: 'Apply max(0, z) to every value, as a conv layer’s activation would.' },
  row: { type: 'int', default: 0, min: 0, max: MAX_SIDE, label: 'Row', doc: 'Row of the picked feature-map pixel, from 1 at the top; 0 (with col 0) picks the picture’s example pixel.' },
  col: { type: 'int', default: 0, min: 0, max: MAX_SIDE, label: 'Column', doc: 'Column of the picked feature-map pixel, from 1 at the left; 0 (with row 0) picks the picture’s example pixel.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

/**
 * Each preset's example pixel (0-based), picked when the settings name none: on the house, the door's
 * left edge (wall 125 on the left of the window, door 45 on the right: ≈ 3·80 = 240); on the pattern, an
 * edge of the checkerboard (200 | 60: 3·140 = 420).
 */
export const EXAMPLE_PIXELS: Record<PresetName, { row: number; col: number }> = {
  house: { row: 68, col: 38 },
  pattern: { row: 1, col: 6 },
};

/** The pixel the settings pin: row and col (from 1), or the preset's example when both are 0. */
export function pinnedPixel(params: Params): { row: number; col: number } {
  const example = EXAMPLE_PIXELS[params.picture];
  return params.row === 0 && params.col === 0 ? example : { row: Math.max(0, params.row - 1), col: Math.max(0, params.col - 1) };
}

/** The row and col settings that pin `p` on a preset: 0 and 0 for its example pixel. */
export function pixelSettings(picture: PresetName, p: { row: number; col: number }): { row: number; col: number } {
  const example = EXAMPLE_PIXELS[picture];
  return p.row === example.row && p.col === example.col ? { row: 0, col: 0 } : { row: p.row + 1, col: p.col + 1 };
}

// ---------------------------------------------------------------------------------------------- pictures

const decoded = new Map<PresetName, Picture>();

/** A preset picture, decoded once. */
export function presetPicture(name: PresetName): Picture {
  let p = decoded.get(name);
  if (!p) decoded.set(name, (p = decodePicture(ENCODED_PICTURES[name])));
  return p;
}

/** A picture as rows of grey levels (for tests and small pictures). */
export function pictureGrid(p: Picture): number[][] {
  return Array.from({ length: p.height }, (_, i) => Array.from(p.pixels.subarray(i * p.width, (i + 1) * p.width)));
}

/** A picture from rows of grey levels 0–255 (rounded and clamped). */
export function pictureFromGrid(grid: readonly (readonly number[])[]): Picture {
  const height = grid.length;
  const width = grid[0]?.length ?? 0;
  return { width, height, pixels: Uint8Array.from(grid.flat(), (v) => Math.min(255, Math.max(0, Math.round(v)))) };
}

/** Size after scaling so that the longer side is at most `max` (never enlarged), each side ≥ 1. */
export function fitSize(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const s = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Rec. 601 luma weights (as in JPEG and ITU-R BT.601), applied to the gamma-encoded sRGB values. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * A reader's picture in grey: RGBA bytes (as from getImageData) → Y′ = 0.299 R′ + 0.587 G′ + 0.114 B′,
 * rounded. Transparent pixels are first laid over white, as the picture would look on a page.
 */
export function lumaFromRgba(rgba: ArrayLike<number>, width: number, height: number): Picture {
  if (rgba.length !== width * height * 4) throw new RangeError(`${rgba.length} bytes for ${width}×${height} RGBA`);
  const pixels = new Uint8Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const a = rgba[4 * i + 3]! / 255;
    const over = (v: number) => v * a + 255 * (1 - a);
    pixels[i] = Math.round(LUMA[0] * over(rgba[4 * i]!) + LUMA[1] * over(rgba[4 * i + 1]!) + LUMA[2] * over(rgba[4 * i + 2]!));
  }
  return { width, height, pixels };
}

// ---------------------------------------------------------------------------------------------- the lab

/** The 2-D kernel: the reader's weights, or the chosen preset. */
export function kernelGrid(p: Params): number[][] {
  return p.weights ?? FILTERS[p.filter].map((row) => [...row]);
}

export interface Stats {
  min: number;
  max: number;
  /** The largest |value|: the end of the colour scale (0 when the map is flat). */
  maxAbs: number;
}

export function statsOf(values: ArrayLike<number>): Stats {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]!);
    max = Math.max(max, values[i]!);
  }
  if (values.length === 0) min = max = 0;
  return { min, max, maxAbs: Math.max(Math.abs(min), Math.abs(max)) };
}

export interface Lab {
  picture: Picture;
  /** The picture as an NHWC tensor [1, h, w, 1], grey levels 0–255. */
  input: Tensor4;
  kernelGrid: number[][];
  /** HWIO [f_h, f_w, 1, 1]. */
  kernel: Tensor4;
  options: ConvOptions;
  geometry: ConvGeometry;
  /** The feature map z (after ReLU when on), from convByWindows: float64, [1, out_h, out_w, 1]. */
  output: Tensor4;
  stats: Stats;
  /** What the colours show: z itself (diverging) or |z| (sequential). */
  display: 'signed' | 'magnitude';
}

export type LabResult = { ok: true; lab: Lab } | { ok: false; error: string };

/** Everything the view draws for a picture and the settings. A filter that does not fit comes back as a message. */
export function buildLab(picture: Picture, params: Params): LabResult {
  const grid = kernelGrid(params);
  const input: Tensor4 = { data: Float64Array.from(picture.pixels), shape: [1, picture.height, picture.width, 1] };
  const kernel = filterFromGrid(grid);
  const options: ConvOptions = { activation: params.relu ? 'relu' : 'linear' };
  try {
    const geometry = convGeometry(input, kernel, options);
    const output = convByWindows(input, kernel, options);
    // With ReLU (and no |z|) the diverging scale stays: the cool, negative half simply empties.
    const display = params.abs ? 'magnitude' : 'signed';
    return { ok: true, lab: { picture, input, kernelGrid: grid, kernel, options, geometry, output, stats: statsOf(output.data), display } };
  } catch (e) {
    if (e instanceof ComputeInputError) return { ok: false, error: e.message };
    throw e;
  }
}

export interface Pixel {
  row: number;
  col: number;
}

/** A feature-map pixel kept inside the map. */
export function clampPixel(lab: Lab, p: Pixel): Pixel {
  const { outHeight, outWidth } = lab.geometry;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.round(v)));
  return { row: clamp(p.row, outHeight), col: clamp(p.col, outWidth) };
}

/** The feature-map pixel under a point of the map's box, given as fractions 0…1 of its width and height. */
export function pixelAtMap(lab: Lab, fx: number, fy: number): Pixel {
  const { outHeight, outWidth } = lab.geometry;
  return clampPixel(lab, { row: Math.floor(fy * outHeight), col: Math.floor(fx * outWidth) });
}

/** The feature-map pixel whose window is centred on the picture's pixel under a point (fractions 0…1). */
export function pixelAtPicture(lab: Lab, fx: number, fy: number): Pixel {
  const { height, width, filterHeight, filterWidth } = lab.geometry;
  return clampPixel(lab, {
    row: Math.floor(fy * height) - Math.floor((filterHeight - 1) / 2),
    col: Math.floor(fx * width) - Math.floor((filterWidth - 1) / 2),
  });
}

/** The feature-map pixel with the largest |value| (the first one, row by row, on ties). */
export function strongestPixel(lab: Lab): Pixel {
  let best = 0;
  const d = lab.output.data;
  for (let i = 1; i < d.length; i++) if (Math.abs(d[i]!) > Math.abs(d[best]!)) best = i;
  return { row: Math.floor(best / lab.geometry.outWidth), col: best % lab.geometry.outWidth };
}

/** The input window under a feature-map pixel, in picture pixels (valid convolution, stride 1). */
export function windowOf(lab: Lab, p: Pixel): { top: number; left: number; height: number; width: number } {
  return { top: p.row, left: p.col, height: lab.geometry.filterHeight, width: lab.geometry.filterWidth };
}

/** The narration of one feature-map pixel: its window, the products and their sum (float64). */
export function stepAt(lab: Lab, p: Pixel): ConvStep {
  return convWindow(lab.input, lab.kernel, lab.options, clampPixel(lab, p), lab.input);
}

/**
 * Where the feature map sits over the picture, as fractions of the picture's size: pixel (i, j) of the map
 * is drawn over the centre of its window, so the map is inset by (f − 1)/2 pixels on each side.
 */
export function mapInset(lab: Lab): { top: number; left: number; height: number; width: number } {
  const g = lab.geometry;
  return {
    top: (g.filterHeight - 1) / 2 / g.height,
    left: (g.filterWidth - 1) / 2 / g.width,
    height: g.outHeight / g.height,
    width: g.outWidth / g.width,
  };
}

// ---------------------------------------------------------------------------------------------- words

type Direction = 'vertical' | 'horizontal' | null;

function directionOf(params: Params): Direction {
  if (params.weights) return null;
  return params.filter.endsWith('horizontal') ? 'horizontal' : 'vertical';
}

/** A value's place on the scale: what it says about the window, in words. */
export function meaning(lab: Lab, params: Params, step: ConvStep): string {
  const z = step.z;
  const scale = Math.max(lab.stats.maxAbs, 1e-9);
  if (Math.abs(z) <= 0.05 * scale) return 'about 0: flat here, or an edge this filter does not see';
  const strength = Math.abs(z) >= 0.5 * scale ? 'a strong' : 'a weak';
  const dir = directionOf(params);
  let text: string;
  if (dir === 'vertical') text = `${strength} vertical edge, brighter on the ${z > 0 ? 'left' : 'right'}`;
  else if (dir === 'horizontal') text = `${strength} horizontal edge, brighter ${z > 0 ? 'above' : 'below'}`;
  else text = z > 0 ? `${strength} match: bright where the weights are positive` : `${strength} match with the opposite: bright where the weights are negative`;
  return params.relu && z < 0 ? `${text}; ReLU turns it into 0` : text;
}

/** The arithmetic of one pixel as text: the products, their sum and ReLU when on. */
export function sumText(lab: Lab, step: ConvStep): string {
  const products = terms(step, 1)[0]!.join(' + ');
  const relu = lab.options.activation === 'relu' ? ` → ReLU ${fmt(step.value)}` : '';
  return `${products} = ${fmt(step.z)}${relu}`;
}

/** "the vertical filter", "the Sobel horizontal filter", "your filter". */
export function filterName(params: Params): string {
  return params.weights ? 'your filter' : `the ${FILTER_LABELS[params.filter].replace(/^[VH]/, (c) => c.toLowerCase())} filter`;
}

/** The live sentence: what the stage shows now. */
export function describe(lab: Lab, params: Params, pictureName: string, p: Pixel): string {
  const step = stepAt(lab, p);
  const g = lab.geometry;
  const what = params.relu ? 'ReLU(z)' : 'z';
  const range = lab.display === 'magnitude' ? `|${what}| up to ${fmt(lab.stats.maxAbs)}` : `${what} from ${fmt(lab.stats.min)} to ${fmt(lab.stats.max)}`;
  return (
    `${pictureName} ${g.width}×${g.height} with ${filterName(params)} gives a ${g.outWidth}×${g.outHeight} feature map, ${range}. ` +
    `Row ${step.row + 1}, column ${step.col + 1}: z = ${fmt(step.z)}, ${meaning(lab, params, step)}.`
  );
}

// ---------------------------------------------------------------------------------------------- colours

/**
 * The table index of every feature-map value, at `levels` steps a side: z/maxAbs for the diverging scale
 * (index `levels` is 0), |z|/maxAbs for the sequential one (index 0 is 0). A flat map is all zero.
 */
export function colourIndices(lab: Lab, levels = LEVELS): Uint8Array | Uint16Array {
  const scale = lab.stats.maxAbs || 1;
  const n = lab.output.data.length;
  const out = levels * 2 + 1 > 256 ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = Math.min(1, Math.max(-1, lab.output.data[i]! / scale));
    out[i] = lab.display === 'signed' ? levels + Math.round(t * levels) : Math.round(Math.abs(t) * levels);
  }
  return out;
}

/** The colour one value gets on the feature map (the same table as the canvas). */
export function colourOf(lab: Lab, p: Palette, value: number): RGB {
  const t = Math.min(1, Math.max(-1, value / (lab.stats.maxAbs || 1)));
  return lab.display === 'signed' ? divergingTable(p)[LEVELS + Math.round(t * LEVELS)]! : sequentialTable(p)[Math.round(Math.abs(t) * LEVELS)]!;
}

/** The feature map as RGBA bytes for a canvas (ImageData), with the theme's colours. */
export function mapRgba(lab: Lab, p: Palette): Uint8ClampedArray<ArrayBuffer> {
  const table = lab.display === 'signed' ? divergingTable(p) : sequentialTable(p);
  const idx = colourIndices(lab);
  const out = new Uint8ClampedArray(idx.length * 4);
  for (let i = 0; i < idx.length; i++) {
    const c = table[idx[i]!]!;
    out.set(c, 4 * i);
    out[4 * i + 3] = 255;
  }
  return out;
}

/** The picture as RGBA bytes (grey). */
export function pictureRgba(p: Picture): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(p.pixels.length * 4);
  for (let i = 0; i < p.pixels.length; i++) {
    const v = p.pixels[i]!;
    out[4 * i] = out[4 * i + 1] = out[4 * i + 2] = v;
    out[4 * i + 3] = 255;
  }
  return out;
}

/** WCAG relative luminance of a grey level 0–255 (sRGB). */
export function greyLuminance(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Black or white text on a grey cell, whichever contrasts more (≥ 4.5:1 for every level). */
export function textOnGrey(v: number): '#000' | '#fff' {
  const l = greyLuminance(v);
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

/** CSS for a scale's legend bar: a linear-gradient through the table's ends and middle. */
export function legendGradient(display: Lab['display']): string {
  return display === 'signed'
    ? 'linear-gradient(to right, var(--dl-neg, #1d4fc4), var(--dl-bg, #fcfbf8), var(--dl-pos, #ab3a08))'
    : 'linear-gradient(to right, var(--dl-bg, #fcfbf8), var(--dl-fg, #1c1e22))';
}

/** The words under the legend's bar. */
export function legendText(lab: Lab): string {
  const range = `z from ${fmt(lab.stats.min)} to ${fmt(lab.stats.max)}`;
  return lab.display === 'signed'
    ? `Cool (blue) negative, warm (orange) positive; ${range}`
    : `From 0 (the background) to the strongest edge, either sign; ${range}`;
}

/** The legend's end labels: [left, middle, right]. */
export function legendLabels(lab: Lab): [string, string, string] {
  const m = lab.stats.maxAbs;
  return lab.display === 'signed' ? [fmt(-m), '0', fmt(m)] : ['0', fmt(m / 2), fmt(m)];
}
