/**
 * The BLEU calculator's model: parameters, presets, the texts in use (a preset's, or the reader's own),
 * their tokens, the score with every count (src/compute/bleu.ts), and the words and formulas the view
 * prints. No DOM.
 *
 * Presets fill in the texts the reader has not given; the first edit copies the preset's texts into the
 * settings and switches to `custom`, so what the reader sees is what the URL holds.
 */
import { MAX_ORDER, sentenceBleu, tokenize, type Credit, type SentenceBleu, type Smoothing } from '~/compute/bleu';
import type { Schema, Values } from '../params';

/** Tokens scored per sentence: a longer text is cut here, with a message. */
export const MAX_TOKENS = 40;
/** Characters per text box (the query string and the input's maxlength). */
export const MAX_CHARS = 300;
export const REF_KEYS = ['ref1', 'ref2', 'ref3', 'ref4'] as const;
export type RefKey = (typeof REF_KEYS)[number];

const CAT_REFS = ['The cat is on the mat', 'There is a cat on the mat'];

export const PRESETS = {
  'the-the': {
    label: 'the the the …',
    question: 'Every word of “the the the the the the the” is in a reference. Why does it earn only 2 of 7?',
    candidate: 'the the the the the the the',
    refs: CAT_REFS,
  },
  'cat-the-cat': {
    label: 'The cat the cat …',
    question: 'Which bigrams of “The cat the cat on the mat” earn credit, and which are clipped?',
    candidate: 'The cat the cat on the mat',
    refs: CAT_REFS,
  },
  short: {
    label: 'Too short',
    question: 'Every n-gram of “The cat is on” is in a reference. What keeps it from scoring 1?',
    candidate: 'The cat is on',
    refs: CAT_REFS,
  },
  perfect: {
    label: 'Perfect match',
    question: 'A candidate that equals one reference word for word: what does BLEU give?',
    candidate: 'There is a cat on the mat',
    refs: CAT_REFS,
  },
  custom: {
    label: 'Your own',
    question: 'Your own candidate and references: which words earn credit?',
    candidate: '',
    refs: [] as string[],
  },
} as const satisfies Record<string, { label: string; question: string; candidate: string; refs: readonly string[] }>;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

const text = (label: string, doc: string) => ({ type: 'text', default: '', maxLength: MAX_CHARS, label, doc }) as const;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'the-the', label: 'Example',
    doc: 'the-the: the course’s “the the the …”; cat-the-cat: “The cat the cat on the mat”; short: a fragment the brevity penalty catches; perfect: equal to a reference; custom: only the texts given. A preset’s texts fill in those not given.',
  },
  candidate: text('Candidate', 'The machine translation to score.'),
  ref1: text('Reference 1', 'A human reference translation.'),
  ref2: text('Reference 2', 'Another reference (optional).'),
  ref3: text('Reference 3', 'Another reference (optional).'),
  ref4: text('Reference 4', 'Another reference (optional).'),
  lowercase: { type: 'bool', default: true, label: 'Ignore case', doc: 'Lowercase every text before counting, so “The” matches “the” (as in the course).' },
  smoothing: {
    type: 'enum', options: ['none', 'add-one'] as const, default: 'none', label: 'Smoothing',
    doc: 'none: Papineni’s BLEU (0 when any p_n is 0); add-one: +1 to the clipped and total counts for n ≥ 2 (Lin & Och 2004), for single sentences.',
  },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export interface Texts {
  candidate: string;
  refs: [string, string, string, string];
}

/** The texts in use: each one the reader gave, else the preset's. */
export function textsOf(p: Params): Texts {
  const preset = PRESETS[p.preset];
  const pick = (given: string, fallback: string | undefined) => (p.preset === 'custom' || given !== '' ? given : (fallback ?? ''));
  return {
    candidate: pick(p.candidate, preset.candidate),
    refs: REF_KEYS.map((k, i) => pick(p[k], preset.refs[i])) as Texts['refs'],
  };
}

/** The settings after the reader edits one text: every text written out, preset `custom`. */
export function edit(p: Params, field: 'candidate' | RefKey, value: string): Params {
  const t = textsOf(p);
  const [ref1, ref2, ref3, ref4] = t.refs;
  return { ...p, preset: 'custom', candidate: t.candidate, ref1, ref2, ref3, ref4, [field]: value.slice(0, MAX_CHARS) };
}

/** The settings for a preset: its texts come from the preset, the switches stay. */
export function choose(p: Params, name: PresetName): Params {
  return { ...p, preset: name, candidate: '', ref1: '', ref2: '', ref3: '', ref4: '' };
}

export interface Reference {
  /** 1-based, as the reader numbers the boxes. */
  index: number;
  tokens: string[];
}

export type Outcome =
  | { ok: true; bleu: SentenceBleu; refs: Reference[]; problems: string[] }
  | { ok: false; message: string; problems: string[] };

/** Tokens of a text, cut at MAX_TOKENS with a message. */
function tokensOf(textIn: string, lowercase: boolean, name: string, problems: string[]): string[] {
  const tokens = tokenize(textIn, { lowercase });
  if (tokens.length <= MAX_TOKENS) return tokens;
  problems.push(`${name} has ${tokens.length} tokens; only the first ${MAX_TOKENS} are scored.`);
  return tokens.slice(0, MAX_TOKENS);
}

