/**
 * A stack of layers on paper (Course 4): conv, pool, flatten, dense, depthwise conv and residual add
 * (pointwise is conv with f = 1). For each layer its output shape,
 * its learned parameters, its activation size and its multiplications, then the totals. Pure integer
 * arithmetic on plain data, no TensorFlow.js. The formulas are stated in CONVENTIONS.md ("Layer stacks").
 *
 * A broken layer (a filter larger than its input, a convolution after a dense layer) does not throw the
 * stack away: `inferLayers` returns every layer's outcome, with the first failure as a `LayerError`
 * whose message names the layer ("layer 3 (conv 5×5): filter 5×5 does not fit a 3×3 input with
 * padding 0") and the layers after it marked skipped.
 *
 * The compact text form (`conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10`) is what URLs and
 * MDX props carry; `parseLayers` reads it with a readable problem per bad token and never throws.
 */
import { convOutputSize, convParamCount, samePadding } from './conv';
import { ComputeInputError, requireInt } from './errors';

/** The input volume: height × width × channels. */
export interface Volume {
  h: number;
  w: number;
  c: number;
}

/** A layer's output: a volume [h, w, c], or a vector [n] after flatten or a dense layer. */
export type Shape = readonly [number, number, number] | readonly [number];

/** Zeros on every side (`p`), or 'same' (p = (f − 1)/2 per axis, odd f), or 'valid' (p = 0). */
export type ConvPadding = number | 'same' | 'valid';

export interface ConvLayer {
  kind: 'conv';
  /** Filter height, and width too unless `fw` is given. */
  f: number;
  /** Filter width of a non-square filter (e.g. f = 1, fw = 3 for 1×3). */
  fw?: number;
  /** Stride along both axes. Default 1. */
  s?: number;
  /** Default 0 ('valid'). */
  p?: ConvPadding;
  /** Number of filters n_c: the output's channels. */
  filters: number;
  /** One bias per filter. Default true. */
  bias?: boolean;
}

export interface PoolLayer {
  kind: 'pool';
  mode: 'max' | 'avg';
  /** Window f × f. */
  f: number;
  /** Stride. Default f (f = s = 2 halves each side). No padding. */
  s?: number;
}

/** h × w × c → a vector of h·w·c values. Nothing learned, nothing computed. */
export interface FlattenLayer {
  kind: 'flatten';
}

/** Fully connected. After a volume it flattens it first (as the course draws it, FC after POOL). */
export interface DenseLayer {
  kind: 'dense';
  units: number;
  /** The output layer: a softmax over `units` classes (same parameters; the label differs). */
  softmax?: boolean;
  /** Default true. */
  bias?: boolean;
}

/**
 * Depthwise convolution (MobileNet): one f × f filter per input channel, each sliding over its own channel,
 * so the output has as many channels as the input. Parameters f²·n_c (+ n_c biases); multiplications
 * out_h·out_w·f²·n_c. Followed by a pointwise conv (conv1-n) it is the depthwise-separable convolution.
 */
export interface DepthwiseLayer {
  kind: 'depthwise';
  f: number;
  /** Default 1. */
  s?: number;
  /** Default 0 ('valid'). */
  p?: ConvPadding;
  /** One bias per channel. Default true. */
  bias?: boolean;
}

/**
 * Residual (skip) connection: adds the output of an earlier layer `from` (1-based; 0 = the input volume)
 * to the current volume, element by element. The shapes must match exactly. Nothing learned, and no
 * multiplications: its h·w·c additions are not counted (the totals count multiplications only).
 */
export interface AddLayer {
  kind: 'add';
  from: number;
}

export type Layer = ConvLayer | PoolLayer | FlattenLayer | DenseLayer | DepthwiseLayer | AddLayer;
export type LayerKind = Layer['kind'];
export const LAYER_KINDS: readonly LayerKind[] = ['conv', 'depthwise', 'pool', 'flatten', 'dense', 'add'];

