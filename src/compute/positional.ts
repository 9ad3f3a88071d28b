/**
 * Sinusoidal positional encoding (Vaswani et al. 2017, §3.5), as the course writes it. For a position
 * `pos` (0, 1, 2, …) and a model width `d` (even), each pair of dimensions shares one frequency
 *
 *   ω_i = 1 / base^{2i/d},   i = 0 … d/2 − 1   (base = 10000)
 *   PE(pos, 2i)     = sin(pos·ω_i)
 *   PE(pos, 2i + 1) = cos(pos·ω_i)
 *
 * Two column orders are in use (CONVENTIONS.md, "Positional encoding"):
 *   - 'interleaved' (the paper, the course): sin and cos alternate, dimension 2i is sin, 2i + 1 is cos;
 *   - 'halves' (TensorFlow's tutorial, many libraries): all d/2 sines, then all d/2 cosines, so column i
 *     is sin(pos·ω_i) and column d/2 + i is cos(pos·ω_i).
 * The second is a fixed permutation of the first's columns (`halvesColumnOf`), so both carry the same
 * information: every distance and dot product between two positions is the same in either.
 *
 * Matrices are plain Float64Array (or Float32Array from tfjs), row-major [pos][dim]: value (pos, dim)
 * sits at pos·d + dim. Bad input throws ComputeInputError with a sentence for the reader.
 */
import { ComputeInputError } from './errors';
import { loadTf } from './tf';

export type PeLayout = 'interleaved' | 'halves';
export const PE_LAYOUTS: readonly PeLayout[] = ['interleaved', 'halves'];

export const DEFAULT_BASE = 10000;

/** The largest matrix computed: 2²² values (32 MB in float64). */
export const PE_LIMITS = { length: 65536, dModel: 8192, values: 2 ** 22 } as const;

export interface PeOptions {
  layout?: PeLayout;
  /** The base of the geometric progression of wavelengths; 10000 in the paper. */
  base?: number;
}

function requireDModel(dModel: number): void {
  if (!Number.isInteger(dModel) || dModel < 2) {
    throw new ComputeInputError(`d_model must be an even whole number, at least 2; got ${String(dModel)}`, 'dModel');
  }
  if (dModel % 2 !== 0) {
    throw new ComputeInputError(`d_model must be even, because sines and cosines come in pairs; ${dModel} is odd (use ${dModel - 1} or ${dModel + 1})`, 'dModel');
  }
  if (dModel > PE_LIMITS.dModel) throw new ComputeInputError(`d_model ${dModel} is too large: at most ${PE_LIMITS.dModel}`, 'dModel');
}

function requireLength(length: number): void {
  if (!Number.isInteger(length) || length < 1) {
    throw new ComputeInputError(`the sequence length must be a whole number of positions, at least 1; got ${String(length)}`, 'length');
  }
  if (length > PE_LIMITS.length) throw new ComputeInputError(`a sequence of ${length} positions is too long: at most ${PE_LIMITS.length}`, 'length');
}

function requireBase(base: number): void {
  if (!Number.isFinite(base) || base <= 1) throw new ComputeInputError(`the base must be a number greater than 1; got ${String(base)}`, 'base');
}

function requirePosition(field: string, pos: number): void {
  if (!Number.isInteger(pos) || pos < 0) throw new ComputeInputError(`${field} must be a position 0, 1, 2, …; got ${String(pos)}`, field);
}

function requireIndex(field: string, i: number, count: number, what: string): void {
  if (!Number.isInteger(i) || i < 0 || i >= count) {
    throw new ComputeInputError(`${field} must be a ${what} from 0 to ${count - 1}; got ${String(i)}`, field);
  }
}

/** Throws unless (length, dModel, base) describe a matrix this module computes. */
export function validatePe(length: number, dModel: number, base = DEFAULT_BASE): void {
  requireLength(length);
  requireDModel(dModel);
  requireBase(base);
  if (length * dModel > PE_LIMITS.values) {
    throw new ComputeInputError(`${length} positions × ${dModel} dimensions is too large: at most ${PE_LIMITS.values.toLocaleString('en')} values`, 'length');
  }
}

