import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  beamSearch, EOS, errorAnalysis, exhaustiveSearch, greedySearch, normalisedScore, reason, sequenceProbability, tokenise, validateTable,
  type BeamTable,
} from '~/compute/beam';
import { ComputeInputError } from '~/compute/errors';
import { mulberry32 } from '~/compute/random';
import { MAX_PATH, SOURCES, translationTable, VOCAB, type SourceId } from '~/data/translation-model';

const words = (s: string) => s.split(' ');
const text = (tokens: readonly string[] | undefined) => tokens?.join(' ');

/**
 * Worked by hand: greedy takes "a" (0.6) then "a" (0.5, first of a tie), P = 0.3; B = 2 also finishes
 * "b </s>" at step 2 with P = 0.36, higher in raw probability but shorter.
 */
const HAND: BeamTable = {
  vocab: ['a', 'b', EOS],
  rows: {
    '': { a: 0.6, b: 0.4 },
    a: { a: 0.5, b: 0.5 },
    'a a': { [EOS]: 1 },
    'a b': { [EOS]: 1 },
    b: { [EOS]: 0.9, a: 0.1 },
    'b a': { [EOS]: 1 },
  },
};

describe('beam search on a hand-worked table', () => {
  it('B = 2: ranks, kept and pruned at every step, with the reason', () => {
    const r = beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0 });
    expect(r.steps.map((s) => s.candidates.map((c) => `${text(c.tokens)}:${c.status}`))).toEqual([
      ['a:kept', 'b:kept'],
      [`b ${EOS}:kept`, 'a a:kept', 'a b:pruned', 'b a:pruned'],
      [`a a ${EOS}:kept`],
    ]);
    const step2 = r.steps[1]!;
    expect(step2.candidates.map((c) => c.logProb)).toEqual([Math.log(0.4) + Math.log(0.9), Math.log(0.6) + Math.log(0.5), Math.log(0.6) + Math.log(0.5), Math.log(0.4) + Math.log(0.1)]);
    expect(reason(step2.candidates[2]!, step2, 2)).toBe('rank 3 of 4, B = 2: pruned');
    expect(reason(step2.candidates[0]!, step2, 2)).toBe('rank 1 of 4, B = 2: kept, finished');
    expect(step2.candidates[1]!.parent).toBe(0); // "a a" extends step 1's first candidate
    expect(step2.candidates[0]!.parent).toBe(1);
  });

  it('α = 0 prefers the short "b </s>" (P = 0.36 > 0.3); α = 1 the longer "a a </s>" (−0.401 > −0.511)', () => {
    const raw = beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0 });
    expect(text(raw.best?.tokens)).toBe(`b ${EOS}`);
    expect(raw.best!.score).toBeCloseTo(-1.02165, 5); // ln 0.36
    const mean = beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 1 });
    expect(text(mean.best?.tokens)).toBe(`a a ${EOS}`);
    expect(mean.best!.score).toBeCloseTo(-0.40132, 5); // ln 0.3 / 3
    expect(mean.finished[1]!.score).toBeCloseTo(-0.51083, 5); // ln 0.36 / 2
    const course = beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0.7 });
    expect(course.finished.map((h) => +h.score.toFixed(4))).toEqual([-0.558, -0.6289]); // 3^0.7 = 2.158, 2^0.7 = 1.625
  });

  it('greedy takes the first of a tie in vocabulary order; B = 1 does the same', () => {
    expect(text(greedySearch(HAND, { maxLength: 5, alpha: 0 }).tokens)).toBe(`a a ${EOS}`);
    expect(text(beamSearch(HAND, { beamWidth: 1, maxLength: 5, alpha: 0 }).best?.tokens)).toBe(`a a ${EOS}`);
  });

  it('exhaustive search lists every finishing sequence', () => {
    const all = exhaustiveSearch(HAND, { maxLength: 5, alpha: 0 }).all.map((h) => text(h.tokens));
    expect(all).toEqual([`b ${EOS}`, `a a ${EOS}`, `a b ${EOS}`, `b a ${EOS}`]);
    expect(exhaustiveSearch(HAND, { maxLength: 2, alpha: 0 }).all.map((h) => text(h.tokens))).toEqual([`b ${EOS}`]);
  });

  it('the maximum length cuts open beams: they are never translations', () => {
    const r = beamSearch(HAND, { beamWidth: 1, maxLength: 2, alpha: 0 });
    expect(r.best).toBeNull();
    expect(r.steps[1]!.candidates[0]).toMatchObject({ tokens: ['a', 'a'], status: 'kept', cut: true });
    expect(reason(r.steps[1]!.candidates[0]!, r.steps[1]!, 1)).toBe('rank 1 of 2, B = 1: kept, cut at the maximum length');
  });

  it('a forced prefix is followed, its siblings marked off the prefix, and the search continues from it alone', () => {
    const r = beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0, forced: ['a', 'b'] });
    expect(r.steps.map((s) => s.candidates.map((c) => `${text(c.tokens)}:${c.status}`))).toEqual([
      ['a:forced', 'b:off-prefix'],
      ['a a:off-prefix', 'a b:forced'],
      [`a b ${EOS}:kept`],
    ]);
    expect(text(r.best?.tokens)).toBe(`a b ${EOS}`);
    expect(reason(r.steps[0]!.candidates[1]!, r.steps[0]!, 2)).toBe('rank 2 of 2: not on the forced prefix');
    expect(() => beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0, forced: ['b', 'b'] })).toThrow('the model gives “b” probability 0 after “b”');
    expect(() => beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0, forced: [EOS, 'a'] })).toThrow(`goes on after ${EOS}`);
    expect(() => beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: 0, forced: ['a', 'zebra'] })).toThrow('“zebra” is not in the model’s vocabulary');
  });

  it('refuses B = 0, α outside [0, 1] and a bad table with readable messages', () => {
    expect(() => beamSearch(HAND, { beamWidth: 0, maxLength: 5, alpha: 0 })).toThrow(ComputeInputError);
    expect(() => beamSearch(HAND, { beamWidth: 0, maxLength: 5, alpha: 0 })).toThrow('beam width B must be an integer ≥ 1; got 0');
    expect(() => beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: -0.1 })).toThrow('α must be from 0 to 1; got -0.1');
    expect(() => beamSearch(HAND, { beamWidth: 2, maxLength: 5, alpha: Number.NaN })).toThrow('α must be from 0 to 1');
    expect(() => validateTable({ vocab: ['a', EOS], rows: { '': { a: 0.5, [EOS]: 0.4 } } })).toThrow('row “” sums to 0.9, not 1');
    expect(() => validateTable({ vocab: ['a', EOS], rows: { '': { z: 1 } } })).toThrow('“z”, which is not in the vocabulary');
    expect(() => validateTable({ vocab: ['a'], rows: {} })).toThrow(`must hold the end token ${EOS}`);
  });
});

