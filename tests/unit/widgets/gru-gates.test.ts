import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gruStep } from '~/compute/rnn-cells';
import {
  compare, comparisonWords, describeSequence, describeStep, expandQuery, isEdited, num, plotOf, PRESET_NAMES, PRESETS, presetGrid, presetParams, queryOf,
  resolve, runSequence, schema, sequenceInputs, shownStep, small, givenOrPreset, type Params, type State,
} from '~/widgets/gru-gates/model';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const stateOf = (over: Partial<Params> = {}): State => resolve(params(over)).state;
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));

describe('settings and presets', () => {
  it('the defaults are the “Keep or write?” preset', () => {
    expect(defaults).toEqual(presetParams('mix'));
  });

  it.each(PRESET_NAMES)('preset %s parses without a problem and resolves with its own weights', (name) => {
    const p = presetParams(name);
    expect(parseParams(schema, (k) => p[k as keyof Params]).problems).toEqual([]);
    const r = resolve(p);
    expect(r.problems).toEqual([]);
    expect(r.state.custom).toBe(false);
    expect(r.state.w.Wu).toHaveLength(p.units);
  });

  it('a preset alone brings its values; settings given beside it win', () => {
    const given = givenOrPreset({ preset: 'overwrite', gu: '0.3' });
    expect(given['pinU']).toBe(true);
    expect(given['view']).toBe('sequence');
    expect(given['gu']).toBe('0.3');
    expect(fromQuery('?preset=remember').values).toEqual(presetParams('remember'));
  });

  it('the query string round-trips, grids included', () => {
    const p = params({ preset: 'remember', pinU: true, gu: 0.02, units: 3, wu: [[1, 2, 3, 4, -1], [0, 0, 0, 0, 0], [5, -5, 0.5, 1, 2]] });
    const q = queryOf(p);
    expect(q).toContain('gu=0.02');
    expect(fromQuery(`?${q}`).values).toEqual(p);
    expect(queryOf(presetParams('frameworks'))).toBe('preset=frameworks');
    expect(isEdited(p)).toBe(true);
  });

  it('the registry entry carries the syllabus title and the chapter', () => {
    const entry = WIDGETS.find((w) => w.slug === 'gru-gates')!;
    expect(entry.title).toBe('GRU gate sliders');
    expect(entry.chapter).toBe('/sequence-models/week-1/');
    expect(fromQuery(`?${entry.example}`).problems).toEqual([]);
  });
});

