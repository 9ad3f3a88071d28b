/**
 * The convolution cost calculator's model: its parameters and presets, the four blocks' costs (through
 * src/compute/conv-cost.ts), the volumes the drawing shows and their sizes, the bars, the ratio formula
 * with the numbers in, and the live sentence. No DOM and no Svelte, so it is unit-tested in Node.
 *
 * Every block works on the same input n × n × n_c, to n_c′ channels, stride 1, with the same f × f for
 * every spatial filter and the same padding ('same' by default: the output stays n × n).
 */
import { scaleLog, scaleSqrt } from 'd3-scale';
import {
  compareBlocks, separableRatio, type BlockCost, type BlockName, type CostPadding, type Fraction, type StageCost,
} from '~/compute/conv-cost';
import { ComputeInputError } from '~/compute/errors';
import { presetPlumbing, type Schema, type Values } from '../params';

export const LIMITS = { n: 128, f: 9, channels: 512, t: 12 } as const;
export const PADDINGS = ['same', 'valid'] as const satisfies readonly CostPadding[];
export const BLOCKS: readonly BlockName[] = ['normal', 'separable', 'bottleneck', 'mobilenetV2'];

interface PresetValues {
  n: number;
  f: number;
  nc: number;
  ncOut: number;
  bottleneck: number;
  t: number;
  padding: CostPadding;
}

export interface Preset {
  label: string;
  /** The question the preset poses, shown above the picture. */
  question: string;
  values: PresetValues;
}