/** What a bad layer throws: a ComputeInputError whose message starts "layer <index> (<layer>): ". */
export class LayerError extends ComputeInputError {
  override name = 'LayerError';
  constructor(
    /** 1-based position of the layer in the stack (the input is not counted). */
    readonly index: number,
    /** The reason alone, without the "layer 3 (conv 5×5): " prefix. */
    readonly reason: string,
    layer: Layer,
  ) {
    super(`layer ${index} (${describeLayer(layer)}): ${reason}`, 'layers');
  }
}

/** A layer that computed. */
export interface LayerRow {
  status: 'ok';
  index: number;
  layer: Layer;
  /** The course's name: conv 1, pool 1, conv 2, pool 2, fc 3, fc 4, softmax (see `layerNames`). */
  name: string;
  input: Shape;
  output: Shape;
  /** Learned weights and biases. */
  params: number;
  /** Values in the output, h·w·c or n. */
  activations: number;
  /** Multiplications of one forward pass for one example (pooling and flatten: 0). */
  mults: number;
  /** Conv and pool: the filter or window, stride and padding actually used (padding per axis). */
  geometry?: { fh: number; fw: number; s: number; ph: number; pw: number };
  /** A dense layer that read a volume and flattened it first. */
  flattens?: boolean;
}

export interface LayerFailed {
  status: 'error';
  index: number;
  layer: Layer;
  name: string;
  input: Shape;
  error: LayerError;
}

/** A layer after a broken one: it has no input to work on. */
export interface LayerSkipped {
  status: 'skipped';
  index: number;
  layer: Layer;
  name: string;
}

export type LayerOutcome = LayerRow | LayerFailed | LayerSkipped;

export interface Totals {
  params: number;
  /** Σ of the layers' outputs (the input and flatten, a mere reshape, excluded): what one forward pass stores. */
  activations: number;
  mults: number;
  /** Parameters owned by each kind of layer, e.g. LeNet-5's convolutions own 2,872. */
  paramsByKind: Record<LayerKind, number>;
}

export interface Inference {
  input: { shape: readonly [number, number, number]; activations: number };
  layers: LayerOutcome[];
  /** The first broken layer, or null when the whole stack computes. */
  error: LayerError | null;
  /** Over every layer; null when the stack breaks (a total of part of a network would mislead). */
  totals: Totals | null;
}

/** "conv 5×5", "max pool 2×2", "flatten", "fc 120", "softmax 10": a layer in a few words. */
export function describeLayer(layer: Layer): string {
  switch (layer.kind) {
    case 'conv':
      return `conv ${layer.f}×${layer.fw ?? layer.f}`;
    case 'pool':
      return `${layer.mode} pool ${layer.f}×${layer.f}`;
    case 'flatten':
      return 'flatten';
    case 'dense':
      return `${layer.softmax ? 'softmax' : 'fc'} ${layer.units}`;
    case 'depthwise':
      return `depthwise ${layer.f}×${layer.f}`;
    case 'add':
      return layer.from === 0 ? 'add from the input' : `add from layer ${layer.from}`;
  }
}

/**
 * The course's names: conv and dense layers are numbered in order; a pool takes the number of the conv
 * before it (CONV1 + POOL1 make "layer 1"), so LeNet-5 reads conv 1, pool 1, conv 2, pool 2, fc 3, fc 4,
 * softmax. A depthwise conv is numbered like a conv ("depthwise 2"); an add takes no number.
 */
export function layerNames(layers: readonly Layer[]): string[] {
  let k = 0;
  return layers.map((layer) => {
    switch (layer.kind) {
      case 'conv':
        return `conv ${++k}`;
      case 'pool':
        return k > 0 ? `pool ${k}` : 'pool';
      case 'flatten':
        return 'flatten';
      case 'dense':
        return layer.softmax ? 'softmax' : `fc ${++k}`;
      case 'depthwise':
        return `depthwise ${++k}`;
      case 'add':
        return 'add';
    }
  });
}

/** "28 × 28 × 6" or "120". */
export function shapeText(shape: Shape, times = ' × '): string {
  return shape.join(times);
}

