import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  BY_RANK, COUNTS, countState, describeCounts, describeLookup, describeNegatives, describeSoftmax, DIM_STEPS, E, FEATURES, lookupState,
  lossText, nearestStep, negativeCostText, negativeState, pairCost, productCountText, samplingRows, schema, softmaxState, softmaxText, sumText,
  THETA, VOCAB, VOCAB_STEPS, type Params,
} from '~/widgets/embedding-lookup/model';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const words = fc.constantFrom(...VOCAB);

describe('embedding-lookup model: the small vocabulary', () => {
  it('12 words, alphabetical as E’s columns; counts follow 27,720 / rank', () => {
    expect(VOCAB).toEqual(['a', 'and', 'apple', 'glass', 'in', 'juice', 'king', 'of', 'orange', 'queen', 'the', 'zebra']);
    expect(COUNTS[VOCAB.indexOf('the')]).toBe(27_720);
    expect(COUNTS[VOCAB.indexOf('of')]).toBe(13_860);
    expect(COUNTS[VOCAB.indexOf('zebra')]).toBe(2_310);
    for (const c of COUNTS) expect(Number.isInteger(c)).toBe(true);
    expect(E.rows).toBe(FEATURES);
    expect(E.cols).toBe(12);
    expect(THETA.rows).toBe(12);
    // Values are tenths in [−0.9, 0.9], so every product on screen is short.
    for (const v of [...E.data, ...THETA.data]) expect(Math.abs(Math.round(v * 10) - v * 10)).toBeLessThan(1e-9);
  });
});

describe('embedding-lookup model: E·o_j', () => {
  it('default: orange is word 9; its column comes out of the product; every other term is by 0', () => {
    const s = lookupState(params());
    expect(s.j).toBe(8);
    expect([...s.product]).toEqual([...s.column]);
    expect([...s.column]).toEqual([0, 1, 2, 3].map((i) => E.data[i * 12 + 8]));
    expect(s.terms.filter((t) => t.factor === 0)).toHaveLength(11);
    expect(s.terms[8]).toEqual({ weight: E.data[8], factor: 1, product: E.data[8] });
    const text = sumText(s);
    expect(text.split(' + ')).toHaveLength(12);
    expect(text).toMatch(/·1 \+ .* = −?\d/);
  });

  it('for every word and feature the picked row sums to E[i][j]', () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 1, max: FEATURES }), (word, feature) => {
        const s = lookupState(params({ word, feature }));
        expect(s.product[feature - 1]).toBe(E.data[(feature - 1) * 12 + VOCAB.indexOf(word)]);
        expect(s.terms.reduce((a, t) => a + t.product, 0)).toBeCloseTo(s.product[feature - 1]!, 12);
      }),
    );
  });

  it('counts at the course’s size: 3,000,000 multiplications against 300 copies', () => {
    const c = countState(params());
    expect(productCountText(c)).toBe('n_e × V = 300 × 10,000 = 3,000,000 multiplications (2,999,700 of them by zero) and 2,999,700 additions');
    expect(c.ratio).toBe(10_000);
    expect(describeCounts(params({ vocab: 50_000, dim: 100 }))).toBe(
      'V = 50,000, n_e = 100: the product takes 5,000,000 multiplications, 4,999,900 of them by zero; the lookup copies 100 numbers.',
    );
  });

  it('the sliders’ ladders hold the course’s sizes, and the nearest step is found on a log scale', () => {
    expect(VOCAB_STEPS[nearestStep(VOCAB_STEPS, 10_000)]).toBe(10_000);
    expect(DIM_STEPS[nearestStep(DIM_STEPS, 300)]).toBe(300);
    expect(VOCAB_STEPS[nearestStep(VOCAB_STEPS, 300_000)]).toBe(200_000);
    expect(VOCAB_STEPS[nearestStep(VOCAB_STEPS, 400_000)]).toBe(500_000);
    for (const v of VOCAB_STEPS) expect(v).toBeGreaterThanOrEqual(schema.vocab.min), expect(v).toBeLessThanOrEqual(schema.vocab.max);
    for (const d of DIM_STEPS) expect(d).toBeGreaterThanOrEqual(schema.dim.min), expect(d).toBeLessThanOrEqual(schema.dim.max);
  });

  it('says what changed in words', () => {
    expect(describeLookup(params({ word: 'king', feature: 2 }))).toMatch(/^Word 7, king: E times o_7 is \(.*\), column 7 of E\. Row 2: .* = .*\.$/);
  });
});

