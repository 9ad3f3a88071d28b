/**
 * Every worked number of Course 5 Week 3 (sequence-to-sequence and attention), recomputed here by naive code
 * written for this test — beam candidate counts, the length-normalised scores, BLEU's clipped counts and
 * brevity penalty, attention's T_x·T_y, CTC's collapse — and looked up in the chapter's text as printed.
 * If a number in the chapter changes, or an example's inputs change, this test says which one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../content/chapters/sequence-models/week-3.mdx', import.meta.url), 'utf8');
const flat = text.replace(/\s+/g, ' ');

function contains(s: string) {
  expect(text.includes(s) || flat.includes(s.replace(/\s+/g, ' ')), `the chapter should contain “${s}”`).toBe(true);
}

/** 30000 → 30{,}000 (LaTeX) */
const latexInt = (n: number) => {
  expect(Number.isInteger(n)).toBe(true);
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '{,}');
};
/** 30000 → 30,000 (prose) */
const proseInt = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const f4 = (x: number) => x.toFixed(4);

// ---------- beam search ----------

describe('beam search: candidates per step', () => {
  const V = 10_000;
  it('B = 3 scores 3 × 10,000 = 30,000 candidates at step 2; B = 10 scores 100,000', () => {
    // Enumerate the candidates of step 2 as (kept prefix, next word) pairs and count them.
    const candidates = (B: number) => {
      let n = 0;
      for (let b = 0; b < B; b++) for (let w = 0; w < V; w++) n++;
      return n;
    };
    expect(candidates(3)).toBe(30_000);
    expect(candidates(10)).toBe(100_000);
    contains(`$3 \\times ${latexInt(V)} = ${latexInt(candidates(3))}$`);
    contains(`$10 \\times ${latexInt(V)} = ${latexInt(candidates(10))}$`);
    contains(`${proseInt(candidates(3))} candidates, keep 3`);
  });

  it('exhaustive search over 10-word sentences: 10,000^10 = 10^40', () => {
    expect(Math.log10(V) * 10).toBe(40);
    contains(`$${latexInt(V)}^{10} = 10^{40}$`);
  });
});

// ---------- length normalisation ----------

describe('length normalisation', () => {
  const short = [0.4, 0.5, 0.5];
  const long = [0.6, 0.6, 0.6, 0.6, 0.6];
  const product = (ps: number[]) => ps.reduce((a, p) => a * p, 1);
  const logSum = (ps: number[]) => ps.reduce((a, p) => a + Math.log(p), 0);
  const normalised = (ps: number[], alpha: number) => logSum(ps) / Math.pow(ps.length, alpha);

  it('underflow: 0.01^30 is 0 in float32; its log sum is −138.16', () => {
    expect(Math.fround(Math.pow(0.01, 30))).toBe(0);
    expect(Math.fround(1.4e-45)).toBeGreaterThan(0); // the smallest float32 subnormal, about 1.4 × 10⁻⁴⁵
    expect(Math.fround(0.7e-45)).toBe(0);
    contains('${0.01^{30} = 10^{-60}}$');
    contains('about ${1.4 \\times 10^{-45}}$');
    contains(`$30 \\ln 0.01 = ${(30 * Math.log(0.01)).toFixed(2)}$`);
  });

  it('the table: products, log sums, T_y^0.7 and the normalised scores', () => {
    expect(product(short)).toBeCloseTo(0.1, 12);
    expect(product(long)).toBeCloseTo(0.07776, 12);
    contains(`| $T_y$ | ${short.length} | ${long.length} |`);
    contains('| product | $0.1$ | $0.07776$ |');
    contains(`| $\\alpha = 0$: sum of logs | $${f4(normalised(short, 0))}$ | $${f4(normalised(long, 0))}$ |`);
    contains(`| $T_y^{0.7}$ | $${f4(3 ** 0.7)}$ | $${f4(5 ** 0.7)}$ |`);
    contains(`| $\\alpha = 0.7$ | $${f4(normalised(short, 0.7))}$ | $${f4(normalised(long, 0.7))}$ |`);
    contains(`| $\\alpha = 1$ | $${f4(normalised(short, 1))}$ | $${f4(normalised(long, 1))}$ |`);
  });

  it('the short sentence wins at α = 0, the long one at 0.7 and 1; the ranking flips at α ≈ 0.20', () => {
    expect(normalised(short, 0)).toBeGreaterThan(normalised(long, 0));
    expect(normalised(long, 0.7)).toBeGreaterThan(normalised(short, 0.7));
    expect(normalised(long, 1)).toBeGreaterThan(normalised(short, 1));
    // Bisection for the α where the two scores are equal.
    let lo = 0;
    let hi = 1;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (normalised(short, mid) > normalised(long, mid)) lo = mid;
      else hi = mid;
    }
    expect(lo.toFixed(2)).toBe('0.20');
    contains('flips at $\\alpha \\approx 0.20$');
  });
});