describe('bad input becomes a sentence, never NaN', () => {
  it('0 units is raised to 1 with a message', () => {
    const r = fromQuery('?units=0');
    expect(r.values.units).toBe(1);
    expect(r.problems.join()).toMatch(/Memory units \(units\) must be from 1 to 4; “0” became 1/);
  });

  it('NaN in the query string is rejected', () => {
    const r = fromQuery('?gu=NaN&pinU=true');
    expect(r.values.gu).toBe(0.5);
    expect(r.problems.join()).toMatch(/“NaN” is not a number/);
    const s = resolve(r.values);
    expect(describeStep(shownStep(s.state, null), s.state.nc)).not.toMatch(/NaN/);
  });

  it('a 10⁹ weight is clamped to 10 and said so', () => {
    const r = fromQuery('?wu=1e9,0,0,0,0;0,0,0,0,-1e9');
    expect(r.values.wu).toEqual([[10, 0, 0, 0, 0], [0, 0, 0, 0, -10]]);
    expect(r.problems.join()).toMatch(/clamped/);
    const s = resolve(r.values).state;
    expect(s.w.Wu[0]![0]).toBe(10);
    expect(s.w.bu[1]).toBe(-10);
    expect(describeStep(shownStep(s, null), s.nc)).not.toMatch(/NaN|Infinity/);
  });

  it('a grid of the wrong shape falls back to the preset’s weights, with a sentence', () => {
    const r = resolve(params({ units: 3, wc: [[1, 2], [3, 4]] }));
    expect(r.problems.join()).toMatch(/candidate weights \(wc\) are 2×2, but 3 units and 2 inputs need 3×6/);
    expect(r.state.w.Wc).toEqual(presetGrid(PRESETS.mix.weights.c, 3, 2).map((row) => row.slice(0, -1)));
  });

  it('hostile text is quoted as text and ignored', () => {
    const r = fromQuery('?preset=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&c=%3Cscript%3E');
    expect(r.values.preset).toBe('mix');
    expect(r.problems.length).toBeGreaterThanOrEqual(2);
  });

  it('random settings never put NaN or Infinity in a sentence', () => {
    const w = fc.double({ min: -10, max: 10, noNaN: true });
    fc.assert(
      fc.property(
        fc.record({ units: fc.integer({ min: 1, max: 4 }), inputs: fc.integer({ min: 1, max: 4 }), gu: fc.double({ min: 0, max: 1, noNaN: true }), gr: fc.double({ min: 0, max: 1, noNaN: true }), pinU: fc.boolean(), pinR: fc.boolean(), view: fc.constantFrom('step' as const, 'sequence' as const), seedW: fc.array(w, { minLength: 81, maxLength: 81 }) }),
        ({ seedW, ...over }) => {
          const n = over.units;
          const cols = over.units + over.inputs + 1;
          const gridOf = (k: number) => Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => seedW[(k * 27 + i * cols + j) % 81]!));
          const s = resolve(params({ ...over, wu: gridOf(0), wr: gridOf(1), wc: gridOf(2) })).state;
          const seq = s.view === 'sequence' ? runSequence(s) : null;
          const text = describeStep(shownStep(s, seq), s.nc) + (seq ? describeSequence(s, seq) : '') + comparisonWords(compare(s, shownStep(s, seq)));
          expect(text).not.toMatch(/NaN|Infinity|undefined/);
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('one step', () => {
  it('shows exactly the compute module’s step for the resolved weights', () => {
    const s = stateOf();
    expect(shownStep(s, null)).toEqual(gruStep(s.w, s.c, s.x));
    expect(s.c).toEqual([0.8, -0.5]);
  });

  it('Γ_u pinned at 0 leaves c<t> = c<t−1>; at 1, c<t> = c̃', () => {
    const zero = shownStep(stateOf({ pinU: true, gu: 0 }), null);
    expect(zero.c).toEqual(zero.cPrev);
    const one = shownStep(stateOf({ pinU: true, gu: 1 }), null);
    expect(one.c).toEqual(one.cTilde);
  });

  it('the default step (numbers the chapter can quote): Γ_u = (0.88, 0.13), c<t> = (0.95, −0.55)', () => {
    const step = shownStep(stateOf(), null);
    expect(step.gu.map((v) => num(v))).toEqual(['0.88', '0.13']);
    expect(step.gr.map((v) => num(v))).toEqual(['0.53', '0.86']);
    expect(step.cTilde.map((v) => num(v))).toEqual(['0.97', '−0.88']);
    expect(step.c.map((v) => num(v))).toEqual(['0.95', '−0.55']);
  });

  it('small writes a vanished gradient in powers of ten', () => {
    expect(small(4.2e-7)).toBe('4.2 × 10⁻⁷');
    expect(small(1.23e-12)).toBe('1.2 × 10⁻¹²');
    expect(small(0.797)).toBe('0.797');
    expect(small(0)).toBe('0.000');
  });

  it('num writes a true minus, no “−0.00”', () => {
    expect(num(-0.004)).toBe('0.00');
    expect(num(-0.5)).toBe('−0.50');
    expect(num(Number.NaN)).toBe('—');
  });
});

describe('PyTorch / Keras comparison', () => {
  it('the frameworks preset: update gate exact, candidate and c<t> differ, copying differs more', () => {
    const s = resolve(presetParams('frameworks')).state;
    const cmp = compare(s, shownStep(s, null));
    expect(cmp.zGap).toBeLessThan(1e-12);
    expect(cmp.rGap).toBe(0);
    expect(cmp.placementAgrees).toBe(false);
    expect(cmp.nGap).toBeCloseTo(0.0807, 4);
    expect(cmp.hGap).toBeCloseTo(0.013, 3);
    expect(cmp.copiedGap).toBeCloseTo(0.2108, 4);
    expect(comparisonWords(cmp)).toMatch(/candidates differ by up to 0\.0807/);
  });

  it('with one unit, or Γ_r pinned, mapped agrees exactly', () => {
    for (const over of [{ units: 1 }, { pinR: true, gr: 0.4 }] as const) {
      const s = stateOf({ convention: 'framework', ...over });
      const cmp = compare(s, shownStep(s, null));
      expect(cmp.hGap).toBeLessThan(1e-12);
      expect(cmp.placementAgrees).toBe(true);
      expect(comparisonWords(cmp)).toMatch(/c<t> agrees too/);
    }
  });

  it('a pinned Γ_u maps to z = 1 − Γ_u', () => {
    const s = stateOf({ pinU: true, gu: 0.3, pinR: true, gr: 1 });
    const cmp = compare(s, shownStep(s, null));
    expect(cmp.mapped.z.every((z) => Math.abs(z - 0.7) < 1e-15)).toBe(true);
    expect(cmp.hGap).toBeLessThan(1e-12);
  });
});

describe('sequence', () => {
  it('the inputs: a signal at step 1, small noise on input 1 after it, reproducible', () => {
    const xs = sequenceInputs(2, 24);
    expect(xs[0]![0]).toBe(1);
    expect(xs.slice(1).every((x) => Math.abs(x[0]!) <= 0.2)).toBe(true);
    expect(sequenceInputs(2, 24)).toEqual(xs);
  });

  it('“Remember step 1” with computed gates: c<1> = (0.82, −0.96) survives to (0.70, −0.81); gradient 0.797', () => {
    const s = resolve(presetParams('remember')).state;
    const seq = runSequence(s);
    expect(seq.memory[1]!.map((v) => num(v))).toEqual(['0.82', '−0.96']);
    expect(seq.memory[24]!.map((v) => num(v))).toEqual(['0.70', '−0.81']);
    expect(num(seq.gradient[23]!, 3)).toBe('0.797');
  });

  it('Γ_u pinned at 0 from step 2: c<T> = c<1> and ∂c<T>/∂c<1> = 1 exactly; pinned at 0.9: both gone', () => {
    const held = resolve(params({ ...presetParams('remember'), pinU: true, gu: 0 })).state;
    const seq = runSequence(held);
    expect(seq.memory[24]).toEqual(seq.memory[1]);
    expect(seq.gradient[23]).toBe(1);
    const open = resolve(presetParams('overwrite')).state;
    const over = runSequence(open);
    expect(over.gradient[23]!).toBeLessThan(1e-3);
    expect(Math.abs(over.memory[24]![1]! - over.memory[1]![1]!)).toBeGreaterThan(0.5);
  });

  it('step t of the sequence is drawn, and the plot spans t = 0 … T', () => {
    const s = resolve(presetParams('remember')).state;
    const seq = runSequence(s);
    expect(shownStep(s, seq)).toBe(seq.steps[11]);
    const plot = plotOf(seq, s.steps);
    expect(plot.lines[0]!.points).toHaveLength(25);
    expect(plot.tAt(plot.xAt(7))).toBe(7);
    expect(describeSequence(s, seq)).toMatch(/unit 1 0\.82 → 0\.70/);
  });
});