/** ω_i = 1 / base^{2i/d}: the angular frequency shared by dimensions 2i and 2i + 1 (interleaved). */
export function frequency(i: number, dModel: number, base = DEFAULT_BASE): number {
  requireDModel(dModel);
  requireBase(base);
  requireIndex('i', i, dModel / 2, 'frequency index');
  return 1 / base ** ((2 * i) / dModel);
}

/** The wavelength 2π/ω_i, in positions: from 2π (i = 0) to almost 2π·base. */
export function wavelength(i: number, dModel: number, base = DEFAULT_BASE): number {
  return (2 * Math.PI) / frequency(i, dModel, base);
}

/** The angle pos·ω_i that dimensions 2i and 2i + 1 take the sine and cosine of. */
export function angle(pos: number, i: number, dModel: number, base = DEFAULT_BASE): number {
  return pos * frequency(i, dModel, base);
}

/** What a column holds in a layout: its frequency index i and whether it is the sine or the cosine. */
export interface Column {
  i: number;
  fn: 'sin' | 'cos';
}

export function columnInfo(column: number, dModel: number, layout: PeLayout = 'interleaved'): Column {
  requireDModel(dModel);
  requireIndex('column', column, dModel, 'column');
  const half = dModel / 2;
  return layout === 'interleaved'
    ? { i: Math.floor(column / 2), fn: column % 2 === 0 ? 'sin' : 'cos' }
    : { i: column % half, fn: column < half ? 'sin' : 'cos' };
}

/** The column of a layout that holds frequency i's sine or cosine. */
export function columnOf({ i, fn }: Column, dModel: number, layout: PeLayout = 'interleaved'): number {
  requireDModel(dModel);
  requireIndex('i', i, dModel / 2, 'frequency index');
  return layout === 'interleaved' ? 2 * i + (fn === 'sin' ? 0 : 1) : i + (fn === 'sin' ? 0 : dModel / 2);
}

/** The permutation between the layouts: interleaved dimension 2i ↦ halves column i, 2i + 1 ↦ d/2 + i. */
export function halvesColumnOf(dim: number, dModel: number): number {
  return columnOf(columnInfo(dim, dModel, 'interleaved'), dModel, 'halves');
}

/** The inverse: halves column i ↦ interleaved dimension 2i, d/2 + i ↦ 2i + 1. */
export function interleavedColumnOf(column: number, dModel: number): number {
  return columnOf(columnInfo(column, dModel, 'halves'), dModel, 'interleaved');
}

/** One value, PE(pos, column) in a layout. */
export function peValue(pos: number, column: number, dModel: number, { layout = 'interleaved', base = DEFAULT_BASE }: PeOptions = {}): number {
  requirePosition('pos', pos);
  const { i, fn } = columnInfo(column, dModel, layout);
  const a = angle(pos, i, dModel, base);
  return fn === 'sin' ? Math.sin(a) : Math.cos(a);
}

/** The d frequencies ω_0 … ω_{d/2−1}, computed once. */
export function frequencies(dModel: number, base = DEFAULT_BASE): Float64Array {
  requireDModel(dModel);
  requireBase(base);
  return Float64Array.from({ length: dModel / 2 }, (_, i) => 1 / base ** ((2 * i) / dModel));
}

/** Rows `from` … `to − 1` of the encoding, written into `out` (row-major, d values a row) at row `from`. */
export function fillRows(out: Float64Array, from: number, to: number, omega: Float64Array, layout: PeLayout): void {
  const half = omega.length;
  const d = 2 * half;
  for (let pos = from; pos < to; pos++) {
    const row = pos * d;
    for (let i = 0; i < half; i++) {
      const a = pos * omega[i]!;
      const s = Math.sin(a);
      const c = Math.cos(a);
      if (layout === 'interleaved') {
        out[row + 2 * i] = s;
        out[row + 2 * i + 1] = c;
      } else {
        out[row + i] = s;
        out[row + half + i] = c;
      }
    }
  }
}

/** The whole matrix: `length` positions (0 … length − 1) × `dModel` dimensions, float64, row-major. */
export function positionalEncoding(length: number, dModel: number, { layout = 'interleaved', base = DEFAULT_BASE }: PeOptions = {}): Float64Array {
  validatePe(length, dModel, base);
  const out = new Float64Array(length * dModel);
  fillRows(out, 0, length, frequencies(dModel, base), layout);
  return out;
}

