// The debiasing projection's model on the real word table (serverWordVectors): the numbers before and
// after each step, equidistance after equalising (unit and raw vectors), the pictures' coordinates, and
// bad input turned into sentences.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosine, dot, norm, serverWordVectors, sub, unit } from '~/compute/word-vectors';
import { parseParams } from '~/widgets/params';
import {
  buildState, describe as describeStep, equaliseMarks, f3, neutraliseMarks, parsePairs, planeOf, schema, signed3, space, togglePair, type Params,
} from '~/widgets/debiasing/model';

const table = serverWordVectors()!;
const defaults = parseParams(schema, () => undefined).values;
const state = (over: Partial<Params> = {}) => buildState(table, { ...defaults, ...over });
const cosOf = (st: ReturnType<typeof state>, word: string) => st.direction.bars.find((b) => b.word === word)!.cos;

describe('debiasing model on the GloVe table', () => {
  it('step 1, raw vectors and g = e_woman − e_man: the course exercise’s cosines', () => {
    const st = state({ normalise: false });
    expect(st.problems).toEqual([]);
    expect(f3(cosOf(st, 'receptionist'))).toBe('0.281');
    expect(f3(cosOf(st, 'nurse'))).toBe('0.328');
    expect(f3(cosOf(st, 'engineer'))).toBe('−0.122');
    expect(f3(cosOf(st, 'john'))).toBe('−0.226');
    expect(f3(cosOf(st, 'marie'))).toBe('0.244');
    // g is exactly e_woman − e_man.
    const g = sub(table.row(table.index.get('woman')!), table.row(table.index.get('man')!));
    expect(norm(sub(st.direction.g, g))).toBe(0);
  });

  it('step 1 with unit vectors and with five pairs averaged', () => {
    const unitSt = state();
    expect(f3(cosOf(unitSt, 'receptionist'))).toBe('0.254');
    expect(f3(cosOf(unitSt, 'engineer'))).toBe('−0.164');
    const five = state({ pairs: 'woman-man,she-he,mother-father,girl-boy,queen-king' });
    expect(five.direction.pairs).toHaveLength(5);
    expect(f3(cosOf(five, 'receptionist'))).toBe('0.293');
    expect(f3(cosOf(five, 'john'))).toBe('−0.301');
    // The mean of the five differences of unit vectors, computed here on its own.
    const u = (w: string) => unit(table.row(table.index.get(w)!));
    const pairs: [string, string][] = [['woman', 'man'], ['she', 'he'], ['mother', 'father'], ['girl', 'boy'], ['queen', 'king']];
    const g: number[] = new Array<number>(table.dim).fill(0);
    for (const [a, b] of pairs) for (let k = 0; k < table.dim; k++) g[k] = g[k]! + (u(a)[k]! - u(b)[k]!) / 5;
    expect(norm(sub(five.direction.g, g))).toBeLessThan(1e-12);
  });

  it('step 2: neutralising receptionist leaves cos 0.000 (never −0.000), and the picture’s point is the true angle', () => {
    for (const normalise of [true, false]) {
      const n = state({ normalise }).neutralised;
      expect(n.word).toBe('receptionist');
      expect(f3(n.cosBefore)).toBe(normalise ? '0.254' : '0.281');
      expect(n.cosAfter).toBe(0);
      expect(f3(n.cosAfter)).toBe('0.000');
      expect(Math.abs(n.cosAfterRaw)).toBeLessThan(1e-12);
      // x / ‖e‖ is cos(e, g); x² + y² = ‖e‖².
      expect(n.before.x / n.norm).toBeCloseTo(n.cosBefore, 12);
      expect(Math.hypot(n.before.x, n.before.y)).toBeCloseTo(n.norm, 12);
      expect(n.normAfter).toBeCloseTo(n.before.y, 12);
      const marks = neutraliseMarks(n);
      expect(marks.find((m) => m.key === 'debiased')!.to).toEqual({ x: 0, y: n.before.y });
    }
  });

  it('step 3, unit vectors: actor and actress become equidistant from neutralised receptionist', () => {
    const eq = state().equalised;
    const [actor, actress] = eq.sides;
    expect([actor.word, actress.word]).toEqual(['actor', 'actress']);
    expect(f3(actor.cosBefore)).toBe('−0.077');
    expect(f3(actress.cosBefore)).toBe('0.266');
    expect(f3(actor.cosAfter)).toBe('−0.186');
    expect(f3(actress.cosAfter)).toBe('0.186');
    expect(f3(actor.distBefore)).toBe('1.283');
    expect(f3(actress.distBefore)).toBe('1.269');
    expect(actor.distAfter).toBeCloseTo(actress.distAfter, 12);
    expect(f3(actor.distAfter)).toBe('1.257');
    expect(f3(eq.muOrthNorm)).toBe('0.959');
    expect(eq.oneMinus).toBeGreaterThan(0);
    // The course's denominator ‖e − μ‖ (not the paper's ‖e_B − μ_B‖) leaves the results a little short of unit length.
    expect(f3(actor.normAfter)).toBe('0.976');
    // The corrected part's length is √|1 − ‖μ_⊥‖²| · ‖e_B − μ_B‖ / ‖e − μ‖, the numbers the details list shows.
    for (const side of eq.sides) expect(side.correctedLength).toBeCloseTo((Math.sqrt(Math.abs(eq.oneMinus)) * side.paperDenominator) / side.courseDenominator, 12);
    expect(actor.paperDenominator).toBeLessThan(actor.courseDenominator);
    // Both share μ_⊥ and sit symmetrically along g.
    expect(actor.after.y).toBeCloseTo(eq.muOrthNorm, 12);
    expect(actor.after.x).toBeCloseTo(-actress.after.x, 12);
  });

  it('step 3, raw vectors (the exercise): ‖μ_⊥‖ ≈ 6, 1 − ‖μ_⊥‖² < 0, and still equidistant', () => {
    const eq = state({ normalise: false }).equalised;
    const [actor, actress] = eq.sides;
    expect(f3(eq.muOrthNorm)).toBe('6.108');
    expect(f3(eq.oneMinus)).toBe('−36.304');
    expect(actor.distAfter).toBeCloseTo(actress.distAfter, 10);
    expect(f3(actor.distBefore)).toBe('6.994');
    expect(f3(actress.distBefore)).toBe('7.344');
    // More gendered after than before: the corrected parts are √36.3 ≈ 6 long.
    expect(f3(actress.cosAfter)).toBe('0.543');
    expect(Math.abs(actress.cosAfter)).toBeGreaterThan(Math.abs(actress.cosBefore));
  });

  it('equalised pairs are equidistant from every vector orthogonal to g, unit or raw, for every listed pair', () => {
    const pairs = [['actor', 'actress'], ['man', 'woman'], ['boy', 'girl'], ['king', 'queen'], ['waiter', 'waitress']] as const;
    const neutrals = ['receptionist', 'babysitter', 'doctor', 'engineer', 'the'];
    fc.assert(
      fc.property(fc.constantFrom(...pairs), fc.constantFrom(...neutrals), fc.boolean(), fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 100, maxLength: 100 }), ([w1, w2], word, normalise, r) => {
        const st = state({ w1, w2, word, normalise, pairs: 'woman-man,she-he' });
        const { g } = st.direction;
        const [s1, s2] = st.equalised.sides;
        expect(s1.distAfter).toBeCloseTo(s2.distAfter, 9);
        // Any vector orthogonal to g: a random one with its part along g removed.
        const v = sub(r, g.map((x) => (x * dot(r, g)) / dot(g, g)));
        const { e1, e2 } = st.equalised.parts;
        expect(Math.abs(norm(sub(e1, v)) - norm(sub(e2, v)))).toBeLessThan(1e-9 * (1 + norm(e1)));
      }),
      { numRuns: 40 },
    );
  });

  it('the equalise picture draws the pair after at ±x on the height of μ_⊥', () => {
    const eq = state().equalised;
    const marks = equaliseMarks(eq);
    const after0 = marks.find((m) => m.key === 'after0')!;
    const after1 = marks.find((m) => m.key === 'after1')!;
    expect(after0.to.y).toBeCloseTo(eq.muOrth.y, 12);
    expect(after0.to.x).toBeCloseTo(-after1.to.x, 12);
    expect(marks.find((m) => m.key === 'neutral')!.to.x).toBeCloseTo(0, 12);
  });

  it('planeOf keeps the true angle with g', () => {
    const sp = space(table, false);
    const e = sp.vec('nurse', 'w');
    const g = state({ normalise: false }).direction.g;
    const p = planeOf(e, g);
    expect(p.x / Math.hypot(p.x, p.y)).toBeCloseTo(cosine(e, g), 12);
  });
});

