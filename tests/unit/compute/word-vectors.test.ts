import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import {
  analogy, biasDirection, cosine, decodeWordTable, equalise, loadWordVectors, nearestWords, neutralise, pca2, projectOnto,
  serverWordVectors, symmetricEigen, unit, wordIndex, type WordTable, type WordVectorFile,
} from '~/compute/word-vectors';

// ---- Naive references, written here on plain number[] without the module ----

const refDot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const refCos = (a: number[], b: number[]) => refDot(a, b) / Math.sqrt(refDot(a, a) * refDot(b, b));
const refSub = (a: number[], b: number[]) => a.map((x, i) => x - b[i]!);
const refAdd = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!);
const refScale = (a: number[], s: number) => a.map((x) => x * s);
const refNorm = (a: number[]) => Math.sqrt(refDot(a, a));
const refProject = (v: number[], g: number[]) => refScale(g, refDot(v, g) / refDot(g, g));

/** The course's equalise, step by step, as its exercise writes it. */
function refEqualise(w1: number[], w2: number[], g: number[]) {
  const mu = refScale(refAdd(w1, w2), 0.5);
  const muB = refProject(mu, g);
  const muOrth = refSub(mu, muB);
  const w1B = refProject(w1, g);
  const w2B = refProject(w2, g);
  const root = Math.sqrt(Math.abs(1 - refDot(muOrth, muOrth)));
  const c1 = refScale(refSub(w1B, muB), root / refNorm(refSub(refSub(w1, muOrth), muB)));
  const c2 = refScale(refSub(w2B, muB), root / refNorm(refSub(refSub(w2, muOrth), muB)));
  return [refAdd(c1, muOrth), refAdd(c2, muOrth)];
}

/** Reads the shipped table a second way: the JSON parsed here, each value int8 × scale. */
const file = JSON.parse(readFileSync('src/data/word-table.json', 'utf8')) as WordVectorFile;
const raw = Buffer.from(file.vectors, 'base64');
function refVector(word: string): number[] {
  const w = file.words.indexOf(word);
  return Array.from({ length: file.dimensions }, (_, k) => raw.readInt8(w * file.dimensions + k) * file.scales[w]!);
}
function refAnalogy(a: string, b: string, c: string): { word: string; sim: number }[] {
  const target = refAdd(refSub(refVector(b), refVector(a)), refVector(c));
  return file.words
    .filter((w) => w !== a && w !== b && w !== c)
    .map((w) => ({ word: w, sim: refCos(refVector(w), target) }))
    .sort((x, y) => y.sim - x.sim);
}

const table: WordTable = serverWordVectors()!;
const vec = (w: string) => table.row(wordIndex(table, w));
const arr = (v: ArrayLike<number>) => Array.from(v);

const vector = (n: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n });
const nonZero = (n: number) => vector(n).filter((v) => refNorm(v) > 1e-3);

describe('the shipped table', () => {
  it('holds 5,061 words of 100 dimensions in frequency order, the chapter\'s words among them', () => {
    expect(table.words.length).toBe(5061);
    expect(table.dim).toBe(100);
    expect(table.words.slice(0, 4)).toEqual(['the', 'of', 'to', 'and']);
    for (const w of ['man', 'woman', 'king', 'queen', 'receptionist', 'homemaker', 'priya', 'waitress']) expect(table.index.has(w), w).toBe(true);
  });

  it('decodes every value as int8 × the word\'s scale, and keeps GloVe\'s own numbers to within half a step', () => {
    for (const w of ['the', 'king', 'yasmin']) {
      const ours = arr(vec(w));
      expect(ours).toEqual(refVector(w));
      expect(table.norms[table.index.get(w)!]).toBeCloseTo(refNorm(ours), 12);
    }
    // glove.6B.100d.txt's "the" begins -0.038194 -0.24487 0.72812; the step for that row is max|x|/127.
    const step = file.scales[0]!;
    [-0.038194, -0.24487, 0.72812].forEach((x, k) => expect(Math.abs(vec('the')[k]! - x)).toBeLessThanOrEqual(step / 2 + 1e-12));
  });

  it('loads lazily in the browser\'s way to the same table', async () => {
    const lazy = await loadWordVectors();
    expect(lazy.words).toEqual(table.words);
    expect(Array.from(lazy.matrix.subarray(0, 300))).toEqual(Array.from(table.matrix.subarray(0, 300)));
  });

  it('rejects an inconsistent file instead of reading garbage', () => {
    expect(() => decodeWordTable({ ...file, words: file.words.slice(1) })).toThrow(/inconsistent/);
  });
});

