/**
 * The output-size and parameter calculator's model: its parameters, the presets, the stack they
 * describe, the rows and sentence the view shows, the drawing's sizes, and the edits a reader makes.
 * No DOM and no Svelte, so it is unit-tested in Node; LayerTable.astro renders the same rows at build time.
 * The numbers come from src/compute/layers.ts.
 */
import { scaleLinear, scaleLog, scaleSqrt } from 'd3-scale';
import {
  formatInput, formatLayers, inferLayers, LIMITS, normaliseLayer, parseInput, parseLayers, shapeText,
  type ConvLayer, type DenseLayer, type DepthwiseLayer, type Inference, type Layer, type LayerKind, type PoolLayer, type Shape, type Volume,
} from '~/compute/layers';
import type { Schema, Values } from '../params';

export interface Preset {
  /** The name in the preset menu. */
  label: string;
  /** The question the preset poses; shown under the menu. */
  question: string;
  input: string;
  layers: string;
}

export const PRESETS = {
  lenet5: {
    label: 'LeNet-5, the course’s version',
    question: 'Where do most of the parameters live: in the convolutions that look at the image, or in the dense layers?',
    input: '32x32x3',
    layers: 'conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10',
  },
  'lenet5-original': {
    label: 'LeNet-5, 1998 (greyscale, average pools)',
    question: 'Greyscale input, average pools, and C5 is a convolution: which counts change, and by how much?',
    input: '32x32x1',
    layers: 'conv5-6,avgpool2,conv5-16,avgpool2,conv5-120,fc84,fc10',
  },
  same: {
    label: 'Small network with a “same” convolution',
    question: 'Which convolution keeps 16 × 16, and how much padding does it add?',
    input: '16x16x3',
    layers: 'conv3-8-same,conv3-8,maxpool2,fc10',
  },
  'mobilenet-v2': {
    label: 'MobileNet v2 block',
    question: 'A 1×1 expansion to 30 channels, a 3×3 depthwise conv, a 1×1 projection to 20: which step holds the most weights, and how few does the depthwise one need?',
    input: '14x14x5',
    layers: 'conv1-30-nobias,dw3-same-nobias,conv1-20-nobias',
  },
  residual: {
    label: 'MobileNet v2 block with residual add',
    question: 'The block ends with as many channels as it began with, so its input can be added back: what does the add cost?',
    input: '14x14x16',
    layers: 'conv1-96-nobias,dw3-same-nobias,conv1-16-nobias,add0',
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'lenet5', label: 'Network',
    doc: 'lenet5: the course’s LeNet-5 on 32×32×3; lenet5-original: LeCun et al. (1998) on 32×32×1 with average pools; same: a small network with a “same” convolution; mobilenet-v2: a bottleneck block (1×1 expansion, 3×3 depthwise, 1×1 projection) on 14×14×5; residual: the same kind of block on 14×14×16 with its input added back. input and layers replace its parts.',
  },
  input: {
    type: 'text', default: '', maxLength: 32, label: 'Input volume',
    doc: `height×width×channels, e.g. 32x32x3 (each up to ${LIMITS.size}); empty: the preset’s.`,
  },
  layers: {
    type: 'text', default: '', maxLength: 800, label: 'Layers',
    doc:
      'Layers split by commas: conv<f>-<filters> (f may be <height>x<width>) with optional -s<stride>, -p<padding>, -same, -valid, -nobias; ' +
      'dw<f> (depthwise: one filter per channel) with the same options; ' +
      'maxpool<f> or avgpool<f> with optional -s<stride> (default f); flatten; fc<units>; softmax<units>; ' +
      'add<k>: adds layer k’s output (0: the input), the shapes must match. ' +
      `E.g. conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10 (up to ${LIMITS.layers} layers); empty: the preset’s. A dense layer after a volume flattens it.`,
  },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export interface Stack {
  input: Volume;
  layers: Layer[];
  /** Sentences about an input or layer string that could not be read (as given by the reader). */
  problems: string[];
}

function presetStack(name: PresetName): { input: Volume; layers: Layer[] } {
  const preset = PRESETS[name];
  return { input: parseInput(preset.input).input!, layers: parseLayers(preset.layers).layers };
}

/** The preset, with the input and layers replaced where the settings give them. Never throws. */
export function resolveStack(p: Params): Stack {
  const base = presetStack(p.preset);
  const problems: string[] = [];
  let input = base.input;
  if (p.input.trim() !== '') {
    const parsed = parseInput(p.input);
    if (parsed.input) input = parsed.input;
    else problems.push(`${parsed.problem} Using the preset’s ${formatInput(base.input)}.`);
  }
  let layers = base.layers;
  if (p.layers.trim() !== '') {
    const parsed = parseLayers(p.layers);
    problems.push(...parsed.problems);
    if (parsed.layers.length > 0) layers = parsed.layers;
    else problems.push('No layer could be read from the layers setting; showing the preset’s.');
  }
  return { input, layers, problems };
}

/** The settings that describe a stack: input and layers left empty where they equal the preset's. */
export function settingsFor(preset: PresetName, input: Volume, layers: readonly Layer[]): { input: string; layers: string } {
  const text = formatLayers(layers.map(normaliseLayer));
  const inputText = formatInput(input);
  return { input: inputText === PRESETS[preset].input ? '' : inputText, layers: text === PRESETS[preset].layers ? '' : text };
}

/** Whether the stack shown differs from the chosen preset. */
export function isEdited(p: Params, stack: Stack): boolean {
  const s = settingsFor(p.preset, stack.input, stack.layers);
  return s.input !== '' || s.layers !== '';
}

// ------------------------------------------------------------------------------------------------
// What the view shows. The model decides every number's text; the view only lays it out.
// ------------------------------------------------------------------------------------------------

/** 62006 → "62,006": the chapter's grouping. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** A share of the total as a whole percentage; "<1%" for a small non-zero share. */
export function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

export interface RowView {
  /** 0 for the input, then the layer's position in the stack. */
  index: number;
  kind: LayerKind | 'input';
  /** input, conv 1, pool 1, …, fc 3, softmax. */
  name: string;
  /** The hyper-parameters in words, e.g. "6 filters, f = 5, s = 1, p = 0". */
  settings: string;
  /** What the controls do not show: the padding "same" works out to, the flattening a dense layer does. */
  note: string | null;
  status: 'ok' | 'error' | 'skipped';
  shape: Shape | null;
  /** "28 × 28 × 6", or "—" once the stack has broken. */
  shapeText: string;
  activations: number | null;
  params: number | null;
  mults: number | null;
  /** Of all the network's parameters, when the stack computes. */
  share: number | null;
  /** The layer's error, a sentence starting with a capital; null unless status is 'error'. */
  error: string | null;
}

const DASH = '—';

/** "the input" or "layer 2": what an add adds. */
const addedText = (from: number) => (from === 0 ? 'the input' : `layer ${from}`);

function settingsText(layer: Layer, row: Inference['layers'][number]): string {
  const g = row.status === 'ok' ? row.geometry : undefined;
  switch (layer.kind) {
    case 'conv':
    case 'depthwise': {
      const f = layer.kind === 'conv' && layer.fw !== undefined && layer.fw !== layer.f ? `${layer.f}×${layer.fw}` : `${layer.f}`;
      const p = layer.p === 'same' ? `same${g ? ` (p = ${g.ph === g.pw ? g.ph : `${g.ph}, ${g.pw}`})` : ''}` : layer.p === 'valid' ? 'valid (p = 0)' : `p = ${layer.p ?? 0}`;
      const bias = layer.bias === false ? ', no bias' : '';
      const filters = layer.kind === 'conv' ? `${layer.filters} filter${layer.filters === 1 ? '' : 's'}` : 'one filter per channel';
      return `${filters}, f = ${f}, s = ${layer.s ?? 1}, ${p}${bias}`;
    }
    case 'add':
      return `+ output of ${addedText(layer.from)}`;
    case 'pool':
      return `${layer.mode}, f = ${layer.f}, s = ${layer.s ?? layer.f}`;
    case 'flatten':
      return row.status === 'ok' ? `${shapeText(row.input)} → ${count(row.activations)}` : 'to a vector';
    case 'dense': {
      const flat = row.status === 'ok' && row.flattens ? `; flattens ${shapeText(row.input)} = ${count(row.input.reduce((a, b) => a * b, 1))} first` : '';
      return `${count(layer.units)} unit${layer.units === 1 ? '' : 's'}${layer.bias === false ? ', no bias' : ''}${flat}`;
    }
  }
}

function noteText(row: Inference['layers'][number]): string | null {
  if (row.status !== 'ok') return null;
  const { layer } = row;
  if ((layer.kind === 'conv' || layer.kind === 'depthwise') && layer.p === 'same' && row.geometry) {
    const { ph, pw } = row.geometry;
    return `same: p = ${ph === pw ? ph : `${ph} (rows), ${pw} (columns)`}`;
  }
  if (layer.kind === 'flatten' || (layer.kind === 'dense' && row.flattens)) {
    return `flattens ${shapeText(row.input)} = ${count(row.input.reduce((a, b) => a * b, 1))}`;
  }
  return null;
}

/** A piece of a prose table cell: plain text, or TeX to typeset (LayerTable.astro renders it with KaTeX). */
export type ProsePart = string | { tex: string };

/**
 * A layer's settings as the chapter's tables write them: "6 filters, $f = 5$" (stride and padding only when
 * they are not 1 and 0), "max, $f = 2$, $s = 2$", "120 units".
 */
export function proseSettings(row: RowView, layer: Layer | null): ProsePart[] {
  if (!layer) return [];
  switch (layer.kind) {
    case 'conv': {
      const parts: ProsePart[] = [`${count(layer.filters)} filter${layer.filters === 1 ? '' : 's'}, `];
      parts.push({ tex: layer.fw !== undefined && layer.fw !== layer.f ? `f = ${layer.f} \\times ${layer.fw}` : `f = ${layer.f}` });
      if ((layer.s ?? 1) !== 1) parts.push(', ', { tex: `s = ${layer.s}` });
      if (layer.p === 'same') parts.push(', same');
      else if (typeof layer.p === 'number' && layer.p !== 0) parts.push(', ', { tex: `p = ${layer.p}` });
      if (layer.bias === false) parts.push(', no bias');
      return parts;
    }
    case 'pool':
      return [`${layer.mode}, `, { tex: `f = ${layer.f}` }, ', ', { tex: `s = ${layer.s ?? layer.f}` }];
    case 'flatten':
      return row.note ? [row.note] : [];
    case 'dense':
      return [`${count(layer.units)} unit${layer.units === 1 ? '' : 's'}${layer.bias === false ? ', no bias' : ''}`];
    case 'depthwise': {
      const parts: ProsePart[] = ['one filter per channel, ', { tex: `f = ${layer.f}` }];
      if ((layer.s ?? 1) !== 1) parts.push(', ', { tex: `s = ${layer.s}` });
      if (layer.p === 'same') parts.push(', same');
      else if (typeof layer.p === 'number' && layer.p !== 0) parts.push(', ', { tex: `p = ${layer.p}` });
      if (layer.bias === false) parts.push(', no bias');
      return parts;
    }
    case 'add':
      return [`adds the output of ${addedText(layer.from)}`];
  }
}

/** The name as the chapter's prose tables write it: "fully connected 3" for "fc 3". */
export const proseName = (name: string): string => name.replace(/^fc /, 'fully connected ');

const capitalise = (s: string) => s.replace(/^./, (c) => c.toUpperCase());

export interface StackView {
  inference: Inference;
  /** The input first, then one row per layer. */
  rows: RowView[];
  /** The row (index) that holds the most parameters, when the stack computes. */
  largest: number | null;
  /** What the live region says: the totals, or where the stack breaks. */
  sentence: string;
}

export function viewOf(input: Volume, layers: readonly Layer[]): StackView {
  const inference = inferLayers(input, layers);
  const total = inference.totals?.params ?? null;
  const rows: RowView[] = [
    {
      index: 0, kind: 'input', name: 'input', settings: 'the image', note: null, status: 'ok', shape: inference.input.shape,
      shapeText: shapeText(inference.input.shape), activations: inference.input.activations, params: 0, mults: 0,
      share: total ? 0 : null, error: null,
    },
  ];
  for (const row of inference.layers) {
    const ok = row.status === 'ok';
    rows.push({
      index: row.index,
      kind: row.layer.kind,
      name: row.name,
      settings: settingsText(row.layer, row),
      note: noteText(row),
      status: row.status,
      shape: ok ? row.output : null,
      shapeText: ok ? shapeText(row.output) : DASH,
      activations: ok ? row.activations : null,
      params: ok ? row.params : null,
      mults: ok ? row.mults : null,
      share: ok && total ? row.params / total : null,
      error: row.status === 'error' ? capitalise(row.error.message) : null,
    });
  }
  let largest: number | null = null;
  if (inference.totals && inference.totals.params > 0) {
    largest = rows.reduce((best, r) => ((r.params ?? 0) > (rows[best]!.params ?? 0) ? r.index : best), 0);
  }
  return { inference, rows, largest, sentence: sentenceOf(inference, rows, largest) };
}

function sentenceOf(inference: Inference, rows: readonly RowView[], largest: number | null): string {
  const n = inference.layers.length;
  const layersText = `${n} layer${n === 1 ? '' : 's'}`;
  if (inference.error) return `${layersText}; the stack breaks at ${inference.error.message}.`;
  const totals = inference.totals!;
  const params = `${count(totals.params)} parameter${totals.params === 1 ? '' : 's'}`;
  if (largest === null) return `${layersText}, ${params}; the output is ${rows.at(-1)!.shapeText}.`;
  const top = rows[largest]!;
  return `${layersText}, ${params}; ${top.name} holds ${percent(top.share!)} of them. The output is ${rows.at(-1)!.shapeText}.`;
}

/** The totals row's cells: numbers, or "—" when the stack breaks. */
export function totalsText(view: StackView): { activations: string; params: string; mults: string; conv: string } {
  const t = view.inference.totals;
  return t
    ? { activations: count(t.activations), params: count(t.params), mults: count(t.mults), conv: count(t.paramsByKind.conv) }
    : { activations: DASH, params: DASH, mults: DASH, conv: DASH };
}

// ------------------------------------------------------------------------------------------------
// The drawing: each output as a box whose face follows h × w and whose depth follows c.
// ------------------------------------------------------------------------------------------------

export interface Glyph {
  /** Front face, px. */
  width: number;
  height: number;
  /** Oblique depth, px (0 for a vector). */
  depth: number;
  vector: boolean;
}

export interface Drawing {
  glyphs: (Glyph | null)[];
  /** Bar lengths as fractions 0…1 of the longest (linear: a bar twice as long is twice as many). */
  activationBars: (number | null)[];
  paramBars: (number | null)[];
}

export const GLYPH = { face: 34, depth: 14, min: 3 } as const;

/**
 * Face sides on a square-root scale (a 224-pixel image and a 7-pixel map both stay visible), depth on a
 * log scale of the channels (3 to 4,096), vectors as a thin column whose height follows √n.
 * Bars are linear on purpose: the question is which layer owns most, and only a linear bar shows that.
 */
export function drawingOf(view: StackView): Drawing {
  const shapes = view.rows.map((r) => r.shape);
  const sides = shapes.flatMap((s) => (s ? (s.length === 3 ? [s[0], s[1]] : [Math.sqrt(s[0])]) : []));
  const channels = shapes.flatMap((s) => (s && s.length === 3 ? [s[2]] : []));
  const side = scaleSqrt().domain([0, Math.max(1, ...sides)]).range([0, GLYPH.face]);
  const depth = scaleLog().domain([1, Math.max(2, ...channels)]).range([2, GLYPH.depth]).clamp(true);
  const glyphs = shapes.map((s): Glyph | null => {
    if (!s) return null;
    if (s.length === 1) return { width: 4, height: Math.max(GLYPH.min, side(Math.sqrt(s[0]))), depth: 0, vector: true };
    return { width: Math.max(GLYPH.min, side(s[1])), height: Math.max(GLYPH.min, side(s[0])), depth: depth(s[2]), vector: false };
  });
  const bar = (values: (number | null)[]) => {
    const x = scaleLinear().domain([0, Math.max(1, ...values.map((v) => v ?? 0))]).range([0, 1]);
    return values.map((v) => (v === null ? null : x(v)));
  };
  return { glyphs, activationBars: bar(view.rows.map((r) => r.activations)), paramBars: bar(view.rows.map((r) => (r.index === 0 ? null : r.params))) };
}

// ------------------------------------------------------------------------------------------------
// Edits. Each returns a new list; numbers are clamped to what the text form accepts.
// ------------------------------------------------------------------------------------------------

/** A sensible new layer of a kind: each one fits most inputs. */
export function defaultLayer(kind: LayerKind): Layer {
  switch (kind) {
    case 'conv':
      return { kind: 'conv', f: 3, filters: 8, p: 'same' };
    case 'pool':
      return { kind: 'pool', mode: 'max', f: 2 };
    case 'flatten':
      return { kind: 'flatten' };
    case 'dense':
      return { kind: 'dense', units: 10 };
    case 'depthwise':
      return { kind: 'depthwise', f: 3, p: 'same' };
    case 'add':
      // The input: the one earlier output every layer has (its shape may still differ, which the row then says).
      return { kind: 'add', from: 0 };
  }
}

const clampInt = (v: number, min: number, max: number, fallback: number) =>
  Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : fallback;

export type LayerPatch = Partial<{ f: number; fw: number; s: number; p: number | 'same' | 'valid'; filters: number; mode: 'max' | 'avg'; units: number; softmax: boolean; bias: boolean; from: number }>;

/** Changes some settings of layer i (settings its kind does not have are ignored), clamped to LIMITS. */
export function patchLayer(layers: readonly Layer[], i: number, patch: LayerPatch): Layer[] {
  return layers.map((layer, j) => {
    if (j !== i) return layer;
    switch (layer.kind) {
      case 'conv': {
        const next: ConvLayer = { ...layer };
        if (patch.f !== undefined) next.f = clampInt(patch.f, 1, LIMITS.filter, layer.f);
        if (patch.fw !== undefined) next.fw = clampInt(patch.fw, 1, LIMITS.filter, layer.fw ?? layer.f);
        if (patch.s !== undefined) next.s = clampInt(patch.s, 1, LIMITS.stride, layer.s ?? 1);
        if (patch.p !== undefined) next.p = typeof patch.p === 'number' ? clampInt(patch.p, 0, LIMITS.padding, 0) : patch.p;
        if (patch.filters !== undefined) next.filters = clampInt(patch.filters, 1, LIMITS.channels, layer.filters);
        if (patch.bias !== undefined) next.bias = patch.bias;
        return normaliseLayer(next);
      }
      case 'pool': {
        const next: PoolLayer = { ...layer };
        if (patch.mode !== undefined) next.mode = patch.mode;
        if (patch.f !== undefined) next.f = clampInt(patch.f, 1, LIMITS.filter, layer.f);
        if (patch.s !== undefined) next.s = clampInt(patch.s, 1, LIMITS.stride, layer.s ?? layer.f);
        return normaliseLayer(next);
      }
      case 'flatten':
        return layer;
      case 'dense': {
        const next: DenseLayer = { ...layer };
        if (patch.units !== undefined) next.units = clampInt(patch.units, 1, LIMITS.units, layer.units);
        if (patch.softmax !== undefined) next.softmax = patch.softmax;
        if (patch.bias !== undefined) next.bias = patch.bias;
        return normaliseLayer(next);
      }
      case 'depthwise': {
        const next: DepthwiseLayer = { ...layer };
        if (patch.f !== undefined) next.f = clampInt(patch.f, 1, LIMITS.filter, layer.f);
        if (patch.s !== undefined) next.s = clampInt(patch.s, 1, LIMITS.stride, layer.s ?? 1);
        if (patch.p !== undefined) next.p = typeof patch.p === 'number' ? clampInt(patch.p, 0, LIMITS.padding, 0) : patch.p;
        if (patch.bias !== undefined) next.bias = patch.bias;
        return normaliseLayer(next);
      }
      case 'add':
        return patch.from !== undefined ? { kind: 'add', from: clampInt(patch.from, 0, LIMITS.layers - 1, layer.from) } : layer;
    }
  });
}

/** Replaces layer i by a default layer of another kind (unchanged if it is that kind already). */
export function changeKind(layers: readonly Layer[], i: number, kind: LayerKind): Layer[] {
  return layers.map((layer, j) => (j === i && layer.kind !== kind ? defaultLayer(kind) : layer));
}

/** Moves layer i by `delta` places (−1 up, +1 down), staying inside the list. */
export function moveLayer(layers: readonly Layer[], i: number, delta: number): Layer[] {
  const to = Math.min(layers.length - 1, Math.max(0, i + delta));
  const out = [...layers];
  const [moved] = out.splice(i, 1);
  if (moved) out.splice(to, 0, moved);
  return out;
}

/** Removes layer i; the last layer stays (a network has at least one layer). */
export function removeLayer(layers: readonly Layer[], i: number): Layer[] {
  return layers.length <= 1 ? [...layers] : layers.filter((_, j) => j !== i);
}

/** Adds a layer after position i (at the end by default), up to the limit. */
export function addLayer(layers: readonly Layer[], layer: Layer = defaultLayer('dense'), after = layers.length - 1): Layer[] {
  if (layers.length >= LIMITS.layers) return [...layers];
  const out = [...layers];
  out.splice(after + 1, 0, layer);
  return out;
}

/** The input volume with one dimension changed, clamped. */
export function patchInput(input: Volume, patch: Partial<Volume>): Volume {
  return {
    h: patch.h !== undefined ? clampInt(patch.h, 1, LIMITS.size, input.h) : input.h,
    w: patch.w !== undefined ? clampInt(patch.w, 1, LIMITS.size, input.w) : input.w,
    c: patch.c !== undefined ? clampInt(patch.c, 1, LIMITS.channels, input.c) : input.c,
  };
}

export { formatInput, formatLayers, LIMITS };
