/**
 * The residual-vs-plain widget's model. Two halves:
 *   1. The shipped training runs (src/data/residual-depth.json, made by scripts/train-residual-depth.mjs):
 *      final training loss and error against depth, and the loss curves of one chosen depth, plain and
 *      residual. Nothing is trained in the browser.
 *   2. The identity demo, computed live by src/compute/residual.ts (float64): one block of width 3 whose
 *      second layer W[l+2], b[l+2] is scaled by s. At s = 0 the residual block returns a[l] exactly, the
 *      plain block returns 0.
 * No DOM and no Svelte, so it is unit-tested in Node.
 */
import { block, scaleLayer, type BlockTrace, type Dense, type NetworkKind } from '~/compute/residual';
import data from '~/data/residual-depth.json';
import type { Schema, Values } from '../params';

export interface Run {
  depth: number;
  kind: NetworkKind;
  finalLoss: number;
  finalError: number;
  /** Each seed's own run; the fields above are the medians over them. */
  seeds: { finalLoss: number; finalError: number; curve: number[] }[];
  curve: number[];
}

export interface RunsFile {
  depths: number[];
  steps: number;
  every: number;
  seeds: number;
  width: number;
  task: { name: string; points: number; dataSeed: number };
  optimiser: { name: string; momentum?: number; learningRate: number; batch: string };
  runs: Run[];
}

export const RUNS = data as RunsFile;
export const DEPTHS = RUNS.depths;
export const KINDS: readonly NetworkKind[] = ['plain', 'residual'];
export const KIND_LABELS: Record<NetworkKind, string> = { plain: 'Plain', residual: 'Residual' };

export const METRICS = ['loss', 'error'] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_LABELS: Record<Metric, string> = { loss: 'Training loss', error: 'Training error (misclassified)' };