export function evaluate(p: Params): Outcome {
  const t = textsOf(p);
  const problems: string[] = [];
  const candidate = tokensOf(t.candidate, p.lowercase, 'The candidate', problems);
  const refs = t.refs
    .map((r, i) => ({ index: i + 1, tokens: tokensOf(r, p.lowercase, `Reference ${i + 1}`, problems) }))
    .filter((r) => r.tokens.length > 0);
  if (candidate.length === 0) return { ok: false, message: 'Type a candidate translation to score: it is empty.', problems };
  if (refs.length === 0) return { ok: false, message: 'Type at least one reference translation: BLEU compares the candidate with references.', problems };
  const bleu = sentenceBleu(candidate, refs.map((r) => r.tokens), { smoothing: p.smoothing as Smoothing });
  return { ok: true, bleu, refs, problems };
}

// ------------------------------------------------------------------------------------------- numbers

/** The one rounding rule: 4 decimals for scores, 3 for precisions and logs; minus sign, not hyphen. */
export function num(v: number, decimals = 4): string {
  if (v === -Infinity) return '−∞';
  if (Number.isInteger(v)) return String(v).replace('-', '−');
  const t = v.toFixed(decimals);
  return Number(t) === 0 ? '0' : t.replace('-', '−');
}

/** "2/7" (or "0/0"). */
export const fraction = (a: number, b: number) => `${a}/${b}`;

export const SUB = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];

export interface PrecisionRow {
  n: number;
  name: string;
  fraction: string;
  /** With add-one smoothing, the counts the score used. */
  used: string | null;
  value: string;
  log: string;
}

export function precisionRows(b: SentenceBleu): PrecisionRow[] {
  return b.precisions.map((q) => ({
    n: q.n,
    name: `p${SUB[q.n]}`,
    fraction: fraction(q.clipped, q.total),
    used: q.usedClipped !== q.clipped || q.usedTotal !== q.total ? fraction(q.usedClipped, q.usedTotal) : null,
    value: q.p === null ? '—' : num(q.p, 3),
    log: q.logP === null ? '—' : num(q.logP, 3),
  }));
}

/** "c = 7 > r = 6, so BP = 1" or "c = 4 ≤ r = 6: BP = exp(1 − 6/4) = 0.6065". */
export function bpText(b: SentenceBleu): string {
  if (b.c > b.r) return `c = ${b.c} > r = ${b.r}, so BP = 1`;
  return `c = ${b.c} ≤ r = ${b.r}, so BP = exp(1 − ${b.r}/${b.c}) = ${num(b.bp)}`;
}

/** The combined score with the numbers filled in. */
export function scoreFormula(b: SentenceBleu): string {
  const ps = b.precisions;
  const general = `BLEU = BP · exp(¼ Σ log pₙ)`;
  const zero = ps.find((q) => q.p === null || q.p === 0);
  if (zero) {
    const why = zero.p === null ? `the candidate has no ${zero.n}-grams (p${SUB[zero.n]} = 0/0)` : `p${SUB[zero.n]} = ${fraction(zero.usedClipped, zero.usedTotal)} = 0 and log 0 = −∞`;
    return `${general}: ${why}, so BLEU = 0`;
  }
  const logs = ps.map((q, i) => (i === 0 ? num(q.logP!, 3) : `${q.logP! < 0 ? '−' : '+'} ${num(Math.abs(q.logP!), 3)}`)).join(' ');
  return `${general} = ${num(b.bp)} · exp(¼ (${logs})) = ${num(b.bp)} · ${num(b.geoMean)} = ${num(b.score)}`;
}

/** The live sentence; what the polite region announces is the same with plain digits (`subscripts` off). */
export function describe(b: SentenceBleu, subscripts = false): string {
  const ps = b.precisions.map((q) => `p${subscripts ? SUB[q.n] : q.n} ${fraction(q.usedClipped, q.usedTotal)}`).join(', ');
  return `BLEU ${num(b.score)}: ${ps}; brevity penalty ${num(b.bp)} (c = ${b.c}, r = ${b.r}).`;
}

export interface Chip {
  text: string;
  credit: Credit;
  /** Start position in the candidate. */
  start: number;
}

/** The candidate's n-grams for one order, as chips. */
export function chipsOf(b: SentenceBleu, n: number): Chip[] {
  const o = b.orders[n - 1]!;
  return o.credit.map((credit, start) => ({ text: b.candidate.slice(start, start + n).join(' '), credit, start }));
}

export const CREDIT_WORDS: Record<Credit, string> = {
  credited: 'earns credit',
  clipped: 'clipped: the references have it fewer times',
  unmatched: 'in no reference',
};

/**
 * Which tokens of a reference lie inside some n-gram the candidate also has (for order n), or, given
 * `only`, inside an occurrence of that one n-gram (the chip under the pointer).
 */
export function referenceMarks(b: SentenceBleu, ref: readonly string[], n: number, only: readonly string[] | null = null): boolean[] {
  const grams = new Set(only ? [JSON.stringify(only)] : b.orders[n - 1]!.grams.filter((g) => g.maxRef > 0).map((g) => JSON.stringify(g.gram)));
  const marks = ref.map(() => false);
  for (let i = 0; i + n <= ref.length; i++) {
    if (grams.has(JSON.stringify(ref.slice(i, i + n)))) for (let j = i; j < i + n; j++) marks[j] = true;
  }
  return marks;
}

export const ORDERS = Array.from({ length: MAX_ORDER }, (_, i) => i + 1);