/** The encoding of one position, a vector of d values. */
export function peVector(pos: number, dModel: number, { layout = 'interleaved', base = DEFAULT_BASE }: PeOptions = {}): Float64Array {
  requirePosition('pos', pos);
  const out = new Float64Array(dModel);
  const omega = frequencies(dModel, base);
  const half = dModel / 2;
  for (let i = 0; i < half; i++) {
    const a = pos * omega[i]!;
    out[layout === 'interleaved' ? 2 * i : i] = Math.sin(a);
    out[layout === 'interleaved' ? 2 * i + 1 : half + i] = Math.cos(a);
  }
  return out;
}

/**
 * PE(p)·PE(q), summed over all d dimensions (the same in either layout: a permutation of the columns
 * does not change a dot product). Computed from the two vectors' sines and cosines, not the closed form.
 */
export function peDot(p: number, q: number, dModel: number, base = DEFAULT_BASE): number {
  requirePosition('p', p);
  requirePosition('q', q);
  return dotFrom(frequencies(dModel, base), p, q);
}

/** PE(p)·PE(q) for frequencies computed once (`frequencies(d, base)`), term by term from the vectors. */
export function dotFrom(omega: ArrayLike<number>, p: number, q: number): number {
  let s = 0;
  for (let i = 0; i < omega.length; i++) {
    const a = p * omega[i]!;
    const b = q * omega[i]!;
    s += Math.sin(a) * Math.sin(b) + Math.cos(a) * Math.cos(b);
  }
  return s;
}

function requireOffset(k: number): void {
  if (!Number.isFinite(k)) throw new ComputeInputError(`the offset k must be a number; got ${String(k)}`, 'k');
}

/**
 * The closed form of PE(p)·PE(p + k): each pair contributes sin(pω)sin(qω) + cos(pω)cos(qω) = cos((q − p)ω),
 * so the sum is Σ_i cos(k·ω_i). It depends only on the offset k, never on p: the encoding sees relative
 * position. At k = 0 it is d/2, every vector's squared length.
 */
export function peDotAtOffset(k: number, dModel: number, base = DEFAULT_BASE): number {
  requireOffset(k);
  return dotAtOffsetFrom(frequencies(dModel, base), k);
}

/** Σ_i cos(k·ω_i) for frequencies computed once. */
export function dotAtOffsetFrom(omega: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < omega.length; i++) s += Math.cos(k * omega[i]!);
  return s;
}

/** ‖PE(p) − PE(q)‖, the straight-line distance between two positions' vectors. */
export function peDistance(p: number, q: number, dModel: number, base = DEFAULT_BASE): number {
  const u = peVector(p, dModel, { base });
  const v = peVector(q, dModel, { base });
  let s = 0;
  for (let j = 0; j < dModel; j++) s += (u[j]! - v[j]!) ** 2;
  return Math.sqrt(s);
}

/**
 * The distance from the closed form: ‖PE(p) − PE(q)‖² = ‖PE(p)‖² + ‖PE(q)‖² − 2 PE(p)·PE(q)
 * = d − 2 Σ_i cos(k ω_i) = 4 Σ_i sin²(k ω_i / 2), written the last way so it stays accurate near 0.
 */
export function peDistanceAtOffset(k: number, dModel: number, base = DEFAULT_BASE): number {
  requireOffset(k);
  return distanceAtOffsetFrom(frequencies(dModel, base), k);
}

/** 2·√(Σ_i sin²(k·ω_i/2)) for frequencies computed once. */
export function distanceAtOffsetFrom(omega: ArrayLike<number>, k: number): number {
  let s = 0;
  for (let i = 0; i < omega.length; i++) s += Math.sin((k * omega[i]!) / 2) ** 2;
  return 2 * Math.sqrt(s);
}

/** Every PE vector has length √(d/2): each pair contributes sin² + cos² = 1. */
export function peNorm(dModel: number): number {
  requireDModel(dModel);
  return Math.sqrt(dModel / 2);
}