const size = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** Runs `check`, turning a bare ComputeInputError into a LayerError that names the layer. */
function guarded<T>(index: number, layer: Layer, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof ComputeInputError && !(e instanceof LayerError)) throw new LayerError(index, e.message, layer);
    throw e;
  }
}

function needVolume(what: string, input: Shape): readonly [number, number, number] {
  if (input.length === 3) return input;
  throw new ComputeInputError(`${what} needs a height × width × channels volume, but its input is a vector of ${input[0]} values`, 'layers');
}

/** "padding 1", or per axis when a 'same' non-square filter pads rows and columns differently. */
const paddingText = (ph: number, pw: number) => (ph === pw ? `padding ${ph}` : `padding ${ph} (rows) and ${pw} (columns)`);

/** A conv's or depthwise conv's padding, checked fit and output height and width. */
function convGeometry(h: number, w: number, fh: number, fw: number, s: number, p: ConvPadding) {
  requireInt('filter height f', fh, 1);
  requireInt('filter width', fw, 1);
  requireInt('stride s', s, 1);
  let ph = 0;
  let pw = 0;
  if (p === 'same') [ph, pw] = [samePadding(fh), samePadding(fw)];
  else if (p !== 'valid') {
    requireInt('padding p', p, 0);
    ph = pw = p;
  }
  if (fh > h + 2 * ph || fw > w + 2 * pw) {
    throw new ComputeInputError(`filter ${fh}×${fw} does not fit a ${h}×${w} input with ${paddingText(ph, pw)}`, 'filter');
  }
  return { fh, fw, s, ph, pw, oh: convOutputSize(h, fh, ph, s), ow: convOutputSize(w, fw, pw, s) };
}

/**
 * One layer's numbers from its input shape; `earlier[k]` is layer k's output (earlier[0] the input), for
 * an add. Throws ComputeInputError (without the layer prefix).
 */
function inferOne(layer: Layer, input: Shape, earlier: readonly Shape[]): Omit<LayerRow, 'status' | 'index' | 'layer' | 'name' | 'input'> {
  switch (layer.kind) {
    case 'conv': {
      const [h, w, c] = needVolume('a convolution', input);
      requireInt('number of filters', layer.filters, 1);
      const { oh, ow, ...geometry } = convGeometry(h, w, layer.f, layer.fw ?? layer.f, layer.s ?? 1, layer.p ?? 0);
      const { fh, fw } = geometry;
      const output = [oh, ow, layer.filters] as const;
      const bias = layer.bias ?? true;
      const params = fh === fw ? convParamCount(fh, c, layer.filters, bias) : (fh * fw * c + (bias ? 1 : 0)) * layer.filters;
      return { output, params, activations: size(output), mults: oh * ow * layer.filters * fh * fw * c, geometry };
    }
    case 'depthwise': {
      const [h, w, c] = needVolume('a depthwise convolution', input);
      const { oh, ow, ...geometry } = convGeometry(h, w, layer.f, layer.f, layer.s ?? 1, layer.p ?? 0);
      const f2 = layer.f * layer.f;
      const output = [oh, ow, c] as const;
      return { output, params: f2 * c + ((layer.bias ?? true) ? c : 0), activations: size(output), mults: oh * ow * f2 * c, geometry };
    }
    case 'add': {
      const from = layer.from;
      requireInt('the layer it adds (from)', from, 0);
      if (from >= earlier.length) {
        throw new ComputeInputError(`it adds the output of layer ${from}, which does not come before it; an add takes an earlier layer (0 is the input)`, 'layers');
      }
      const other = earlier[from]!;
      if (other.length !== input.length || other.some((n, i) => n !== input[i])) {
        throw new ComputeInputError(`shapes ${shapeText(input, '×')} and ${shapeText(other, '×')} differ`, 'layers');
      }
      return { output: input, params: 0, activations: size(input), mults: 0 };
    }
    case 'pool': {
      const [h, w, c] = needVolume('pooling', input);
      const s = layer.s ?? layer.f;
      requireInt('pool size f', layer.f, 1);
      requireInt('stride s', s, 1);
      if (layer.f > h || layer.f > w) {
        throw new ComputeInputError(`pool window ${layer.f}×${layer.f} does not fit a ${h}×${w} input`, 'size');
      }
      const output = [convOutputSize(h, layer.f, 0, s), convOutputSize(w, layer.f, 0, s), c] as const;
      return { output, params: 0, activations: size(output), mults: 0, geometry: { fh: layer.f, fw: layer.f, s, ph: 0, pw: 0 } };
    }
    case 'flatten': {
      const n = size(input);
      return { output: [n], params: 0, activations: n, mults: 0 };
    }
    case 'dense': {
      requireInt('units', layer.units, 1);
      const n = size(input);
      const params = (n + ((layer.bias ?? true) ? 1 : 0)) * layer.units;
      return { output: [layer.units], params, activations: layer.units, mults: n * layer.units, ...(input.length === 3 ? { flattens: true } : {}) };
    }
    default:
      throw new ComputeInputError(`${JSON.stringify((layer as { kind?: unknown }).kind)} is not a kind of layer`, 'layers');
  }
}

