import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DateInputError, encodeHuman, energyParts, FORMATS, forwardTf, gruStep, HUMAN_VOCAB, isoDate, MACHINE_VOCAB, oneHotInputs, randomWrittenDate,
  translateDate, TX, TY, weightsToTf, type DateAttentionWeights, type GruWeights,
} from '~/compute/date-attention';
import { mulberry32, randomNormals } from '~/compute/random';
import { loadTf } from '~/compute/tf';
import trained from '~/data/date-attention.json';

// Small random weights of the model's shapes, so the forward passes can be compared without training.
function randomWeights(seed: number, na = 3, ns = 4, nh = 5): DateAttentionWeights {
  let k = seed;
  const mat = (r: number, c: number) => {
    const v = randomNormals(r * c, k++).map((x) => x * 0.5);
    return Array.from({ length: r }, (_, i) => v.slice(i * c, (i + 1) * c));
  };
  const vec = (n: number) => randomNormals(n, k++).map((x) => x * 0.3);
  const gru = (n: number, nin: number): GruWeights => ({ Wu: mat(n, n + nin), bu: vec(n), Wr: mat(n, n + nin), br: vec(n), Wc: mat(n, n + nin), bc: vec(n) });
  return {
    encoderForward: gru(na, HUMAN_VOCAB.length), encoderBackward: gru(na, HUMAN_VOCAB.length),
    W1: mat(nh, ns + 2 * na), b1: vec(nh), w2: vec(nh), b2: 0.5,
    decoder: gru(ns, 2 * na), Wy: mat(MACHINE_VOCAB.length, ns), by: vec(MACHINE_VOCAB.length),
  };
}

// Naive reference, written out unit by unit from the course's GRU equations.
function refGru(w: GruWeights, c: number[], x: number[]): number[] {
  const n = c.length;
  const out: number[] = [];
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const rs = c.map((_, i) => sig(w.br[i]! + c.reduce((s, v, j) => s + w.Wr[i]![j]! * v, 0) + x.reduce((s, v, j) => s + w.Wr[i]![n + j]! * v, 0)));
  for (let i = 0; i < n; i++) {
    const u = sig(w.bu[i]! + c.reduce((s, v, j) => s + w.Wu[i]![j]! * v, 0) + x.reduce((s, v, j) => s + w.Wu[i]![n + j]! * v, 0));
    const cand = Math.tanh(w.bc[i]! + c.reduce((s, v, j) => s + w.Wc[i]![j]! * rs[j]! * v, 0) + x.reduce((s, v, j) => s + w.Wc[i]![n + j]! * v, 0));
    out.push(u * cand + (1 - u) * c[i]!);
  }
  return out;
}

describe('dates', () => {
  it('writes the ISO date and the course-style formats', () => {
    const d = { year: 2009, month: 6, day: 25 };
    expect(isoDate(d)).toBe('2009-06-25');
    const written = FORMATS.map((f) => f(d));
    expect(written).toContain('6/25/09');
    expect(written).toContain('june 25, 2009');
    expect(written).toContain('25.06.09');
  });
  it('random written dates fit, use only known characters, and span 1930–2029', () => {
    const next = mulberry32(3);
    const years = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const { text, iso } = randomWrittenDate(next);
      expect(text.length).toBeLessThanOrEqual(TX);
      expect(() => encodeHuman(text)).not.toThrow();
      years.add(Number(iso.slice(0, 4)));
    }
    expect(Math.min(...years)).toBeGreaterThanOrEqual(1930);
    expect(Math.max(...years)).toBeLessThanOrEqual(2029);
    expect(years.size).toBeGreaterThan(90);
  });
  it('rejects empty, too long and unknown input with a sentence', () => {
    expect(() => encodeHuman('   ')).toThrow(DateInputError);
    expect(() => encodeHuman('x'.repeat(TX + 1))).toThrow(/at most 14 characters/);
    expect(() => encodeHuman('<img src=x onerror=alert(1)>')).toThrow(/never seen “<”, “=”, “\(”, “\)”, “>”/);
    expect(() => encodeHuman('·')).toThrow(/never seen “·”/); // the padding symbol is not input
    expect(encodeHuman('June 25').chars.slice(0, 8).join('')).toBe('june 25·');
  });
});

