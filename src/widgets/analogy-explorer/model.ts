/**
 * The analogy explorer's model: its settings, the preset analogies, and everything the view shows —
 * the answer of a : b :: c : ? by argmax cosine over the word table (the three query words excluded),
 * the top candidates with their similarities, the 2-D PCA of the vectors on screen, where each mark and
 * label goes in the picture, and the sentences. No DOM and no Svelte, so it is unit-tested in Node.
 * The numbers come from src/compute/word-vectors.ts (float64, on the shipped int8 table).
 */
import { ComputeInputError } from '~/compute/errors';
import { analogy, cosine, pca2, wordIndex, type Neighbour, type Vector, type WordTable } from '~/compute/word-vectors';
import type { Schema, Values } from '../params';

export const MAX_K = 10;

export const schema = {
  a: { type: 'text', default: 'man', maxLength: 40, label: 'Word a', doc: 'The first word of the pair whose relation is copied (a : b).' },
  b: { type: 'text', default: 'woman', maxLength: 40, label: 'Word b', doc: 'The second word of that pair.' },
  c: { type: 'text', default: 'king', maxLength: 40, label: 'Word c', doc: 'The word the relation is applied to (c : ?).' },
  k: { type: 'int', default: 5, min: 1, max: MAX_K, label: 'Candidates', doc: `How many of the nearest words to list (1–${MAX_K}).` },
  pick: { type: 'int', default: 1, min: 1, max: MAX_K, label: 'Picked candidate', doc: 'Which candidate (by rank) to mark in the picture.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export interface Preset {
  id: string;
  a: string;
  b: string;
  c: string;
  /** The question the preset poses (no numbers: those come from the table, live). */
  question: string;
  /** True for the analogy shown because the table gets it wrong. */
  fails?: boolean;
}

/** Each checked on the table in tests/unit/widgets/analogy-explorer.test.ts (the answer named here is rank 1, except where it fails). */
export const PRESETS: readonly Preset[] = [
  { id: 'royal', a: 'man', b: 'woman', c: 'king', question: 'The course’s example: does the offset from man to woman, added to king, land near queen?' },
  { id: 'capital', a: 'france', b: 'paris', c: 'italy', question: 'Country to capital: is that one direction in the table?' },
  { id: 'comparative', a: 'small', b: 'smaller', c: 'big', question: 'Grammar, not meaning: does “-er” have a direction of its own?' },
  { id: 'past', a: 'walk', b: 'walked', c: 'swim', question: 'An irregular past tense: can vector arithmetic find “swam”?' },
  { id: 'bias', a: 'man', b: 'doctor', c: 'woman', question: 'The same arithmetic on an occupation: what has the table learned from its text about who is a doctor?' },
  {
    id: 'miss', a: 'walking', b: 'walked', c: 'swimming', fails: true,
    question: 'A miss: “swimming” sits among sports words, and the nearest word to the target is not a verb at all. Where does “swam” come?',
  },
];

export function presetOf(p: Pick<Params, 'a' | 'b' | 'c'>): Preset | undefined {
  const [a, b, c] = [p.a, p.b, p.c].map((w) => w.trim().toLowerCase());
  return PRESETS.find((x) => x.a === a && x.b === b && x.c === c);
}

// ---- The answer ----

/** What the view draws: the answer, its candidates and the picture's coordinates. */
export interface Shown {
  words: [string, string, string];
  candidates: Neighbour[];
  /** cos(target, e_a), cos(target, e_b), cos(target, e_c): why the three are excluded (c usually beats the answer). */
  querySimilarities: [number, number, number];
  /** PCA of a, b, c, the target and the candidates, in that order. */
  points: [number, number][];
  explained: [number, number];
}

export interface Solved extends Shown {
  /** e_b − e_a + e_c */
  target: Vector;
}

export interface Attempt {
  solved: Solved | null;
  /** One sentence per thing wrong with the reader's words (each field is checked, not just the first). */
  problems: string[];
}

const FIELDS = ['a', 'b', 'c'] as const;

/**
 * a : b :: c : ? on the table. Never throws for the reader's input: an unknown word, an empty box, a
 * non-letter or a repeated word becomes a sentence. The projection is computed here, once per query
 * (not when the reader only picks another candidate).
 */
export function solve(table: WordTable, p: Pick<Params, 'a' | 'b' | 'c' | 'k'>): Attempt {
  const problems: string[] = [];
  const rows: number[] = [];
  for (const field of FIELDS) {
    try {
      rows.push(wordIndex(table, p[field], field));
    } catch (e) {
      if (!(e instanceof ComputeInputError)) throw e;
      problems.push(e.message);
    }
  }
  if (problems.length) return { solved: null, problems };
  if (rows[0] === rows[1]) {
    return { solved: null, problems: [`a and b are the same word, “${table.words[rows[0]!]}”: there is no offset to copy. Type two different words.`] };
  }
  const result = analogy(table, p.a, p.b, p.c, p.k);
  const words = result.indices.map((i) => table.words[i]!) as Shown['words'];
  const vectors = [...result.indices.map((i) => table.row(i)), result.target, ...result.candidates.map((n) => table.row(n.index))];
  const projection = pca2(vectors);
  return {
    solved: {
      words,
      target: result.target,
      candidates: result.candidates,
      querySimilarities: result.indices.map((i) => cosine(table.row(i), result.target)) as Shown['querySimilarities'],
      points: projection.points,
      explained: projection.explained,
    },
    problems: [],
  };
}

/**
 * The first frame's picture, handed from the server-rendered page to the hydrating widget (a data attribute),
 * so the widget keeps showing it while the table is still loading instead of swapping it for a loading line.
 * Only the numbers drawn travel: words (letters only) and numbers, which JSON and an attribute carry safely.
 */
export function snapshotOf(p: Pick<Params, 'a' | 'b' | 'c' | 'k'>, s: Shown): string {
  const { words, candidates, querySimilarities, points, explained } = s;
  return JSON.stringify({ query: [p.a, p.b, p.c, p.k], words, candidates, querySimilarities, points, explained });
}

/** The snapshot back, if it was made for these settings and has the expected shape; else null. */
export function readSnapshot(text: string | null | undefined, p: Pick<Params, 'a' | 'b' | 'c' | 'k'>): Shown | null {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as Shown & { query: unknown[] };
    const ok =
      JSON.stringify(v.query) === JSON.stringify([p.a, p.b, p.c, p.k]) &&
      v.words.length === 3 && v.candidates.length === p.k && v.points.length === 4 + p.k &&
      v.querySimilarities.length === 3 && v.explained.length === 2 &&
      [...v.querySimilarities, ...v.explained, ...v.points.flat(), ...v.candidates.map((c) => c.similarity)].every(Number.isFinite) &&
      [...v.words, ...v.candidates.map((c) => c.word)].every((w) => /^[a-z]+$/.test(w));
    return ok ? { words: v.words, candidates: v.candidates, querySimilarities: v.querySimilarities, points: v.points, explained: v.explained } : null;
  } catch {
    return null;
  }
}

