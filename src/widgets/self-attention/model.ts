/**
 * The self-attention explorer's model: its parameters, the example sentence and weights, the presets,
 * and everything the view shows at each of the six steps (the matrices, what each cell came from, the
 * sentence read out). No DOM and no Svelte, so it is unit-tested in Node; the numbers come from
 * src/compute/attention.ts.
 *
 * The sentence is the lecture's "Jane visite l'Afrique en septembre", in English: five tokens, d_model = 4,
 * two heads with d_k = d_v = 2. The default embeddings are built to be read: their four columns are
 * features a reader can name (person, action, place, time), "in" shares place and time with "Africa" and
 * "September", and the weights give each head a question of its own. Head 1 asks "who or what is
 * involved?" (Africa's query finds visits's key, visits's finds Jane's); head 2 asks "when, and where?"
 * (visits and Africa find September, September finds Africa). W_V and W_O are the identity, so each
 * output row is, column by column, how much person, action, place and time the word gathered.
 */
import {
  at, entropyBits, multiHeadAttention, row, softmax, toRows, type HeadResult, type HeadWeights, type MultiHeadResult,
} from '~/compute/attention';
import { randomInts, randomNormals } from '~/compute/random';
import { quote, type Schema, type Values } from '../params';

export const TOKENS = ['Jane', 'visits', 'Africa', 'in', 'September'] as const;
export const N_TOKENS = TOKENS.length;
export const D_MODEL = 4;
export const HEADS = 2;
export const D_K = 2;
/** What the default embeddings' columns stand for. */
export const FEATURES = ['person', 'action', 'place', 'time'] as const;

/** The example: X (5 × 4), and W_Q, W_K, W_V (4 × 4: head 1 in columns 1–2, head 2 in 3–4), W_O (4 × 4). */
export const EXAMPLE = {
  x: [
    [2, 0, 0, 0], // Jane: a person
    [0, 2, 0, 0], // visits: an action
    [0, 0, 2, 0], // Africa: a place
    [0, 0, 1, 1], // in: a bit of place and of time
    [0, 0, 0, 2], // September: a time
  ],
  wq: [
    [0, 0, 0, 0],
    [0, 1, 1, 0],
    [1, 0, 1, 0],
    [0, 0, 0, 1],
  ],
  wk: [
    [0, 1, 0, 0],
    [1, 0, 0, 0],
    [0, 0, 0, 1],
    [0, 0, 1, 0],
  ],
  wv: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ],
  wo: [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ],
};

export interface Preset {
  label: string;
  /** The question the preset poses, shown above the stage. */
  question: string;
  /** The row (word) the narration follows. */
  focus: number;
  /** What choosing the preset in the menu also sets. */
  suggest: { mask: boolean; scale: boolean; gain: number; step: number };
}