function requireCountable(what: string, n: number): void {
  if (!Number.isSafeInteger(n)) {
    throw new ComputeInputError(`${what} (about ${n.toExponential(1)}) is too large to count exactly`, 'layers');
  }
}

/**
 * Every layer's output shape, parameters, activation size and multiplications, and the totals.
 * Throws ComputeInputError only for a bad input volume; bad layers come back as outcomes.
 */
export function inferLayers(input: Volume, layers: readonly Layer[]): Inference {
  requireInt('input height', input.h, 1);
  requireInt('input width', input.w, 1);
  requireInt('input channels', input.c, 1);
  const names = layerNames(layers);
  const outcomes: LayerOutcome[] = [];
  let shape: Shape = [input.h, input.w, input.c];
  /** Each computed layer's output, the input first: what an add can refer to. */
  const outputs: Shape[] = [shape];
  let error: LayerError | null = null;
  for (const [i, layer] of layers.entries()) {
    const index = i + 1;
    const name = names[i]!;
    if (error) {
      outcomes.push({ status: 'skipped', index, layer, name });
      continue;
    }
    try {
      const row = guarded(index, layer, () => {
        const r = inferOne(layer, shape, outputs);
        requireCountable('its parameter count', r.params);
        requireCountable('its number of multiplications', r.mults);
        return r;
      });
      outcomes.push({ status: 'ok', index, layer, name, input: shape, ...row });
      shape = row.output;
      outputs.push(shape);
    } catch (e) {
      if (!(e instanceof LayerError)) throw e;
      error = e;
      outcomes.push({ status: 'error', index, layer, name, input: shape, error: e });
    }
  }
  return { input: { shape: [input.h, input.w, input.c], activations: input.h * input.w * input.c }, layers: outcomes, error, totals: error ? null : totalsOf(outcomes as LayerRow[]) };
}

function totalsOf(rows: readonly LayerRow[]): Totals {
  const paramsByKind: Record<LayerKind, number> = { conv: 0, pool: 0, flatten: 0, dense: 0, depthwise: 0, add: 0 };
  let params = 0;
  let activations = 0;
  let mults = 0;
  for (const row of rows) {
    params += row.params;
    paramsByKind[row.layer.kind] += row.params;
    if (row.layer.kind !== 'flatten') activations += row.activations;
    mults += row.mults;
  }
  return { params, activations, mults, paramsByKind };
}

/** `inferLayers` for stacks that must work (build-time tables): throws the first layer's error. */
export function inferValid(input: Volume, layers: readonly Layer[]): Inference & { totals: Totals } {
  const result = inferLayers(input, layers);
  if (result.error) throw result.error;
  return result as Inference & { totals: Totals };
}

