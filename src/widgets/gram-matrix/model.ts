/**
 * The Gram-matrix widget's model: two small feature volumes (one layer's activations, n_H × n_W × n_C =
 * 4 × 4 × 3) for the style image S and the generated image G, their unrolled matrices A and Gram matrices
 * G = A·Aᵀ, the style cost with its normalisation, the content cost, and J(G) = α J_content + β J_style.
 * No DOM. Every number comes from src/compute/style.ts (float64); the view cross-checks both Gram
 * matrices with tfjs.
 *
 * One volume plays two parts: the style target S and the content target C. That is not how style
 * transfer is run (S and C are different images), but it lets one pair show what each cost notices: a
 * shuffle of positions leaves J_style at 0 while J_content grows.
 *
 * Values are activations after a ReLU, whole numbers 0 to 3, so every sum can be checked by hand.
 * Text form (URL, attributes): channels split by '.', rows by '-', one digit a value:
 * `3030-3030-3030-3030.0202-0202-0202-0202.1111-1111-1111-1111`.
 */
import { poolWindow } from '~/compute/conv';
import {
  contentCost, gramTerms, layerStyleCost, totalCost, unroll, volumeFromChannels, weightedStyleCost, type ContentCost, type FeatureVolume, type GramTerm, type LayerStyleCost, type Matrix,
} from '~/compute/style';
import { quote, type Schema, type Values } from '../params';

export const N_H = 4;
export const N_W = 4;
export const N_C = 3;
export const MAX_VALUE = 3;

/** channels[k][i][j]. */
export type Channels = number[][][];

const rowsOf = (...rows: string[]): number[][] => rows.map((r) => [...r].map(Number));
const repeat = (row: string): number[][] => rowsOf(row, row, row, row);

const STRIPES: Channels = [repeat('3030'), repeat('0202'), repeat('1111')];
const DOTS: Channels = [rowsOf('3030', '0000', '3030', '0000'), rowsOf('0000', '0202', '0000', '0202'), rowsOf('1010', '0101', '1010', '0101')];
const SOFT_DOTS: Channels = [rowsOf('1010', '0000', '1010', '0000'), rowsOf('0000', '0101', '0000', '0101'), rowsOf('1010', '0101', '1010', '0101')];
const double = (c: Channels): Channels => c.map((ch) => ch.map((row) => row.map((v) => 2 * v)));
/**
 * A fixed shuffle of the 16 positions: position p of the shuffled map holds position SHUFFLE[p] of the
 * original. Chosen so the stripes' top-left 2 × 2 block gets only odd columns and the top-right only even
 * ones: the deeper (pooled) layer then sees the change that this layer's Gram matrix cannot.
 */
export const SHUFFLE = [5, 3, 0, 6, 7, 1, 4, 2, 13, 10, 14, 9, 8, 15, 11, 12] as const;
/** Every channel's values moved by one shared permutation of positions (what the style cost cannot see). */
export function shufflePositions(c: Channels, order: readonly number[] = SHUFFLE): Channels {
  return c.map((ch) => ch.map((row, i) => row.map((_, j) => {
    const p = order[i * N_W + j]!;
    return ch[Math.floor(p / N_W)]![p % N_W]!;
  })));
}

export interface Preset {
  label: string;
  question: string;
  s: Channels;
  g: Channels;
}

export const PRESETS = {
  stripes: {
    label: 'Stripes against dots',
    question: 'The style image has stripes, the generated one dots. Which channel pairs does the Gram matrix say differ most?',
    s: STRIPES,
    g: DOTS,
  },
  dots: {
    label: 'Dots, twice as strong',
    question: 'Same dots, every activation doubled. Does the style cost care how strong a pattern is, or only where it is?',
    s: SOFT_DOTS,
    g: double(SOFT_DOTS),
  },
  shuffled: {
    label: 'The same texture shuffled',
    question: 'The generated map holds the style map’s values, each position moved somewhere else. What does each cost see?',
    s: STRIPES,
    g: shufflePositions(STRIPES),
  },
} as const satisfies Record<string, Preset>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

