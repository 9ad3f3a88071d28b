import { describe, expect, it } from 'vitest';
import { multiHeadAttentionTf, toRows } from '~/compute/attention';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  attentionGrid, buildSetup, cellText, currentAt, describeStep, dkExperiment, dkText, EXAMPLE, grids, PRESETS, resolveData,
  rowSummary, schema, STEP_COUNT, summaryText, trace, visibleFrom, weightText, type Params, type Setup,
} from '~/widgets/self-attention/model';
import { compareOutputs } from '~/widgets/stepping';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
function setupOf(over: Partial<Params> = {}): Setup {
  const r = buildSetup(params(over));
  if (!r.ok) throw new Error(r.error);
  return r.setup;
}
const AFRICA = 2;
const VISITS = 1;
const SEPTEMBER = 4;

describe('self-attention model', () => {
  it('defaults to the sentence at the softmax step: Africa gives 0.8088 of head 1’s weight to visits', () => {
    const s = setupOf();
    expect(defaults.step).toBe(3);
    const w1 = toRows(s.mha.heads[0]!.weights);
    // 4/√2 = 2.8284 against four zeros: e^2.8284 / (e^2.8284 + 4) = 0.80878.
    expect(w1[AFRICA]![VISITS]).toBeCloseTo(0.80878, 5);
    expect(w1[AFRICA]![0]).toBeCloseTo(0.0478, 4);
    const w2 = toRows(s.mha.heads[1]!.weights);
    expect(rowSummary(s.mha.heads[1]!, AFRICA).top).toBe(SEPTEMBER);
    expect(w2[AFRICA]![SEPTEMBER]).toBeCloseTo(0.70, 2);
    for (const head of s.mha.heads) for (const row of toRows(head.weights)) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(summaryText(s, 0, AFRICA)).toBe('Row Africa: largest weight 0.81 (visits), entropy 1.09 bits of 2.32 bits when spread evenly');
  });

  it('projects X through each head’s two columns of W_Q, W_K and W_V', () => {
    const s = setupOf();
    expect(toRows(s.mha.heads[0]!.q)[AFRICA]).toEqual([2, 0]); // place → head 1's first query column
    expect(toRows(s.mha.heads[1]!.k)[SEPTEMBER]).toEqual([2, 0]); // time → head 2's first key column
    expect(toRows(s.mha.concat)[0]).toEqual([...toRows(s.mha.heads[0]!.output)[0]!, ...toRows(s.mha.heads[1]!.output)[0]!]);
    expect(toRows(s.mha.output)).toEqual(toRows(s.mha.concat)); // W_O is the identity in the example
  });

  it('narrates every step with the focus row’s numbers', () => {
    const s = setupOf();
    const text = Array.from({ length: STEP_COUNT }, (_, n) => describeStep(s, n));
    expect(text[0]).toMatch(/^Step 1 of 6: .*“Africa”’s query in head 1 is \(2, 0\)\.$/);
    expect(text[1]).toBe('Step 2 of 6: every query meets every key: score(i, j) = q_i · k_j, a 5×5 grid per head. In head 1, “Africa”’s query scores highest against “visits”’s key: 2·2 + 0·0 = 4.');
    expect(text[2]).toMatch(/√d_k = √2 ≈ 1\.41 .*“Africa” → “visits” becomes 4 ÷ 1\.41 = 2\.83\.$/);
    expect(text[3]).toBe('Step 4 of 6: softmax turns each row of scores into weights that are positive and sum to 1. For “Africa”, head 1 gives 0.81 of its weight to “visits”, head 2 gives 0.7 of its weight to “September”.');
    expect(text[4]).toMatch(/for “Africa” in head 1, Σ_j weight_j · v_j = \(0\.1, 1\.62\)\.$/);
    expect(text[5]).toMatch(/^Step 6 of 6: .*“Africa”: \(0\.1, 1\.62, 0\.25, 1\.58\)\.$/);
  });

  it('the causal mask gives later words weight exactly 0: visits loses September and splits between Jane and itself', () => {
    const s = setupOf({ mask: true, preset: 'mask' });
    expect(s.focus).toBe(VISITS);
    for (const head of s.mha.heads) toRows(head.weights).forEach((w, i) => w.forEach((x, j) => j > i && expect(x).toBe(0)));
    expect(toRows(s.mha.heads[1]!.weights)[VISITS]).toEqual([0.5, 0.5, 0, 0, 0]);
    const grid = attentionGrid(s, 1, 2);
    expect(grid.masked(VISITS, SEPTEMBER)).toBe('−∞');
    expect(grid.masked(VISITS, 0)).toBeNull();
    expect(attentionGrid(s, 1, 3).masked(VISITS, SEPTEMBER)).toBe('0');
    expect(describeStep(s, 2)).toMatch(/The causal mask sets every later position to −∞, 10 entries per head\.$/);
    expect(describeStep(s, 3)).toMatch(/later words weight exactly 0\.$/);
  });

  it('without 1/√d_k and with embeddings twice as large, the softmax saturates', () => {
    const s = setupOf({ ...PRESETS.saturate.suggest, preset: 'saturate' });
    const top = rowSummary(s.mha.heads[0]!, AFRICA);
    expect(top.max).toBeGreaterThan(0.9999); // score 16 against zeros
    expect(top.entropy).toBeLessThan(0.01);
    expect(weightText(top.max)).toBe('≈1');
    expect(describeStep(s, 3)).toMatch(/The softmax is saturated/);
    expect(describeStep(s, 2)).toMatch(/the scaling is off/);
    // Scaling on again: the same scores divided by √2 spread the weight a little more.
    expect(rowSummary(setupOf({ gain: 2 }).mha.heads[0]!, AFRICA).max).toBeLessThan(top.max);
    expect(describeStep(setupOf(), 3)).not.toMatch(/saturated/);
  });

  it('uses the reader’s grids when they have the right shape, and explains the others', () => {
    const x = EXAMPLE.x.map((r) => [...r]);
    x[0] = [1, 1, 1, 1];
    const d = resolveData(params({ x, wo: [[1, 2], [3, 4]] }));
    expect(d.x[0]).toEqual([1, 1, 1, 1]);
    expect(d.own).toEqual(['x']);
    expect(d.wo).toEqual(EXAMPLE.wo);
    expect(d.problems).toEqual(['W_O (wo) must be 4 rows of 4 numbers; “1,2;3,4” is 2×2, so it was ignored.']);
    const parsed = parseQuery(schema, 'x=1,2;3,4');
    expect(resolveData(parsed.values).problems[0]).toMatch(/^Embeddings X \(x\) must be 5 rows \(one a word\) of 4 numbers/);
  });

  it('draws random examples from the seed, reproducibly', () => {
    const a = setupOf({ preset: 'random', seed: 7 });
    expect(toRows(setupOf({ preset: 'random', seed: 7 }).mha.output)).toEqual(toRows(a.mha.output));
    expect(a.data.x).not.toEqual(setupOf({ preset: 'random', seed: 8 }).data.x);
    expect(a.data.x.flat().every((v) => Number.isInteger(v) && v >= -2 && v <= 2)).toBe(true);
  });

  it('shows each matrix from the step that computes it, and frames what the step computes', () => {
    expect([visibleFrom('x'), visibleFrom('q1'), visibleFrom('a0'), visibleFrom('z1'), visibleFrom('out')]).toEqual([0, 0, 1, 4, 5]);
    expect(currentAt(0)).toEqual(['q0', 'k0', 'v0', 'q1', 'k1', 'v1']);
    expect(currentAt(2)).toEqual(['a0', 'a1']);
    expect(currentAt(5)).toEqual(['concat', 'out']);
    const s = setupOf();
    expect(grids(s, 1).a0![AFRICA]![VISITS]).toBe(4);
    expect(grids(s, 2).a0![AFRICA]![VISITS]).toBeCloseTo(2.8284, 4);
    expect(grids(s, 3).a0![AFRICA]![VISITS]).toBeCloseTo(0.8088, 4);
    expect(attentionGrid(s, 0, 3).sums!.every((x) => Math.abs(x - 1) < 1e-12)).toBe(true);
  });

  it('traces a cell to where it came from', () => {
    const s = setupOf();
    const weight = trace(s, 3, { id: 'a0', i: AFRICA, j: VISITS });
    expect(weight.lit).toMatchObject({ q0: { rows: [AFRICA] }, k0: { rows: [VISITS] }, a0: { rows: [AFRICA] } });
    expect(weight.text).toBe('Weight(Africa → visits) = 0.81: the softmax of row Africa, exp(2.83) over the row’s sum of exps. Its score: q¹(Africa) · k¹(visits) = 2·2 + 0·0 = 4, ÷ √2 = 2.83.');
    const q = trace(s, 0, { id: 'q1', i: VISITS, j: 0 });
    expect(q.lit).toMatchObject({ x: { rows: [VISITS] }, wq: { cols: [2] } });
    expect(q.text).toBe('Q²(visits, 1) = row visits of X · column 3 of W_Q = 0·0 + 2·1 + 0·1 + 0·0 = 2. It feeds row visits of the scores.');
    const z = trace(s, 4, { id: 'z0', i: AFRICA, j: 1 });
    expect(z.lit).toMatchObject({ a0: { rows: [AFRICA] }, v0: { cols: [1] }, concat: { cells: [[AFRICA, 1]] } });
    expect(trace(s, 5, { id: 'out', i: 0, j: 3 }).lit).toMatchObject({ concat: { rows: [0] }, wo: { cols: [3] } });
    expect(trace(s, 0, { id: 'x', i: 3, j: 2 }).lit).toMatchObject({ q0: { rows: [3] }, v1: { rows: [3] }, wk: { rows: [2] } });
    const masked = trace(setupOf({ mask: true }), 3, { id: 'a1', i: VISITS, j: SEPTEMBER });
    expect(masked.text).toBe('visits → September is masked: September comes after visits, so its score is replaced by −∞ and its weight is exactly 0.');
  });

  it('prints numbers within five characters and never as −0 or NaN', () => {
    expect([cellText(2.8284), cellText(-0.0001), cellText(12.34), cellText(-1234.5), cellText(123456), cellText(-Infinity), cellText(1)]).toEqual([
      '2.83', '0', '12.3', '−1235', '1.2e5', '−∞', '1',
    ]);
    expect([weightText(0.99999), weightText(0.00001), weightText(0), weightText(1), weightText(0.5)]).toEqual(['≈1', '≈0', '0', '1', '0.5']);
  });

  it('the √d_k experiment: scores grow like √d_k and, unscaled, the softmax saturates', () => {
    for (const dk of [4, 64, 512]) {
      const e = dkExperiment(dk, 1);
      expect(e.rms / Math.sqrt(dk)).toBeGreaterThan(0.85);
      expect(e.rms / Math.sqrt(dk)).toBeLessThan(1.15);
      expect(e.meanMaxRaw).toBeGreaterThan(e.meanMaxScaled);
    }
    const big = dkExperiment(512, 1);
    expect(big.meanMaxRaw).toBeGreaterThan(0.9);
    expect(big.meanMaxScaled).toBeLessThan(0.6);
    // Scaled, the typical largest weight hardly depends on d_k.
    expect(Math.abs(dkExperiment(4, 1).meanMaxScaled - big.meanMaxScaled)).toBeLessThan(0.1);
    expect(dkText(dkExperiment(64, 1))).toMatch(/^With d_k = 64, a score’s typical size over 200 draws is [\d.]+ \(√64 ≈ 8\)\./);
  });

  it('round-trips its settings through a query string', () => {
    const values = params({ preset: 'mask', mask: true, step: 5, gain: 1.5, x: EXAMPLE.x, dk: 8 });
    const q = toQuery(schema, values);
    expect(q).toBe('preset=mask&step=5&mask=true&gain=1.5&x=2%2C0%2C0%2C0%3B0%2C2%2C0%2C0%3B0%2C0%2C2%2C0%3B0%2C0%2C1%2C1%3B0%2C0%2C0%2C2&dk=8');
    expect(parseQuery(schema, q)).toEqual({ values, problems: [] });
    expect(parseQuery(schema, 'gain=99&dk=3').problems).toEqual([
      'Embedding scale g (gain) must be from 0.25 to 4; “99” became 4.',
      'd_k in the experiment (dk) must be one of 1, 2, 4, 8, 16, 32, 64, 128, 256, 512; “3” was ignored.',
    ]);
  });

  it('agrees with TensorFlow.js on the weights and the output, as the widget checks it', async () => {
    for (const over of [{}, { mask: true }, { scale: false, gain: 2 }, { preset: 'random' as const, seed: 3 }]) {
      const s = setupOf(over);
      const options = { mask: s.params.mask ? ('causal' as const) : undefined, scale: s.params.scale };
      const tf = await multiHeadAttentionTf(s.xg, s.heads, s.data.wo, options);
      const flat = (ms: { data: Float64Array }[]) => Float64Array.from(ms.flatMap((m) => Array.from(m.data)));
      const ours = flat([...s.mha.heads.map((h) => h.weights), s.mha.output]);
      const check = compareOutputs({ data: ours, shape: [1, 1, ours.length, 1] }, { data: flat([...tf.weights, tf.output]), shape: [1, 1, ours.length, 1] }, 'cpu');
      expect(check.agrees, JSON.stringify(over)).toBe(true);
      expect(check.count).toBe(70);
    }
  });
});