// ---------------------------------------------------------------------------------------------------
// The compact text form (documented in the widget's schema and CONVENTIONS.md):
//   stack   = layer { "," layer }
//   conv    = "conv" f [ "x" fw ] "-" filters { "-s" stride | "-p" padding | "-same" | "-valid" | "-nobias" }
//   pool    = ( "maxpool" | "avgpool" ) f [ "-s" stride ]          (stride defaults to f)
//   flatten = "flatten"
//   dense   = ( "fc" | "softmax" ) units [ "-nobias" ]
//   depthwise = "dw" f { "-s" stride | "-p" padding | "-same" | "-valid" | "-nobias" }   (one filter per channel)
//   add     = "add" from                                           (from: an earlier layer, 0 the input)
// e.g. conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10. Input volumes are written 32x32x3.
// Spaces around commas and upper case are accepted, and "×" for "x". `formatLayers` writes options in
// the order above and only those the layer sets, so format(parse(s)) === s for every canonical s.
// ---------------------------------------------------------------------------------------------------

/** What the text form (and so the widget) accepts; the compute functions themselves take any size. */
export const LIMITS = {
  layers: 40,
  /** Input height and width. */
  size: 4096,
  /** Input channels, filters per conv layer. */
  channels: 4096,
  filter: 64,
  stride: 16,
  padding: 64,
  units: 100_000,
} as const;

const MAX_QUOTE = 24;
const quote = (text: string) => `“${text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text}”`;

/** One layer in the text form, e.g. "conv3-16-s2-same". */
export function formatLayer(layer: Layer): string {
  switch (layer.kind) {
    case 'conv': {
      let t = `conv${layer.f}${layer.fw !== undefined ? `x${layer.fw}` : ''}-${layer.filters}`;
      if (layer.s !== undefined) t += `-s${layer.s}`;
      if (layer.p !== undefined) t += typeof layer.p === 'number' ? `-p${layer.p}` : `-${layer.p}`;
      return layer.bias === false ? `${t}-nobias` : t;
    }
    case 'pool':
      return `${layer.mode}pool${layer.f}${layer.s !== undefined ? `-s${layer.s}` : ''}`;
    case 'flatten':
      return 'flatten';
    case 'dense':
      return `${layer.softmax ? 'softmax' : 'fc'}${layer.units}${layer.bias === false ? '-nobias' : ''}`;
    case 'depthwise': {
      let t = `dw${layer.f}`;
      if (layer.s !== undefined) t += `-s${layer.s}`;
      if (layer.p !== undefined) t += typeof layer.p === 'number' ? `-p${layer.p}` : `-${layer.p}`;
      return layer.bias === false ? `${t}-nobias` : t;
    }
    case 'add':
      return `add${layer.from}`;
  }
}

export function formatLayers(layers: readonly Layer[]): string {
  return layers.map(formatLayer).join(',');
}

export function formatInput(v: Volume): string {
  return `${v.h}x${v.w}x${v.c}`;
}

/** Drops settings equal to their defaults (s = 1 for conv, s = f for pool, bias on, softmax off). */
export function normaliseLayer(layer: Layer): Layer {
  switch (layer.kind) {
    case 'conv': {
      const out: ConvLayer = { kind: 'conv', f: layer.f, filters: layer.filters };
      if (layer.fw !== undefined && layer.fw !== layer.f) out.fw = layer.fw;
      if (layer.s !== undefined && layer.s !== 1) out.s = layer.s;
      if (layer.p !== undefined && layer.p !== 0) out.p = layer.p;
      if (layer.bias === false) out.bias = false;
      return out;
    }
    case 'pool':
      return layer.s !== undefined && layer.s !== layer.f ? { kind: 'pool', mode: layer.mode, f: layer.f, s: layer.s } : { kind: 'pool', mode: layer.mode, f: layer.f };
    case 'flatten':
      return { kind: 'flatten' };
    case 'dense': {
      const out: DenseLayer = { kind: 'dense', units: layer.units };
      if (layer.softmax) out.softmax = true;
      if (layer.bias === false) out.bias = false;
      return out;
    }
    case 'depthwise': {
      const out: DepthwiseLayer = { kind: 'depthwise', f: layer.f };
      if (layer.s !== undefined && layer.s !== 1) out.s = layer.s;
      if (layer.p !== undefined && layer.p !== 0) out.p = layer.p;
      if (layer.bias === false) out.bias = false;
      return out;
    }
    case 'add':
      return { kind: 'add', from: layer.from };
  }
}