describe('typed words', () => {
  it('are trimmed and lower-cased', () => {
    expect(wordIndex(table, '  King ')).toBe(table.index.get('king'));
  });
  it.each([
    ['', /Type a word/],
    ['   ', /Type a word/],
    ['<img src=x onerror=alert(1)>', /not a single word of letters a–z/],
    ['new york', /not a single word/],
    ['zyzzyva', /not among the 5,061 words/],
    ['x'.repeat(500), /not among|…/],
  ])('%j gives a sentence, not a crash', (input, message) => {
    let error: unknown;
    try {
      wordIndex(table, input, 'c');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ComputeInputError);
    expect((error as ComputeInputError).message).toMatch(message);
    expect((error as ComputeInputError).field).toBe('c');
    expect((error as Error).message.length).toBeLessThan(160);
  });
});

describe('cosine similarity', () => {
  it('matches a hand computation', () => {
    // (1,2,2)·(2,0,1) = 4; the norms are 3 and √5; cos = 4 / (3√5) = 0.596285…
    expect(cosine([1, 2, 2], [2, 0, 1])).toBeCloseTo(4 / (3 * Math.sqrt(5)), 15);
    expect(cosine([1, 0], [0, 3])).toBe(0);
    expect(cosine([1, 1], [-2, -2])).toBeCloseTo(-1, 15);
  });
  it('matches the naive formula on the table', () => {
    for (const [a, b] of [['man', 'woman'], ['receptionist', 'engineer'], ['paris', 'france']] as const) {
      expect(cosine(vec(a), vec(b))).toBeCloseTo(refCos(refVector(a), refVector(b)), 12);
    }
    expect(cosine(vec('man'), vec('woman'))).toBeCloseTo(0.8327, 4);
  });
  it('is symmetric, lies in [−1, 1], ignores length and flips sign with a vector', () => {
    fc.assert(
      fc.property(nonZero(6), nonZero(6), fc.double({ min: 0.01, max: 100, noNaN: true }), (u, v, s) => {
        const c = cosine(u, v);
        expect(c).toBeGreaterThanOrEqual(-1);
        expect(c).toBeLessThanOrEqual(1);
        expect(cosine(v, u)).toBe(c);
        expect(cosine(refScale(u, s), v)).toBeCloseTo(c, 9);
        expect(cosine(refScale(u, -1), v)).toBeCloseTo(-c, 12);
      }),
    );
  });
  it('refuses a zero vector and vectors of different lengths', () => {
    expect(() => cosine([0, 0], [1, 2])).toThrow(ComputeInputError);
    expect(() => cosine([1, 2], [1, 2, 3])).toThrow(/differ in length/);
  });
});

describe('analogies', () => {
  it('man : woman :: king : queen, as the course shows', () => {
    const r = analogy(table, 'man', 'woman', 'king', 5);
    expect(r.candidates[0]!.word).toBe('queen');
    expect(r.candidates[0]!.similarity).toBeCloseTo(0.784, 3);
    expect(arr(r.target)).toEqual(refAdd(refSub(refVector('woman'), refVector('man')), refVector('king')));
  });
  it.each([
    ['man', 'woman', 'king'],
    ['france', 'paris', 'italy'],
    ['small', 'smaller', 'big'],
    ['man', 'doctor', 'woman'],
  ])('%s : %s :: %s : ? ranks every word as a full naive scan does', (a, b, c) => {
    const ours = analogy(table, a, b, c, 8).candidates;
    const ref = refAnalogy(a, b, c).slice(0, 8);
    expect(ours.map((x) => x.word)).toEqual(ref.map((x) => x.word));
    ours.forEach((x, i) => expect(x.similarity).toBeCloseTo(ref[i]!.sim, 12));
  });
  it('never answers with one of the three query words', () => {
    const words = table.words.slice(0, 400);
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.constantFrom(...words), fc.constantFrom(...words), (a, b, c) => {
        fc.pre(a !== b || b !== c);
        const r = analogy(table, a, b, c, 3);
        for (const x of r.candidates) expect([a, b, c]).not.toContain(x.word);
        expect(r.candidates.map((x) => x.similarity)).toEqual([...r.candidates.map((x) => x.similarity)].sort((x, y) => y - x));
      }),
      { numRuns: 30 },
    );
  });
  it('says which word is unknown', () => {
    expect(() => analogy(table, 'man', 'womanish', 'king')).toThrow(expect.objectContaining({ field: 'b' }));
  });
  it('finds a word as its own nearest neighbour', () => {
    expect(nearestWords(table, vec('paris'), 1)[0]!.word).toBe('paris');
    expect(() => nearestWords(table, new Float64Array(100), 1)).toThrow(/zero/);
  });
});