/** The picked rank, kept within the list shown. */
export const pickedRank = (solved: Shown, pick: number) => Math.min(Math.max(1, pick), solved.candidates.length);

// ---- Numbers and sentences ----

/** A cosine as the view writes it: three decimals, a true minus sign. */
export function cos3(x: number): string {
  const s = Math.abs(x).toFixed(3);
  return x < 0 && s !== '0.000' ? `−${s}` : s;
}

export const percent = (x: number) => `${Math.round(x * 100)}%`;

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
export const ordinal = (rank: number) => ORDINALS[rank - 1] ?? `number ${rank}`;

/** "man : woman :: king : ?" */
export const queryText = (w: readonly string[]) => `${w[0]} : ${w[1]} :: ${w[2]} : ?`;

/** The live sentence: the answer, and the picked candidate when it is not the answer. */
export function describe(s: Shown, pick: number): string {
  const [a, b, c] = s.words;
  const best = s.candidates[0]!;
  const head = `${a} : ${b} :: ${c} : ${best.word}. The nearest word to e_${b} − e_${a} + e_${c} is “${best.word}”, cosine ${cos3(best.similarity)}`;
  const rank = pickedRank(s, pick);
  if (rank === 1) {
    const next = s.candidates[1];
    return next ? `${head}; next comes “${next.word}” (${cos3(next.similarity)}).` : `${head}.`;
  }
  const picked = s.candidates[rank - 1]!;
  return `${head}. Picked: “${picked.word}”, ${ordinal(rank)}, cosine ${cos3(picked.similarity)}.`;
}

/** The caption under the picture: what the projection keeps and why it is PCA. */
export function projectionNote(s: Shown): string {
  const [x, y] = s.explained;
  return (
    `The map is a PCA of these ${s.points.length} vectors, from 100 dimensions to the two directions they vary along most, ` +
    `which keep ${percent(x + y)} of their spread (${percent(x)} + ${percent(y)}). PCA is linear, so e_b − e_a and target − e_c, ` +
    `one and the same vector, are drawn as equal, parallel arrows; a t-SNE or UMAP map bends distances to keep neighbours together, ` +
    `so a parallelogram there would mean nothing. The cosines are measured in all 100 dimensions, not on the map.`
  );
}

