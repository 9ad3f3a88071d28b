import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { BLANK, collapse, collapseText, countAlignments, countAlignmentsDp } from '~/compute/ctc';

/** The rule written a second time, without the module: squeeze repeats with a regular expression, then delete blanks. */
const naive = (s: string) => s.replace(/(.)\1+/gsu, '$1').replaceAll('_', '');

/** Frame strings over a few letters, the space and the blank. */
const frames = (alphabet = ['a', 'b', 'l', ' ', '_']) => fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((a) => a.join(''));

describe('the course’s example', () => {
  const COURSE = 'ttt_h_eee___ ___qqq__';
  it('“ttt_h_eee___ ___qqq__” → “the q”: the runs, the merged sequence, the text', () => {
    const c = collapse(COURSE);
    expect(c.frames).toHaveLength(21);
    expect(c.runs.map((r) => [r.symbol, r.end - r.start])).toEqual([
      ['t', 3], ['_', 1], ['h', 1], ['_', 1], ['e', 3], ['_', 3], [' ', 1], ['_', 3], ['q', 3], ['_', 2],
    ]);
    expect(c.merged.join('')).toBe('t_h_e_ _q_');
    expect(c.text).toBe('the q');
    // Frames 0–2 feed “t”, frame 12 (the space) feeds output 3, blanks feed nothing.
    expect(c.frameOutput.slice(0, 4)).toEqual([0, 0, 0, null]);
    expect(c.frameOutput[12]).toBe(3);
    expect(c.frameOutput.filter((o) => o === null)).toHaveLength(10);
  });

  it('a space is a symbol, not a blank; a doubled letter needs a blank between', () => {
    expect(collapseText('a  b')).toBe('a b');
    expect(collapseText('l_l')).toBe('ll');
    expect(collapseText('ll')).toBe('l');
    expect(collapseText('hheel_llo')).toBe('hello');
    expect(collapseText('hheelllo')).toBe('helo');
    expect(collapseText('')).toBe('');
    expect(collapseText('____')).toBe('');
  });

  it('the paper’s map: B(a−ab−) = B(−aa−−abb) = aab', () => {
    expect(collapseText('a_ab_')).toBe('aab');
    expect(collapseText('_aa__abb')).toBe('aab');
  });
});

describe('against the naive rule', () => {
  it('agrees on random frame strings', () => {
    fc.assert(fc.property(frames(), (s) => {
      expect(collapseText(s)).toBe(naive(s));
    }), { numRuns: 500 });
  });
});

describe('properties', () => {
  it('collapsing is idempotent on its own output when that has no repeats (and the output has no blanks)', () => {
    fc.assert(fc.property(frames(), (s) => {
      const out = collapseText(s);
      expect(out.includes(BLANK)).toBe(false);
      if (!/(.)\1/su.test(out)) expect(collapseText(out)).toBe(out);
    }));
  });

  it('the output is never longer than the input; runs tile the frames', () => {
    fc.assert(fc.property(frames(), (s) => {
      const c = collapse(s);
      expect(c.text.length).toBeLessThanOrEqual(s.length);
      expect(c.runs.reduce((n, r) => n + r.end - r.start, 0)).toBe(c.frames.length);
      c.runs.forEach((r, i) => i > 0 && expect(r.symbol).not.toBe(c.runs[i - 1]!.symbol));
    }));
  });

  it('inserting a blank between two different symbols, or repeating a frame, changes nothing', () => {
    fc.assert(fc.property(frames(), fc.nat(), (s, k) => {
      const f = [...s];
      if (f.length < 2) return;
      const i = 1 + (k % (f.length - 1));
      if (f[i - 1] !== f[i]) expect(collapseText([...f.slice(0, i), BLANK, ...f.slice(i)])).toBe(collapseText(f));
      expect(collapseText([...f.slice(0, i), f[i - 1]!, ...f.slice(i)])).toBe(collapseText(f));
    }));
  });
});

describe('counting alignments', () => {
  it('brute force by hand: “ab” in 3 frames has 5 paths; “aa” in 3 frames only “a_a”', () => {
    const ab = countAlignments('ab', 3);
    expect(ab.alphabet).toEqual(['_', 'a', 'b']);
    expect(ab.total).toBe(27);
    expect(ab.examples.sort()).toEqual(['_ab', 'a_b', 'aab', 'ab_', 'abb']);
    expect(ab.count).toBe(5);
    expect(countAlignments('aa', 3).examples).toEqual(['a_a']);
    expect(countAlignments('a', 1).count).toBe(1);
  });

  it('the brute force equals the forward recursion', () => {
    for (const label of ['', 'a', 'ab', 'aa', 'abc', 'aba', 'cat'])
      for (let T = 1; T <= 7; T++) expect(countAlignments(label, T).count, `${label} in ${T}`).toBe(countAlignmentsDp(label, T));
    expect(countAlignmentsDp('cat', 9)).toBe(countAlignments('cat', 9).count);
  });

  it('refuses blanks in the label and too many strings', () => {
    expect(() => countAlignments('a_', 3)).toThrow(ComputeInputError);
    expect(() => countAlignments('abcd', 12)).toThrow(/too many/);
    expect(() => countAlignments('ab', 0)).toThrow(/T must be/);
  });
});