describe('P(y | x) and error analysis', () => {
  it('multiplies the terms; a zero term gives log −∞ and says where', () => {
    const s = sequenceProbability(HAND, words(`a b ${EOS}`), 1);
    expect(s.terms).toEqual([0.6, 0.5, 1]);
    expect(s.prob).toBeCloseTo(0.3, 12);
    expect(s.score).toBeCloseTo(Math.log(0.3) / 3, 12);
    const z = sequenceProbability(HAND, words(`b b ${EOS}`), 0);
    expect(z).toMatchObject({ logProb: -Infinity, prob: 0, zeroAt: 1 });
  });

  it('names out-of-vocabulary tokens, hostile ones included, as text', () => {
    expect(() => sequenceProbability(HAND, ['a', 'cheese', 'cheese'], 0)).toThrow('“cheese” is not in the model’s vocabulary (a b </s>)');
    expect(() => sequenceProbability(HAND, ['<img src=x onerror=alert(1)>', 'q'], 0)).toThrow("“<img src=x onerror=alert…”, “q” are not in");
    expect(() => sequenceProbability(HAND, [], 0)).toThrow('the sequence is empty');
    expect(() => sequenceProbability(HAND, [EOS, 'a'], 0)).toThrow(`goes on after ${EOS}`);
  });

  it('tokenises on any run of spaces', () => {
    expect(tokenise('  Jane   visits\tAfrica ')).toEqual(['Jane', 'visits', 'Africa']);
    expect(tokenise('   ')).toEqual([]);
  });

  it('blames the search when the model scores y* higher, the model otherwise, with the search’s own normalisation', () => {
    // Greedy's ŷ = "a a </s>" (0.3); y* = "b </s>" (0.36) is likelier: with α = 0 the search is at fault …
    expect(errorAnalysis(HAND, words(`b ${EOS}`), words(`a a ${EOS}`), 0).fault).toBe('beam');
    // … but with α = 1 the model itself ranks y* lower (−0.511 < −0.401): the model is at fault.
    expect(errorAnalysis(HAND, words(`b ${EOS}`), words(`a a ${EOS}`), 1).fault).toBe('model');
    expect(errorAnalysis(HAND, words(`b a ${EOS}`), words(`a a ${EOS}`), 0).fault).toBe('model');
    expect(errorAnalysis(HAND, words(`a a ${EOS}`), words(`a a ${EOS}`), 0).fault).toBe('none');
    expect(errorAnalysis(HAND, words(`b b ${EOS}`), words(`a a ${EOS}`), 0).fault).toBe('model'); // P(y*) = 0
  });
});

