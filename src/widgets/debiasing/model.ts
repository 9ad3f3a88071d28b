/**
 * The debiasing projection's model: parameters, and everything the three steps show, computed from the
 * word table through src/compute/word-vectors.ts (Bolukbasi et al. 2016 in the course's form). No DOM.
 *
 * 1. Bias direction: g = mean over the chosen definitional pairs of e_x − e_y (one pair, woman − man, is
 *    the course's exercise), and cos(e_w, g) for a list of words.
 * 2. Neutralise a word: e − (e·g/‖g‖²) g.
 * 3. Equalise a pair with the course's formulas, and the distance of each of the pair to the neutralised
 *    word of step 2 before and after.
 *
 * Every picture uses one plane per vector: the horizontal coordinate is the signed length along g,
 * e·g/‖g‖, the vertical one the length of what is left, ‖e − e_B‖. The angle a drawn arrow makes with the
 * horizontal axis is then its true angle with g, so cos(e, g) can be read off the picture.
 *
 * "Normalise vectors first" (on by default) divides every word vector by its length before anything else,
 * as Bolukbasi et al. do; equalise's sqrt(|1 − ‖μ_⊥‖²|) assumes it. Off, the widget uses the raw GloVe
 * vectors as the course's exercise does, where ‖μ_⊥‖ ≈ 4 and 1 − ‖μ_⊥‖² is negative.
 *
 * Besides the compute module's functions this file adds only bookkeeping (parsing word lists, the plane
 * coordinates, rounding for display).
 */
import { ComputeInputError } from '~/compute/errors';
import {
  biasDirection, cosine, dot, equalise, neutralise, norm, normaliseWord, projectOnto, sub, unit, wordIndex, type Equalised, type Vector,
  type WordTable,
} from '~/compute/word-vectors';
import type { Schema, Values } from '../params';

export const STEPS = ['direction', 'neutralise', 'equalise'] as const;
export type Step = (typeof STEPS)[number];
export const STEP_TITLES: Record<Step, string> = { direction: 'Bias direction', neutralise: 'Neutralise', equalise: 'Equalise' };

/** Definitional pairs the reader may count in g: (female, male), so g points toward the female side. */
export const DEFINITIONAL: readonly (readonly [string, string])[] = [
  ['woman', 'man'], ['she', 'he'], ['mother', 'father'], ['girl', 'boy'], ['queen', 'king'], ['her', 'his'], ['daughter', 'son'], ['sister', 'brother'],
];
/** Gendered pairs to equalise, (male, female) as the course's exercise writes (man, woman). */
export const EQUALISE_PAIRS: readonly (readonly [string, string])[] = [
  ['actor', 'actress'], ['man', 'woman'], ['boy', 'girl'], ['father', 'mother'], ['king', 'queen'], ['husband', 'wife'], ['grandfather', 'grandmother'], ['waiter', 'waitress'],
];
export const DEFAULT_WORDS = 'john,marie,receptionist,nurse,homemaker,engineer,programmer';