const VALUES_DOC = `${N_C} channels split by “.”, each ${N_H} rows split by “-” of ${N_W} digits 0–${MAX_VALUE}`;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'stripes', label: 'Example',
    doc: 'stripes: vertical stripes (S) against dots (G); dots: the same dots, G twice as strong; shuffled: G is S with its positions shuffled (J_style = 0, J_content > 0). Values given in s or g override the preset’s.',
  },
  s: { type: 'text', default: '', maxLength: 80, label: 'Style volume S', doc: `The style (and content) image’s activations: ${VALUES_DOC}, e.g. 3030-3030-3030-3030.0202-0202-0202-0202.1111-1111-1111-1111.` },
  g: { type: 'text', default: '', maxLength: 80, label: 'Generated volume G', doc: `The generated image’s activations, written like s.` },
  alpha: { type: 'number', default: 10, min: 0, max: 100, label: 'α (content weight)', doc: 'Weight of J_content in J(G); 10 in the course’s exercise.' },
  beta: { type: 'number', default: 40, min: 0, max: 100, label: 'β (style weight)', doc: 'Weight of J_style in J(G); 40 in the course’s exercise.' },
  lambda1: { type: 'number', default: 1, min: 0, max: 1, label: 'λ[1] (this layer)', doc: 'Weight of this layer’s style cost in J_style = λ[1] J_style[1] + λ[2] J_style[2].' },
  lambda2: { type: 'number', default: 0, min: 0, max: 1, label: 'λ[2] (deeper layer)', doc: 'Weight of a deeper layer’s style cost (here each volume max-pooled 2 × 2, whose units see 2 × 2 patches).' },
  k: { type: 'int', default: 1, min: 1, max: N_C, label: 'Entry row k', doc: 'The Gram entry G_kk′ written out as a sum of products: its row (channels count from 1).' },
  k2: { type: 'int', default: 3, min: 1, max: N_C, label: 'Entry column k′', doc: 'Its column.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

// ---------------------------------------------------------------------------------------------- text form

export function formatChannels(c: Channels): string {
  return c.map((ch) => ch.map((row) => row.join('')).join('-')).join('.');
}

/** The text form read back; null and a sentence when it is not `VALUES_DOC`. Never throws. */
export function parseChannels(text: string, name: string): { channels: Channels | null; problem: string | null } {
  const fail = (why: string) => ({ channels: null, problem: `${name} ${quote(text)} ${why}; it should be ${VALUES_DOC}. Using the example’s values.` });
  const parts = text.trim().split('.');
  if (parts.length !== N_C) return fail(`has ${parts.length} channel${parts.length === 1 ? '' : 's'}, not ${N_C}`);
  const channels: Channels = [];
  for (const [k, part] of parts.entries()) {
    const rows = part.split('-');
    if (rows.length !== N_H) return fail(`has ${rows.length} row${rows.length === 1 ? '' : 's'} in channel ${k + 1}, not ${N_H}`);
    for (const [i, row] of rows.entries()) {
      if (row.length !== N_W) return fail(`has ${row.length} value${row.length === 1 ? '' : 's'} in channel ${k + 1}, row ${i + 1}, not ${N_W}`);
      if (!new RegExp(`^[0-${MAX_VALUE}]+$`).test(row)) return fail(`holds something other than a digit 0–${MAX_VALUE} in channel ${k + 1}, row ${i + 1}`);
    }
    channels.push(rows.map((r) => [...r].map(Number)));
  }
  return { channels, problem: null };
}

// ---------------------------------------------------------------------------------------------- state

export interface Setup {
  s: Channels;
  g: Channels;
  /** The picked entry, 0-based. */
  k: number;
  k2: number;
  alpha: number;
  beta: number;
  lambda: [number, number];
  problems: string[];
}

/** The volumes in use (the preset's, or the text given) and the picked entry, with a sentence per rejected text. */
export function setupOf(p: Params): Setup {
  const problems: string[] = [];
  const preset = PRESETS[p.preset];
  const read = (text: string, name: string, fallback: Channels): Channels => {
    if (text === '') return fallback.map((ch) => ch.map((r) => [...r]));
    const r = parseChannels(text, name);
    if (r.problem) problems.push(r.problem);
    return r.channels ?? fallback.map((ch) => ch.map((row) => [...row]));
  };
  return { s: read(p.s, 'Style volume S (s)', preset.s), g: read(p.g, 'Generated volume G (g)', preset.g), k: p.k - 1, k2: p.k2 - 1, alpha: p.alpha, beta: p.beta, lambda: [p.lambda1, p.lambda2], problems };
}

/** The settings after an edit: the text forms only when they differ from the preset's. */
export function paramsOf(p: Params, s: Channels, g: Channels): Params {
  const preset = PRESETS[p.preset];
  const text = (c: Channels, fallback: Channels) => (formatChannels(c) === formatChannels(fallback) ? '' : formatChannels(c));
  return { ...p, s: text(s, preset.s), g: text(g, preset.g) };
}

/** One cell's value changed to `value` (clamped to 0…MAX_VALUE), as a new copy. */
export function withValue(c: Channels, k: number, i: number, j: number, value: number): Channels {
  const v = Math.min(MAX_VALUE, Math.max(0, Math.round(value)));
  return c.map((ch, kk) => ch.map((row, ii) => row.map((x, jj) => (kk === k && ii === i && jj === j ? v : x))));
}

/** The next value when a cell is clicked: 0 → 1 → 2 → 3 → 0 (or the other way round). */
export const cycle = (v: number, by: 1 | -1 = 1): number => (v + by + MAX_VALUE + 1) % (MAX_VALUE + 1);

// ---------------------------------------------------------------------------------------------- numbers

export interface View {
  volS: FeatureVolume;
  volG: FeatureVolume;
  aS: Matrix;
  aG: Matrix;
  style: LayerStyleCost;
  /** The deeper layer: both volumes max-pooled 2 × 2 (2 × 2 × 3), and its style cost. */
  deep: { s: FeatureVolume; g: FeatureVolume; cost: number };
  /** J_style = λ[1] J_style[1] + λ[2] J_style[2]. */
  jStyle: number;
  content: ContentCost;
  total: { content: number; style: number; total: number };
  /** Which weighted term is larger ('tie' when equal, including both 0). */
  dominant: 'content' | 'style' | 'tie';
  /** The picked entry written out for each volume. */
  entryS: { terms: GramTerm[]; sum: number };
  entryG: { terms: GramTerm[]; sum: number };
}

/**
 * A stand-in for a deeper layer: 2 × 2 max pooling (src/compute/conv.ts), so each unit sees a 2 × 2 patch of
 * this layer. A real network would convolve too; pooling is enough to show that a deeper layer's Gram
 * matrix keeps some of the arrangement that this layer's forgets.
 */
export function deeper(v: FeatureVolume): FeatureVolume {
  const input = { data: Float64Array.from(v.data), shape: [1, v.nH, v.nW, v.nC] as const };
  const nH = Math.floor(v.nH / 2);
  const nW = Math.floor(v.nW / 2);
  const data = new Float64Array(nH * nW * v.nC);
  for (let row = 0; row < nH; row++)
    for (let col = 0; col < nW; col++)
      for (let k = 0; k < v.nC; k++) data[(row * nW + col) * v.nC + k] = poolWindow(input, { size: 2, mode: 'max' }, { row, col, filter: k }).value;
  return { nH, nW, nC: v.nC, data };
}

export function viewOf(setup: Setup): View {
  const volS = volumeFromChannels(setup.s);
  const volG = volumeFromChannels(setup.g);
  const style = layerStyleCost(volS, volG);
  const deep = { s: deeper(volS), g: deeper(volG) };
  const weighted = weightedStyleCost([{ s: volS, g: volG, lambda: setup.lambda[0] }, { ...deep, lambda: setup.lambda[1] }]);
  const content = contentCost(volS, volG);
  const total = totalCost(setup.alpha, content.cost, setup.beta, weighted.total);
  const dominant = total.content > total.style ? 'content' : total.style > total.content ? 'style' : 'tie';
  return {
    volS, volG, aS: unroll(volS), aG: unroll(volG), style, deep: { ...deep, cost: weighted.costs[1]! }, jStyle: weighted.total, content, total, dominant,
    entryS: gramTerms(volS, setup.k, setup.k2), entryG: gramTerms(volG, setup.k, setup.k2),
  };
}

/**
 * A number as the widget prints it: whole numbers as they are, others to four significant figures (at
 * most four decimals), a true minus sign. Gram entries and sums of squares are whole; costs are not.
 */
export function num(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v < 0 ? `−${-v}` : String(v);
  const a = Math.abs(v);
  const text = a >= 1000 ? a.toFixed(1) : a >= 1 ? String(Number(a.toPrecision(4))) : a >= 1e-4 ? String(Number(a.toFixed(4))) : a.toExponential(2);
  return (v < 0 ? '−' : '') + text;
}

const SUB = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number) => [...String(n)].map((d) => SUB[Number(d)]).join('');