describe('PCA to two dimensions', () => {
  it('finds the axis of points on a line, and keeps all its variance', () => {
    const p = pca2([[0, 0, 0], [1, 2, 2], [2, 4, 4], [3, 6, 6]]);
    expect(arr(p.axes[0]).map((x) => x * 3)).toEqual([1, 2, 2].map((x) => expect.closeTo(x, 9)));
    expect(p.explained[0]).toBeCloseTo(1, 12);
    // Centred at (1.5, 3, 3), the points sit at −4.5, −1.5, 1.5, 4.5 along the axis (steps of ‖(1,2,2)‖ = 3).
    expect(p.points.map(([x]) => x)).toEqual([-4.5, -1.5, 1.5, 4.5].map((x) => expect.closeTo(x, 9)));
  });
  it('gives orthonormal axes, the first the widest, and variances a naive sum confirms', () => {
    fc.assert(
      fc.property(fc.array(vector(5), { minLength: 3, maxLength: 8 }), (vs) => {
        fc.pre(vs.some((v) => refNorm(refSub(v, vs[0]!)) > 0.5));
        const p = pca2(vs);
        const [a, b] = p.axes.map(arr) as [number[], number[]];
        expect(refNorm(a)).toBeCloseTo(1, 6);
        if (p.explained[1] > 1e-9) {
          expect(refNorm(b)).toBeCloseTo(1, 6);
          expect(Math.abs(refDot(a, b))).toBeLessThan(1e-5);
        }
        const centred = vs.map((v) => refSub(v, arr(p.mean)));
        const total = centred.reduce((s, c) => s + refDot(c, c), 0);
        const along = (axis: number[]) => centred.reduce((s, c) => s + refDot(c, axis) ** 2, 0);
        expect(p.explained[0]).toBeCloseTo(along(a) / total, 4);
        expect(p.explained[0] + 1e-9).toBeGreaterThanOrEqual(p.explained[1]);
        // No unit direction among a few tries holds more variance than the first axis.
        for (const v of vs) if (refNorm(v) > 0) expect(along(refScale(v, 1 / refNorm(v)))).toBeLessThanOrEqual(along(a) * (1 + 1e-4) + 1e-9);
      }),
      { numRuns: 60 },
    );
  });
  it('is the same on every run, sign included', () => {
    const words = ['man', 'woman', 'king', 'queen'].map(vec);
    expect(pca2(words).points).toEqual(pca2(words).points);
  });
  it('rests on an eigen-solver that a hand-worked matrix checks', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1, along (1, 1)/√2 and (1, −1)/√2.
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values).toEqual([expect.closeTo(3, 14), expect.closeTo(1, 14)]);
    expect(Math.abs(vectors[0]![0]! * vectors[0]![1]!)).toBeCloseTo(0.5, 14);
    expect(vectors[1]![0]! * vectors[1]![1]!).toBeCloseTo(-0.5, 14);
  });
  it('needs two vectors', () => {
    expect(() => pca2([[1, 2]])).toThrow(ComputeInputError);
  });
});