export const PRESETS = {
  jane: {
    label: 'Jane visits Africa in September',
    question: 'Which word does “Africa” attend to in head 1, and which in head 2?',
    focus: 2,
    suggest: { mask: false, scale: true, gain: 1, step: 3 },
  },
  mask: {
    label: 'The causal mask',
    question: 'What does the mask hide from “visits”, and where does its weight go instead?',
    focus: 1,
    suggest: { mask: true, scale: true, gain: 1, step: 3 },
  },
  saturate: {
    label: 'Without 1/√d_k',
    question: 'What happens to the weights when the scores grow large and nothing scales them down?',
    focus: 2,
    suggest: { mask: false, scale: false, gain: 2, step: 3 },
  },
  random: {
    label: 'Random numbers (seeded)',
    question: 'With random embeddings and weights, does any word still stand out?',
    focus: 2,
    suggest: { mask: false, scale: true, gain: 1, step: 3 },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** d_k in the "why √d_k" experiment. */
export const DK_OPTIONS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

export const STEPS = [
  { title: 'Q, K, V = X·W', noun: 'queries, keys and values' },
  { title: 'Scores Q·Kᵀ', noun: 'scores' },
  { title: 'Scaled by 1/√d_k', noun: 'scaled scores' },
  { title: 'Softmax per row', noun: 'weights' },
  { title: 'Weighted sum of V', noun: 'head outputs' },
  { title: 'Concat heads · W_O', noun: 'output' },
] as const;
export const STEP_COUNT = STEPS.length;

const CELL = { min: -9, max: 9 } as const;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'jane', label: 'Example',
    doc: 'jane: “Jane visits Africa in September” with readable embeddings; mask and saturate: the same sentence with a question about the causal mask or the scaling; random: embeddings and weights drawn from the seed. x and the w… settings replace its numbers.',
  },
  step: { type: 'int', default: 3, min: 0, max: STEP_COUNT - 1, label: 'Step', doc: '0: Q, K, V = XW; 1: scores QKᵀ; 2: scaled by 1/√d_k; 3: softmax weights; 4: weighted sum of V; 5: concatenated heads times W_O.' },
  mask: { type: 'bool', default: false, label: 'Causal mask', doc: 'Each word may attend only to itself and the words before it: later positions get weight exactly 0.' },
  scale: { type: 'bool', default: true, label: 'Divide by √d_k', doc: 'Divide the scores by √d_k before the softmax (false: feed them in as they are).' },
  gain: { type: 'number', default: 1, min: 0.25, max: 4, label: 'Embedding scale g', doc: 'Multiplies every embedding (X becomes g·X), so every score grows by g².' },
  x: { type: 'grid', default: null, maxSize: N_TOKENS, minValue: CELL.min, maxValue: CELL.max, label: 'Embeddings X', doc: 'Your own embeddings: 5 rows (one a word) of 4 numbers, rows split by “;”, from −9 to 9.' },
  wq: { type: 'grid', default: null, maxSize: D_MODEL, minValue: CELL.min, maxValue: CELL.max, label: 'W_Q', doc: 'Your own 4×4 W_Q, rows split by “;”: columns 1–2 are head 1’s, 3–4 head 2’s.' },
  wk: { type: 'grid', default: null, maxSize: D_MODEL, minValue: CELL.min, maxValue: CELL.max, label: 'W_K', doc: 'Your own 4×4 W_K, laid out like W_Q.' },
  wv: { type: 'grid', default: null, maxSize: D_MODEL, minValue: CELL.min, maxValue: CELL.max, label: 'W_V', doc: 'Your own 4×4 W_V, laid out like W_Q.' },
  wo: { type: 'grid', default: null, maxSize: D_MODEL, minValue: CELL.min, maxValue: CELL.max, label: 'W_O', doc: 'Your own 4×4 W_O: the concatenated heads (4 columns) times W_O give the output.' },
  seed: { type: 'int', default: 1, min: 0, max: 9999, label: 'Seed', doc: 'Seed of the random example and of the √d_k experiment’s random vectors.' },
  dk: { type: 'enum', options: DK_OPTIONS, default: 64, label: 'd_k in the experiment', doc: 'Width of the random query and keys in the “why √d_k” experiment.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;
export type GridName = 'x' | 'wq' | 'wk' | 'wv' | 'wo';

/** Rows of `count` numbers from a flat list. */
const chunk = (flat: number[], count: number) => Array.from({ length: flat.length / count }, (_, i) => flat.slice(i * count, (i + 1) * count));

/** The numbers in use: the preset's (or the seed's), replaced by the reader's where given and well shaped. */
export interface Data {
  x: number[][];
  wq: number[][];
  wk: number[][];
  wv: number[][];
  wo: number[][];
  /** Which grids are the reader's own. */
  own: GridName[];
  /** Grids of the wrong shape, as sentences (they are not used). */
  problems: string[];
}

export function presetData(p: Params): Omit<Data, 'own' | 'problems'> {
  if (p.preset !== 'random') return structuredClone(EXAMPLE);
  const grid = (rows: number, lo: number, hi: number, salt: number) => chunk(randomInts(rows * D_MODEL, lo, hi, p.seed + 7919 * salt), D_MODEL);
  return { x: grid(N_TOKENS, -2, 2, 0), wq: grid(D_MODEL, -1, 1, 1), wk: grid(D_MODEL, -1, 1, 2), wv: grid(D_MODEL, -1, 1, 3), wo: grid(D_MODEL, -1, 1, 4) };
}

export function resolveData(p: Params): Data {
  const data: Data = { ...presetData(p), own: [], problems: [] };
  const want: Record<GridName, [number, string]> = { x: [N_TOKENS, '5 rows (one a word)'], wq: [D_MODEL, '4 rows'], wk: [D_MODEL, '4 rows'], wv: [D_MODEL, '4 rows'], wo: [D_MODEL, '4 rows'] };
  for (const name of Object.keys(want) as GridName[]) {
    const grid = p[name];
    if (!grid) continue;
    const [rows, what] = want[name];
    if (grid.length !== rows || grid.some((r) => r.length !== D_MODEL)) {
      const text = grid.map((r) => r.join(',')).join(';');
      data.problems.push(`${schema[name].label} (${name}) must be ${what} of 4 numbers; ${quote(text)} is ${grid.length}×${grid[0]?.length ?? 0}, so it was ignored.`);
      continue;
    }
    data[name] = grid.map((r) => [...r]);
    data.own.push(name);
  }
  return data;
}

/** Columns a..a+width of a grid (one head's slice of W_Q, W_K or W_V). */
export const columns = (m: number[][], a: number, width = D_K) => m.map((r) => r.slice(a, a + width));

export interface Setup {
  params: Params;
  data: Data;
  /** g·X, what the projections see. */
  xg: number[][];
  heads: HeadWeights[];
  mha: MultiHeadResult;
  /** The row the narration follows. */
  focus: number;
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; error: string; data: Data };

export function buildSetup(params: Params): SetupResult {
  const data = resolveData(params);
  const xg = data.x.map((r) => r.map((v) => v * params.gain));
  const heads = Array.from({ length: HEADS }, (_, h) => ({ Wq: columns(data.wq, h * D_K), Wk: columns(data.wk, h * D_K), Wv: columns(data.wv, h * D_K) }));
  try {
    const mha = multiHeadAttention(xg, heads, data.wo, { mask: params.mask ? 'causal' : undefined, scale: params.scale });
    return { ok: true, setup: { params, data, xg, heads, mha, focus: PRESETS[params.preset as PresetName].focus } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), data };
  }
}

// ---------------------------------------------------------------------------------------------------
// Numbers as text

/**
 * A number as the cells print it, within five characters where it can: 2 decimals below 10, 1 below
 * 100, whole numbers below 10 000, then powers of ten. Minus sign, not hyphen; "−0" prints as "0".
 */
export function cellText(v: number): string {
  if (v === -Infinity) return '−∞';
  const a = Math.abs(v);
  let text: string;
  if (a < 10) text = a.toFixed(2).replace(/\.?0+$/, '');
  else if (a < 100) text = a.toFixed(1).replace(/\.0$/, '');
  else if (a < 10_000) text = a.toFixed(0);
  else text = a.toExponential(1).replace('e+', 'e');
  return (v < 0 && text !== '0' ? '−' : '') + text;
}

/** A weight, to 2 decimals — or "≈ 1" and "≈ 0" (written 1.00 / 0.00 would hide that it is not exact). */
export function weightText(w: number): string {
  if (w !== 1 && w.toFixed(2) === '1.00') return '≈1';
  if (w !== 0 && w.toFixed(2) === '0.00') return '≈0';
  return cellText(w);
}

/** Terms of a dot product, "2·1 + 0·(−1)", negatives in parentheses. */
export function dotTerms(a: readonly number[], b: readonly number[]): string {
  const p = (v: number) => (v < 0 ? `(${cellText(v)})` : cellText(v));
  return a.map((v, i) => `${p(v)}·${p(b[i]!)}`).join(' + ');
}

// ---------------------------------------------------------------------------------------------------
// What is drawn at a step

/** Every matrix on the stage. Head matrices carry the head's index: q0 is head 1's Q. */
export type MatrixId = GridName | `${'q' | 'k' | 'v' | 'a' | 'z'}${number}` | 'concat' | 'out';

export interface Highlight {
  rows: number[];
  cols: number[];
  cells: [number, number][];
}

/** The step from which a matrix has numbers (before it, it is drawn empty). */
export function visibleFrom(id: MatrixId): number {
  if (id[0] === 'a') return 1;
  if (id[0] === 'z') return 4;
  if (id === 'concat' || id === 'out') return 5;
  return 0;
}

/** The matrices the current step computes (drawn with the accent). */
export function currentAt(step: number): MatrixId[] {
  const perHead = (letters: string[]) => Array.from({ length: HEADS }, (_, h) => letters.map((l) => `${l}${h}` as MatrixId)).flat();
  if (step === 0) return perHead(['q', 'k', 'v']);
  if (step <= 3) return perHead(['a']);
  if (step === 4) return perHead(['z']);
  return ['concat', 'out'];
}

export const headOf = (id: MatrixId): number => Number(id.slice(1));

/** The attention grid of a head at a step: its numbers, how they are coloured, and what masked cells say. */
export interface AttentionGrid {
  title: string;
  values: number[][];
  kind: 'signed' | 'weights';
  /** Text for a masked cell ("−∞" before the softmax, "0" after), or null where allowed. */
  masked: (i: number, j: number) => string | null;
  /** Row sums, once they are weights. */
  sums: number[] | null;
}

export function attentionGrid(setup: Setup, h: number, step: number): AttentionGrid {
  const r = setup.mha.heads[h]!;
  const blocked = (i: number, j: number) => !r.allowed[i]![j];
  const sq = `√${r.dk}`;
  if (step <= 1) {
    return { title: `Scores Q${sup(h)}·K${sup(h)}ᵀ`, values: toRows(r.scores), kind: 'signed', masked: () => null, sums: null };
  }
  if (step === 2) {
    const title = setup.params.scale ? `Scaled scores ÷ ${sq}` : `Scores, not scaled`;
    return { title: setup.params.mask ? `${title}, masked −∞` : title, values: toRows(r.scaled), kind: 'signed', masked: (i, j) => (blocked(i, j) ? '−∞' : null), sums: null };
  }
  const weights = toRows(r.weights);
  return {
    title: 'Weights: softmax of each row',
    values: weights,
    kind: 'weights',
    masked: (i, j) => (blocked(i, j) ? '0' : null),
    sums: weights.map((w) => w.reduce((a, b) => a + b, 0)),
  };
}

const SUP = ['¹', '²', '³', '⁴'];
/** Head number as a superscript: Q¹, Q². */
export const sup = (h: number) => SUP[h] ?? `^${h + 1}`;

/** Every matrix's numbers (attention grids as at `step`). */
export function grids(setup: Setup, step: number): Record<string, number[][]> {
  const out: Record<string, number[][]> = {
    x: setup.data.x, wq: setup.data.wq, wk: setup.data.wk, wv: setup.data.wv, wo: setup.data.wo,
    concat: toRows(setup.mha.concat), out: toRows(setup.mha.output),
  };
  setup.mha.heads.forEach((r, h) => {
    out[`q${h}`] = toRows(r.q);
    out[`k${h}`] = toRows(r.k);
    out[`v${h}`] = toRows(r.v);
    out[`a${h}`] = attentionGrid(setup, h, step).values;
    out[`z${h}`] = toRows(r.output);
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Summaries and sentences

export interface RowSummary {
  row: number;
  /** The key with the largest weight, and that weight. */
  top: number;
  max: number;
  /** In bits; log₂ 5 ≈ 2.32 when the weight is spread evenly over 5 words. */
  entropy: number;
  /** Keys the row may attend to. */
  allowed: number;
}

export function rowSummary(r: HeadResult, i: number): RowSummary {
  const w = row(r.weights, i);
  const max = Math.max(...w);
  return { row: i, top: w.indexOf(max), max, entropy: entropyBits(w), allowed: r.allowed[i]!.filter(Boolean).length };
}

const word = (i: number) => `“${TOKENS[i]}”`;
const bits = (b: number) => `${b.toFixed(2)} bits`;

/** "Africa → visits 0.81" for each head, on the given row. */
function weightsLine(setup: Setup, i: number): string {
  return setup.mha.heads
    .map((r, h) => {
      const s = rowSummary(r, i);
      return `head ${h + 1} gives ${weightText(s.max)} of its weight to ${word(s.top)}`;
    })
    .join(', ');
}

/** One line on saturation, when a row's largest weight is within 0.01 of 1. */
function saturationNote(setup: Setup, i: number): string {
  const s = setup.mha.heads.map((r) => rowSummary(r, i));
  if (!s.some((x) => x.max > 0.99 && x.allowed > 1)) return '';
  return ' The softmax is saturated: one weight is nearly 1 and the rest nearly 0, so small changes to the scores hardly move it, and its gradients nearly vanish.';
}

/** The sentence for a step: what the reader sees now, with the focus row's numbers. Read by the live region. */
export function describeStep(setup: Setup, step: number, focus = setup.focus): string {
  const { params, mha } = setup;
  const i = focus;
  const r0 = mha.heads[0]!;
  const n = `Step ${step + 1} of ${STEP_COUNT}`;
  const gain = params.gain !== 1 ? ` (g·X with g = ${cellText(params.gain)})` : '';
  switch (step) {
    case 0:
      return `${n}: each word’s embedding, a row of X${gain}, times W_Q, W_K and W_V gives its query, key and value. Each head has its own 4×2 slice of each matrix, so Q, K and V are 5×2 per head. ${word(i)}’s query in head 1 is (${row(r0.q, i).map(cellText).join(', ')}).`;
    case 1: {
      const s = rowSummary(r0, i);
      const top = at(r0.scores, i, s.top);
      return `${n}: every query meets every key: score(i, j) = q_i · k_j, a 5×5 grid per head. In head 1, ${word(i)}’s query scores highest against ${word(s.top)}’s key: ${dotTerms(row(r0.q, i), row(r0.k, s.top))} = ${cellText(top)}.`;
    }
    case 2: {
      const s = rowSummary(r0, i);
      const masked = params.mask ? ` The causal mask sets every later position to −∞, ${countMasked(setup)} entries per head.` : '';
      if (!params.scale) return `${n}: the scaling is off: the scores go into the softmax as they are (${word(i)} → ${word(s.top)} stays ${cellText(at(r0.scaled, i, s.top))}).${masked}`;
      return `${n}: dividing by √d_k = √${r0.dk} ≈ ${cellText(Math.sqrt(r0.dk))} keeps the scores’ spread from growing with d_k: ${word(i)} → ${word(s.top)} becomes ${cellText(at(r0.scores, i, s.top))} ÷ ${cellText(Math.sqrt(r0.dk))} = ${cellText(at(r0.scaled, i, s.top))}.${masked}`;
    }
    case 3: {
      const masked = params.mask ? ` The mask gives the later words weight exactly 0.` : '';
      return `${n}: softmax turns each row of scores into weights that are positive and sum to 1. For ${word(i)}, ${weightsLine(setup, i)}.${masked}${saturationNote(setup, i)}`;
    }
    case 4: {
      const z = row(mha.heads[0]!.output, i);
      return `${n}: each word’s output in a head is the weighted sum of the value rows: for ${word(i)} in head 1, Σ_j weight_j · v_j = (${z.map(cellText).join(', ')}).`;
    }
    default: {
      const o = row(mha.output, i);
      return `${n}: the two heads’ outputs side by side (5×4) times W_O (4×4) give the layer’s output, one row per word in context. ${word(i)}: (${o.map(cellText).join(', ')}).`;
    }
  }
}

/** Masked entries per head. */
export function countMasked(setup: Setup): number {
  return setup.mha.heads[0]!.allowed.flat().filter((a) => !a).length;
}

/** The head summary under each attention grid: the largest weight of a row and its entropy. */
export function summaryText(setup: Setup, h: number, i: number): string {
  const s = rowSummary(setup.mha.heads[h]!, i);
  return `Row ${TOKENS[i]}: largest weight ${weightText(s.max)} (${TOKENS[s.top]}), entropy ${bits(s.entropy)} of ${bits(Math.log2(s.allowed))} when spread evenly`;
}

// ---------------------------------------------------------------------------------------------------
// Linked views: where a cell came from and where it goes

export interface Probe {
  id: MatrixId;
  i: number;
  j: number;
}

export interface Trace {
  /** What to light, per matrix. */
  lit: Partial<Record<MatrixId, Highlight>>;
  text: string;
}

const lit = (rows: number[] = [], cols: number[] = [], cells: [number, number][] = []): Highlight => ({ rows, cols, cells });
const W_NAMES = { wq: ['Q', 'q'], wk: ['K', 'k'], wv: ['V', 'v'] } as const;

/** What a cell is, where its number came from, and (for inputs) where it goes. */
export function trace(setup: Setup, step: number, probe: Probe): Trace {
  const { id, i, j } = probe;
  const { data, mha, xg } = setup;
  const t = TOKENS[i]!;
  if (id === 'x') {
    const l: Trace['lit'] = { wq: lit([j]), wk: lit([j]), wv: lit([j]) };
    for (let h = 0; h < HEADS; h++) for (const m of ['q', 'k', 'v']) l[`${m}${h}` as MatrixId] = lit([i]);
    const g = setup.params.gain !== 1 ? ` (times g = ${cellText(setup.params.gain)})` : '';
    return { lit: l, text: `X(${t}, ${j + 1}) = ${cellText(data.x[i]![j]!)}${g}: row ${t} of X feeds row ${t} of Q, K and V in both heads, through row ${j + 1} of W_Q, W_K and W_V.` };
  }
  if (id === 'wq' || id === 'wk' || id === 'wv') {
    const h = Math.floor(j / D_K);
    const c = j % D_K;
    const [M, m] = W_NAMES[id];
    return {
      lit: { x: lit([], [i]), [`${m}${h}`]: lit([], [c]) },
      text: `W_${M}(${i + 1}, ${j + 1}) = ${cellText(data[id][i]![j]!)} is head ${h + 1}’s weight from column ${i + 1} of X to column ${c + 1} of ${M}${sup(h)}: it is used by every word.`,
    };
  }
  if (id === 'wo') {
    return { lit: { concat: lit([], [i]), out: lit([], [j]) }, text: `W_O(${i + 1}, ${j + 1}) = ${cellText(data.wo[i]![j]!)} carries column ${i + 1} of the concatenated heads into column ${j + 1} of the output.` };
  }
  if (id === 'concat') {
    const h = Math.floor(j / D_K);
    const c = j % D_K;
    return { lit: { [`z${h}`]: lit([], [], [[i, c]]), wo: lit([j]) }, text: `Concat(${t}, ${j + 1}) = ${cellText(at(mha.concat, i, j))} is head ${h + 1}’s output for ${t}, column ${c + 1}; it meets row ${j + 1} of W_O.` };
  }
  if (id === 'out') {
    const c = row(mha.concat, i);
    const w = data.wo.map((r) => r[j]!);
    return { lit: { concat: lit([i]), wo: lit([], [j]) }, text: `Output(${t}, ${j + 1}) = row ${t} of the concatenation · column ${j + 1} of W_O = ${dotTerms(c, w)} = ${cellText(at(mha.output, i, j))}.` };
  }
  const h = headOf(id);
  const r = mha.heads[h]!;
  const H = sup(h);
  const kind = id[0]!;
  if (kind === 'q' || kind === 'k' || kind === 'v') {
    const wname = `w${kind}` as 'wq' | 'wk' | 'wv';
    const M = kind.toUpperCase();
    const w = data[wname].map((rr) => rr[h * D_K + j]!);
    const value = at(r[kind as 'q' | 'k' | 'v'], i, j);
    const uses = kind === 'q' ? `row ${t} of the scores` : kind === 'k' ? `column ${t} of the scores` : `column ${j + 1} of the head’s output`;
    const l: Trace['lit'] = { x: lit([i]), [wname]: lit([], [h * D_K + j]) };
    if (step >= 1 && kind !== 'v') l[`a${h}`] = kind === 'q' ? lit([i]) : lit([], [i]);
    if (step >= 4 && kind === 'v') l[`z${h}`] = lit([], [j]);
    const X = setup.params.gain !== 1 ? 'g·X' : 'X';
    return { lit: l, text: `${M}${H}(${t}, ${j + 1}) = row ${t} of ${X} · column ${h * D_K + j + 1} of W_${M} = ${dotTerms(xg[i]!, w)} = ${cellText(value)}. It feeds ${uses}.` };
  }
  if (kind === 'a') {
    const k = TOKENS[j]!;
    const l: Trace['lit'] = { [`q${h}`]: lit([i]), [`k${h}`]: lit([j]) };
    const score = at(r.scores, i, j);
    const dot = `q${H}(${t}) · k${H}(${k}) = ${dotTerms(row(r.q, i), row(r.k, j))} = ${cellText(score)}`;
    if (!r.allowed[i]![j] && step >= 2) {
      return { lit: l, text: `${t} → ${k} is masked: ${k} comes after ${t}, so its score is replaced by −∞ and its weight is exactly 0.` };
    }
    if (step === 1) return { lit: l, text: `Score(${t}, ${k}) = ${dot}.` };
    const scaled = setup.params.scale ? `, ÷ √${r.dk} = ${cellText(at(r.scaled, i, j))}` : ' (not scaled)';
    if (step === 2) return { lit: l, text: `Scaled score(${t}, ${k}): ${dot}${scaled}.` };
    l[`a${h}`] = lit([i]);
    if (step >= 4) l[`v${h}`] = lit([j]);
    return { lit: l, text: `Weight(${t} → ${k}) = ${weightText(at(r.weights, i, j))}: the softmax of row ${t}, exp(${cellText(at(r.scaled, i, j))}) over the row’s sum of exps. Its score: ${dot}${scaled}.` };
  }
  // z: a head's output
  const w = row(r.weights, i);
  const v = toRows(r.v).map((vr) => vr[j]!);
  return {
    lit: { [`a${h}`]: lit([i]), [`v${h}`]: lit([], [j]), concat: lit([], [], [[i, h * D_K + j]]) },
    text: `Z${H}(${t}, ${j + 1}) = row ${t} of the weights · column ${j + 1} of V${H} = ${dotTerms(w.map((x) => Number(x.toFixed(2))), v)} ≈ ${cellText(at(r.output, i, j))}.`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Why √d_k: a random query against five random keys

export interface DkSide {
  weights: number[];
  max: number;
  entropy: number;
}

export interface DkExperiment {
  dk: number;
  /** The first draw: q · k_j for five random keys, and their softmax both ways. */
  scores: number[];
  raw: DkSide;
  scaled: DkSide;
  /** Over all draws: the root-mean-square score (≈ √d_k), and the mean largest weight both ways. */
  draws: number;
  rms: number;
  meanMaxRaw: number;
  meanMaxScaled: number;
}

const DRAWS = 200;

/** softmax of one row of scores times `factor`. */
function softmaxSide(scores: number[], factor: number): DkSide {
  const weights = row(softmax([scores.map((s) => s * factor)]), 0);
  return { weights, max: Math.max(...weights), entropy: entropyBits(weights) };
}

/**
 * `draws` times, one query and five keys with d_k independent N(0, 1) components each, from the seed.
 * Each score is a sum of d_k products of variance 1, so its variance is d_k; the first draw is shown.
 */
export function dkExperiment(dk: number, seed: number, draws = DRAWS): DkExperiment {
  const normals = randomNormals(draws * 6 * dk, seed + 104729);
  let sumSquares = 0;
  let maxRaw = 0;
  let maxScaled = 0;
  let first: Pick<DkExperiment, 'scores' | 'raw' | 'scaled'> | null = null;
  for (let d = 0; d < draws; d++) {
    const base = d * 6 * dk;
    const scores = Array.from({ length: N_TOKENS }, (_, j) => {
      let s = 0;
      for (let t = 0; t < dk; t++) s += normals[base + t]! * normals[base + (j + 1) * dk + t]!;
      return s;
    });
    for (const s of scores) sumSquares += s * s;
    const raw = softmaxSide(scores, 1);
    const scaled = softmaxSide(scores, 1 / Math.sqrt(dk));
    maxRaw += raw.max;
    maxScaled += scaled.max;
    first ??= { scores, raw, scaled };
  }
  return { dk, ...first!, draws, rms: Math.sqrt(sumSquares / (draws * N_TOKENS)), meanMaxRaw: maxRaw / draws, meanMaxScaled: maxScaled / draws };
}

export function dkText(e: DkExperiment): string {
  const sq = `√${e.dk}`;
  return `With d_k = ${e.dk}, a score’s typical size over ${e.draws} draws is ${cellText(e.rms)} (${sq} ≈ ${cellText(Math.sqrt(e.dk))}). The largest of the five weights averages ${weightText(e.meanMaxRaw)} as they are, and ${weightText(e.meanMaxScaled)} divided by ${sq} (five equal scores would give 0.2 each). In the draw shown: ${weightText(e.raw.max)} (entropy ${bits(e.raw.entropy)}) against ${weightText(e.scaled.max)} (${bits(e.scaled.entropy)}).`;
}