describe('the forward pass', () => {
  it('gruStep follows the course’s equations (naive reference)', () => {
    const w = randomWeights(11).decoder;
    fc.assert(fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 6, maxLength: 6 }), (c, x) => {
      const ours = gruStep(w, c, x);
      refGru(w, c, x).forEach((v, i) => expect(ours[i]).toBeCloseTo(v, 12));
    }));
  });
  it('the energy is relu(w₂·tanh(W₁[s; a] + b₁) + b₂), by hand for one hidden unit', () => {
    const w = { ...randomWeights(1), W1: [[1, -1, 2]], b1: [0.5], w2: [3], b2: -1 };
    const p = energyParts(w, [0.2], [0.1, 0.4]);
    const h = Math.tanh(0.2 - 0.1 + 0.8 + 0.5);
    expect(p.hidden[0]).toBeCloseTo(h, 15);
    expect(p.preRelu).toBeCloseTo(3 * h - 1, 15);
    expect(p.energy).toBeCloseTo(Math.max(0, 3 * h - 1), 15);
    expect(energyParts({ ...w, b2: -9 }, [0.2], [0.1, 0.4]).energy).toBe(0);
  });
  it('attention rows are softmaxes of the energies and sum to 1; the context is their weighted sum', () => {
    const w = randomWeights(5);
    const tr = translateDate(w, 'june 25, 2009');
    expect(tr.steps).toHaveLength(TY);
    for (const s of tr.steps) {
      expect(s.alphas.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const z = s.energies.reduce((a, e) => a + Math.exp(e), 0);
      s.alphas.forEach((a, j) => expect(a).toBeCloseTo(Math.exp(s.energies[j]!) / z, 12));
      s.context.forEach((c, k) => expect(c).toBeCloseTo(tr.encoderStates.reduce((sum, a, j) => sum + s.alphas[j]! * a[k]!, 0), 12));
      expect(s.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });
  it('TF.js ops (forwardTf) give the same weights and characters as the float64 loops', async () => {
    const tf = await loadTf();
    const w = randomWeights(9);
    const dates = ['june 25, 2009', '3 may 1979', '7/4/76'];
    const { alphas, logits } = tf.tidy(() => forwardTf(tf, weightsToTf(tf, w), oneHotInputs(tf, dates)));
    const a = (await alphas.array()) as number[][][];
    const l = (await logits.array()) as number[][][];
    dates.forEach((d, b) => {
      const tr = translateDate(w, d);
      tr.steps.forEach((s, t) => {
        s.alphas.forEach((v, j) => expect(Math.abs(v - a[b]![t]![j]!)).toBeLessThan(1e-5));
        const best = l[b]![t]!.indexOf(Math.max(...l[b]![t]!));
        expect(MACHINE_VOCAB[best]).toBe(s.char);
      });
    });
    tf.dispose([alphas, logits]);
  });
});

describe('the shipped model', () => {
  const w = trained.weights as DateAttentionWeights;
  it('translates the example dates correctly', () => {
    expect(translateDate(w, 'june 25, 2009').output).toBe('2009-06-25');
    expect(translateDate(w, '25.06.09').output).toBe('2009-06-25');
    expect(translateDate(w, '3 may 1979').output).toBe('1979-05-03');
    expect(translateDate(w, 'dec 31, 1999').output).toBe('1999-12-31');
    expect(translateDate(w, '7/4/76').output).toBe('1976-07-04');
  });
  it('gets most held-out dates right (200 fresh ones, a seed the script never used)', () => {
    const next = mulberry32(2024);
    let right = 0;
    for (let i = 0; i < 200; i++) {
      const { text, iso } = randomWrittenDate(next);
      if (translateDate(w, text).output === iso) right++;
    }
    expect(right / 200).toBeGreaterThan(0.9);
    expect(trained.heldOutExactMatch).toBeGreaterThan(0.9);
  });
});