/** "G⁽ˢ⁾₁₃ = Σᵢ Σⱼ aᵢⱼ₁·aᵢⱼ₃ = 3·1 + … (the other 8 products are 0) = 24": the nonzero products, and how many are 0. */
export function termsText(name: string, k: number, k2: number, entry: { terms: GramTerm[]; sum: number }): string {
  const nonzero = entry.terms.filter((t) => t.product !== 0);
  const zeros = entry.terms.length - nonzero.length;
  const sum = nonzero.length === 0 ? '0' : nonzero.map((t) => `${t.a}·${t.b}`).join(' + ');
  const rest = zeros === 0 ? '' : nonzero.length === 0 ? ` (all ${zeros} products are 0)` : ` (the other ${zeros} products are 0)`;
  return `${name}${sub(k + 1)}${sub(k2 + 1)} = Σᵢ Σⱼ aᵢⱼ${sub(k + 1)}·aᵢⱼ${sub(k2 + 1)} = ${sum}${rest} = ${num(entry.sum)}`;
}

/** The live sentence: the two costs, J, and which term dominates. */
export function describe(setup: Setup, v: View): string {
  const styleWords =
    v.style.cost === 0
      ? 'The two Gram matrices are equal, so the style cost is 0'
      : `The Gram matrices differ (Σ of squared differences ${num(v.style.sumSquares)}), style cost J_style = ${num(v.style.cost)}`;
  const layers = setup.lambda[1] === 0 && setup.lambda[0] === 1 ? '' : ` Over two layers J_style = ${num(setup.lambda[0])}·${num(v.style.cost)} + ${num(setup.lambda[1])}·${num(v.deep.cost)} = ${num(v.jStyle)}.`;
  const contentWords = v.content.cost === 0 ? 'the content cost is 0' : `content cost J_content = ${num(v.content.cost)}`;
  const dom = v.dominant === 'tie' ? 'the two terms are equal' : `the ${v.dominant} term dominates`;
  return `${styleWords}; ${contentWords}.${layers} With α = ${num(setup.alpha)} and β = ${num(setup.beta)}, J(G) = ${num(v.total.content)} + ${num(v.total.style)} = ${num(v.total.total)}: ${dom}.`;
}