/** A sentence cut at every e_word, so the view can write the word as a subscript (the words are letters only). */
export function withSubscripts(text: string): { text: string; sub?: string }[] {
  return text.split(/\be_([a-z]+)/).map((part, i) => (i % 2 ? { text: 'e', sub: part } : { text: part })).filter((p) => p.sub || p.text);
}

/** Why a, b and c are left out: the one of them nearest the target, and its cosine. */
export function exclusionNote(s: Shown): string {
  const i = s.querySimilarities.indexOf(Math.max(...s.querySimilarities));
  const best = s.candidates[0]!;
  const beats = s.querySimilarities[i]! > best.similarity;
  return (
    `The three query words are left out of the search. Left in, “${s.words[i]}” would have cosine ${cos3(s.querySimilarities[i]!)} with the target` +
    (beats ? `, more than “${best.word}” (${cos3(best.similarity)}), and would be the answer.` : `, less than “${best.word}” (${cos3(best.similarity)}).`)
  );
}

// ---- The picture ----

export type MarkKind = 'query' | 'target' | 'candidate';

export interface Mark {
  kind: MarkKind;
  /** The word, or "b − a + c" for the target. */
  label: string;
  /** 'a', 'b', 'c' for query words; the rank (1-based) for candidates. */
  role: string;
  rank: number;
  x: number;
  y: number;
  /** The label's anchor point and alignment. */
  lx: number;
  ly: number;
  anchor: 'start' | 'middle' | 'end';
  /** False when no place for the label was free of the other labels. */
  labelled: boolean;
  /** The label's estimated extent. */
  box: Box;
}

export interface Plot {
  width: number;
  height: number;
  marks: Mark[];
  /** The two offset arrows, a → b and c → target, and the parallelogram's other sides a → c, b → target. */
  arrows: { from: Mark; to: Mark }[];
  sides: { from: Mark; to: Mark }[];
  /** Where the axes' origin (the mean of the vectors) lands. */
  origin: { x: number; y: number };
}

export const PLOT_FONT = 13;
const CHAR_WIDTH = 0.6 * PLOT_FONT; // an upper estimate for lower-case letters of the UI font

export interface Box { x0: number; y0: number; x1: number; y1: number }
export const overlaps = (p: Box, q: Box) => p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1;

/**
 * Where everything goes in a width × height picture: one scale for both axes (so angles, lengths and the
 * parallelogram are not distorted), fitted to the points with room for labels; y up. Each label takes the
 * first of eight places around its point that collides with no mark and no earlier label (query words
 * first, then the target, then candidates by rank), else the least crowded one.
 */