describe('embedding-lookup model: softmax and negative sampling', () => {
  it('p(t | c) over the 12 words sums to 1; the loss is −log p(target)', () => {
    fc.assert(
      fc.property(words, words, (word, target) => {
        const s = softmaxState(params({ word, target }));
        expect(s.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(s.loss).toBeCloseTo(-Math.log(s.probs[VOCAB.indexOf(target)]!), 12);
        // The denominator by hand: Σ_j exp(θ_j · e_c) with e_c = column c of E.
        const c = VOCAB.indexOf(word);
        const ec = [0, 1, 2, 3].map((i) => E.data[i * 12 + c]!);
        const z = VOCAB.reduce((a, _, j) => a + Math.exp(ec.reduce((d, v, i) => d + v * THETA.data[j * 4 + i]!, 0)), 0);
        expect(s.denominator).toBeCloseTo(z, 12);
      }),
    );
    const s = softmaxState(params());
    expect(softmaxText(s)).toMatch(/^p\(juice \| orange\) = exp\(−?\d\.\d{3}\) \/ \d+\.\d{3} = 0\.\d{3}$/);
    expect(lossText(s)).toMatch(/^L = −Σ y_i log ŷ_i = −log 0\.\d{3} = \d\.\d{3}$/);
  });

  it('the sampling bars: α = 0 is 1/12 each, α = 1 the raw share; α = 0.75 takes share from “the” and gives it to “zebra”', () => {
    for (const r of samplingRows(0)) expect(r.p).toBeCloseTo(1 / 12, 14);
    const total = COUNTS.reduce((a, b) => a + b, 0);
    for (const r of samplingRows(1)) expect(r.p).toBeCloseTo(r.count / total, 14);
    const at = (word: string, a: number) => samplingRows(a).find((r) => r.word === word)!.p;
    expect(at('the', 0.75)).toBeLessThan(at('the', 1));
    expect(at('zebra', 0.75)).toBeGreaterThan(at('zebra', 1));
    expect(samplingRows(0.75).map((r) => r.word)).toEqual([...BY_RANK]);
  });

  it('draws k negatives, reproducibly from the seed; the loss adds the k + 1 logistic terms', () => {
    const a = negativeState(params());
    expect(a.negatives).toHaveLength(5);
    expect(negativeState(params()).negatives).toEqual(a.negatives);
    // The default seed draws like the course’s example: “of”, “the”, “king” among them.
    expect(a.negatives.map((n) => VOCAB[n])).toEqual(['of', 'the', 'queen', 'the', 'king']);
    expect(a.terms[0]).toMatchObject({ word: VOCAB.indexOf('juice'), label: 1 });
    expect(a.terms.slice(1).every((t) => t.label === 0)).toBe(true);
    expect(a.loss).toBeCloseTo(a.terms.reduce((s, t) => s + t.loss, 0), 14);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 9999 }), fc.double({ min: 0, max: 1, noNaN: true }), (k, seed, power) => {
        const s = negativeState(params({ k, seed, power }));
        expect(s.negatives).toHaveLength(k);
        expect(s.terms).toHaveLength(k + 1);
        expect(Number.isFinite(s.loss)).toBe(true);
      }),
    );
    expect(describeNegatives(params())).toMatch(/^α = 0\.75: P\(the\) = 24\.5%, P\(zebra\) = 3\.8%\. k = 5 negatives drawn: of, the, queen, the, king; loss \d\.\d{3}\.$/);
  });

  it('per pair: k + 1 dot products against V', () => {
    const c = pairCost(params());
    expect(c.negativeDots).toBe(6);
    expect(negativeCostText(c)).toBe('k + 1 = 6 dot products (1,800 multiplications), 1,667 times fewer');
    expect(describeSoftmax(params())).toMatch(/^p\(juice \| orange\) = .*; loss \d\.\d{3}\.$/);
  });
});

describe('embedding-lookup settings', () => {
  it('round-trips through the query string', () => {
    const p = params({ word: 'king', feature: 3, target: 'queen', vocab: 50_000, dim: 100, k: 10, power: 0, seed: 42 });
    const q = toQuery(schema, p);
    expect(q).toBe('word=king&feature=3&target=queen&vocab=50000&dim=100&k=10&power=0&seed=42');
    expect(parseQuery(schema, `?${q}`).values).toEqual(p);
  });

  it('clamps or rejects bad and hostile values with a readable problem', () => {
    const { values, problems } = parseQuery(schema, '?word=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&vocab=1e12&k=-3&power=NaN&feature=2.5');
    expect(values.word).toBe('orange');
    expect(values.vocab).toBe(1_000_000);
    expect(values.k).toBe(1);
    expect(values.power).toBe(0.75);
    expect(values.feature).toBe(3);
    expect(problems.join(' ')).toMatch(/Word j \(word\) must be one of a, and, .*; “<img src=x onerror=alert…” was ignored\./);
    expect(problems).toHaveLength(5);
    // Whatever arrives, every state the view shows is finite.
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...Object.keys(schema)), fc.string()), (raw) => {
        const p = parseParams(schema, (n) => raw[n]).values;
        expect(Number.isFinite(softmaxState(p).loss)).toBe(true);
        expect(Number.isFinite(negativeState(p).loss)).toBe(true);
        expect(Number.isFinite(countState(p).multiplications)).toBe(true);
      }),
    );
  });
});
