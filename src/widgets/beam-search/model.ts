/**
 * The beam-search tree's model: parameters, presets, the searches behind the picture, the tree's layout
 * and every sentence the view shows. No DOM.
 *
 * `state.step` is an index, 0 … count − 1: index k shows search steps 1 … k + 1, the last one's candidates
 * ranked by log-probability with the top B kept. The `step` setting counts from 1, as the transport shows
 * it ("Step 3 of 10"). Its default is "the end": the widget opens on the whole
 * tree with the winner's path marked, so it teaches at rest; play starts again from the start.
 */
import {
  beamSearch, EOS, errorAnalysis, exhaustiveSearch, greedySearch, reason, tokenise, type BeamResult, type BeamStep, type BeamTable,
  type Candidate, type ErrorAnalysis, type Hypothesis, type SequenceProbability,
} from '~/compute/beam';
import { ComputeInputError } from '~/compute/errors';
import { MAX_PATH, SOURCES, translationTable, type SourceId } from '~/data/translation-model';
import { quote, presetPlumbing, type Schema, type Values } from '../params';

// ------------------------------------------------------------------------------------------- settings

export const PRESETS = {
  course: {
    label: 'The course’s example',
    question: 'The course’s example, B = 3: which translation wins, and would greedy search (B = 1) find it?',
    values: {},
  },
  greedy: {
    label: 'When does greedy lose?',
    question: 'Greedy search (B = 1) takes the likeliest word at every step. Where does that lead? Slide B to 3.',
    values: { beam: 1 },
  },
  'small-beam': {
    label: 'Is B = 2 enough?',
    question: 'Another sentence, B = 2: the best translation starts “Last year”, which ranks third at step 2. Try B = 3.',
    values: { source: 'an-dernier', beam: 2 },
  },
  length: {
    label: 'Why normalise by length?',
    question: 'With α = 0 (no length normalisation) a short translation that drops “in September” wins. Raise α to 0.7.',
    values: { alpha: 0 },
  },
  fault: {
    label: 'Beam or model at fault?',
    question: 'A human wrote y*. Greedy search gave ŷ. Is the search or the model to blame? Then try B = 3.',
    values: { beam: 1, ystar: 'Jane is visiting Africa in September' },
  },
} as const;
export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A step beyond any search: "show the finished search". */
export const END = 12;