export function layoutPlot(s: Shown, width: number, height: number): Plot {
  const pts = s.points;
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const padX = 56; // room for a label beside the outermost points
  const padY = 26;
  const unit = Math.min((width - 2 * padX) / (x1 - x0 || 1), (height - 2 * padY) / (y1 - y0 || 1));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const px = (x: number) => width / 2 + (x - cx) * unit;
  const py = (y: number) => height / 2 - (y - cy) * unit;

  const marks: Mark[] = pts.map((p, i) => {
    const kind: MarkKind = i < 3 ? 'query' : i === 3 ? 'target' : 'candidate';
    const label = i < 3 ? s.words[i]! : i === 3 ? 'b − a + c' : s.candidates[i - 4]!.word;
    return { kind, label, role: i < 3 ? FIELDS[i]! : i === 3 ? 'target' : String(i - 3), rank: i < 4 ? 0 : i - 3, x: px(p[0]), y: py(p[1]), lx: 0, ly: 0, anchor: 'start', labelled: true, box: { x0: 0, y0: 0, x1: 0, y1: 0 } };
  });

  // What a label must not cover, with a cost: another word's label (a query word's or the target's: never),
  // a dot, the parallelogram's four sides and the line from the target to the answer (the default pick
  // draws it), the lines sampled every few pixels.
  const taken: { box: Box; cost: number; owner: Mark }[] = marks.map((m) => ({ box: { x0: m.x - 5, y0: m.y - 5, x1: m.x + 5, y1: m.y + 5 }, cost: 8, owner: m }));
  const [qa, qb, qc, qt] = marks as [Mark, Mark, Mark, Mark];
  for (const [p, q] of [[qa, qb], [qc, qt], [qa, qc], [qb, qt], ...(marks[4] ? [[qt, marks[4]] as const] : [])]) {
    const len = Math.hypot(q.x - p.x, q.y - p.y);
    for (let d = 7; d < len - 7; d += 5) {
      const x = p.x + ((q.x - p.x) * d) / len;
      const y = p.y + ((q.y - p.y) * d) / len;
      taken.push({ box: { x0: x - 1.5, y0: y - 1.5, x1: x + 1.5, y1: y + 1.5 }, cost: 1, owner: p });
    }
  }
  const h = PLOT_FONT;
  const gap = 8;
  const inside = (b: Box) => b.x0 >= 2 && b.x1 <= width - 2 && b.y0 >= 2 && b.y1 <= height - 2;
  for (const m of marks) {
    const w = m.label.length * CHAR_WIDTH + (m.kind === 'query' ? CHAR_WIDTH * 3 : 0); // "a  man": the role letter too
    const places: { lx: number; ly: number; anchor: Mark['anchor']; box: Box }[] = [
      { lx: m.x + gap, ly: m.y + h / 3, anchor: 'start', box: { x0: m.x + gap, y0: m.y - h / 2, x1: m.x + gap + w, y1: m.y + h / 2 } },
      { lx: m.x - gap, ly: m.y + h / 3, anchor: 'end', box: { x0: m.x - gap - w, y0: m.y - h / 2, x1: m.x - gap, y1: m.y + h / 2 } },
      { lx: m.x, ly: m.y - gap - 2, anchor: 'middle', box: { x0: m.x - w / 2, y0: m.y - gap - h, x1: m.x + w / 2, y1: m.y - gap } },
      { lx: m.x, ly: m.y + gap + h - 2, anchor: 'middle', box: { x0: m.x - w / 2, y0: m.y + gap, x1: m.x + w / 2, y1: m.y + gap + h } },
      { lx: m.x + gap - 2, ly: m.y - gap + 2, anchor: 'start', box: { x0: m.x + gap - 2, y0: m.y - gap - h + 4, x1: m.x + gap - 2 + w, y1: m.y - gap + 4 } },
      { lx: m.x - gap + 2, ly: m.y - gap + 2, anchor: 'end', box: { x0: m.x - gap + 2 - w, y0: m.y - gap - h + 4, x1: m.x - gap + 2, y1: m.y - gap + 4 } },
      { lx: m.x + gap - 2, ly: m.y + gap + h - 4, anchor: 'start', box: { x0: m.x + gap - 2, y0: m.y + gap - 4, x1: m.x + gap - 2 + w, y1: m.y + gap + h - 4 } },
      { lx: m.x - gap + 2, ly: m.y + gap + h - 4, anchor: 'end', box: { x0: m.x - gap + 2 - w, y0: m.y + gap - 4, x1: m.x - gap + 2, y1: m.y + gap + h - 4 } },
    ];
    const crowding = (b: Box) => taken.reduce((sum, t) => sum + (t.owner !== m && overlaps(t.box, b) ? t.cost : 0), 0) + (inside(b) ? 0 : 50);
    const costs = places.map((p) => crowding(p.box));
    const best = costs.indexOf(Math.min(...costs));
    const place = places[best]!;
    // Labels never cover labels: a candidate after the answer whose every place would cover one goes
    // unlabelled (its dot has a tooltip and the list names it); the query words, the target and the answer
    // never give way.
    if (m.kind === 'candidate' && m.rank > 1 && costs[best]! >= 100) {
      m.labelled = false;
      continue;
    }
    Object.assign(m, { lx: place.lx, ly: place.ly, anchor: place.anchor, box: place.box });
    taken.push({ box: place.box, cost: 100, owner: m });
  }

  return {
    width,
    height,
    marks,
    arrows: [{ from: qa, to: qb }, { from: qc, to: qt }],
    sides: [{ from: qa, to: qc }, { from: qb, to: qt }],
    origin: { x: px(0), y: py(0) },
  };
}

/** A line from → to, shortened at both ends so it stops short of the dots (and of an arrowhead's tip). */
export function shortened(from: { x: number; y: number }, to: { x: number; y: number }, start = 7, end = 9): { x1: number; y1: number; x2: number; y2: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy);
  if (len <= start + end) return { x1: from.x, y1: from.y, x2: to.x, y2: to.y };
  return { x1: from.x + (dx / len) * start, y1: from.y + (dy / len) * start, x2: to.x - (dx / len) * end, y2: to.y - (dy / len) * end };
}

/** An arrowhead's three corners (SVG polygon points) at the end of the line x1,y1 → x2,y2. */
export function arrowHead(l: { x1: number; y1: number; x2: number; y2: number }, size = 9): string {
  const angle = Math.atan2(l.y2 - l.y1, l.x2 - l.x1);
  const corner = (turn: number) => `${(l.x2 - size * Math.cos(angle + turn)).toFixed(1)},${(l.y2 - size * Math.sin(angle + turn)).toFixed(1)}`;
  return `${l.x2.toFixed(1)},${l.y2.toFixed(1)} ${corner(0.45)} ${corner(-0.45)}`;
}