const USAGE = 'write conv5-6, dw3, maxpool2, avgpool2, flatten, fc120, softmax10 or add0';

class TokenError extends Error {}

/** A whole number from the text form, within [min, max]. */
function wholeNumber(what: string, digits: string, min: number, max: number): number {
  const n = Number(digits);
  if (!/^\d{1,9}$/.test(digits) || n < min || n > max) throw new TokenError(`${what} must be from ${min} to ${max.toLocaleString('en-US')}; got ${digits.length > 12 ? `${digits.slice(0, 12)}…` : digits}`);
  return n;
}

/** The options after a layer's numbers, "-s2-same" → ["s2", "same"]. */
function splitOptions(rest: string): string[] {
  if (rest === '') return [];
  const list = rest.slice(1).split('-');
  if (list.includes('')) throw new TokenError('an option is empty (two dashes in a row?)');
  return list;
}

/** Reads each option with `read`, which returns the setting's group (each at most once) or null if unknown. */
function readOptions(rest: string, usage: string, read: (option: string) => string | null): void {
  const seen = new Set<string>();
  for (const option of splitOptions(rest)) {
    if (/^[sp]$/.test(option)) throw new TokenError(`-${option} needs a number, e.g. -${option}${option === 's' ? 2 : 1}`);
    const group = read(option);
    if (group === null) throw new TokenError(`unknown option ${quote(option)}; ${usage}`);
    if (seen.has(group)) throw new TokenError(`${group} is given twice`);
    seen.add(group);
  }
}

const CONV = /^conv(\d+)(?:x(\d+))?-(\d+)((?:-[a-z0-9]*)*)$/;
const POOL = /^(max|avg)pool(\d+)((?:-[a-z0-9]*)*)$/;
const DENSE = /^(fc|softmax)(\d+)((?:-[a-z0-9]*)*)$/;
const DEPTHWISE = /^dw(\d+)((?:-[a-z0-9]*)*)$/;
const ADD = /^add(\d+)$/;

/** A conv's or depthwise conv's options: -s<stride>, -p<padding>, -same, -valid, -nobias. */
function readConvOptions(rest: string, what: string, layer: ConvLayer | DepthwiseLayer): void {
  readOptions(rest, `${what} takes -s<stride>, -p<padding>, -same, -valid and -nobias`, (o) => {
    const [, key, digits] = /^([a-z]+)(\d*)$/.exec(o) ?? [];
    if (key === 's' && digits) layer.s = wholeNumber('stride s', digits, 1, LIMITS.stride);
    else if (key === 'p' && digits) layer.p = wholeNumber('padding p', digits, 0, LIMITS.padding);
    else if ((o === 'same' || o === 'valid') && !digits) layer.p = o;
    else if (o === 'nobias') layer.bias = false;
    else return null;
    return key === 's' ? 'stride' : key === 'nobias' ? 'nobias' : 'padding';
  });
}