/**
 * The position among 0 … length − 1, other than `pos`, whose vector is closest to PE(pos), and that distance.
 * With few dimensions two far-apart positions can land almost on the same point (d = 2: positions 0 and
 * 44 are 0.018 apart, since 44 ≈ 14π).
 */
export function closestPosition(pos: number, length: number, dModel: number, base = DEFAULT_BASE): { pos: number; distance: number } {
  validatePe(length, dModel, base);
  requirePosition('pos', pos);
  if (length < 2) throw new ComputeInputError('there is no other position in a sequence of 1', 'length');
  const omega = frequencies(dModel, base);
  let best = { pos: -1, distance: Infinity };
  for (let q = 0; q < length; q++) {
    if (q === pos) continue;
    const distance = distanceAtOffsetFrom(omega, q - pos);
    if (distance < best.distance) best = { pos: q, distance };
  }
  return best;
}

/**
 * The same matrix through TensorFlow.js ops, in float32: the angles as the outer product of
 * tf.range(0, length) and ω = 1 / base^{2i/d} (tf.pow), then tf.sin and tf.cos, interleaved with
 * tf.stack + reshape or side by side with tf.concat. Returns plain data, row-major [pos][dim].
 */
export async function positionalEncodingTf(length: number, dModel: number, layout: PeLayout = 'interleaved', base = DEFAULT_BASE): Promise<Float32Array> {
  validatePe(length, dModel, base);
  const tf = await loadTf();
  const half = dModel / 2;
  const y = tf.tidy(() => {
    // tfjs-core without its chained-op registrations: tf.reshape(x), not x.reshape().
    const positions = tf.reshape(tf.range(0, length, 1, 'float32'), [length, 1]);
    const exponents = tf.mul(tf.range(0, half, 1, 'float32'), 2 / dModel); // 2i/d
    const omega = tf.reshape(tf.div(1, tf.pow(tf.scalar(base, 'float32'), exponents)), [1, half]);
    const angles = tf.mul(positions, omega); // [length, d/2]: pos·ω_i, an outer product by broadcasting
    const s = tf.sin(angles);
    const c = tf.cos(angles);
    return layout === 'interleaved' ? tf.reshape(tf.stack([s, c], 2), [length, dModel]) : tf.concat([s, c], 1);
  });
  try {
    return (await y.data()) as Float32Array;
  } finally {
    y.dispose();
  }
}

/**
 * How far float32 may stray from the float64 formula at an angle. tfjs rounds ω and pos·ω to float32, a
 * relative error of about 2⁻²⁴ ≈ 6·10⁻⁸ each, and sin or cos passes the angle's error on unchanged: at
 * pos 255 and ω = 1 that is ~1.5·10⁻⁵, a thousand times float32's resolution near 1. So the allowance
 * grows with the angle: 10⁻⁶·(1 + |pos·ω|), about eight times the largest difference measured (length
 * and d up to 256, both layouts).
 */
export function float32Tolerance(angleValue: number): number {
  return 1e-6 * (1 + Math.abs(angleValue));
}

export interface PeComparison {
  count: number;
  maxAbsDiff: number;
  agrees: boolean;
}

/** Compares a float64 matrix with tfjs's float32 one, value by value, allowing float32 rounding of the angle. */
export function comparePe(ours: ArrayLike<number>, theirs: ArrayLike<number>, length: number, dModel: number, layout: PeLayout = 'interleaved', base = DEFAULT_BASE): PeComparison {
  validatePe(length, dModel, base);
  const omega = frequencies(dModel, base);
  let maxAbsDiff = 0;
  let agrees = ours.length === length * dModel && theirs.length === ours.length;
  for (let pos = 0; pos < length; pos++) {
    for (let col = 0; col < dModel; col++) {
      const j = pos * dModel + col;
      const diff = Math.abs(ours[j]! - (theirs[j] ?? Number.NaN));
      maxAbsDiff = Math.max(maxAbsDiff, diff);
      const { i } = columnInfo(col, dModel, layout);
      if (!(diff <= float32Tolerance(pos * omega[i]!))) agrees = false;
    }
  }
  return { count: ours.length, maxAbsDiff, agrees };
}
