import { describe, expect, it } from 'vitest';
import { translateDate, TX, TY, type DateAttentionWeights } from '~/compute/date-attention';
import { parseQuery } from '~/widgets/params';
import trained from '~/data/date-attention.json';
import {
  alphaTensor, costText, describeRow, EXAMPLES, inputLabels, paddingWeight, readout, resolve, schema, topInputs, weightText,
} from '~/widgets/attention-heatmap/model';

const w = trained.weights as DateAttentionWeights;

describe('attention heat map model', () => {
  it('every example date fits the model and is translated correctly', () => {
    for (const { date } of EXAMPLES) {
      const r = resolve(w, date);
      expect(r.problem).toBeNull();
      expect(r.translation!.output).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });
  it('bad input becomes a sentence, never an exception', () => {
    expect(resolve(w, '').problem).toMatch(/Type a date/);
    expect(resolve(w, '<script>').problem).toMatch(/never seen/);
    expect(resolve(w, '1'.repeat(TX + 1)).problem).toMatch(/at most/);
  });
  it('the read-out agrees with the forward pass: α = exp(e) / Σ exp(e)', () => {
    const tr = translateDate(w, 'june 25, 2009');
    for (const [t, col] of [[1, 1], [7, 4], [10, 14]] as const) {
      const r = readout(w, tr, t, col);
      expect(r.energy).toBeCloseTo(tr.steps[t - 1]!.energies[col - 1]!, 12);
      expect(Math.exp(r.energy) / r.denominator).toBeCloseTo(r.alpha, 12);
      expect(r.hidden).toHaveLength(10);
    }
  });
  it('top inputs are sorted, real weights; padding weight is the rest of the row past the date', () => {
    const tr = translateDate(w, '25.06.09');
    const top = topInputs(tr, 1);
    expect(top.map((x) => x.alpha)).toEqual([...top.map((x) => x.alpha)].sort((a, b) => b - a));
    const row = tr.steps[0]!.alphas;
    expect(paddingWeight(tr, 1)).toBeCloseTo(row.slice(8).reduce((a, b) => a + b, 0), 12);
    expect(inputLabels(tr).slice(0, 9).join('')).toBe('25.06.09·');
    expect(describeRow(tr, 1)).toMatch(/^Character 1 of \d{4}-\d\d-\d\d, “\d”: the model looks mostly at /);
  });
  it('small helpers', () => {
    expect(weightText(0.004)).toBe('≈0');
    expect(weightText(0)).toBe('0.00');
    expect(weightText(0.456)).toBe('0.46');
    expect(costText()).toBe(`T_x · T_y = ${TX} · ${TY} = ${TX * TY}`);
    expect(alphaTensor(translateDate(w, '7/4/76')).shape).toEqual([1, TY, TX, 1]);
  });
  it('the schema clamps and explains query values', () => {
    const parsed = parseQuery(schema, '?t=99&col=-3');
    expect(parsed.values.t).toBe(TY);
    expect(parsed.values.col).toBe(1);
    expect(parsed.problems).toHaveLength(2);
  });
});