function parseToken(token: string): Layer {
  const t = token.toLowerCase().replace(/×/g, 'x');
  let m: RegExpExecArray | null;
  if ((m = CONV.exec(t))) {
    const layer: ConvLayer = { kind: 'conv', f: wholeNumber('filter size f', m[1]!, 1, LIMITS.filter), filters: 1 };
    if (m[2] !== undefined) layer.fw = wholeNumber('filter width', m[2], 1, LIMITS.filter);
    layer.filters = wholeNumber('the number of filters', m[3]!, 1, LIMITS.channels);
    readConvOptions(m[4]!, 'a convolution', layer);
    return layer;
  }
  if ((m = DEPTHWISE.exec(t))) {
    const layer: DepthwiseLayer = { kind: 'depthwise', f: wholeNumber('filter size f', m[1]!, 1, LIMITS.filter) };
    readConvOptions(m[2]!, 'a depthwise convolution', layer);
    return layer;
  }
  if ((m = ADD.exec(t))) return { kind: 'add', from: wholeNumber('the layer it adds', m[1]!, 0, LIMITS.layers - 1) };
  if ((m = POOL.exec(t))) {
    const layer: PoolLayer = { kind: 'pool', mode: m[1] as 'max' | 'avg', f: wholeNumber('pool size f', m[2]!, 1, LIMITS.filter) };
    readOptions(m[3]!, 'a pool takes only -s<stride>', (o) => {
      const n = /^s(\d+)$/.exec(o);
      if (!n) return null;
      layer.s = wholeNumber('stride s', n[1]!, 1, LIMITS.stride);
      return 'stride';
    });
    return layer;
  }
  if (t === 'flatten') return { kind: 'flatten' };
  if ((m = DENSE.exec(t))) {
    const layer: DenseLayer = { kind: 'dense', units: wholeNumber('units', m[2]!, 1, LIMITS.units) };
    if (m[1] === 'softmax') layer.softmax = true;
    readOptions(m[3]!, 'a dense layer takes only -nobias', (o) => {
      if (o !== 'nobias') return null;
      layer.bias = false;
      return 'nobias';
    });
    return layer;
  }
  if (/^conv/.test(t)) throw new TokenError('a convolution is written conv<f>-<filters>, e.g. conv5-6 or conv3-16-same');
  if (/^(max|avg)pool/.test(t)) throw new TokenError('a pool is written maxpool<f> or avgpool<f>, e.g. maxpool2 or maxpool3-s2');
  if (/^(dw|depthwise)/.test(t)) throw new TokenError('a depthwise convolution is written dw<f>, e.g. dw3 or dw3-s2-same');
  if (/^add/.test(t)) throw new TokenError('a residual add is written add<layer>, e.g. add0 (the input) or add2');
  if (/^(fc|softmax|dense)/.test(t)) throw new TokenError('a dense layer is written fc<units> or softmax<units>, e.g. fc120');
  throw new TokenError(`is not a layer; ${USAGE}`);
}

export interface ParsedLayers {
  /** Every layer that could be read, in order; bad tokens are left out. */
  layers: Layer[];
  /** One sentence per token that could not be read. */
  problems: string[];
}

/** Reads the text form. Never throws: a bad token becomes a problem and is left out. */
export function parseLayers(text: string): ParsedLayers {
  const layers: Layer[] = [];
  const problems: string[] = [];
  if (typeof text !== 'string' || text.trim() === '') return { layers, problems };
  const tokens = text.split(',');
  for (const [i, raw] of tokens.entries()) {
    if (layers.length === LIMITS.layers) {
      problems.push(`Only the first ${LIMITS.layers} layers are used; ${tokens.length} were given.`);
      break;
    }
    const token = raw.trim();
    if (token === '') {
      problems.push(`Layer ${i + 1} is empty (two commas in a row?); it was left out.`);
      continue;
    }
    try {
      layers.push(parseToken(token));
    } catch (e) {
      if (!(e instanceof TokenError)) throw e;
      const reason = e.message.startsWith('is not') ? ` ${e.message}` : `: ${e.message}`;
      problems.push(`Layer ${i + 1} ${quote(token)}${reason}; it was left out.`);
    }
  }
  return { layers, problems };
}

/** Reads an input volume written 32x32x3 (or 32×32×3). */
export function parseInput(text: string): { input: Volume; problem?: undefined } | { input: null; problem: string } {
  const t = String(text).trim().toLowerCase().replace(/×/g, 'x').replace(/\s+/g, '');
  const m = /^(\d+)x(\d+)x(\d+)$/.exec(t);
  if (!m) return { input: null, problem: `Input ${quote(String(text))} must be height×width×channels, e.g. 32x32x3.` };
  try {
    return {
      input: {
        h: wholeNumber('its height', m[1]!, 1, LIMITS.size),
        w: wholeNumber('its width', m[2]!, 1, LIMITS.size),
        c: wholeNumber('its channels', m[3]!, 1, LIMITS.channels),
      },
    };
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    return { input: null, problem: `Input ${quote(String(text))}: ${e.message}.` };
  }
}