// ---------- error analysis ----------

describe('error analysis', () => {
  const verdict = (pStar: number, pHat: number) => (pStar > pHat ? 'beam search' : 'RNN');
  it('the chapter’s three cases', () => {
    expect(verdict(2e-10, 1e-10)).toBe('beam search');
    contains('$P(y^* \\mid x) = 2 \\times 10^{-10}$ and $P(\\hat y \\mid x) = 1 \\times 10^{-10}$');
    contains('the search missed a sentence the model rated twice as likely: beam search is at fault');
    expect(verdict(1.2e-8, 3.5e-8)).toBe('RNN');
    contains("P(y* | x) = 1.2 × 10⁻⁸ and the system's output P(ŷ | x) = 3.5 × 10⁻⁸. Which part is at fault");
    expect(verdict(-7.5, -9.0)).toBe('beam search'); // log probabilities compare the same way
    contains('$-7.5 > -9.0$');
  });
});

// ---------- BLEU ----------

const tokens = (s: string) => s.toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);
const ngrams = (ws: string[], n: number) => Array.from({ length: Math.max(0, ws.length - n + 1) }, (_, i) => ws.slice(i, i + n).join(' '));
function counts(items: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
/** Clipped count over total count, as a [numerator, denominator] pair (not reduced). */
function modifiedPrecision(candidate: string, references: string[], n: number): [number, number] {
  const cand = counts(ngrams(tokens(candidate), n));
  const refs = references.map((r) => counts(ngrams(tokens(r), n)));
  let clipped = 0;
  let total = 0;
  for (const [g, c] of cand) {
    const maxRef = Math.max(0, ...refs.map((r) => r.get(g) ?? 0));
    clipped += Math.min(c, maxRef);
    total += c;
  }
  return [clipped, total];
}
/** Closest reference length (ties to the shorter), then BP = 1 if c > r else exp(1 − r/c). */
function brevityPenalty(candidate: string, references: string[]): { c: number; r: number; bp: number } {
  const c = tokens(candidate).length;
  const r = references
    .map((x) => tokens(x).length)
    .sort((a, b) => Math.abs(a - c) - Math.abs(b - c) || a - b)[0]!;
  return { c, r, bp: c > r ? 1 : Math.exp(1 - r / c) };
}
function bleu(candidate: string, references: string[]): number {
  let logSum = 0;
  for (let n = 1; n <= 4; n++) {
    const [num, den] = modifiedPrecision(candidate, references, n);
    if (num === 0) return 0;
    logSum += Math.log(num / den);
  }
  return brevityPenalty(candidate, references).bp * Math.exp(logSum / 4);
}

describe('BLEU', () => {
  const refs = ['The cat is on the mat.', 'There is a cat on the mat.'];
  contains('*The cat is on the mat* and *There is a cat on the mat*');

  it('“the the the the the the the”: p1 = 2/7, and BLEU 0 (no bigram matches)', () => {
    const cand = 'the the the the the the the';
    expect(modifiedPrecision(cand, refs, 1)).toEqual([2, 7]);
    expect(bleu(cand, refs)).toBe(0);
    contains(`the candidate *${cand}*`);
    contains('$7/7 = 1$');
    contains('p_1 = \\frac{2}{7}');
  });

  it('“the cat the cat on the mat”: the bigram table and p1…p4 = 5/7, 4/6, 2/5, 1/4', () => {
    const cand = 'the cat the cat on the mat';
    const c2 = counts(ngrams(tokens(cand), 2));
    const refs2 = refs.map((r) => counts(ngrams(tokens(r), 2)));
    for (const [g, c] of c2) {
      const clip = Math.min(c, Math.max(...refs2.map((r) => r.get(g) ?? 0)));
      contains(`| ${g} | ${c} | ${clip} |`);
    }
    expect(ngrams(tokens(cand), 2).length).toBe(6);
    contains('Its 6 bigrams');
    expect([1, 2, 3, 4].map((n) => modifiedPrecision(cand, refs, n))).toEqual([[5, 7], [4, 6], [2, 5], [1, 4]]);
    contains('$p_2 = 4/6$');
    contains('$p_1 = 5/7$');
    contains('$p_3 = 2/5$');
    contains('$p_4 = 1/4$');
    const { c, r, bp } = brevityPenalty(cand, refs);
    expect([c, r, bp]).toEqual([7, 7, 1]);
    contains('$c = 7$ and the second reference also has 7 words');
    const score = bleu(cand, refs);
    expect(score).toBeCloseTo(Math.pow(1 / 21, 0.25), 12);
    // 5·4·2·1 / (7·6·5·4) = 40/840 = 1/21
    expect((5 * 4 * 2 * 1) / (7 * 6 * 5 * 4)).toBeCloseTo(1 / 21, 15);
    contains(`\\left(\\frac{1}{21}\\right)^{1/4} = ${f4(score)}`);
  });

  it('“the cat is on the”: all p_n = 1, BP = e^(1 − 6/5) = 0.8187 is the whole score', () => {
    const cand = 'the cat is on the';
    for (let n = 1; n <= 4; n++) {
      const [num, den] = modifiedPrecision(cand, refs, n);
      expect(num).toBe(den);
    }
    const { c, r, bp } = brevityPenalty(cand, refs);
    expect([c, r]).toEqual([5, 6]);
    expect(bleu(cand, refs)).toBeCloseTo(bp, 15);
    contains('${p_1 = p_2 = p_3 = p_4 = 1}$');
    contains(`$c = 5$ and the closest reference has $r = 6$ words, so \${\\mathrm{BP} = e^{1 - 6/5}} = {e^{-0.2}} = ${f4(bp)}$`);
  });

  it('a candidate half as long as the reference keeps e^(1−2) = e^(−1), about a third', () => {
    const bp = Math.exp(1 - 2);
    expect(bp).toBeGreaterThan(0.33);
    expect(bp).toBeLessThan(0.37);
    contains('${e^{1 - 2}} = {e^{-1}}$, about a third');
  });
});

// ---------- attention ----------

describe('attention', () => {
  const pairs = (tx: number, ty: number) => {
    let n = 0;
    for (let t = 0; t < ty; t++) for (let u = 0; u < tx; u++) n++;
    return n;
  };
  it('T_x · T_y for the date model, sentences and a document', () => {
    expect(pairs(14, 10)).toBe(140);
    contains('$14 \\cdot 10 = 140$');
    contains('$T_x = 14$');
    contains('$T_y = 10$');
    expect(pairs(50, 50)).toBe(2500);
    contains(`$50 \\cdot 50 = ${latexInt(2500)}$`);
    expect(pairs(1000, 1000)).toBe(1_000_000);
    contains(`$${latexInt(1_000_000)}$`);
    expect(pairs(30, 35)).toBe(1050);
    contains(`$T_x \\cdot T_y = 30 \\cdot 35 = ${latexInt(1050)}$`);
  });

  it('the date encoder: 12 units each way make a 24-number a⟨t′⟩', () => {
    expect(12 * 2).toBe(24);
    contains('12 units each way, so each $a^{\\langle t\' \\rangle}$ has 24 numbers');
  });

  it('Show, attend and tell: 14 × 14 = 196 locations', () => {
    expect(14 * 14).toBe(196);
    contains('$14 \\times 14 = 196$');
  });
});

// ---------- speech ----------

/** CTC's collapse: merge runs of the same symbol (blank '_' included), then drop blanks. */
function ctcCollapse(frames: string): string {
  let merged = '';
  for (const ch of frames) if (merged.at(-1) !== ch) merged += ch;
  return merged.replaceAll('_', '');
}
/** The same, stopping after the merge, as printed in the chapter. */
function ctcMerge(frames: string): string {
  let merged = '';
  for (const ch of frames) if (merged.at(-1) !== ch) merged += ch;
  return merged;
}

describe('speech recognition', () => {
  it('10 seconds at 100 frames per second: 1,000 input steps', () => {
    expect(10 * 100).toBe(1000);
    contains(`$10 \\cdot 100 = ${latexInt(1000)}$`);
  });

  it('the course’s “the q” example, merged then collapsed', () => {
    const frames = 'ttt_h_eee___␣___qqq__';
    contains(`\`${frames}\``);
    expect(ctcMerge(frames)).toBe('t_h_e_␣_q_');
    contains(`gives \`${ctcMerge(frames)}\``);
    expect(ctcCollapse(frames).replace('␣', ' ')).toBe('the q');
    contains('gives *the q*');
  });

  it('Graves et al.’s example: a_ab_ and _aa__abb both give aab', () => {
    expect(ctcCollapse('a_ab_')).toBe('aab');
    expect(ctcCollapse('_aa__abb')).toBe('aab');
    contains('`a_ab_` and `_aa__abb` both collapse to *aab*');
  });

  it('hello with and without the blank; blanks dropped first would glue the runs', () => {
    expect(ctcCollapse('hh_e_ll_ll_oo')).toBe('hello');
    expect(ctcCollapse('hheelllloo')).toBe('helo');
    const dropFirst = (s: string) => ctcMerge(s.replaceAll('_', ''));
    expect(dropFirst('hh_e_ll_ll_oo')).toBe('helo');
    contains('turns `hh_e_ll_ll_oo` into *hello*');
    contains('`hheelllloo` gives *helo*');
    expect(ctcCollapse('ll')).toBe('l');
    expect(ctcCollapse('l_l')).toBe('ll');
  });

  it('the check question: cc_aa_tt__ → cat, c_aa_a_tt → caat', () => {
    expect(ctcCollapse('cc_aa_tt__')).toBe('cat');
    expect(ctcMerge('c_aa_a_tt')).toBe('c_a_a_t');
    expect(ctcCollapse('c_aa_a_tt')).toBe('caat');
    contains('“cc_aa_tt__”');
    contains('“c_aa_a_tt”');
    contains('(`c_a_a_t`)');
    contains('*caat*');
  });

  it('trigger words: 1 positive of 1,000 labels is 0.1%, 50 is 5%; always-0 scores 99.9%', () => {
    const labels = 10 * 100; // 10 s, one output every 10 ms
    expect(labels).toBe(1000);
    const pct = (x: number) => `${+(x * 100).toFixed(1)}\\%`;
    expect(pct(1 / labels)).toBe('0.1\\%');
    expect(pct(50 / labels)).toBe('5\\%');
    contains(`$1/${latexInt(labels)} = ${pct(1 / labels)}$`);
    contains(`$50/${latexInt(labels)} = ${pct(50 / labels)}$`);
    expect(+((1 - 1 / labels) * 100).toFixed(1)).toBe(99.9);
    contains('99.9% accuracy');
  });
});

// ---------- the chapter's form ----------

describe('the chapter', () => {
  it('has its four widgets, each once and with a question before it', () => {
    for (const w of ['BeamSearch', 'BleuCalculator', 'AttentionHeatmap', 'CtcCollapse']) {
      const line = `<${w} client:near />`;
      expect(text.split(line).length - 1, line).toBe(1);
      const before = text.slice(0, text.indexOf(line)).trim().split('\n\n').at(-1)!;
      expect(before, `the paragraph before ${w}`).toMatch(/\?/);
    }
  });

  it('has at least six check-yourself questions', () => {
    expect((text.match(/<Check question=/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });
});