export const schema = {
  step: { type: 'enum', options: STEPS, default: 'direction', label: 'Step', doc: 'Which step is shown: direction (the bias direction g), neutralise, equalise.' },
  pairs: { type: 'text', default: 'woman-man', maxLength: 200, label: 'Definitional pairs', doc: 'The pairs whose differences are averaged into g, female word first, e.g. woman-man,she-he.' },
  words: { type: 'text', default: DEFAULT_WORDS, maxLength: 300, label: 'Words compared with g', doc: 'Comma-separated words whose cosine with g is drawn as bars.' },
  word: { type: 'text', default: 'receptionist', maxLength: 40, label: 'Word to neutralise', doc: 'A word that should be gender-neutral; it is neutralised in step 2 and is the neutral word of step 3.' },
  w1: { type: 'text', default: 'actor', maxLength: 40, label: 'First word of the pair', doc: 'The pair to equalise, first word (e.g. actor).' },
  w2: { type: 'text', default: 'actress', maxLength: 40, label: 'Second word of the pair', doc: 'The pair to equalise, second word (e.g. actress).' },
  normalise: { type: 'bool', default: true, label: 'Normalise vectors first', doc: 'Divide every word vector by its length first (Bolukbasi et al.); false uses the raw GloVe vectors, as the course’s exercise does.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

// ---- Display ----

/** Three decimals, U+2212 for minus, and never “−0.000”: a value that rounds to zero shows as 0.000. */
export function f3(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return '–';
  const text = Math.abs(x).toFixed(digits);
  return x < 0 && Number(text) !== 0 ? `−${text}` : text;
}

/** A signed value for a bar label: +0.281, −0.122, 0.000. */
export function signed3(x: number): string {
  const t = f3(x);
  return t.startsWith('−') || Number(t) === 0 ? t : `+${t}`;
}

// ---- Words the reader gives ----

/** The vectors the widget works with: the table's rows, unit-normalised or not. */
export interface Space {
  table: WordTable;
  normalise: boolean;
  /** The vector of a typed word (a fresh copy); throws ComputeInputError for an unknown or malformed word. */
  vec(raw: string, field: string): Vector;
}

export function space(table: WordTable, normaliseFirst: boolean): Space {
  return {
    table,
    normalise: normaliseFirst,
    vec(raw, field) {
      const row = table.row(wordIndex(table, raw, field));
      return normaliseFirst ? unit(row) : Float64Array.from(row);
    },
  };
}

const message = (e: unknown): string => {
  if (e instanceof ComputeInputError) return e.message;
  throw e;
};

/** Splits a list typed with commas or spaces into its non-empty items. */
export const splitList = (text: string): string[] => text.split(/[,;\s]+/).filter((s) => s !== '');

export interface PairsResult {
  pairs: [string, string][];
  problems: string[];
}

/** “woman-man,she-he” → [[woman, man], [she, he]]; bad items become problems. At least one pair: else woman − man. */
export function parsePairs(sp: Space, text: string): PairsResult {
  const problems: string[] = [];
  const pairs: [string, string][] = [];
  for (const item of splitList(text)) {
    const parts = item.split(/[-–/:]/);
    try {
      if (parts.length !== 2) throw new ComputeInputError(`“${item.slice(0, 40)}” is not a pair written like woman-man.`, 'pairs');
      const [a, b] = parts.map(normaliseWord) as [string, string];
      sp.vec(a, 'pairs');
      sp.vec(b, 'pairs');
      if (a === b) throw new ComputeInputError(`The pair ${a}-${b} has the same word twice, so its difference is zero.`, 'pairs');
      if (!pairs.some(([x, y]) => x === a && y === b)) pairs.push([a, b]);
    } catch (e) {
      problems.push(`Definitional pairs: ${message(e)}`);
    }
  }
  if (pairs.length === 0) {
    problems.push('The bias direction needs at least one definitional pair; using woman − man.');
    pairs.push(['woman', 'man']);
  }
  return { pairs, problems };
}

export const pairsText = (pairs: readonly (readonly [string, string])[]): string => pairs.map(([a, b]) => `${a}-${b}`).join(',');

/** The definitional pairs with one pair switched on or off (at least one always stays). */
export function togglePair(current: readonly (readonly [string, string])[], pair: readonly [string, string]): string {
  const has = current.some(([a, b]) => a === pair[0] && b === pair[1]);
  const next = has ? current.filter(([a, b]) => !(a === pair[0] && b === pair[1])) : [...current, pair];
  return pairsText(next.length > 0 ? next : current);
}

// ---- Step 1: the bias direction ----

export interface Bar {
  word: string;
  cos: number;
}

export interface Direction {
  pairs: [string, string][];
  g: Vector;
  gNorm: number;
  /** cos(e_w, g) per word, in the order given. */
  bars: Bar[];
}

export function direction(sp: Space, pairs: [string, string][], words: string[], problems: string[]): Direction {
  const g = biasDirection(pairs.map(([a, b]) => [sp.vec(a, 'pairs'), sp.vec(b, 'pairs')] as const));
  const bars: Bar[] = [];
  for (const raw of words) {
    try {
      const word = normaliseWord(raw);
      const e = sp.vec(word, 'words');
      if (!bars.some((b) => b.word === word)) bars.push({ word, cos: cosine(e, g) });
    } catch (e) {
      problems.push(`Words compared with g: ${message(e)}`);
    }
  }
  return { pairs, g, gNorm: norm(g), bars };
}

// ---- The plane of a vector and g ----

/** A vector drawn in its plane with g: x = e·g/‖g‖ (signed length along g), y = ‖e − e_B‖ (what is left). */
export interface PlanePoint {
  x: number;
  y: number;
}

export function planeOf(e: ArrayLike<number>, g: ArrayLike<number>): PlanePoint {
  const along = dot(e, g) / norm(g);
  // What is left is computed, not taken as sqrt(‖e‖² − along²), which loses precision near the axis.
  return { x: along, y: norm(sub(e, projectOnto(e, g))) };
}

/** cos(e, g), with a value that rounding left below 10⁻¹² reported as exactly 0 (what the formula gives). */
function cosOrZero(e: ArrayLike<number>, g: ArrayLike<number>): number {
  const c = cosine(e, g);
  return Math.abs(c) < 1e-12 ? 0 : c;
}

/** One thing drawn in the plane: an arrow, a dot or a plain line. */
export interface Mark {
  key: string;
  kind: 'arrow' | 'dot' | 'line';
  to: PlanePoint;
  from?: PlanePoint;
  /** word: a word vector; bias: its part along g; result: after the step; before: the state before; mu: μ_⊥; link: a distance. */
  tone: 'word' | 'bias' | 'result' | 'before' | 'mu' | 'link';
  label?: string;
  /** Where the label sits: around the tip, or beside the middle of the line ('mid'). */
  place?: 'above' | 'below' | 'left' | 'right' | 'mid';
  dashed?: boolean;
  /** A bias part in the male side's (cool) colour; by default, when the mark points left. */
  cool?: boolean;
}

// ---- Step 2: neutralise ----

export interface Neutralised {
  word: string;
  e: Vector;
  eB: Vector;
  debiased: Vector;
  before: PlanePoint;
  cosBefore: number;
  /** 0 up to rounding; below 10⁻¹² it is reported as 0. */
  cosAfter: number;
  /** The raw cosine after, to show how small rounding left it. */
  cosAfterRaw: number;
  norm: number;
  normAfter: number;
}

export function neutraliseWord(sp: Space, g: Vector, word: string): Neutralised {
  const e = sp.vec(word, 'word');
  const eB = projectOnto(e, g);
  const debiased = neutralise(e, g);
  const cosAfterRaw = cosine(debiased, g);
  return {
    word: normaliseWord(word), e, eB, debiased, before: planeOf(e, g), cosBefore: cosine(e, g), cosAfter: cosOrZero(debiased, g), cosAfterRaw,
    norm: norm(e), normAfter: norm(debiased),
  };
}

// ---- Step 3: equalise ----

export interface PairSide {
  word: string;
  before: PlanePoint;
  after: PlanePoint;
  cosBefore: number;
  cosAfter: number;
  /** Euclidean distance to the neutralised neutral word, before and after equalising. */
  distBefore: number;
  distAfter: number;
  normBefore: number;
  normAfter: number;
  /** ‖e_wB − μ_B‖ (the paper's denominator) and ‖(e_w − μ_⊥) − μ_B‖ = ‖e_w − μ‖ (the course's). */
  paperDenominator: number;
  courseDenominator: number;
  /** ‖e_wB^corrected‖ */
  correctedLength: number;
}

export interface EqualisedPair {
  parts: Equalised;
  sides: [PairSide, PairSide];
  /** ‖μ_⊥‖ and 1 − ‖μ_⊥‖² (negative when the vectors are not unit length: the absolute value hides it). */
  muOrthNorm: number;
  oneMinus: number;
  /** μ_⊥ in the picture: (0, ‖μ_⊥‖). */
  muOrth: PlanePoint;
  /** The neutral word (neutralised) in the picture: (0, ‖n‖). */
  neutral: PlanePoint;
  neutralWord: string;
}

export function equaliseWords(sp: Space, g: Vector, w1: string, w2: string, neutral: Neutralised): EqualisedPair {
  const a = normaliseWord(w1);
  const b = normaliseWord(w2);
  const e1 = sp.vec(a, 'w1');
  const e2 = sp.vec(b, 'w2');
  if (a === b) throw new ComputeInputError(`The pair has the same word twice (${a}); choose two different words.`, 'pair');
  const parts = equalise(e1, e2, g);
  const n = neutral.debiased;
  const side = (word: string, e: Vector, eB: Vector, corrected: Vector, after: Vector): PairSide => ({
    word,
    before: planeOf(e, g),
    after: planeOf(after, g),
    cosBefore: cosine(e, g),
    cosAfter: cosine(after, g),
    distBefore: norm(sub(e, n)),
    distAfter: norm(sub(after, n)),
    normBefore: norm(e),
    normAfter: norm(after),
    paperDenominator: norm(sub(eB, parts.muB)),
    courseDenominator: norm(sub(sub(e, parts.muOrth), parts.muB)),
    correctedLength: norm(corrected),
  });
  const muOrthNorm = norm(parts.muOrth);
  return {
    parts,
    sides: [side(a, e1, parts.e1B, parts.e1BCorrected, parts.e1), side(b, e2, parts.e2B, parts.e2BCorrected, parts.e2)],
    muOrthNorm,
    oneMinus: 1 - muOrthNorm ** 2,
    muOrth: { x: 0, y: muOrthNorm },
    neutral: planeOf(n, g),
    neutralWord: neutral.word,
  };
}

// ---- Everything the widget shows ----

export interface State {
  problems: string[];
  direction: Direction;
  neutralised: Neutralised;
  equalised: EqualisedPair;
  /** The pair and neutral word actually used (after any fallback). */
  pair: [string, string];
}

/**
 * The whole widget's state from its parameters. Bad words become problems and the course's defaults are
 * used in their place, so every step always has something to show. Never throws for reader input.
 */
export function buildState(table: WordTable, p: Params): State {
  const sp = space(table, p.normalise);
  const { pairs, problems } = parsePairs(sp, p.pairs);
  const dir = direction(sp, pairs, splitList(p.words), problems);
  if (dir.gNorm === 0) throw new Error('the bias direction is zero'); // cannot happen: every pair has two different words

  let neutralised: Neutralised;
  try {
    neutralised = neutraliseWord(sp, dir.g, p.word);
  } catch (e) {
    problems.push(`Word to neutralise: ${message(e)} Using receptionist.`);
    neutralised = neutraliseWord(sp, dir.g, 'receptionist');
  }

  let equalised: EqualisedPair;
  let pair: [string, string] = [normaliseWord(p.w1), normaliseWord(p.w2)];
  try {
    equalised = equaliseWords(sp, dir.g, p.w1, p.w2, neutralised);
  } catch (e) {
    problems.push(`Pair to equalise: ${message(e)} Using actor and actress.`);
    pair = ['actor', 'actress'];
    equalised = equaliseWords(sp, dir.g, 'actor', 'actress', neutralised);
  }
  return { problems, direction: dir, neutralised, equalised, pair };
}

// ---- What the pictures draw ----

const side = (x: number): 'left' | 'right' => (x < 0 ? 'left' : 'right');
const other = (x: number): 'left' | 'right' => (x < 0 ? 'right' : 'left');

/** Step 2: e, its bias part e_B along g, the removal, and the neutralised vector on the vertical axis. */
export function neutraliseMarks(n: Neutralised): Mark[] {
  const { x, y } = n.before;
  return [
    { key: 'bias', kind: 'arrow', to: { x, y: 0 }, tone: 'bias', label: 'e_B', place: 'below' },
    // Taking e_B away: drawn in e_B's colour, whichever way it points.
    { key: 'removal', kind: 'arrow', from: { x, y }, to: { x: 0, y }, tone: 'bias', dashed: true, cool: x < 0 },
    { key: 'e', kind: 'arrow', to: { x, y }, tone: 'word', label: n.word, place: side(x) },
    { key: 'debiased', kind: 'arrow', to: { x: 0, y }, tone: 'result', label: 'debiased', place: other(x) },
  ];
}

/** Step 3: the pair before (dashed) and after, μ_⊥, the corrected bias parts, and the neutral word with the distances to it. */
export function equaliseMarks(eq: EqualisedPair): Mark[] {
  const [s1, s2] = eq.sides;
  const marks: Mark[] = [
    { key: 'mu', kind: 'arrow', to: eq.muOrth, tone: 'mu', dashed: true, label: 'μ⊥', place: 'mid' },
    // No label on the neutral word's dot: the legend names it, and a label there covers the 'before' labels on a phone.
    { key: 'neutral', kind: 'dot', to: eq.neutral, tone: 'word' },
  ];
  for (const [i, s] of [s1, s2].entries()) {
    marks.push(
      { key: `before${i}`, kind: 'arrow', to: s.before, tone: 'before', dashed: true, label: s.word, place: 'above' },
      { key: `link${i}`, kind: 'line', from: s.after, to: eq.neutral, tone: 'link' },
      { key: `corrected${i}`, kind: 'arrow', from: eq.muOrth, to: s.after, tone: 'bias' },
      { key: `after${i}`, kind: 'arrow', to: s.after, tone: 'result', label: s.word, place: side(s.after.x) },
    );
  }
  return marks;
}

// ---- Words for the reader ----

export const gFormula = (pairs: readonly (readonly [string, string])[]): string =>
  pairs.length === 1 ? `g = e_${pairs[0]![0]} − e_${pairs[0]![1]}` : `g = mean of ${pairs.map(([a, b]) => `(e_${a} − e_${b})`).join(', ')}`;

export function describe(st: State, step: Step): string {
  if (step === 'direction') {
    const bars = [...st.direction.bars].sort((x, y) => y.cos - x.cos);
    if (bars.length === 0) return `${gFormula(st.direction.pairs)}. Add a word to compare with it.`;
    const top = bars[0]!;
    const bottom = bars[bars.length - 1]!;
    return `${gFormula(st.direction.pairs)}. Most toward the female side: ${top.word} (cos ${f3(top.cos)}); most toward the male side: ${bottom.word} (cos ${f3(bottom.cos)}).`;
  }
  if (step === 'neutralise') {
    const n = st.neutralised;
    return `Neutralising ${n.word} removes its part along g: cos(e, g) goes from ${f3(n.cosBefore)} to ${f3(n.cosAfter)}.`;
  }
  const [s1, s2] = st.equalised.sides;
  return `Equalising ${s1.word} and ${s2.word}: distances to neutralised ${st.equalised.neutralWord} go from ${f3(s1.distBefore)} and ${f3(s2.distBefore)} to ${f3(s1.distAfter)} and ${f3(s2.distAfter)}.`;
}