export const schema = {
  depth: {
    type: 'enum', options: DEPTHS, default: DEPTHS.at(-1)!, label: 'Depth',
    doc: `Which trained depth’s loss curves to show: the number of weight layers, one of ${DEPTHS.join(', ')}.`,
  },
  metric: {
    type: 'enum', options: METRICS, default: 'loss', label: 'Measure',
    doc: 'loss: final mean cross-entropy on the training set; error: the fraction of training points misclassified.',
  },
  scale: {
    type: 'number', default: 1, min: 0, max: 1, label: 'Scale s of W[l+2] and b[l+2]',
    doc: 'The identity demo: the block’s second layer is multiplied by s; at 0 the residual block returns its input.',
  },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

// ------------------------------------------------------------------------------------------ the runs

export function run(depth: number, kind: NetworkKind): Run {
  const r = RUNS.runs.find((x) => x.depth === depth && x.kind === kind);
  if (!r) throw new RangeError(`no shipped run for depth ${depth} (${kind})`);
  return r;
}

export const finalValue = (r: Run, metric: Metric): number => (metric === 'loss' ? r.finalLoss : r.finalError);

/** The depth chart's two lines: final value per depth, one point per trained depth. */
export function depthLines(metric: Metric): Record<NetworkKind, { depth: number; value: number }[]> {
  const line = (kind: NetworkKind) => DEPTHS.map((depth) => ({ depth, value: finalValue(run(depth, kind), metric) }));
  return { plain: line('plain'), residual: line('residual') };
}

/** The loss curve of one run as (step, loss) points: the first at step 0, then one every `every` steps. */
export function curvePoints(depth: number, kind: NetworkKind): { step: number; loss: number }[] {
  return run(depth, kind).curve.map((loss, i) => ({ step: i * RUNS.every, loss }));
}

/** The depth whose plain network trains best (lowest final loss): where "deeper" stops helping plain nets. */
export function bestPlainDepth(): number {
  return DEPTHS.reduce((best, d) => (run(d, 'plain').finalLoss < run(best, 'plain').finalLoss ? d : best));
}

/** The optimiser in words, from the file. */
export function optimiserText(): string {
  const { name, momentum, learningRate } = RUNS.optimiser;
  return name === 'momentum' ? `gradient descent with momentum ${momentum} (as He et al. trained) at learning rate ${learningRate}` : `Adam at learning rate ${learningRate}`;
}

// ---------------------------------------------------------------------------------------- formatting

/** Losses span 10⁻⁵ to 1: three significant figures, a power of ten below 0.001. */
export function formatLoss(v: number): string {
  if (v === 0) return '0';
  if (Math.abs(v) >= 0.001) return String(Number(v.toPrecision(3)));
  const [m, e] = v.toExponential(1).split('e');
  return `${m} × 10${superscript(Number(e))}`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';
const superscript = (n: number): string => (n < 0 ? '⁻' : '') + [...String(Math.abs(n))].map((d) => SUPERSCRIPT[Number(d)]).join('');

export const formatPercent = (v: number): string => `${Number((v * 100).toFixed(1))}%`;
export const formatValue = (v: number, metric: Metric): string => (metric === 'loss' ? formatLoss(v) : formatPercent(v));

/** A vector entry with two decimals and a true minus sign. */
export const formatEntry = (v: number): string => (v < 0 ? `−${(-v).toFixed(2)}` : v.toFixed(2));
export const formatVector = (v: readonly number[]): string => `[${v.map(formatEntry).join(', ')}]`;

// ------------------------------------------------------------------------------------ identity demo

/** The demo's input a[l] (non-negative: it came out of a ReLU) and its fixed block, width 3. */
export const DEMO_INPUT: readonly number[] = [0.8, 0.3, 1.5];
export const DEMO_FIRST: Dense = { W: [[0.6, -0.4, 0.5], [-0.3, 0.9, 0.2], [0.7, 0.1, -0.8]], b: [0.1, -0.2, 0.3] };
export const DEMO_SECOND: Dense = { W: [[-0.9, 0.5, 0.4], [0.6, -0.7, 0.3], [0.2, 0.8, -1.1]], b: [0.2, -0.3, -0.4] };

export interface Demo {
  scale: number;
  residual: BlockTrace;
  plain: BlockTrace;
  /** Largest |a[l+2] − a[l]| of each kind. */
  distance: Record<NetworkKind, number>;
}

export function identityDemo(scale: number): Demo {
  const second = scaleLayer(DEMO_SECOND, scale);
  const residual = block('residual', DEMO_INPUT, DEMO_FIRST, second);
  const plain = block('plain', DEMO_INPUT, DEMO_FIRST, second);
  const distance = (t: BlockTrace) => Math.max(...t.output.map((v, i) => Math.abs(v - DEMO_INPUT[i]!)));
  return { scale, residual, plain, distance: { residual: distance(residual), plain: distance(plain) } };
}

// ------------------------------------------------------------------------------------------- words

/** The live sentence about the runs of the chosen depth. */
export function describeDepth(depth: number, metric: Metric): string {
  const p = run(depth, 'plain');
  const r = run(depth, 'residual');
  const m = metric === 'loss' ? 'final training loss' : 'final training error';
  const head = `Depth ${depth}, ${RUNS.steps} steps: ${m} plain ${formatValue(finalValue(p, metric), metric)}, residual ${formatValue(finalValue(r, metric), metric)}.`;
  if (depth === DEPTHS[0]) return `${head} With no hidden blocks the two networks are the same.`;
  const best = bestPlainDepth();
  if (depth > best && p.finalLoss > run(best, 'plain').finalLoss) {
    return `${head} The plain network fits its own training data worse than the plain network of depth ${best} (loss ${formatLoss(run(best, 'plain').finalLoss)}): degradation, not overfitting.`;
  }
  return head;
}

/** The live sentence about the identity demo. */
export function describeDemo(d: Demo): string {
  const s = `s = ${d.scale.toFixed(2)}: a[l] = ${formatVector(DEMO_INPUT)}, residual a[l+2] = ${formatVector(d.residual.output)}, plain a[l+2] = ${formatVector(d.plain.output)}.`;
  if (d.scale === 0) return `${s} With W[l+2] = 0 and b[l+2] = 0 the residual block returns its input exactly; the plain block returns g(0) = 0.`;
  return s;
}

// ------------------------------------------------------------------------------------------ charts

/** Both charts share one box (SVG user units); the view scales it to its width. */
export const CHART = { width: 360, height: 200, top: 12, right: 14, bottom: 34, left: 46 } as const;

export interface Chart {
  /** Per kind, the line's points in SVG units (with the value they show). */
  lines: Record<NetworkKind, { x: number; y: number; value: number; at: number }[]>;
  paths: Record<NetworkKind, string>;
  /** The same per seed (one polyline per seed), drawn faintly behind the median. */
  seeds: Record<NetworkKind, { x: number; y: number }[][]>;
  seedPaths: Record<NetworkKind, string[]>;
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  xAt: (v: number) => number;
  yAt: (v: number) => number;
}

function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** A y range from 0 to a round number above every value (losses start near ln 2 ≈ 0.69). */
function yMaxOf(values: number[], step: number): number {
  return Math.max(step, Math.ceil(Math.max(...values) / step - 1e-9) * step);
}

type Series = Record<NetworkKind, { at: number; value: number }[]>;

function chart(series: Series, seedSeries: Record<NetworkKind, Series[NetworkKind][]>, xMax: number, xTicks: number[], yStep: number, yLabel: (v: number) => string): Chart {
  const { width, height, top, right, bottom, left } = CHART;
  const all = [...series.plain, ...series.residual, ...seedSeries.plain.flat(), ...seedSeries.residual.flat()].map((p) => p.value);
  const yMax = yMaxOf(all, yStep);
  const xAt = linear(0, xMax, left, width - right);
  const yAt = linear(0, yMax, height - bottom, top);
  const toPoints = (kind: NetworkKind) => series[kind].map((p) => ({ x: xAt(p.at), y: yAt(p.value), value: p.value, at: p.at }));
  const lines = { plain: toPoints('plain'), residual: toPoints('residual') };
  const path = (pts: { x: number; y: number }[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join('');
  const seedPoints = (kind: NetworkKind) => seedSeries[kind].map((line) => line.map((p) => ({ x: xAt(p.at), y: yAt(p.value) })));
  const seeds = { plain: seedPoints('plain'), residual: seedPoints('residual') };
  const ticks: number[] = [];
  for (let v = 0; v <= yMax + 1e-9; v += yStep) ticks.push(Number(v.toFixed(6)));
  return {
    lines,
    paths: { plain: path(lines.plain), residual: path(lines.residual) },
    seeds,
    seedPaths: { plain: seeds.plain.map(path), residual: seeds.residual.map(path) },
    xTicks: xTicks.map((v) => ({ x: xAt(v), label: String(v) })),
    yTicks: ticks.map((v) => ({ y: yAt(v), label: yLabel(v) })),
    xAt,
    yAt,
  };
}

/** Final training loss (or error) against depth, one line per kind. */
export function depthChart(metric: Metric): Chart {
  const lines = depthLines(metric);
  const series = {
    plain: lines.plain.map((p) => ({ at: p.depth, value: p.value })),
    residual: lines.residual.map((p) => ({ at: p.depth, value: p.value })),
  };
  const perSeed = (kind: NetworkKind) => Array.from({ length: RUNS.seeds }, (_, s) =>
    DEPTHS.map((depth) => ({ at: depth, value: metric === 'loss' ? run(depth, kind).seeds[s]!.finalLoss : run(depth, kind).seeds[s]!.finalError })));
  const label = metric === 'loss' ? (v: number) => String(v) : (v: number) => `${Math.round(v * 100)}%`;
  return chart(series, { plain: perSeed('plain'), residual: perSeed('residual') }, DEPTHS.at(-1)!, DEPTHS, metric === 'loss' ? 0.2 : 0.1, label);
}

/** The training-loss curves of one depth, plain and residual. */
export function curveChart(depth: number): Chart {
  const series = {
    plain: curvePoints(depth, 'plain').map((p) => ({ at: p.step, value: p.loss })),
    residual: curvePoints(depth, 'residual').map((p) => ({ at: p.step, value: p.loss })),
  };
  const perSeed = (kind: NetworkKind) => run(depth, kind).seeds.map((s) => s.curve.map((loss, i) => ({ at: i * RUNS.every, value: loss })));
  const steps = RUNS.steps;
  const tick = steps / 3;
  return chart(series, { plain: perSeed('plain'), residual: perSeed('residual') }, steps, [0, tick, 2 * tick, steps].map(Math.round), 0.2, String);
}