export const PRESETS = {
  inception: {
    label: 'Inception 28×28×192 → 32',
    question: 'A 5×5 convolution takes 28 × 28 × 192 to 32 channels. How many multiplications is that, and how many are left after a 1×1 bottleneck to 16 channels?',
    values: { n: 28, f: 5, nc: 192, ncOut: 32, bottleneck: 16, t: 6, padding: 'same' },
  },
  'mobilenet-v2': {
    label: 'MobileNet v2 block 5 → 30 → 20',
    question: 'Expand 5 channels to 30, filter each of them with its own 3×3, project to 20: how many weights does the block learn?',
    values: { n: 10, f: 3, nc: 5, ncOut: 20, bottleneck: 5, t: 6, padding: 'same' },
  },
  'mobilenet-3x3': {
    label: 'MobileNet 3×3',
    question: 'With 3×3 filters and 512 channels in and out (a layer of MobileNet v1), how close to 1/9 of the multiplications does the depthwise-separable convolution get?',
    values: { n: 14, f: 3, nc: 512, ncOut: 512, bottleneck: 128, t: 6, padding: 'same' },
  },
  'course-6x6': {
    label: '6×6×3 → 5, valid',
    question: 'The course’s small example: a 6 × 6 × 3 input, five 3×3 filters, no padding. Count the multiplications of both versions by hand, then check here.',
    values: { n: 6, f: 3, nc: 3, ncOut: 5, bottleneck: 2, t: 6, padding: 'valid' },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const DEFAULTS = PRESETS.inception.values;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'inception', label: 'Example',
    doc: 'inception: 28×28×192 → 5×5 conv to 32, bottleneck 16 (the course’s 120M vs 12.4M); mobilenet-v2: n×n×5 → 30 → 20 (150 + 270 + 600 weights); mobilenet-3x3: 14×14×512 → 512 with 3×3 (Howard et al. 2017, Table 3); course-6x6: 6×6×3 → 5 with 3×3, valid (2,160 vs 672). Settings not given come from the preset.',
  },
  n: { type: 'int', default: DEFAULTS.n, min: 1, max: LIMITS.n, label: 'Input size n', doc: 'Height and width of the input volume n × n × n_c.' },
  f: { type: 'int', default: DEFAULTS.f, min: 1, max: LIMITS.f, label: 'Filter size f', doc: 'Every spatial filter is f × f (odd with “same” padding: an even f becomes the next odd number).' },
  nc: { type: 'int', default: DEFAULTS.nc, min: 1, max: LIMITS.channels, label: 'Input channels n_c', doc: 'Channels of the input volume.' },
  ncOut: { type: 'int', default: DEFAULTS.ncOut, min: 1, max: LIMITS.channels, label: 'Output channels n_c′', doc: 'Channels every block outputs.' },
  bottleneck: { type: 'int', default: DEFAULTS.bottleneck, min: 1, max: LIMITS.channels, label: 'Bottleneck channels', doc: 'Channels the 1×1 bottleneck shrinks to before the f × f convolution.' },
  t: { type: 'int', default: DEFAULTS.t, min: 1, max: LIMITS.t, label: 'Expansion factor t', doc: 'MobileNet v2’s 1×1 expansion multiplies the channels by t (6 in the paper).' },
  padding: { type: 'enum', options: PADDINGS, default: DEFAULTS.padding, label: 'Padding', doc: 'same: p = (f − 1)/2, the output stays n × n; valid: no padding, n − f + 1. Stride is always 1.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

// ---------------------------------------------------------------------------------------------- presets

export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'inception', presetParams);

// ---------------------------------------------------------------------------------------------- state

export type State = PresetValues;

/** The settings made consistent: with “same” padding f must be odd (an even f becomes f + 1, with a sentence). */
export function resolve(p: Params): { state: State; problems: string[] } {
  const problems: string[] = [];
  let f = p.f;
  if (p.padding === 'same' && f % 2 === 0) {
    f = f + 1 <= LIMITS.f ? f + 1 : f - 1;
    problems.push(`Filter size f must be odd with “same” padding (p = (f − 1)/2 has to be whole); ${p.f} became ${f}.`);
  }
  return { state: { n: p.n, f, nc: p.nc, ncOut: p.ncOut, bottleneck: p.bottleneck, t: p.t, padding: p.padding }, problems };
}

export function paramsOf(preset: PresetName, s: State): Params {
  return { preset, ...s };
}

// ---------------------------------------------------------------------------------------------- numbers

/** 120422400 → "120,422,400". */
export const count = (n: number): string => n.toLocaleString('en-US');

/**
 * A count in short form: exact below 10,000; else k, M or B with three significant figures, at least
 * one decimal below 100 ("2.4M", "10.0M", "12.4M", "120M", "462M", "52.3M"), "≈" when it was rounded.
 */
export function short(n: number): string {
  if (Math.abs(n) < 10_000) return count(n);
  const [unit, size] = Math.abs(n) >= 1e9 ? ['B', 1e9] : Math.abs(n) >= 1e6 ? ['M', 1e6] : ['k', 1e3];
  const v = n / size;
  const text = Math.abs(v) >= 100 ? Math.round(v).toString() : v.toFixed(1);
  return `${Number(text) * size === n ? '' : '≈'}${text}${unit}`;
}

/** The short form beside an exact count, only where it helps reading: from a million up ("≈120M"), else ''. */
export const approx = (n: number): string => (Math.abs(n) >= 1e6 ? short(n) : '');

/** A ratio for reading: four significant figures, trailing zeros dropped (0.07125, 0.1131, 1.02). */
export function ratioText(r: number): string {
  if (r === 0) return '0';
  const text = r >= 1 ? r.toFixed(3) : r.toPrecision(4);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** "≈ 1/9.7" (how many times fewer), or "≈ 1.4×" when more. */
export function timesText(r: number): string {
  if (r === 1) return 'the same';
  if (r < 1) {
    const k = 1 / r;
    return `≈ 1/${k >= 100 ? Math.round(k) : ratioText(Math.round(k * 10) / 10)}`;
  }
  return `≈ ${ratioText(Math.round(r * 100) / 100)}×`;
}

// ---------------------------------------------------------------------------------------------- blocks

export const SUBTITLE: Record<BlockName, (s: State) => string> = {
  normal: (s) => `${s.f}×${s.f}, ${s.nc} → ${s.ncOut}`,
  separable: (s) => `${s.f}×${s.f} depthwise, then 1×1 pointwise`,
  bottleneck: (s) => `1×1 to ${s.bottleneck}, then ${s.f}×${s.f}`,
  mobilenetV2: (s) => `expand ×${s.t}, ${s.f}×${s.f} depthwise, project`,
};

export const TITLE: Record<BlockName, string> = {
  normal: 'Normal convolution',
  separable: 'Depthwise-separable',
  bottleneck: '1×1 bottleneck',
  mobilenetV2: 'MobileNet v2 block',
};

/** A volume as the drawing sizes it: face side from n, depth from the channels. */
export interface Glyph {
  side: number;
  depth: number;
}

export const GLYPH = { minSide: 14, maxSide: 72, minDepth: 3, maxDepth: 56 } as const;
const sideScale = scaleSqrt().domain([1, LIMITS.n]).range([GLYPH.minSide, GLYPH.maxSide]).clamp(true);
const depthScale = scaleLog().domain([1, LIMITS.channels * LIMITS.t]).range([GLYPH.minDepth, GLYPH.maxDepth]).clamp(true);

export function glyphOf([h, , c]: readonly [number, number, number]): Glyph {
  return { side: Math.round(sideScale(h) * 10) / 10, depth: Math.round(depthScale(c) * 10) / 10 };
}

export interface VolumeView {
  shape: readonly [number, number, number];
  /** "28×28×192". */
  label: string;
  glyph: Glyph;
  /** The stage that made it (null for the input). */
  by: { name: string; kind: StageCost['kind'] } | null;
}

export interface BlockView {
  block: BlockName;
  title: string;
  subtitle: string;
  /** The compute error's sentence when this block cannot be built with these sizes. */
  error: string | null;
  volumes: VolumeView[];
  stages: StageCost[];
  mults: number | null;
  weights: number | null;
  biases: number | null;
  params: number | null;
  /** This block's multiplications over the normal convolution's. */
  ratio: number | null;
  residualAdds: number | null;
  /** Bar lengths, 0 to 1, on scales shared by the four blocks. */
  multBar: number;
  paramBar: number;
}

export interface CostView {
  state: State;
  blocks: BlockView[];
  /** Sentences for the blocks that cannot be built (they name the block). */
  problems: string[];
  /** The depthwise-separable block's ratio, exact and from the counts, with both blocks built. */
  ratio: RatioView | null;
}

export interface RatioView {
  /** Multiplications of the two blocks. */
  separable: number;
  normal: number;
  exact: Fraction;
  value: number;
  /** 1/n_c′ and 1/f², as decimals for the formula. */
  inverseNcOut: number;
  inverseF2: number;
}

function volumesOf(cost: BlockCost): VolumeView[] {
  const volume = (shape: readonly [number, number, number], by: VolumeView['by']): VolumeView => ({ shape, label: shape.join('×'), glyph: glyphOf(shape), by });
  return [volume(cost.input, null), ...cost.stages.map((s) => volume(s.output, { name: s.name, kind: s.kind }))];
}

export function costView(s: State): CostView {
  const all = compareBlocks(s);
  const built = BLOCKS.map((b) => all[b]).filter((c): c is BlockCost => !(c instanceof ComputeInputError));
  const maxMults = Math.max(1, ...built.map((c) => c.mults));
  const maxParams = Math.max(1, ...built.map((c) => c.params));
  const normal = all.normal instanceof ComputeInputError ? null : all.normal;
  const blocks = BLOCKS.map((block): BlockView => {
    const c = all[block];
    const head = { block, title: TITLE[block], subtitle: SUBTITLE[block](s) };
    if (c instanceof ComputeInputError) {
      return { ...head, error: c.message, volumes: [], stages: [], mults: null, weights: null, biases: null, params: null, ratio: null, residualAdds: null, multBar: 0, paramBar: 0 };
    }
    return {
      ...head,
      error: null,
      volumes: volumesOf(c),
      stages: c.stages,
      mults: c.mults,
      weights: c.weights,
      biases: c.biases,
      params: c.params,
      ratio: normal ? c.mults / normal.mults : null,
      residualAdds: c.residualAdds,
      multBar: c.mults / maxMults,
      paramBar: c.params / maxParams,
    };
  });
  const problems = BLOCKS.map((b) => all[b]).filter((c): c is ComputeInputError => c instanceof ComputeInputError).map((e) => `${e.message[0]!.toUpperCase()}${e.message.slice(1)}.`);
  const sep = all.separable;
  let ratio: RatioView | null = null;
  if (normal && !(sep instanceof ComputeInputError)) {
    const { exact, value } = separableRatio(s);
    ratio = { separable: sep.mults, normal: normal.mults, exact, value, inverseNcOut: 1 / s.ncOut, inverseF2: 1 / (s.f * s.f) };
  }
  return { state: s, blocks, problems, ratio };
}

/** Stage sums written out: "2,408,448 + 10,035,200 = 12,443,648" (one stage: just the number). */
export function sumText(values: number[]): string {
  const total = values.reduce((a, b) => a + b, 0);
  return values.length === 1 ? count(total) : `${values.map(count).join(' + ')} = ${count(total)}`;
}

/** "n_out = 28 (“same”, p = 2, stride 1)". */
export function geometryText(s: State): string {
  const out = s.padding === 'same' ? s.n : s.n - s.f + 1;
  return s.padding === 'same'
    ? `Stride 1, “same” padding p = (f − 1)/2 = ${(s.f - 1) / 2}: every output is ${s.n} × ${s.n}.`
    : `Stride 1, “valid” (no) padding: each f × f filter shrinks ${s.n} × ${s.n} to ${out} × ${out}${out < 1 ? ' — it does not fit' : ''}; 1×1 filters keep the size.`;
}

/** The live sentence: the input and every block's multiplications, with its ratio to the normal convolution. */
export function describe(v: CostView): string {
  const s = v.state;
  const head = `${s.n} × ${s.n} × ${s.nc} to ${s.ncOut} channels, ${s.f}×${s.f} filters, “${s.padding}” padding, stride 1. Multiplications: `;
  const parts = v.blocks.map((b) => {
    const name = { normal: 'normal convolution', separable: 'depthwise-separable', bottleneck: `1×1 bottleneck to ${s.bottleneck}`, mobilenetV2: `MobileNet v2 block (t = ${s.t})` }[b.block];
    if (b.mults === null) return `${name}: cannot be built`;
    const ratio = b.block === 'normal' || b.ratio === null ? '' : `, ${ratioText(b.ratio)} of normal`;
    return `${name} ${count(b.mults)} (${short(b.mults)}${ratio})`;
  });
  return `${head}${parts.join('; ')}.`;
}