export const schema = {
  preset: { type: 'enum', options: PRESET_NAMES, default: 'course', label: 'Preset', doc: 'A question to start from: course, greedy, small-beam, length, fault. Settings given too override it.' },
  source: { type: 'enum', options: Object.keys(SOURCES) as SourceId[], default: 'visite', label: 'Source sentence', doc: 'visite: “Jane visite l’Afrique en septembre”; an-dernier: “Jane a visité l’Afrique l’an dernier”.' },
  beam: { type: 'int', default: 3, min: 1, max: 6, label: 'Beam width B', doc: 'How many hypotheses survive each step; 1 is greedy search.' },
  alpha: { type: 'number', default: 0.7, min: 0, max: 1, label: 'Length normalisation α', doc: 'Finished sentences are ranked by (1/T_y^α)·Σ log P; 0 is no normalisation.' },
  maxlen: { type: 'int', default: MAX_PATH, min: 1, max: END, label: 'Maximum length', doc: 'Tokens a hypothesis may hold, </s> included; the search stops there.' },
  step: { type: 'int', default: END, min: 1, max: END, label: 'Step', doc: 'The search step shown, from 1; 12 (the default) or any step past the end shows the finished search.' },
  force: { type: 'text', default: '', maxLength: 200, label: 'Forced prefix', doc: '“What if” this prefix were kept: tokens split by spaces, e.g. Jane is going; the search continues from it alone.' },
  ystar: { type: 'text', default: '', maxLength: 200, label: 'Human translation y*', doc: 'A translation to compare with the search’s output ŷ (error analysis), tokens split by spaces.' },
  pruned: { type: 'bool', default: true, label: 'Show pruned candidates', doc: 'false draws only the kept hypotheses (a smaller tree for a phone).' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export function presetParams(name: PresetName): Params {
  const defaults = Object.fromEntries(Object.entries(schema).map(([k, spec]) => [k, spec.default])) as Params;
  return { ...defaults, ...PRESETS[name].values, preset: name };
}

export const { givenOrPreset, expandQuery, queryOf } = presetPlumbing(schema, PRESET_NAMES, 'course', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface Searches {
  /** The search drawn in the tree (with the forced prefix, if any). */
  shown: BeamResult;
  /** The same B and α without a forced prefix. */
  free: BeamResult;
  greedy: Hypothesis;
  exhaustive: { all: Hypothesis[]; best: Hypothesis | null };
}

export interface HumanInput {
  /** What the reader gave, as tokens, `</s>` appended if missing. */
  tokens: string[];
  addedEnd: boolean;
  analysis: ErrorAnalysis | null;
  /** Why there is no analysis (unknown words, no output, empty input). */
  message: string;
}

export interface State {
  params: Params;
  sourceId: SourceId;
  source: string;
  table: BeamTable;
  beamWidth: number;
  alpha: number;
  maxLength: number;
  /** The forced prefix in use (empty when none, or when it was refused). */
  forced: string[];
  searches: Searches;
  /** Search steps in all. */
  count: number;
  /** The step shown, as an index 0 … count − 1 (search step step + 1). */
  step: number;
  human: HumanInput | null;
  /** Settings the model refused, as sentences. */
  problems: string[];
}

/** Splits the forced prefix and checks it against the model; a refused prefix is a problem sentence. */
function forcedPrefix(p: Params, table: BeamTable, problems: string[]): string[] {
  const tokens = tokenise(p.force);
  if (tokens.length === 0) return [];
  try {
    beamSearch(table, { beamWidth: 1, maxLength: p.maxlen, alpha: p.alpha, forced: tokens });
    return tokens;
  } catch (e) {
    if (!(e instanceof ComputeInputError)) throw e;
    problems.push(`Forced prefix (force) ${quote(p.force)}: ${e.message}; the search runs without it.`);
    return [];
  }
}

/** y* as the reader typed it, compared with ŷ. */
export function humanInput(text: string, table: BeamTable, output: Hypothesis | null, alpha: number): HumanInput | null {
  if (text.trim() === '') return null;
  const typed = tokenise(text);
  const addedEnd = typed.at(-1) !== EOS;
  const tokens = addedEnd ? [...typed, EOS] : typed;
  const unknown = [...new Set(typed.filter((t) => !table.vocab.includes(t)))];
  if (unknown.length > 0) {
    return { tokens, addedEnd, analysis: null, message: `${unknown.map(quote).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the model’s vocabulary, so it has no probability for y*. The model knows: ${table.vocab.join(' ')} (case matters).` };
  }
  if (tokens.slice(0, -1).includes(EOS)) return { tokens, addedEnd, analysis: null, message: `y* goes on after ${EOS}; write ${EOS} only at the end, or leave it out.` };
  if (!output) return { tokens, addedEnd, analysis: null, message: 'The search has no output ŷ to compare with: no hypothesis ended within the maximum length.' };
  return { tokens, addedEnd, analysis: errorAnalysis(table, tokens, output.tokens, alpha), message: '' };
}

export function buildState(p: Params): State {
  const problems: string[] = [];
  const sourceId = p.source;
  const table = translationTable(sourceId);
  const options = { beamWidth: p.beam, maxLength: p.maxlen, alpha: p.alpha };
  const forced = forcedPrefix(p, table, problems);
  const free = beamSearch(table, options);
  const shown = forced.length > 0 ? beamSearch(table, { ...options, forced }) : free;
  const searches: Searches = {
    shown,
    free,
    greedy: greedySearch(table, options),
    exhaustive: exhaustiveSearch(table, options),
  };
  if (!shown.best) problems.push(`No hypothesis ends with ${EOS} within ${p.maxlen} token${p.maxlen > 1 ? 's' : ''}: raise the maximum length (every sentence of this model ends within ${MAX_PATH}).`);
  const count = shown.steps.length;
  return {
    params: p, sourceId, source: SOURCES[sourceId].source, table, beamWidth: p.beam, alpha: p.alpha, maxLength: p.maxlen, forced, searches,
    count, step: Math.min(count - 1, Math.max(0, Math.round(p.step) - 1)),
    human: humanInput(p.ystar, table, shown.best, p.alpha),
    problems,
  };
}

export const isDone = (s: State, step = s.step) => step === s.count - 1;

// ------------------------------------------------------------------------------------------- numbers

/** A number to `digits` decimals with a true minus sign; −∞ for log 0. */
export function num(v: number, digits = 2): string {
  if (v === -Infinity) return '−∞';
  const text = Math.abs(v).toFixed(digits);
  return (v < 0 && Number(text) !== 0 ? '−' : '') + text;
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹' };

/** A probability to 3 significant figures: 0.130, 0.0314, 2.45 × 10⁻⁷, 0. */
export function prob(p: number): string {
  if (p === 0) return '0';
  if (p >= 1e-4) return p.toPrecision(3);
  const [m, e] = p.toExponential(2).split('e');
  return `${m} × 10${[...String(Number(e))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
}

export const sentence = (tokens: readonly string[]) => tokens.join(' ');

/** "(1/7^0.7)·(−1.84)": the score's formula with the numbers in. */
export function scoreFormula(h: Pick<Hypothesis, 'tokens' | 'logProb' | 'score'>, alpha: number): string {
  const T = h.tokens.length;
  if (alpha === 0) return `score = log P = ${num(h.logProb)}`;
  return `score = log P / T_y^α = ${num(h.logProb)} / ${T}^${alpha} = ${num(h.score)}`;
}

/** "0.85 × 0.5 × 0.4 = 0.17": P(y | x) as the product of its terms. */
export function productText(seq: Pick<SequenceProbability, 'terms'>): string {
  return `${seq.terms.map((p) => String(p)).join(' × ')} = ${prob(seq.terms.reduce((a, b) => a * b, 1))}`;
}

// ---------------------------------------------------------------------------------------------- tree

export const NODE_W = 116;
export const NODE_H = 38;
/** The start node is narrower: it holds only the word "start". */
export const ROOT_W = 52;
export const COL_W = 140;
export const ROW_H = 46;
/** Extra room where the beam cuts, for the dashed line and its "B = 3". */
export const CUT_GAP = 16;
export const PAD = 12;

/** Left edge of step t's column (0: the start). */
export const columnX = (t: number) => PAD + (t === 0 ? 0 : ROOT_W + (COL_W - NODE_W) + (t - 1) * COL_W);

export interface TreeNode {
  /** The hypothesis's tokens joined by spaces ('' for the root): unique in a tree, and stable when a forced prefix redraws it. */
  id: string;
  t: number;
  i: number;
  x: number;
  y: number;
  w: number;
  candidate: Candidate | null;
  /** Id of the parent node (null for the root). */
  parent: string | null;
}

export interface TreeLayout {
  nodes: TreeNode[];
  width: number;
  height: number;
  /** Per step that prunes something: where the line between rank B and B + 1 goes (not on forced steps). */
  cuts: { t: number; x: number; y: number }[];
}

/** Column t's drawn candidates: all of them, or only the kept ones when pruned ones are hidden. */
function drawn(step: BeamStep, showPruned: boolean): number[] {
  return step.candidates.flatMap((c, i) => (showPruned || c.status === 'kept' || c.status === 'forced' ? [i] : []));
}

/** Columns by step, rows by rank: the beam's cut at B is a line across each column, with room around it. */
export function layoutTree(s: State, upTo = s.step + 1): TreeLayout {
  const showPruned = s.params.pruned;
  const root: TreeNode = { id: '', t: 0, i: 0, x: PAD, y: PAD, w: ROOT_W, candidate: null, parent: null };
  const nodes: TreeNode[] = [root];
  const cuts: TreeLayout['cuts'] = [];
  let bottom = PAD + NODE_H;
  const steps = s.searches.shown.steps.slice(0, upTo);
  steps.forEach((step, k) => {
    const t = k + 1;
    const x = columnX(t);
    const forcedStep = step.candidates.some((c) => c.status === 'forced');
    const cut = !forcedStep && showPruned && step.candidates.length > s.beamWidth;
    const shown = drawn(step, showPruned);
    shown.forEach((i, row) => {
      const c = step.candidates[i]!;
      const y = PAD + row * ROW_H + (cut && row >= s.beamWidth ? CUT_GAP : 0);
      nodes.push({ id: sentence(c.tokens), t, i, x, y, w: NODE_W, candidate: c, parent: sentence(c.tokens.slice(0, -1)) });
      bottom = Math.max(bottom, y + NODE_H);
    });
    if (cut) cuts.push({ t, x: x - 6, y: PAD + s.beamWidth * ROW_H - (ROW_H - NODE_H) / 2 + CUT_GAP / 2 });
  });
  return { nodes, cuts, width: columnX(steps.length) + (steps.length ? NODE_W : ROOT_W) + PAD, height: bottom + PAD };
}

/** Ids of a node and its ancestors. */
export function pathTo(layout: TreeLayout, id: string | null): Set<string> {
  const byId = new Map(layout.nodes.map((n) => [n.id, n]));
  const out = new Set<string>();
  for (let n = id === null ? undefined : byId.get(id); n; n = n.parent === null ? undefined : byId.get(n.parent)) out.add(n.id);
  return out;
}

/** The node of the winner ŷ once the search is done, else null. */
export function winnerId(s: State, layout: TreeLayout): string | null {
  const best = s.searches.shown.best;
  if (!best || !isDone(s)) return null;
  const key = sentence(best.tokens);
  return layout.nodes.find((n) => n.candidate && sentence(n.candidate.tokens) === key)?.id ?? null;
}

/**
 * Where an arrow key goes from a node: left the parent, right its best drawn child, up/down the
 * neighbours in the same step (rank order). Null: nowhere to go.
 */
export function neighbour(layout: TreeLayout, id: string, key: string): string | null {
  const node = layout.nodes.find((n) => n.id === id);
  if (!node) return null;
  const column = layout.nodes.filter((n) => n.t === node.t);
  const at = column.findIndex((n) => n.id === id);
  switch (key) {
    case 'ArrowLeft':
      return node.parent;
    case 'ArrowRight':
      return layout.nodes.find((n) => n.parent === id)?.id ?? null;
    case 'ArrowUp':
      return column[at - 1]?.id ?? null;
    case 'ArrowDown':
      return column[at + 1]?.id ?? null;
    case 'Home':
      return column[0]?.id ?? null;
    case 'End':
      return column.at(-1)?.id ?? null;
    default:
      return null;
  }
}

// ------------------------------------------------------------------------------------------ sentences

const short = (c: Candidate) => `${sentence(c.tokens)} (${num(c.logProb)})`;

/** What a node says to a screen reader (and its tooltip). */
export function nodeLabel(s: State, node: TreeNode): string {
  const c = node.candidate;
  if (!c) return `Start: the decoder has read “${s.source}”.${s.forced.length ? ' Enter clears the forced prefix.' : ''}`;
  const step = s.searches.shown.steps[node.t - 1]!;
  return `Step ${node.t}: “${sentence(c.tokens)}”, P(${c.token}) = ${c.p}, log P = ${num(c.logProb)}, score = ${num(c.score)}; ${reason(c, step, s.beamWidth)}.`;
}

/** The read-out for a focused or hovered node: its sentence, P as a product, log P, the score with its formula, its fate. */
export function nodeDetail(s: State, node: TreeNode): string {
  const c = node.candidate;
  if (!c) return `Start: the decoder has read x = “${s.source}” and scores every first word.`;
  const step = s.searches.shown.steps[node.t - 1]!;
  const terms: number[] = [];
  for (let n: Candidate | undefined = c, t = node.t; n; n = n.parent < 0 ? undefined : s.searches.shown.steps[t - 2]!.candidates[n.parent], t--) terms.unshift(n.p);
  return `“${sentence(c.tokens)}”: P = ${productText({ terms })}, log P = ${num(c.logProb)}, ${scoreFormula(c, s.alpha)}; ${reason(c, step, s.beamWidth)}.`;
}

/** The live sentence (and the screen reader's announcement) for the step at index `at`. */
export function describeStep(s: State, at = s.step): string {
  const step = s.searches.shown.steps[at]!;
  const start = at === 0 ? `The decoder has read “${s.source}” and scores every first word${s.forced.length ? `, forced through “${sentence(s.forced)}”` : ''}. ` : '';
  const kept = step.candidates.filter((c) => c.status === 'kept' || c.status === 'forced');
  const pruned = step.candidates.filter((c) => c.status === 'pruned' || c.status === 'off-prefix');
  const parts = [`${start}Step ${at + 1}: ${step.candidates.length} candidate${step.candidates.length > 1 ? 's' : ''}`];
  if (kept.some((c) => c.status === 'forced')) parts.push(`forced: ${kept.map(short).join(', ')}`);
  else parts.push(`kept: ${kept.map(short).join(', ')}`);
  if (pruned.length) parts.push(`pruned: ${pruned.map((c) => `${sentence(c.tokens)} (rank ${c.rank} of ${step.candidates.length}${c.status === 'pruned' ? `, B = ${s.beamWidth}` : ', off the forced prefix'})`).join(', ')}`);
  const ended = kept.filter((c) => c.finished);
  if (ended.length) parts.push(`finished: ${ended.map((c) => `${sentence(c.tokens)} (score ${num(c.score)})`).join(', ')}`);
  const cut = kept.filter((c) => c.cut);
  if (cut.length) parts.push(`cut at the maximum length ${s.maxLength}: ${cut.map((c) => sentence(c.tokens)).join(', ')}`);
  let text = `${parts.join('; ')}.`;
  if (isDone(s, at)) {
    const best = s.searches.shown.best;
    text += best ? ` Done: ŷ = “${sentence(best.tokens)}”, score ${num(best.score)}.` : ' Done: no hypothesis ended.';
  }
  return text;
}

export interface CompareRow {
  name: string;
  hypothesis: Hypothesis | null;
  /** Best score of the three (ties count). */
  best: boolean;
}

/** Greedy, beam B and exhaustive side by side (and the forced search when there is one). */
export function compareRows(s: State): CompareRow[] {
  const { greedy, free, shown, exhaustive } = s.searches;
  const rows: Omit<CompareRow, 'best'>[] = [
    { name: 'Greedy (B = 1)', hypothesis: greedy.finished ? greedy : null },
    { name: `Beam, B = ${s.beamWidth}`, hypothesis: free.best },
    { name: `Exhaustive (${exhaustive.all.length} sentences)`, hypothesis: exhaustive.best },
  ];
  if (s.forced.length) rows.push({ name: `Forced “${sentence(s.forced)}”`, hypothesis: shown.best });
  const top = Math.max(...rows.map((r) => r.hypothesis?.score ?? -Infinity));
  return rows.map((r) => ({ ...r, best: !!r.hypothesis && r.hypothesis.score >= top - 1e-12 }));
}

/** One sentence on how beam B did against the exact best. */
export function compareVerdict(s: State): string {
  const { greedy, free, exhaustive } = s.searches;
  const best = exhaustive.best;
  if (!best || !free.best) return 'Nothing ends within the maximum length, so there is nothing to compare.';
  const gap = best.score - free.best.score;
  const beamText = gap <= 1e-12
    ? `B = ${s.beamWidth} finds the exact best (by score, α = ${s.alpha}).`
    : `B = ${s.beamWidth} misses the exact best by ${num(gap)} in score: “${sentence(best.tokens)}” was pruned on the way.`;
  const greedyGap = best.score - greedy.score;
  const greedyText = s.beamWidth === 1 ? '' : greedy.finished && greedyGap <= 1e-12 ? ' Greedy finds it too.' : ' Greedy does worse.';
  return beamText + greedyText;
}

/** The verdict of error analysis in words. */
export function verdictText(a: ErrorAnalysis, alpha: number): string {
  const measure = alpha === 0 ? 'P(y* | x) vs P(ŷ | x)' : `the normalised score (α = ${alpha}), the same one the search ranks by`;
  if (a.fault === 'none') return 'ŷ is y*: the search found the human translation; nothing to blame.';
  if (a.fault === 'beam') {
    return `Beam search is at fault: the model scores y* higher than ŷ (${num(a.human.score)} > ${num(a.output.score)}, comparing ${measure}), yet the search returned ŷ. A larger B may find y*.`;
  }
  const zero = a.human.zeroAt >= 0 ? ` It gives “${a.human.tokens[a.human.zeroAt]}” probability 0 after “${sentence(a.human.tokens.slice(0, a.human.zeroAt)) || 'the start'}”.` : '';
  // Without length normalisation every extra word costs log P < 0: the usual cause of a too-short ŷ.
  const short = zero === '' && alpha < 0.5 && a.human.tokens.length > a.output.tokens.length
    ? ` Here y* is longer than ŷ and α = ${alpha} charges it for every extra word: try length normalisation (α ≈ 0.7).`
    : ' Better data, regularisation or a different network would help, not a larger B.';
  return `The model is at fault: it scores y* no higher than ŷ (${num(a.human.score)} ≤ ${num(a.output.score)}, comparing ${measure}), so no search would prefer y*.${zero}${short}`;
}

/** Finished hypotheses so far (up to the step at index `at`), best score first, with the step each ended at. */
export function finishedSoFar(s: State, at = s.step): (Candidate & { t: number })[] {
  const out: (Candidate & { t: number })[] = [];
  s.searches.shown.steps.slice(0, at + 1).forEach((step, k) => {
    for (const c of step.candidates) if (c.finished && (c.status === 'kept' || c.status === 'forced')) out.push({ ...c, t: k + 1 });
  });
  return out.sort((a, b) => b.score - a.score || b.logProb - a.logProb || a.tokens.length - b.tokens.length);
}
