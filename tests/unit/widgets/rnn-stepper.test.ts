import { describe, expect, it } from 'vitest';
import { rnnBackward, rnnForward } from '~/compute/rnn';
import { parseQuery } from '~/widgets/params';
import {
  buildSetup, cleanWord, describeStep, fmt2, fmtMag, modelProblems, orthogonal, phaseOf, resolve, schema, vecText, type Params,
} from '~/widgets/rnn-stepper/model';

const params = (search = ''): Params => parseQuery(schema, search).values;
const setupOf = (search = '') => {
  const r = buildSetup(params(search));
  if (!r.ok) throw new Error(r.error);
  return r.setup;
};

describe('rnn-stepper model', () => {
  it('defaults: “hello”, vocabulary ⏎ e h l o, x<1> = 0⃗, targets h e l l o ⏎, 6 forward + 6 backward + update', () => {
    const s = setupOf();
    expect(s.vocab).toEqual(['⏎', 'e', 'h', 'l', 'o']);
    expect(s.T).toBe(6);
    expect(s.positions).toBe(13);
    expect(Array.from(s.xs[0]!)).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(s.xs[1]!)).toEqual([0, 0, 1, 0, 0]); // “h”
    expect(s.targets.map((k) => s.vocab[k])).toEqual(['h', 'e', 'l', 'l', 'o', '⏎']);
    expect(phaseOf(s, 0)).toEqual({ kind: 'forward', t: 1 });
    expect(phaseOf(s, 6)).toEqual({ kind: 'backward', t: 6 });
    expect(phaseOf(s, 11)).toEqual({ kind: 'backward', t: 1 });
    expect(phaseOf(s, 12)).toEqual({ kind: 'update' });
  });

  it('a<1> = tanh(W_ax·0 + W_aa·0 + 0) = 0 and the shown sentence quotes the computed values', () => {
    const s = setupOf();
    expect(Array.from(s.forward[0]!.a)).toEqual([0, 0, 0]);
    const a2 = s.forward[1]!.a;
    // x<2> is “h” (index 2): a<2> = tanh(W_ax[:, 2]) since a<1> = 0 and b_a = 0.
    a2.forEach((v, i) => expect(v).toBeCloseTo(Math.tanh(s.weights.Wax.data[i * 5 + 2]!), 12));
    expect(describeStep(s, 1)).toContain(`a<2> = ${vecText(a2)}`);
    expect(describeStep(s, 0)).toMatch(/^Step 1: x<1> = 0⃗ and a<0> through the same W_ax and W_aa give a<1> = \(0\.00, 0\.00, 0\.00\); ŷ<1> gives the next character “h” probability 0\.20, loss −log 0\.20 = 1\.61\.$/);
  });

  it('W_aa = gain × an orthogonal matrix: its largest stretch is the gain', () => {
    const q = orthogonal(3, 7);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(q[i]!.reduce((s, v, k) => s + v * q[j]![k]!, 0)).toBeCloseTo(i === j ? 1 : 0, 12);
    const s = setupOf('gain=2.5');
    expect(s.weights.Waa.data[0]).toBeCloseTo(2.5 * orthogonal(3, 1)[0]![0]!, 12);
  });

  it('the numbers match the compute module run directly', () => {
    const s = setupOf('preset=exploding');
    const f = rnnForward(s.weights, s.xs);
    const b = rnnBackward(s.weights, f, s.targets, 'every');
    expect(s.bptt.daNorm).toEqual(b.daNorm);
    expect(describeStep(s, 6)).toBe(`Back through step 6: ‖∂L/∂a<6>‖ = ${fmtMag(b.daNorm[5]!)}; through tanh and W_aaᵀ, ${fmtMag(b.flowBack[5]!)} flows back to a<5>.`);
  });

  it('exploding: the gradient grows going back (a<1> gets > 50× what a<6> gets); clipping bounds the update', () => {
    const s = setupOf('preset=exploding');
    const d = s.bptt.daNorm;
    for (let t = 1; t < d.length; t++) expect(d[t - 1]!).toBeGreaterThan(d[t]!);
    expect(d[0]! / d[5]!).toBeGreaterThan(50);
    const u = s.update;
    expect(u.modes.none.norm).toBeGreaterThan(100);
    expect(u.modes.value.max).toBeLessThanOrEqual(5);
    expect(u.modes.norm.norm).toBeCloseTo(5, 10);
    expect(u.modes.value.step).toBeLessThanOrEqual(0.1 * 5 + 1e-12);
    expect(describeStep(s, 12)).toMatch(/^Update: backprop’s gradient norm is \d+(\.\d+)?\. Clipping each entry to ±5 changed \d+ entries; the norm is now [\d.]+, and no weight moves by more than 0\.5 \(α = 0\.1\)\.$/);
  });

  it('vanishing and saturated: the last step’s gradient reaching a<1> is < 1% of what a<T> gets', () => {
    for (const preset of ['vanishing', 'saturated']) {
      const d = setupOf(`preset=${preset}`).bptt.daNorm;
      expect(d[0]! / d.at(-1)!, preset).toBeLessThan(0.01);
    }
  });

  it('presets fill in only what the reader left at the default', () => {
    expect(resolve(params('preset=exploding')).gain).toBe(2.5);
    expect(resolve(params('preset=exploding&gain=1.5')).gain).toBe(1.5);
    expect(resolve(params('preset=vanishing')).loss).toBe('last');
  });

  it('bad input: 0 units, NaN, 10⁹ weights, odd words and W_aa shapes are clamped or explained, never NaN', () => {
    const p = parseQuery(schema, 'units=0&gain=NaN&waa=1e9,0,0;0,1,0;0,0,1&word=<img onerror=alert(1)>');
    expect(p.problems.join(' ')).toMatch(/Hidden units n_a \(units\) must be from 1 to 4/);
    expect(p.problems.join(' ')).toMatch(/W_aa gain \(gain\) “NaN” is not a number/);
    expect(p.problems.join(' ')).toMatch(/values must be from -10 to 10/);
    expect(p.values.waa![0]![0]).toBe(10);
    expect(modelProblems(p.values).join(' ')).toMatch(/W_aa \(waa\) must be 1×1 for n_a = 1; it is 3×3/);
    const s = buildSetup(p.values);
    expect(s.ok).toBe(true);
    if (s.ok) {
      expect(s.setup.word).toBe('imgoner');
      for (let k = 0; k < s.setup.positions; k++) expect(describeStep(s.setup, k)).not.toMatch(/NaN|Infinity/);
    }
    expect(cleanWord('Hello!')).toEqual({ word: 'hello', problem: 'The word (word) may hold only letters a–z; the others were left out: “hello”.' });
    expect(cleanWord('123').word).toBe('hello');
    expect(cleanWord('abcdefghij')).toEqual({ word: 'abcdefg', problem: 'The word (word) may have at most 7 letters; using “abcdefg”.' });
    const big = setupOf('waa=10,10,10;10,10,10;10,10,10&inputScale=6');
    for (let k = 0; k < big.positions; k++) expect(describeStep(big, k)).not.toMatch(/NaN|Infinity/);
  });

  it('formats: two decimals with a real minus; magnitudes over decades', () => {
    expect(fmt2(-0.004)).toBe('0.00');
    expect(fmt2(-0.5)).toBe('−0.50');
    expect(fmtMag(123.456)).toBe('123');
    expect(fmtMag(0.012345)).toBe('0.0123');
    expect(fmtMag(0.00012)).toBe('1.2×10⁻⁴');
    expect(fmtMag(25000)).toBe('2.5×10⁴');
  });
});
