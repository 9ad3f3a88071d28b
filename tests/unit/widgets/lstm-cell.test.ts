import { describe, expect, it } from 'vitest';
import { lstmStep } from '~/compute/rnn-cells';
import { num } from '~/widgets/gru-gates/model';
import {
  describeSequence, describeStep, expandQuery, PRESET_NAMES, presetParams, queryOf, resolve, runSequence, schema, shownStep, type Params,
} from '~/widgets/lstm-cell/model';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';

const defaults = parseParams(schema, () => undefined).values;
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));
const stateOf = (over: Partial<Params> = {}) => resolve({ ...defaults, ...over });

describe('LSTM cell model', () => {
  it('defaults are the “Three gates” preset; every preset parses cleanly; the query round-trips', () => {
    expect(defaults).toEqual(presetParams('gates'));
    for (const name of PRESET_NAMES) expect(fromQuery(`?preset=${name}`).problems).toEqual([]);
    const p = { ...presetParams('hold'), pinF: true, gf: 0.9, t: 20 };
    expect(queryOf(p)).toBe('preset=hold&pinF=true&gf=0.9&t=20');
    expect(fromQuery(`?${queryOf(p)}`).values).toEqual(p);
    const entry = WIDGETS.find((w) => w.slug === 'lstm-cell')!;
    expect(entry.title).toBe('LSTM cell');
    expect(fromQuery(`?${entry.example}`).problems).toEqual([]);
  });

  it('the shown step is the compute module’s, and pins act: Γ_o = 0 gives a<t> = 0, Γ_f = 1 with Γ_u = 0 keeps c', () => {
    const s = stateOf();
    expect(shownStep(s, null)).toEqual(lstmStep(s.w, s.a, s.c, s.x));
    expect(shownStep(stateOf({ pinO: true, go: 0 }), null).a.every((v) => v === 0)).toBe(true);
    const held = shownStep(stateOf({ pinF: true, gf: 1, pinU: true, gu: 0 }), null);
    expect(held.c).toEqual(held.cPrev);
  });

  it('c<t> can pass 1 (Γ_f = Γ_u = 1 adds c̃ to the old memory), a<t> cannot', () => {
    const s = shownStep(stateOf({ pinF: true, gf: 1, pinU: true, gu: 1 }), null);
    expect(Math.max(...s.c.map(Math.abs))).toBeGreaterThan(1);
    expect(Math.max(...s.a.map(Math.abs))).toBeLessThan(1);
  });

  it('“Forget gate holds”: c<1> = (0.81, −0.96) is still (0.82, −0.89) at step 24, Π Γ_f = 0.886; pinned at 0.8 it leaks to 0.8²³', () => {
    const hold = runSequence(resolve(presetParams('hold')));
    expect(hold.memory[1]!.map((v) => num(v))).toEqual(['0.81', '−0.96']);
    expect(hold.memory[24]!.map((v) => num(v))).toEqual(['0.82', '−0.89']);
    expect(num(hold.gradient[23]!, 3)).toBe('0.886');
    const leak = runSequence(resolve(presetParams('leak')));
    expect(leak.gradient[23]).toBeCloseTo(0.8 ** 23, 14);
  });

  it('bad settings are clamped or rejected, sentences never show NaN', () => {
    const r = fromQuery('?units=0&gf=NaN&pinF=true&go=1e9&pinO=true');
    expect(r.values.units).toBe(1);
    expect(r.values.gf).toBe(1);
    expect(r.values.go).toBe(1);
    expect(r.problems).toHaveLength(3);
    const s = resolve(r.values);
    const seq = runSequence({ ...s, view: 'sequence' });
    expect(describeStep(shownStep(s, null)) + describeSequence(s, seq)).not.toMatch(/NaN|Infinity/);
  });
});
