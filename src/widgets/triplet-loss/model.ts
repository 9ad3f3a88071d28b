/**
 * The triplet-loss widget's model: its parameters and presets, the batch of triplets in a 2-D encoding
 * space (and their compact text form for the URL), every triplet's distances, loss and class, the batch
 * cost J, verification by a threshold τ, the pairwise sigmoid, and every sentence the view shows. No DOM
 * and no Svelte, so it is unit-tested in Node. Every number comes from src/compute/triplet.ts.
 *
 * Encodings live on a grid of tenths in the square [−1, 1]² (f₁ across, f₂ up). With tenths every
 * squared distance, loss and cost is a whole number of hundredths, so the formulas filled in with two
 * decimals add up exactly on screen (0.13 − 0.18 + 0.20 = 0.15), and a number the chapter quotes is the
 * number a reader sees. FaceNet's α = 0.2 was set for encodings on the unit sphere, the same scale as here.
 */
import { isSamePerson, pairProbability, tripletCost, type PairResult, type TripletClass, type TripletResult } from '~/compute/triplet';
import { quote, presetPlumbing, type Schema, type Values } from '../params';

export type Point = [number, number];
export interface Triplet {
  A: Point;
  P: Point;
  N: Point;
}
export const ROLES = ['A', 'P', 'N'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_NAMES: Record<Role, string> = { A: 'anchor', P: 'positive', N: 'negative' };

export const LIMIT = 1;
export const GRID = 0.1;
export const MAX_TRIPLETS = 6;

/** Kept to tenths, so the URL's text, the state and every distance agree exactly. */
export const snap = (v: number): number => Math.round(v / GRID) / 10;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const fit = (v: number) => snap(clamp(v, -LIMIT, LIMIT));

// ---------------------------------------------------------------------------------------------- triplets as text

/**
 * Reads `-0.5,0.5,-0.3,0.6,0.2,0.1;…`: per triplet A's f₁,f₂, then P's, then N's. A bad item becomes a
 * sentence and is left out; numbers outside the square or off the grid of tenths are moved with one.
 */
export function parseTriplets(text: string): { triplets: Triplet[]; problems: string[] } {
  const triplets: Triplet[] = [];
  const problems: string[] = [];
  const items = text.split(';').map((s) => s.trim()).filter((s) => s !== '');
  items.forEach((item, i) => {
    const where = `Triplets (triplets): item ${i + 1} ${quote(item)}`;
    if (triplets.length >= MAX_TRIPLETS) {
      if (i === MAX_TRIPLETS) problems.push(`Triplets (triplets): at most ${MAX_TRIPLETS} triplets; item ${i + 1} and later were left out.`);
      return;
    }
    const nums = item.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s)));
    if (nums.length !== 6 || nums.some((v) => !Number.isFinite(v))) {
      problems.push(`${where} must be 6 numbers (A, P and N, each f₁,f₂); it was left out.`);
      return;
    }
    const fixed = nums.map(fit);
    if (fixed.some((v, k) => v !== nums[k])) {
      problems.push(`${where}: coordinates must be tenths from −1 to 1; it became ${fixed.join(',')}.`);
    }
    triplets.push({ A: [fixed[0]!, fixed[1]!], P: [fixed[2]!, fixed[3]!], N: [fixed[4]!, fixed[5]!] });
  });
  return { triplets, problems };
}

/** The text form again; `parseTriplets(formatTriplets(t))` gives `t`. */
export function formatTriplets(triplets: readonly Triplet[]): string {
  return triplets.map((t) => [...t.A, ...t.P, ...t.N].join(',')).join(';');
}

// ---------------------------------------------------------------------------------------------- presets, schema

/**
 * Five triplets, α = 0.2: two easy, two semi-hard, one hard. J = 0 + 0.15 + 0.37 + 0 + 0.12 = 0.64.
 * 1: d(A,P) = 0.05, d(A,N) = 0.65 (easy); 2: 0.13, 0.18 (semi-hard, L = 0.15); 3: 0.25, 0.08 (hard,
 * L = 0.37); 4: 0.05, 0.65 (easy); 5: 0.05, 0.13 (semi-hard, L = 0.12).
 */
const BATCH = '-0.5,0.5,-0.3,0.6,0.2,0.1;0.4,0.5,0.7,0.3,0.1,0.2;-0.4,-0.4,0,-0.7,-0.6,-0.6;0.5,-0.3,0.6,-0.5,0.9,0.4;-0.1,0,0.1,0.1,-0.4,-0.2';
const COLLAPSE = Array(5).fill('0,0,0,0,0,0').join(';');