// ---------------------------------------------------------------------------------------------------
// Random small tables and a naive reference written separately: it multiplies probabilities (no logs),
// keeps plain arrays of sequences, and sorts with its own comparator.

interface RandomTable {
  table: BeamTable;
  maxLength: number;
}

function randomTable(seed: number, size: number, maxLength: number): RandomTable {
  const rand = mulberry32(seed);
  const vocab = [...'abc'.slice(0, size - 1), EOS];
  const rows: Record<string, Record<string, number>> = {};
  const fill = (prefix: string[]) => {
    if (prefix.length >= maxLength || prefix.at(-1) === EOS) return;
    // A random non-empty subset of the vocabulary with random positive weights, normalised.
    let chosen = vocab.filter(() => rand() < 0.75);
    if (chosen.length === 0) chosen = [vocab[Math.floor(rand() * vocab.length)]!];
    const weights = chosen.map(() => 0.05 + rand());
    const total = weights.reduce((a, b) => a + b, 0);
    rows[prefix.join(' ')] = Object.fromEntries(chosen.map((t, i) => [t, weights[i]! / total]));
    for (const t of chosen) fill([...prefix, t]);
  };
  fill([]);
  return { table: { vocab, rows }, maxLength };
}

const tables = fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 2, max: 4 }), maxLength: fc.integer({ min: 1, max: 4 }) })
  .map(({ seed, size, maxLength }) => randomTable(seed, size, maxLength));

function probOf(table: BeamTable, seq: string[]): number {
  let p = 1;
  for (let i = 0; i < seq.length; i++) p *= table.rows[seq.slice(0, i).join(' ')]?.[seq[i]!] ?? 0;
  return p;
}

function referenceBeam(table: BeamTable, B: number, maxLength: number, alpha: number) {
  let alive: string[][] = [[]];
  const done: string[][] = [];
  const keptPerStep: string[][] = [];
  for (let t = 0; t < maxLength && alive.length > 0; t++) {
    const candidates: string[][] = [];
    for (const seq of alive) for (const token of table.vocab) if ((table.rows[seq.join(' ')]?.[token] ?? 0) > 0) candidates.push([...seq, token]);
    const order = candidates.map((seq, i) => ({ seq, i, p: probOf(table, seq) })).sort((x, y) => y.p - x.p || x.i - y.i);
    const top = order.slice(0, B).map((o) => o.seq);
    keptPerStep.push(top.map((s) => s.join(' ')));
    done.push(...top.filter((s) => s.at(-1) === EOS));
    alive = top.filter((s) => s.at(-1) !== EOS);
  }
  const score = (s: string[]) => Math.log(probOf(table, s)) / s.length ** alpha;
  const best = done.reduce<string[] | null>((b, s) => (b === null || score(s) > score(b) ? s : b), null);
  return { keptPerStep, best, bestScore: best ? score(best) : null };
}

