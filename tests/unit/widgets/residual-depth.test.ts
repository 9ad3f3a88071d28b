import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/widgets/params';
import {
  bestPlainDepth, CHART, curveChart, curvePoints, DEMO_INPUT, depthChart, depthLines, DEPTHS, describeDemo, describeDepth, formatEntry, formatLoss,
  formatPercent, identityDemo, run, RUNS, schema,
} from '~/widgets/residual-depth/model';

const file = JSON.parse(readFileSync('src/data/residual-depth.json', 'utf8')) as typeof RUNS;
const deepest = DEPTHS.at(-1)!;

describe('the shipped runs (src/data/residual-depth.json)', () => {
  it('has one plain and one residual run per depth, each curve from step 0 to the last step', () => {
    expect(file.runs).toHaveLength(2 * file.depths.length);
    for (const r of file.runs) {
      expect(r.curve).toHaveLength(file.steps / file.every + 1);
      expect(r.seeds).toHaveLength(file.seeds);
      expect(r.curve.every(Number.isFinite)).toBe(true);
      for (const seed of r.seeds) {
        expect(seed.curve).toHaveLength(r.curve.length);
        expect(seed.curve.at(-1)).toBe(seed.finalLoss);
      }
      // the lines are medians over the seeds: the median curve ends at the median final loss
      const sorted = r.seeds.map((x) => x.finalLoss).sort((x, y) => x - y);
      expect(r.finalLoss).toBe(sorted[(sorted.length - 1) / 2]);
      expect(r.curve.at(-1)).toBe(r.finalLoss);
    }
  });
  it('starts untrained: every curve begins at a loss of 0.5 or more (ln 2 ≈ 0.69 is a 50/50 guess)', () => {
    for (const r of file.runs) expect(r.curve[0]!).toBeGreaterThan(0.5);
  });
  it('depth 2 has no blocks, so plain and residual are the same network and give the same numbers', () => {
    expect(run(2, 'plain').curve).toEqual(run(2, 'residual').curve);
  });

  // The claims the chapter quotes.
  it('degradation: the deepest plain network ends with a higher training loss than a shallower plain one', () => {
    const best = bestPlainDepth();
    expect(best).toBeLessThan(deepest);
    expect(run(deepest, 'plain').finalLoss).toBeGreaterThan(10 * run(best, 'plain').finalLoss);
  });
  it('at the deepest depth the residual network trains far better than the plain one, on every seed', () => {
    expect(run(deepest, 'plain').finalLoss).toBeGreaterThan(10 * run(deepest, 'residual').finalLoss);
    // not an accident of one seed: each plain seed is worse than every residual seed
    const worstResidual = Math.max(...run(deepest, 'residual').seeds.map((s) => s.finalLoss));
    for (const s of run(deepest, 'plain').seeds) expect(s.finalLoss).toBeGreaterThan(worstResidual);
  });
  it('residual networks keep improving: each deeper residual network ends with a lower training loss', () => {
    for (let i = 1; i < DEPTHS.length; i++) expect(run(DEPTHS[i]!, 'residual').finalLoss).toBeLessThan(run(DEPTHS[i - 1]!, 'residual').finalLoss);
  });
  it('residual networks do not degrade: deeper than the shallowest, every residual depth fits better than depth 2', () => {
    for (const d of DEPTHS.slice(1)) expect(run(d, 'residual').finalLoss).toBeLessThan(run(2, 'residual').finalLoss / 10);
  });
});

describe('charts', () => {
  it('the depth chart has one point per depth and kind, at the shipped values', () => {
    const lines = depthLines('loss');
    expect(lines.plain.map((p) => p.depth)).toEqual(DEPTHS);
    expect(lines.residual.map((p) => p.value)).toEqual(DEPTHS.map((d) => run(d, 'residual').finalLoss));
    expect(depthLines('error').plain.map((p) => p.value)).toEqual(DEPTHS.map((d) => run(d, 'plain').finalError));
  });
  it('places points inside the plot box, x by depth and y by value', () => {
    const c = depthChart('loss');
    for (const p of [...c.lines.plain, ...c.lines.residual]) {
      expect(p.x).toBeGreaterThanOrEqual(CHART.left);
      expect(p.x).toBeLessThanOrEqual(CHART.width - CHART.right);
      expect(p.y).toBeGreaterThanOrEqual(CHART.top);
      expect(p.y).toBeLessThanOrEqual(CHART.height - CHART.bottom);
    }
    expect(c.xAt(0)).toBe(CHART.left);
    expect(c.yAt(0)).toBe(CHART.height - CHART.bottom);
    expect(c.paths.plain.startsWith('M')).toBe(true);
  });
  it('the curve chart runs from step 0 to the last step', () => {
    const pts = curvePoints(10, 'plain');
    expect(pts[0]!.step).toBe(0);
    expect(pts.at(-1)!.step).toBe(RUNS.steps);
    expect(curveChart(10).lines.plain.at(-1)!.x).toBeCloseTo(CHART.width - CHART.right, 9);
  });
});

describe('identity demo', () => {
  it('at s = 0 the residual block returns a[l] exactly and the plain block 0', () => {
    const d = identityDemo(0);
    expect(d.residual.output).toEqual([...DEMO_INPUT]);
    expect(d.plain.output).toEqual([0, 0, 0]);
    expect(d.distance.residual).toBe(0);
    expect(describeDemo(d)).toMatch(/returns its input exactly; the plain block returns g\(0\) = 0\.$/);
  });
  it('at s = 1 both blocks change their input (the demo is not trivially the identity)', () => {
    const d = identityDemo(1);
    expect(d.distance.residual).toBeGreaterThan(0.1);
    expect(d.distance.plain).toBeGreaterThan(0.1);
  });
  it('the input is non-negative, as a ReLU output is', () => {
    expect(DEMO_INPUT.every((v) => v >= 0)).toBe(true);
  });
});

describe('words and numbers', () => {
  it('formats losses with three significant figures and a power of ten below 0.001', () => {
    expect(formatLoss(0.6531)).toBe('0.653');
    expect(formatLoss(0.07076)).toBe('0.0708');
    expect(formatLoss(0.0005878)).toBe('5.9 × 10⁻⁴');
    expect(formatLoss(0)).toBe('0');
    expect(formatPercent(0.125)).toBe('12.5%');
    expect(formatEntry(-0.5)).toBe('−0.50');
  });
  it('names degradation at the deepest depth and sameness at depth 2', () => {
    expect(describeDepth(deepest, 'loss')).toMatch(/degradation, not overfitting\.$/);
    expect(describeDepth(2, 'loss')).toMatch(/the two networks are the same\.$/);
  });
  it('the query string is checked: unknown depths and hostile values become problems, not state', () => {
    const p = parseQuery(schema, '?depth=7&scale=<img onerror=alert(1)>&metric=error');
    expect(p.values.depth).toBe(schema.depth.default);
    expect(p.values.scale).toBe(1);
    expect(p.values.metric).toBe('error');
    expect(p.problems).toHaveLength(2);
    expect(parseQuery(schema, '?scale=-3').values.scale).toBe(0);
  });
});