interface PresetValues {
  triplets: string;
  alpha: number;
  tau: number;
  pick: number;
  pair: PairName;
}
export interface Preset {
  label: string;
  /** The question the preset poses, shown above the picture. */
  question: string;
  values: PresetValues;
}

export const PAIRS = ['ap', 'an', 'pn'] as const;
export type PairName = (typeof PAIRS)[number];
export const PAIR_ROLES: Record<PairName, [Role, Role]> = { ap: ['A', 'P'], an: ['A', 'N'], pn: ['P', 'N'] };

export const PRESETS = {
  'semi-hard': {
    label: 'Semi-hard',
    question: 'The negative is already farther from the anchor than the positive, yet this triplet still costs. Why, and where must N go to cost nothing?',
    values: { triplets: BATCH, alpha: 0.2, tau: 0.15, pick: 2, pair: 'ap' },
  },
  easy: {
    label: 'Easy',
    question: 'This triplet costs nothing. Does it teach the network anything, and how close may N come before it starts to cost?',
    values: { triplets: BATCH, alpha: 0.2, tau: 0.15, pick: 1, pair: 'ap' },
  },
  hard: {
    label: 'Hard',
    question: 'The negative sits nearer the anchor than the positive does. How large is the loss, and why do FaceNet’s authors not pick only triplets like this one?',
    values: { triplets: BATCH, alpha: 0.2, tau: 0.15, pick: 3, pair: 'an' },
  },
  collapse: {
    label: 'Collapse',
    question: 'Every face is sent to the same point, so d(A,P) = d(A,N) = 0. What does each triplet cost, and what would it cost if α were 0?',
    values: { triplets: COLLAPSE, alpha: 0.2, tau: 0.15, pick: 1, pair: 'an' },
  },
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
const DEFAULTS = PRESETS['semi-hard'].values;

export const schema = {
  preset: {
    type: 'enum', options: PRESET_NAMES, default: 'semi-hard', label: 'Question',
    doc: 'semi-hard: the edited triplet costs though N is farther than P; easy: one that costs nothing; hard: N nearer than P; collapse: every encoding equal, each triplet costs α. Settings not given come from the preset.',
  },
  triplets: {
    type: 'text', default: DEFAULTS.triplets, maxLength: 400, label: 'Triplets',
    doc: `Up to ${MAX_TRIPLETS} triplets split by “;”, each 6 numbers: A’s f₁,f₂ then P’s then N’s, tenths from −1 to 1. E.g. 0,0,0.3,0.2,0.4,0.`,
  },
  alpha: { type: 'number', default: DEFAULTS.alpha, min: 0, max: 1, label: 'Margin α', doc: 'The margin α in L = max(d(A,P) − d(A,N) + α, 0), from 0 to 1 (FaceNet used 0.2).' },
  tau: { type: 'number', default: DEFAULTS.tau, min: 0, max: 2, label: 'Threshold τ', doc: 'Verification: two faces are the same person when d ≤ τ (0 to 2).' },
  pick: { type: 'int', default: DEFAULTS.pick, min: 1, max: MAX_TRIPLETS, label: 'Edited triplet', doc: 'Which triplet is drawn large and edited, from 1.' },
  pair: { type: 'enum', options: PAIRS, default: DEFAULTS.pair, label: 'Verified pair', doc: 'The pair of the edited triplet that verification and the sigmoid judge: ap, an or pn.' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

export function presetParams(name: PresetName): Params {
  return { preset: name, ...PRESETS[name].values };
}

export const { givenOrPreset, expandQuery, queryOf, isEdited } = presetPlumbing(schema, PRESET_NAMES, 'semi-hard', presetParams);

// ---------------------------------------------------------------------------------------------- state

export interface State {
  triplets: Triplet[];
  alpha: number;
  tau: number;
  /** 0-based index of the edited triplet. */
  pick: number;
  pair: PairName;
}

/** The settings made consistent: triplets read from their text (the preset's when none is usable), the pick inside the batch. */
export function resolve(p: Params): { state: State; problems: string[] } {
  const parsed = parseTriplets(p.triplets);
  const problems = [...parsed.problems];
  let triplets = parsed.triplets;
  if (triplets.length === 0) {
    triplets = parseTriplets(PRESETS[p.preset].values.triplets).triplets;
    problems.push('Triplets (triplets): no usable triplet was given; the preset’s batch is shown.');
  }
  const hundredths = (v: number, label: string, name: string) => {
    const r = Math.round(v * 100) / 100;
    if (r !== v) problems.push(`${label} (${name}) is kept to hundredths; ${v} became ${r}.`);
    return r;
  };
  const alpha = hundredths(p.alpha, 'Margin α', 'alpha'), tau = hundredths(p.tau, 'Threshold τ', 'tau');
  let pick = p.pick - 1;
  if (pick >= triplets.length) {
    problems.push(`Edited triplet (pick) must be at most ${triplets.length} for a batch of ${triplets.length}; ${p.pick} became ${triplets.length}.`);
    pick = triplets.length - 1;
  }
  return { state: { triplets, alpha, tau, pick, pair: p.pair }, problems };
}

export function paramsOf(preset: PresetName, s: State): Params {
  return { preset, triplets: formatTriplets(s.triplets), alpha: s.alpha, tau: s.tau, pick: s.pick + 1, pair: s.pair };
}

/** Puts triplet i's point `role` at (x, y), kept in the square, snapped to tenths. */
export function placePoint(triplets: readonly Triplet[], i: number, role: Role, x: number, y: number): Triplet[] {
  return triplets.map((t, j) => (j === i ? { ...t, [role]: [fit(x), fit(y)] } : t));
}

/** Moves triplet i's point `role` by (dx, dy). */
export function movePoint(triplets: readonly Triplet[], i: number, role: Role, dx: number, dy: number): Triplet[] {
  const [x, y] = triplets[i]![role];
  return placePoint(triplets, i, role, x + dx, y + dy);
}

/** The arrow keys' step: one tenth, five tenths with Shift. */
export const keyStepOf = (shift: boolean): number => (shift ? 0.5 : GRID);

/** A new triplet for "add": d(A,P) = 0.01, d(A,N) = 0.13 (semi-hard at α = 0.2), its anchor where no other anchor sits. */
export function addTriplet(triplets: readonly Triplet[]): Triplet[] {
  if (triplets.length >= MAX_TRIPLETS) return [...triplets];
  const spots: Point[] = [[0, 0.7], [0, -0.5], [-0.8, -0.1], [0.8, 0], [0, 0.3], [-0.3, 0.2]];
  const free = spots.find(([x, y]) => !triplets.some((t) => t.A[0] === x && t.A[1] === y)) ?? spots[0]!;
  const [x, y] = free;
  return [...triplets, { A: [x, y], P: [fit(x + 0.1), y], N: [fit(x - 0.3), fit(y - 0.2)] }];
}

export function removeTriplet(triplets: readonly Triplet[], i: number): Triplet[] {
  return triplets.length <= 1 ? [...triplets] : triplets.filter((_, j) => j !== i);
}

// ---------------------------------------------------------------------------------------------- numbers and words

/** Two decimals: exact here, since every distance is a whole number of hundredths. */
export const num = (v: number): string => {
  const text = Math.abs(v).toFixed(2);
  return (v < 0 && Number(text) !== 0 ? '−' : '') + text;
};
/** A coordinate as the URL and the read-out give it (tenths), with a true minus sign. */
export const coord = (v: number): string => (v < 0 ? `−${-v}` : String(v));
export const pointText = (p: Point): string => `(${coord(p[0])}, ${coord(p[1])})`;

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The pairwise classifier's weights for |f₁ − f₁′| and |f₂ − f₂′| and its bias: made up for the picture (a
 * trained network learns them), negative because a larger difference should mean "less likely the same".
 * With them ŷ = 0.5 where |Δf₁| + |Δf₂| = 0.55: a diamond, not the circle d ≤ τ draws.
 */
export const PAIR_W: readonly [number, number] = [-10, -10];
export const PAIR_B = 5.5;

export interface PairRow {
  name: PairName;
  roles: [Role, Role];
  d: number;
  accepted: boolean;
  /** A–P is the same person; A–N and P–N are not. */
  same: boolean;
}

export interface Scene {
  state: State;
  results: TripletResult[];
  J: number;
  picked: TripletResult;
  counts: Record<TripletClass, number>;
  pairs: PairRow[];
  sigmoid: PairResult;
}

/**
 * Everything the view shows. The losses are computed in whole tenths (coordinates ×10, α and τ ×100), so
 * every distance, comparison and class is exact integer arithmetic, then scaled back: a negative exactly
 * on the margin is easy, never "semi-hard with L = 0.00" from a rounding error.
 */
export function sceneOf(state: State): Scene {
  const tenths = (p: Point) => [Math.round(p[0] * 10), Math.round(p[1] * 10)];
  const alpha100 = Math.round(state.alpha * 100), tau100 = Math.round(state.tau * 100);
  const exact = tripletCost(state.triplets.map((t) => ({ anchor: tenths(t.A), positive: tenths(t.P), negative: tenths(t.N) })), alpha100);
  const results = exact.results.map((r) => ({ ...r, dAP: r.dAP / 100, dAN: r.dAN / 100, margin: r.margin / 100, loss: r.loss / 100 }));
  const t = state.triplets[state.pick]!;
  const pairs = PAIRS.map((name): PairRow => {
    const [r1, r2] = PAIR_ROLES[name];
    const a = tenths(t[r1]), b = tenths(t[r2]);
    const d100 = (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2;
    return { name, roles: [r1, r2], d: d100 / 100, accepted: isSamePerson(d100, tau100), same: name === 'ap' };
  });
  const [r1, r2] = PAIR_ROLES[state.pair];
  const counts = { easy: 0, 'semi-hard': 0, hard: 0 };
  for (const r of results) counts[r.cls]++;
  return { state, results, J: exact.J / 100, picked: results[state.pick]!, counts, pairs, sigmoid: pairProbability(t[r1], t[r2], PAIR_W, PAIR_B) };
}

/** L with the numbers in: "max(0.13 − 0.18 + 0.20, 0) = 0.15". */
export function lossText(r: TripletResult, alpha: number): string {
  return `max(${num(r.dAP)} − ${num(r.dAN)} + ${num(alpha)}, 0) = ${num(r.loss)}`;
}

/** J with every term: "0 + 0.15 + 0.37 + 0 + 0.12 = 0.64" (a lone triplet: "0.15"). */
export function costText(s: Scene): string {
  const terms = s.results.map((r) => (r.loss === 0 ? '0' : num(r.loss)));
  return terms.length === 1 ? num(s.J) : `${terms.join(' + ')} = ${num(s.J)}`;
}

/** Why the triplet has its class, in words with its numbers. */
export function classReason(r: TripletResult, alpha: number): string {
  if (r.cls === 'easy') return `easy: d(A,N) = ${num(r.dAN)} ≥ d(A,P) + α = ${num(r.dAP + alpha)}, so the margin is met and L = 0; the triplet teaches nothing.`;
  if (r.cls === 'semi-hard') return `semi-hard: N is farther than P (${num(r.dAN)} > ${num(r.dAP)}) but inside the margin (${num(r.dAN)} < ${num(r.dAP + alpha)}), so 0 < L < α.`;
  return `hard: N is no farther than P (d(A,N) = ${num(r.dAN)} ≤ d(A,P) = ${num(r.dAP)}), so L ≥ α.`;
}

/** Where a negative stops costing: the radius √(d(A,P) + α) of the shaded disc, and the positive's √d(A,P). */
export function radii(r: TripletResult, alpha: number): { hard: number; cost: number } {
  return { hard: Math.sqrt(r.dAP), cost: Math.sqrt(r.dAP + alpha) };
}

export function pairText(row: PairRow, tau: number): string {
  const verdict = row.accepted ? `${num(row.d)} ≤ ${num(tau)}: same person` : `${num(row.d)} > ${num(tau)}: different people`;
  const truth = row.accepted === row.same ? 'right' : row.accepted ? 'wrong: a false accept' : 'wrong: a false reject';
  return `d(${row.roles[0]},${row.roles[1]}) = ${verdict} (${truth})`;
}

/** ŷ with the numbers in: "σ(−10·0.3 + −10·0.2 + 5.5) = σ(0.50) = 0.622" (three decimals: σ(5.5) is 0.996, not 1). */
export function sigmoidText(s: PairResult): string {
  // The features are differences of tenths, so they print as tenths: 0.3, 0.
  const terms = s.features.map((f, k) => `${coord(PAIR_W[k]!)}·${coord(Math.round(f * 10) / 10)}`);
  return `σ(${terms.join(' + ')} + ${PAIR_B}) = σ(${num(s.z)}) = ${s.yHat.toFixed(3)}`;
}

/** The live sentence: the edited triplet's numbers and class, then the batch. */
export function describe(s: Scene): string {
  const r = s.picked;
  const n = s.state.triplets.length;
  const counts = (['easy', 'semi-hard', 'hard'] as const).filter((c) => s.counts[c] > 0).map((c) => `${s.counts[c]} ${c}`).join(', ');
  return (
    `Triplet ${s.state.pick + 1}, ${r.cls}: d(A,P) = ${num(r.dAP)}, d(A,N) = ${num(r.dAN)}, α = ${num(s.state.alpha)}, L = ${num(r.loss)}. ` +
    `Batch of ${n}: J = ${num(s.J)} (${counts}).`
  );
}

export const tripletName = (i: number): string => `triplet ${i + 1}`;
export const pointName = (i: number, role: Role, p: Point): string => `${capital(ROLE_NAMES[role])} ${role} of ${tripletName(i)} at ${pointText(p)}`;