describe('debiasing', () => {
  it('projects, neutralises and equalises a hand-worked 2-D case', () => {
    // g = (1, 0). e = (3, 4): the bias part is (3, 0), the neutralised vector (0, 4).
    expect(arr(projectOnto([3, 4], [1, 0]))).toEqual([3, 0]);
    expect(arr(neutralise([3, 4], [2, 0]))).toEqual([0, 4]);
    // w1 = (0.6, 0.3), w2 = (−0.2, 0.5): μ = (0.2, 0.4), μ_B = (0.2, 0), μ_⊥ = (0, 0.4);
    // √(1 − 0.16) = √0.84; w1 − μ = (0.4, −0.1), norm √0.17; e1 = (0.4·√0.84/√0.17, 0.4).
    const r = equalise([0.6, 0.3], [-0.2, 0.5], [1, 0]);
    expect(arr(r.muOrth)).toEqual([0, expect.closeTo(0.4, 15)]);
    const x = (0.4 * Math.sqrt(0.84)) / Math.sqrt(0.17);
    expect(arr(r.e1)).toEqual([expect.closeTo(x, 12), expect.closeTo(0.4, 12)]);
    expect(arr(r.e2)).toEqual([expect.closeTo(-x, 12), expect.closeTo(0.4, 12)]);
  });

  it('finds the bias direction as the mean of the pairs\' differences', () => {
    expect(arr(biasDirection([[[1, 2], [0, 0]], [[3, 0], [1, 2]]]))).toEqual([1.5, 0]);
    expect(arr(biasDirection([[vec('woman'), vec('man')]]))).toEqual(refSub(refVector('woman'), refVector('man')));
    expect(() => biasDirection([])).toThrow(ComputeInputError);
  });

  it('leaves a neutralised vector orthogonal to the bias axis', () => {
    fc.assert(
      fc.property(vector(8), nonZero(8), (e, g) => {
        const n = arr(neutralise(e, g));
        expect(Math.abs(refDot(n, g))).toBeLessThan(1e-9 * (1 + refNorm(e) * refNorm(g)));
        // …and changes nothing orthogonal to it.
        expect(refNorm(refSub(refSub(e, n), refProject(e, g)))).toBeLessThan(1e-9 * (1 + refNorm(e)));
      }),
    );
    const g = refSub(refVector('woman'), refVector('man'));
    expect(Math.abs(cosine(neutralise(vec('receptionist'), g), g))).toBeLessThan(1e-12);
    expect(cosine(vec('receptionist'), g)).toBeCloseTo(0.2812, 4);
  });

  it('equalises exactly as the course\'s formulas, step by step', () => {
    fc.assert(
      fc.property(vector(6), vector(6), nonZero(6), (w1, w2, g) => {
        fc.pre(refNorm(refSub(w1, w2)) > 1e-3);
        const ours = equalise(w1, w2, g);
        const [e1, e2] = refEqualise(w1, w2, g);
        arr(ours.e1).forEach((x, i) => expect(x).toBeCloseTo(e1![i]!, 8));
        arr(ours.e2).forEach((x, i) => expect(x).toBeCloseTo(e2![i]!, 8));
      }),
    );
  });

  it('makes an equalised pair equidistant from every vector orthogonal to the axis, raw or unit', () => {
    fc.assert(
      fc.property(vector(6), vector(6), nonZero(6), vector(6), fc.boolean(), (w1, w2, g, n, normalise) => {
        fc.pre(refNorm(refSub(w1, w2)) > 1e-3 && refNorm(w1) > 1e-3 && refNorm(w2) > 1e-3);
        const [a, b] = normalise ? [arr(unit(w1)), arr(unit(w2))] : [w1, w2];
        const neutral = arr(neutralise(n, g));
        const { e1, e2 } = equalise(a, b, g);
        const d1 = refNorm(refSub(arr(e1), neutral));
        const d2 = refNorm(refSub(arr(e2), neutral));
        expect(Math.abs(d1 - d2)).toBeLessThan(1e-8 * (1 + d1));
        // The pair now differs only along g, symmetrically about μ_⊥.
        expect(Math.abs(refDot(arr(e1), g) + refDot(arr(e2), g))).toBeLessThan(1e-8 * (1 + refNorm(g) * (1 + refNorm(a) + refNorm(b))));
      }),
    );
  });

  it('equalises man and woman on the table: unit vectors come out unit, with equal and opposite bias', () => {
    const g = unit(refSub(refVector('woman'), refVector('man')));
    const r = equalise(unit(vec('man')), unit(vec('woman')), g);
    expect(cosine(r.e1, g)).toBeCloseTo(-cosine(r.e2, g), 12);
    expect(refNorm(arr(r.e1))).toBeCloseTo(refNorm(arr(r.e2)), 12);
    const babysitter = neutralise(unit(vec('babysitter')), g);
    expect(refNorm(refSub(arr(r.e1), arr(babysitter)))).toBeCloseTo(refNorm(refSub(arr(r.e2), arr(babysitter))), 12);
    // Before, the two were not equidistant from it.
    const before = [vec('man'), vec('woman')].map((v) => refNorm(refSub(arr(unit(v)), arr(babysitter))));
    expect(Math.abs(before[0]! - before[1]!)).toBeGreaterThan(0.01);
  });

  it('refuses a zero axis and a pair of identical words', () => {
    expect(() => neutralise([1, 2], [0, 0])).toThrow(/zero vector/);
    expect(() => equalise([1, 2], [1, 2], [1, 0])).toThrow(/same vector/);
    expect(() => unit([0, 0])).toThrow(ComputeInputError);
  });
});