describe('bad input becomes a sentence, never an exception or NaN', () => {
  const EVIL = '<img src=x onerror=alert(1)>';

  it('unknown, empty, malformed and hostile words fall back to the defaults with a message', () => {
    const st = state({ word: EVIL, w1: 'zzzqqq', w2: 'actress', words: `john,${EVIL},qwxz`, pairs: '' });
    expect(st.problems.join('\n')).toMatch(/not a single word of letters a–z/);
    expect(st.problems.join('\n')).toMatch(/“zzzqqq” is not among the 5,061 words/);
    expect(st.problems.join('\n')).toMatch(/Using receptionist\./);
    expect(st.problems.join('\n')).toMatch(/Using actor and actress\./);
    expect(st.problems.join('\n')).toMatch(/at least one definitional pair; using woman − man/);
    expect(st.neutralised.word).toBe('receptionist');
    expect(st.pair).toEqual(['actor', 'actress']);
    expect(st.direction.bars.map((b) => b.word)).toEqual(['john']);
    expect(JSON.stringify(st.problems)).not.toMatch(/NaN/);
    const empty = state({ word: '', w1: '   ' });
    expect(empty.problems.join('\n')).toMatch(/Type a word in the word box/);
    expect(empty.problems.join('\n')).toMatch(/Type a word in the w1 box/);
  });

  it('a pair with the same word twice is refused, in equalise and in g', () => {
    const st = state({ w1: 'Actor', w2: 'actor ' });
    expect(st.problems).toEqual(['Pair to equalise: The pair has the same word twice (actor); choose two different words. Using actor and actress.']);
    expect(parsePairs(space(table, true), 'man-man,she-he').problems).toEqual(['Definitional pairs: The pair man-man has the same word twice, so its difference is zero.']);
    expect(parsePairs(space(table, true), 'woman').problems[0]).toMatch(/not a pair written like woman-man/);
  });

  it('every schema text field survives random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.constantFrom('word', 'w1', 'w2', 'words', 'pairs'), (text, field) => {
        const st = state({ [field]: text });
        const shown = [describeStep(st, 'direction'), describeStep(st, 'neutralise'), describeStep(st, 'equalise')].join(' ');
        expect(shown).not.toMatch(/NaN|undefined|Infinity/);
      }),
      { numRuns: 150 },
    );
  });

  it('the last definitional pair cannot be switched off', () => {
    expect(togglePair([['woman', 'man']], ['woman', 'man'])).toBe('woman-man');
    expect(togglePair([['woman', 'man']], ['she', 'he'])).toBe('woman-man,she-he');
    expect(togglePair([['woman', 'man'], ['she', 'he']], ['woman', 'man'])).toBe('she-he');
  });

  it('rounds for display without −0.000', () => {
    expect(f3(-1e-17)).toBe('0.000');
    expect(f3(-0.0004)).toBe('0.000');
    expect(f3(-0.0006)).toBe('−0.001');
    expect(signed3(0.2812)).toBe('+0.281');
    expect(signed3(-1e-17)).toBe('0.000');
    expect(f3(Number.NaN)).toBe('–');
  });

  it('describes each step in a sentence', () => {
    const st = state({ normalise: false });
    expect(describeStep(st, 'direction')).toBe('g = e_woman − e_man. Most toward the female side: homemaker (cos 0.362); most toward the male side: john (cos −0.226).');
    expect(describeStep(st, 'neutralise')).toBe('Neutralising receptionist removes its part along g: cos(e, g) goes from 0.281 to 0.000.');
    expect(describeStep(st, 'equalise')).toBe('Equalising actor and actress: distances to neutralised receptionist go from 6.994 and 7.344 to 7.937 and 7.937.');
  });
});