describe('properties over random small tables', () => {
  const alphas = fc.double({ min: 0, max: 1, noNaN: true });

  it('matches the naive reference: the kept beams at every step and the winner', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 5 }), alphas, ({ table, maxLength }, B, alpha) => {
        const ours = beamSearch(table, { beamWidth: B, maxLength, alpha });
        const ref = referenceBeam(table, B, maxLength, alpha);
        expect(ours.steps.map((s) => s.candidates.filter((c) => c.status === 'kept').map((c) => text(c.tokens)))).toEqual(ref.keptPerStep);
        if (ref.bestScore === null) expect(ours.best).toBeNull();
        else expect(ours.best!.score).toBeCloseTo(ref.bestScore, 9);
      }),
      { numRuns: 300 },
    );
  });

  it('kept beams are the top B by log-probability, every pruned one ranks below them', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 5 }), alphas, ({ table, maxLength }, B, alpha) => {
        for (const step of beamSearch(table, { beamWidth: B, maxLength, alpha }).steps) {
          const kept = step.candidates.filter((c) => c.status === 'kept');
          const pruned = step.candidates.filter((c) => c.status === 'pruned');
          expect(kept.length).toBe(Math.min(B, step.candidates.length));
          for (const k of kept) for (const p of pruned) expect(k.logProb).toBeGreaterThanOrEqual(p.logProb);
          expect(step.candidates.map((c) => c.rank)).toEqual(step.candidates.map((_, i) => i + 1));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('B ≥ |V|^maxLength is exhaustive search', () => {
    fc.assert(
      fc.property(tables, alphas, ({ table, maxLength }, alpha) => {
        const B = table.vocab.length ** maxLength;
        const beam = beamSearch(table, { beamWidth: B, maxLength, alpha });
        const all = exhaustiveSearch(table, { maxLength, alpha });
        expect(beam.finished.length).toBe(all.all.length);
        if (all.best === null) expect(beam.best).toBeNull();
        else expect(beam.best!.score).toBeCloseTo(all.best.score, 12);
      }),
      { numRuns: 300 },
    );
  });

  it('B = 1 is greedy search', () => {
    fc.assert(
      fc.property(tables, alphas, ({ table, maxLength }, alpha) => {
        const greedy = greedySearch(table, { maxLength, alpha });
        const beam = beamSearch(table, { beamWidth: 1, maxLength, alpha });
        expect(text(beam.best?.tokens)).toBe(greedy.finished ? text(greedy.tokens) : undefined);
      }),
      { numRuns: 300 },
    );
  });

  it('the finished list is ranked by score and agrees with P(y | x) of each sentence', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 4 }), alphas, ({ table, maxLength }, B, alpha) => {
        const r = beamSearch(table, { beamWidth: B, maxLength, alpha });
        for (let i = 1; i < r.finished.length; i++) expect(r.finished[i - 1]!.score).toBeGreaterThanOrEqual(r.finished[i]!.score);
        for (const h of r.finished) {
          expect(sequenceProbability(table, h.tokens, alpha).logProb).toBeCloseTo(h.logProb, 12);
          expect(h.score).toBeCloseTo(normalisedScore(h.logProb, h.tokens.length, alpha), 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The shipped translation model, and the claims its comment (and the chapter) makes about it.

describe('the shipped translation model', () => {
  const ids = Object.keys(SOURCES) as SourceId[];

  it('every row sums to exactly 1000 thousandths and names only vocabulary tokens', () => {
    for (const id of ids) {
      for (const [prefix, row] of Object.entries(SOURCES[id].thousandths)) {
        expect(Object.values(row).reduce((a, b) => a + b, 0), `${id}: “${prefix}”`).toBe(1000);
        for (const [token, n] of Object.entries(row)) {
          expect(VOCAB).toContain(token);
          expect(Number.isInteger(n) && n > 0).toBe(true);
        }
      }
      expect(() => validateTable(translationTable(id))).not.toThrow();
    }
  });

  it('every reachable prefix has a row, every path ends with </s> within MAX_PATH tokens, and no row is unreachable', () => {
    for (const id of ids) {
      const table = translationTable(id);
      const reached = new Set<string>();
      const walk = (prefix: string[]) => {
        if (prefix.at(-1) === EOS) return;
        expect(prefix.length, `${id}: “${text(prefix)}” is still open at ${MAX_PATH}`).toBeLessThan(MAX_PATH);
        const row = table.rows[prefix.join(' ')];
        expect(row, `${id}: no row for “${text(prefix)}”`).toBeDefined();
        reached.add(prefix.join(' '));
        for (const token of Object.keys(row!)) walk([...prefix, token]);
      };
      walk([]);
      expect([...reached].sort()).toEqual(Object.keys(table.rows).sort());
    }
    expect(VOCAB.length).toBe(21);
  });

  const visite = translationTable('visite');
  const anDernier = translationTable('an-dernier');
  const search = (table: BeamTable, beamWidth: number, alpha: number) => beamSearch(table, { beamWidth, maxLength: MAX_PATH, alpha });

  it('“Jane visite l’Afrique en septembre”: greedy goes “Jane is going …” and loses to B = 3’s “Jane is visiting Africa in September </s>”', () => {
    const greedy = greedySearch(visite, { maxLength: MAX_PATH, alpha: 0.7 });
    expect(text(greedy.tokens)).toBe('Jane is going to be visiting Africa in September </s>');
    expect(Math.exp(greedy.logProb)).toBeCloseTo(0.85 * 0.5 * 0.45 * 0.95 * 0.4 * 0.6 * 0.9 * 0.8, 12); // 0.0313956
    expect(greedy.score).toBeCloseTo(-0.6906, 4);
    expect(text(search(visite, 1, 0.7).best?.tokens)).toBe(text(greedy.tokens));
    const b3 = search(visite, 3, 0.7).best!;
    expect(text(b3.tokens)).toBe('Jane is visiting Africa in September </s>');
    expect(Math.exp(b3.logProb)).toBeCloseTo(0.85 * 0.5 * 0.4 * 0.9 * 0.85, 12); // 0.13005
    expect(b3.score).toBeCloseTo(-0.5224, 4);
    expect(b3.score).toBeGreaterThan(greedy.score);
    expect(b3.logProb).toBeGreaterThan(greedy.logProb); // it loses raw too
    expect(text(exhaustiveSearch(visite, { maxLength: MAX_PATH, alpha: 0.7 }).best?.tokens)).toBe(text(b3.tokens));
    expect(exhaustiveSearch(visite, { maxLength: MAX_PATH, alpha: 0.7 }).all.length).toBe(23);
    // B = 2 finds neither: it keeps the short one.
    expect(text(search(visite, 2, 0.7).best?.tokens)).toBe('Jane visits Africa </s>');
  });

  it('length normalisation matters: α = 0 prefers the short “Jane visits Africa </s>”, α = 0.7 the longer, better sentence', () => {
    const raw = search(visite, 3, 0).best!;
    expect(text(raw.tokens)).toBe('Jane visits Africa </s>');
    expect(Math.exp(raw.logProb)).toBeCloseTo(0.85 * 0.4 * 0.95 * 0.6, 12); // 0.1938
    expect(text(exhaustiveSearch(visite, { maxLength: MAX_PATH, alpha: 0 }).best?.tokens)).toBe('Jane visits Africa </s>');
    const normalised = search(visite, 3, 0.7);
    expect(text(normalised.best?.tokens)).toBe('Jane is visiting Africa in September </s>');
    // Both are among B = 3's finished sentences: only the ranking changes.
    expect(normalised.finished.map((h) => text(h.tokens))).toContain('Jane visits Africa </s>');
    expect(normalised.finished.find((h) => text(h.tokens) === 'Jane visits Africa </s>')!.score).toBeCloseTo(-0.6218, 4);
  });

  it('“Jane a visité l’Afrique l’an dernier”: B = 1 < B = 2 < B = 3 = exhaustive; B = 2 prunes “Last year” at step 2 (rank 3 of 5)', () => {
    const expected = [
      ['Jane visited Africa last year </s>', 0.7 * 0.45 * 0.6 * 0.55, -0.6459],
      ['Jane went to Africa last year </s>', 0.7 * 0.4 * 0.9 * 0.55, -0.5061],
      ['Last year Jane visited Africa </s>', 0.3 * 0.9 * 0.9, -0.4036],
    ] as const;
    expected.forEach(([sentence, p, score], i) => {
      const best = search(anDernier, i + 1, 0.7).best!;
      expect(text(best.tokens)).toBe(sentence);
      expect(Math.exp(best.logProb)).toBeCloseTo(p, 12);
      expect(best.score).toBeCloseTo(score, 4);
    });
    const step2 = search(anDernier, 2, 0.7).steps[1]!;
    const lastYear = step2.candidates.find((c) => text(c.tokens) === 'Last year')!;
    expect(reason(lastYear, step2, 2)).toBe('rank 3 of 5, B = 2: pruned');
    expect(text(exhaustiveSearch(anDernier, { maxLength: MAX_PATH, alpha: 0.7 }).best?.tokens)).toBe('Last year Jane visited Africa </s>');
  });

  it('error analysis on the course’s sentence: greedy’s ŷ is the search’s fault; α = 0’s short ŷ is the model’s', () => {
    const greedy = greedySearch(visite, { maxLength: MAX_PATH, alpha: 0.7 });
    const beamFault = errorAnalysis(visite, words('Jane is visiting Africa in September </s>'), greedy.tokens, 0.7);
    expect(beamFault.fault).toBe('beam');
    const short = search(visite, 3, 0).best!;
    const modelFault = errorAnalysis(visite, words('Jane visits Africa in September </s>'), short.tokens, 0);
    expect(modelFault.fault).toBe('model');
    expect(modelFault.human.prob).toBeCloseTo(0.85 * 0.4 * 0.95 * 0.4, 12); // 0.1292 < 0.1938
  });
});
