/**
 * Every worked number of Course 5 Week 2 (word embeddings) that does not depend on the shipped word vectors,
 * recomputed here by naive code written for this test — the toy feature table's cosines and analogy, the
 * cost of E·o_j, the softmax, hierarchical softmax (balanced and Huffman) and negative sampling, the
 * f^(3/4) sampling distribution, word2vec's subsampling, GloVe's weighting and its invariance under any
 * invertible A, the averaging model's share of "good", and the course's and the paper's equalise — and
 * looked up in the chapter's text as printed. Numbers that depend on the vectors are left as
 * {/* NUMBER: … *\/} placeholders for the lead, and a test below counts them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../content/chapters/sequence-models/week-2.mdx', import.meta.url), 'utf8');
const flat = text.replace(/\s+/g, ' ');

function contains(s: string) {
  expect(text.includes(s) || flat.includes(s.replace(/\s+/g, ' ')), `the chapter should contain “${s}”`).toBe(true);
}

/** 3000000 → 3{,}000{,}000 (LaTeX) */
const latexInt = (n: number) => {
  expect(Number.isInteger(n)).toBe(true);
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '{,}');
};
/** 2999700 → 2,999,700 (prose) */
const proseInt = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const f4 = (x: number) => x.toFixed(4);
/** −0.65 → "-0.6500" as KaTeX source. */
const tex4 = (x: number) => (x < 0 ? `-${f4(-x)}` : f4(x));

const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i]!, 0);
const norm = (u: number[]) => Math.sqrt(dot(u, u));
const cosine = (u: number[], v: number[]) => dot(u, v) / (norm(u) * norm(v));
const add = (u: number[], v: number[]) => u.map((x, i) => x + v[i]!);
const sub = (u: number[], v: number[]) => u.map((x, i) => x - v[i]!);
const scale = (u: number[], a: number) => u.map((x) => a * x);
const project = (e: number[], g: number[]) => scale(g, dot(e, g) / dot(g, g));

// ---------- the toy feature table ----------

// gender, royal, age, food — the course's illustration, as printed in the chapter's table.
const table: Record<string, number[]> = {
  man: [-1, 0.01, 0.03, 0.09],
  woman: [1, 0.02, 0.02, 0.01],
  king: [-0.95, 0.93, 0.7, 0.02],
  queen: [0.97, 0.95, 0.69, 0.01],
  apple: [0.0, -0.01, 0.03, 0.95],
  orange: [0.01, 0.0, -0.02, 0.97],
};

describe('representations', () => {
  it('one-hot vectors: dot product 0, every distance √2 ≈ 1.414', () => {
    const V = 50;
    const oneHot = (j: number) => Array.from({ length: V }, (_, i) => (i === j ? 1 : 0));
    for (const [a, b] of [[0, 1], [3, 40], [7, 49]] as const) {
      expect(dot(oneHot(a), oneHot(b))).toBe(0);
      expect(norm(sub(oneHot(a), oneHot(b)))).toBeCloseTo(Math.SQRT2, 15);
    }
    contains(`$\\sqrt{2} \\approx ${Math.SQRT2.toFixed(3)}$`);
  });

  it('the feature table is printed as the test has it', () => {
    const fmt = (x: number) => (Math.abs(x) === 1 ? `$${x}$` : `$${x < 0 ? '-' : ''}${Math.abs(x).toFixed(2)}$`);
    contains('| word | gender | royal | age | food |');
    for (const [w, v] of Object.entries(table)) contains(`| ${w} | ${v.map(fmt).join(' | ')} |`);
  });

  it('cos(apple, orange) = 0.9985, cos(apple, king) = 0.0215', () => {
    contains(`their cosine similarity (defined below) is $${f4(cosine(table.apple!, table.orange!))}$, while that of *apple* and *king* is $${f4(cosine(table.apple!, table.king!))}$`);
  });
});

describe('analogies on the toy table', () => {
  it('man − woman ≈ king − queen, printed componentwise', () => {
    const d1 = sub(table.man!, table.woman!);
    const d2 = sub(table.king!, table.queen!);
    const col = (v: number[]) => v.map((x) => (Number.isInteger(+x.toFixed(2)) ? `${+x.toFixed(2)}` : x.toFixed(2))).join(' \\\\ ');
    expect(d1.map((x) => +x.toFixed(2))).toEqual([-2, -0.01, 0.01, 0.08]);
    expect(d2.map((x) => +x.toFixed(2))).toEqual([-1.92, -0.02, 0.01, 0.01]);
    contains(`\\begin{bmatrix} ${col(d1)} \\end{bmatrix}`);
    contains(`\\begin{bmatrix} ${col(d2)} \\end{bmatrix}`);
    expect(cosine(d1, d2)).toBeGreaterThan(0.999);
  });

  it('king − man + woman and its cosines with the six words; queen wins', () => {
    const q = add(sub(table.king!, table.man!), table.woman!);
    expect(q.map((x) => +x.toFixed(2))).toEqual([1.05, 0.94, 0.69, -0.06]);
    contains('$e_{\\text{king}} - e_{\\text{man}} + e_{\\text{woman}} = (1.05,\\ 0.94,\\ 0.69,\\ -0.06)$');
    const words = ['man', 'woman', 'king', 'queen', 'apple', 'orange'];
    const cos = words.map((w) => cosine(q, table[w]!));
    words.forEach((w, i) => contains(`| ${w} | $${tex4(cos[i]!)}$ |`));
    // argmax over the words that are not in the query
    const candidates = words.filter((w) => !['king', 'man', 'woman'].includes(w));
    const best = candidates.reduce((a, b) => (cosine(q, table[a]!) >= cosine(q, table[b]!) ? a : b));
    expect(best).toBe('queen');
    contains('*queen* wins by a wide margin');
  });

  it('cosine similarity is symmetric, in [−1, 1] and ignores length', () => {
    const u = [1, 2, 3];
    const v = [-2, 0.5, 4];
    expect(cosine(u, v)).toBeCloseTo(cosine(v, u), 15);
    expect(cosine(scale(u, 7), v)).toBeCloseTo(cosine(u, v), 14);
    expect(cosine(u, u)).toBeCloseTo(1, 15);
    expect(cosine(u, scale(u, -1))).toBeCloseTo(-1, 15);
  });
});

// ---------- costs ----------

describe('the embedding matrix and the costs of a training pair', () => {
  const rows = 300;
  const V = 10_000;

  it('E·o_j: 3,000,000 multiplications, 2,999,700 by zero, and the result is column j', () => {
    // A small E, multiplied naively, to show the product is the column; then count at the course's size.
    const small = Array.from({ length: 4 }, (_, r) => Array.from({ length: 6 }, (_, c) => r * 10 + c));
    const j = 3;
    const o = Array.from({ length: 6 }, (_, i) => (i === j ? 1 : 0));
    const product = small.map((row) => dot(row, o));
    expect(product).toEqual(small.map((row) => row[j]));
    let mults = 0;
    let byZero = 0;
    for (let r = 0; r < rows; r++) for (let c = 0; c < V; c++) { mults++; if (c !== j) byZero++; }
    expect(mults).toBe(3_000_000);
    expect(byZero).toBe(2_999_700);
    contains(`$${rows} \\times ${latexInt(V)} = ${latexInt(mults)}$ multiplications, ${proseInt(byZero)} of them multiplying by 0`);
    contains(`that is $${latexInt(byZero)}$, multiply by 0`);
    contains(`E \\in \\mathbb{R}^{300 \\times ${latexInt(V)}}`);
  });

  it('the neural language model: 4 × 300 = 1,200 inputs', () => {
    expect(4 * rows).toBe(1200);
    contains(`$4 \\times 300 = ${latexInt(1200)}$ numbers`);
  });

  it('the full softmax: 10,000 × 300 = 3,000,000 multiply-adds per pair', () => {
    contains(`$${latexInt(V)} \\times 300 = ${latexInt(V * rows)}$ multiply-adds`);
  });

  it('hierarchical softmax: log2 10,000 ≈ 13.3, so at most 14 levels, 4,200 multiply-adds', () => {
    const depth = Math.log2(V);
    expect(depth.toFixed(1)).toBe('13.3');
    // The depth of a balanced binary tree with V leaves, by halving.
    let levels = 0;
    for (let n = V; n > 1; n = Math.ceil(n / 2)) levels++;
    expect(levels).toBe(14);
    expect(Math.ceil(depth)).toBe(levels);
    contains(`$\\log_2 ${latexInt(V)} \\approx ${depth.toFixed(1)}$ levels long, so at most ${levels} classifiers, $${levels} \\times 300 = ${latexInt(levels * rows)}$ multiply-adds`);
    contains(`$\\lceil \\log_2 ${latexInt(V)} \\rceil = ${levels}$`);
    contains(`${proseInt(levels * rows)} multiply-adds against ${proseInt(V * rows)}`);
  });

  it('a Huffman tree over Zipf frequencies: the most common word 3 deep, the rarest 17, average 9.6', () => {
    // Zipf: f(r) ∝ 1/r, r = 1…V. Huffman by repeatedly merging the two lightest subtrees (a binary heap).
    const freq = Array.from({ length: V }, (_, r) => 1 / (r + 1));
    const total = freq.reduce((a, b) => a + b, 0);
    type Node = { w: number; leaves: number[] };
    const heap: Node[] = [];
    const push = (n: Node) => {
      heap.push(n);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (heap[p]!.w <= heap[i]!.w) break;
        [heap[p], heap[i]] = [heap[i]!, heap[p]!];
        i = p;
      }
    };
    const pop = (): Node => {
      const top = heap[0]!;
      const last = heap.pop()!;
      if (heap.length) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && heap[l]!.w < heap[m]!.w) m = l;
          if (r < heap.length && heap[r]!.w < heap[m]!.w) m = r;
          if (m === i) break;
          [heap[m], heap[i]] = [heap[i]!, heap[m]!];
          i = m;
        }
      }
      return top;
    };
    const depth = new Array<number>(V).fill(0);
    freq.forEach((w, i) => push({ w: w / total, leaves: [i] }));
    while (heap.length > 1) {
      const a = pop();
      const b = pop();
      for (const i of a.leaves) depth[i]!++;
      for (const i of b.leaves) depth[i]!++;
      push({ w: a.w + b.w, leaves: a.leaves.concat(b.leaves) });
    }
    const avg = freq.reduce((s, f, i) => s + (f / total) * depth[i]!, 0);
    expect(depth[0]).toBe(3);
    expect(depth[V - 1]).toBe(17);
    expect(avg.toFixed(1)).toBe('9.6');
    // Shannon's bound: the average code length is at least the entropy.
    const entropy = -freq.reduce((s, f) => s + (f / total) * Math.log2(f / total), 0);
    expect(avg).toBeGreaterThanOrEqual(entropy);
    contains('puts the most common word 3 levels down and the rarest 17 levels down, and the average path, weighted by frequency, is 9.6 levels instead of 14');
    contains('about 9.6 levels for Zipf-distributed frequencies over 10,000 words');
  });

  it('negative sampling: (k + 1) × 300 multiply-adds, 1,800 for k = 5', () => {
    expect((5 + 1) * rows).toBe(1800);
    contains(`$6 \\times 300 = ${latexInt(1800)}$ multiply-adds instead of ${proseInt(V * rows)}`);
    contains('$k$ of 5 to 20 for small data sets and 2 to 5 for large ones');
  });

  it('the check question: k = 4 updates 5 classifiers and leaves 9,995 alone', () => {
    expect(V - (4 + 1)).toBe(9995);
    contains('The other 9,995 classifiers are untouched');
  });
});

// ---------- sampling ----------

describe('sampling words', () => {
  it('subsampling: a word at 1% of the text with t = 1e-5 is kept √(1e-3) ≈ 3.2% of the time', () => {
    const keep = (f: number, t = 1e-5) => Math.min(1, Math.sqrt(t / f));
    expect((keep(1e-2) * 100).toFixed(1)).toBe('3.2');
    expect(keep(1e-6)).toBe(1); // rarer than t: the discard probability 1 − √(t/f) is negative
    contains('$1 - \\sqrt{t / f(w)}$');
    contains(`$\\sqrt{10^{-5} / 10^{-2}} \\approx ${(keep(1e-2) * 100).toFixed(1)}\\%$`);
  });

  it('f^(3/4): 100 times as frequent → 31.6 times as often; 10,000 → 1,000', () => {
    expect((100 ** 0.75).toFixed(1)).toBe('31.6');
    expect(10_000 ** 0.75).toBeCloseTo(1000, 9);
    contains(`$100^{3/4} \\approx ${(100 ** 0.75).toFixed(1)}$ times as often`);
    contains('a word 10,000 times as frequent, 1,000 times as often');
    contains(`about ${(100 ** 0.75).toFixed(1)} times as often`);
  });

  it('the four-word toy vocabulary: 0.6, 0.3, 0.09, 0.01 → 0.531, 0.316, 0.128, 0.025', () => {
    const f = [0.6, 0.3, 0.09, 0.01];
    const powered = f.map((x) => x ** 0.75);
    const z = powered.reduce((a, b) => a + b, 0);
    const p = powered.map((x) => x / z);
    expect(p.map((x) => x.toFixed(3))).toEqual(['0.531', '0.316', '0.128', '0.025']);
    contains('frequencies $0.6$, $0.3$, $0.09$ and $0.01$, the sampling probabilities become $0.531$, $0.316$, $0.128$ and $0.025$');
    // "the rarest word is drawn two and a half times as often as its frequency, the commonest a little less often"
    expect(p[3]! / f[3]!).toBeGreaterThan(2.4);
    expect(p[3]! / f[3]!).toBeLessThan(2.6);
    expect(p[0]!).toBeLessThan(f[0]!);
    // exponents 1 and 0: the raw frequencies and the uniform distribution
    const dist = (a: number) => {
      const q = f.map((x) => x ** a);
      const s = q.reduce((u, v) => u + v, 0);
      return q.map((x) => x / s);
    };
    dist(1).forEach((x, i) => expect(x).toBeCloseTo(f[i]!, 12));
    dist(0).forEach((x) => expect(x).toBeCloseTo(0.25, 12));
  });
});

// ---------- GloVe ----------

describe('GloVe', () => {
  const fGlove = (x: number, xMax = 100, alpha = 0.75) => (x < xMax ? (x / xMax) ** alpha : 1);

  it('the objective is printed with −log X_ij inside a squared bracket', () => {
    contains('\\left(\\theta_i^\\top e_j + b_i + b\'_j - \\log X_{ij}\\right)^2');
    expect(text).not.toMatch(/b'_j \+ \\log X_\{ij\}\\right\)\^2/);
  });

  it('with the minus sign, the least-squares fit drives the score towards +log X (a one-pair check)', () => {
    // Minimise (s − log X)² over the score s by gradient descent: s → log X. With "+", s → −log X.
    const fit = (sign: 1 | -1, X: number) => {
      let s = 0;
      for (let i = 0; i < 200; i++) s -= 0.1 * 2 * (s + sign * Math.log(X));
      return s;
    };
    expect(fit(-1, 50)).toBeCloseTo(Math.log(50), 6);
    expect(fit(1, 50)).toBeCloseTo(-Math.log(50), 6);
  });

  it('f(x): 0 at 0, 0.0316 at 1, 0.1778 at 10, 0.5946 at 50, 1 from 100 on', () => {
    expect(fGlove(0)).toBe(0);
    contains(`$(1/100)^{3/4} = ${f4(fGlove(1))}$, ten times $${f4(fGlove(10))}$, fifty times $${f4(fGlove(50))}$`);
    expect(fGlove(100)).toBe(1);
    expect(fGlove(1000)).toBe(1);
    contains(`$f(10) = (10/100)^{3/4} = 0.1^{0.75} \\approx ${fGlove(10).toFixed(3)}$, and $f(1{,}000) = 1$`);
    contains('with $x_{\\max} = 100$ and $\\alpha = 3/4$');
  });

  it('(Aθ)ᵀ(A^{-T}e) = θᵀe for an invertible A', () => {
    // A random-ish 3 × 3 A, its inverse by Gauss–Jordan, and the scores before and after.
    const A = [
      [2, -1, 0.5],
      [0.3, 1.5, -2],
      [1, 0.2, 0.7],
    ];
    const n = 3;
    const aug = A.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
    for (let c = 0; c < n; c++) {
      let p = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(aug[r]![c]!) > Math.abs(aug[p]![c]!)) p = r;
      [aug[c], aug[p]] = [aug[p]!, aug[c]!];
      const d = aug[c]![c]!;
      aug[c] = aug[c]!.map((x) => x / d);
      for (let r = 0; r < n; r++) if (r !== c) {
        const m = aug[r]![c]!;
        aug[r] = aug[r]!.map((x, k) => x - m * aug[c]![k]!);
      }
    }
    const inv = aug.map((row) => row.slice(n));
    const matVec = (M: number[][], v: number[]) => M.map((row) => dot(row, v));
    const transpose = (M: number[][]) => M[0]!.map((_, j) => M.map((row) => row[j]!));
    const theta = [0.4, -1.2, 2];
    const e = [1.5, 0.3, -0.8];
    expect(dot(matVec(A, theta), matVec(transpose(inv), e))).toBeCloseTo(dot(theta, e), 12);
    contains('\\left(A\\theta_i\\right)^\\top \\left(A^{-\\top} e_j\\right) = \\theta_i^\\top A^\\top A^{-\\top} e_j = \\theta_i^\\top e_j');
  });
});

// ---------- sentiment ----------

describe('sentiment', () => {
  it('“Completely lacking in good taste, good service, and good ambience”: 10 words, 3 of them good', () => {
    const review = 'Completely lacking in good taste, good service, and good ambience';
    contains(review);
    const words = review.toLowerCase().replace(/[^a-z ]/g, '').split(/\s+/);
    expect(words.length).toBe(10);
    const good = words.filter((w) => w === 'good').length;
    expect(good).toBe(3);
    expect(good / words.length).toBe(0.3);
    contains('has 10 words, and 3 of them are *good*: its average is $0.3\\, e_{\\text{good}}$ plus a tenth of each of the other seven words');
    expect(words.length - good).toBe(7);
  });
});

// ---------- debiasing ----------

/** The course's equalise, written out here from the assignment's formulas. */
function equaliseCourse(w1: number[], w2: number[], g: number[]) {
  const mu = scale(add(w1, w2), 0.5);
  const muB = project(mu, g);
  const muPerp = sub(mu, muB);
  const root = Math.sqrt(Math.abs(1 - dot(muPerp, muPerp)));
  const corrected = (w: number[]) => scale(sub(project(w, g), muB), root / norm(sub(sub(w, muPerp), muB)));
  return [add(corrected(w1), muPerp), add(corrected(w2), muPerp)] as const;
}
/** Bolukbasi et al.'s equalise, for unit vectors and a unit g. */
function equalisePaper(w1: number[], w2: number[], g: number[]) {
  const mu = scale(add(w1, w2), 0.5);
  const muB = project(mu, g);
  const nu = sub(mu, muB);
  const root = Math.sqrt(1 - dot(nu, nu));
  const moved = (w: number[]) => {
    const d = sub(project(w, g), muB);
    return add(nu, scale(d, root / norm(d)));
  };
  return [moved(w1), moved(w2)] as const;
}

describe('debiasing', () => {
  it('neutralise leaves a vector orthogonal to g', () => {
    const g = [0.3, -1.1, 0.4, 2];
    const e = [1, 2, -0.5, 0.7];
    const debiased = sub(e, project(e, g));
    expect(dot(debiased, g)).toBeCloseTo(0, 14);
    contains('e^{\\text{debiased}} = e - \\frac{e \\cdot g}{\\lVert g \\rVert_2^2}\\, g');
  });

  it('the course\'s equalise formulas are printed as the course gives them', () => {
    contains('\\mu = \\frac{e_{w_1} + e_{w_2}}{2}');
    contains('\\mu_B = \\frac{\\mu \\cdot g}{\\lVert g \\rVert_2^2}\\, g');
    contains('\\mu_\\perp = \\mu - \\mu_B');
    contains('e_{w_1 B}^{\\text{corrected}} = \\sqrt{\\left| 1 - \\lVert \\mu_\\perp \\rVert_2^2 \\right|} \\; \\frac{e_{w_1 B} - \\mu_B}{\\lVert (e_{w_1} - \\mu_\\perp) - \\mu_B \\rVert_2}');
    contains('e_1 = e_{w_1 B}^{\\text{corrected}} + \\mu_\\perp, \\qquad');
    contains('w := \\nu + \\sqrt{1 - \\lVert \\nu \\rVert^2}\\; \\frac{w_B - \\mu_B}{\\lVert w_B - \\mu_B \\rVert}');
  });

  it('the three-dimensional example: μ, μ_B, μ_⊥, the root and the two results', () => {
    const g = [1, 0, 0];
    const w1 = [0.6, 0.8, 0];
    const w2 = [-0.36, 0.48, 0.8];
    expect(norm(w1)).toBeCloseTo(1, 15);
    expect(norm(w2)).toBeCloseTo(1, 15);
    contains('$g = (1, 0, 0)$ and two unit vectors $e_{w_1} = (0.6, 0.8, 0)$ and $e_{w_2} = (-0.36, 0.48, 0.8)$');
    const mu = scale(add(w1, w2), 0.5);
    expect(mu.map((x) => +x.toFixed(2))).toEqual([0.12, 0.64, 0.4]);
    const muPerp = sub(mu, project(mu, g));
    expect(muPerp.map((x) => +x.toFixed(2))).toEqual([0, 0.64, 0.4]);
    contains('$\\mu = (0.12, 0.64, 0.4)$, $\\mu_B = (0.12, 0, 0)$, $\\mu_\\perp = (0, 0.64, 0.4)$');
    const r2 = 1 - dot(muPerp, muPerp);
    contains(`$\\sqrt{1 - \\lVert \\mu_\\perp \\rVert^2} = \\sqrt{${+r2.toFixed(4)}} = ${f4(Math.sqrt(r2))}$`);
    const dist2 = dot(sub(w1, mu), sub(w1, mu));
    contains(`$e_{w_1 B} - \\mu_B = (0.48, 0, 0)$, while $\\lVert e_{w_1} - \\mu \\rVert = \\sqrt{${+dist2.toFixed(3)}} = ${f4(Math.sqrt(dist2))}$`);

    const [c1, c2] = equaliseCourse(w1, w2, g);
    const [p1, p2] = equalisePaper(w1, w2, g);
    const v3 = (v: number[]) => `(${tex4(v[0]!)},\\ ${+v[1]!.toFixed(2)},\\ ${+v[2]!.toFixed(2)})`;
    expect(c2[0]).toBeCloseTo(-c1[0]!, 15);
    expect(p2[0]).toBeCloseTo(-p1[0]!, 15);
    contains(`| course | $\\pm ${f4(c1[0]!)}$ | $(0,\\ 0.64,\\ 0.4)$ | $${f4(norm(c1))}$ |`);
    contains(`| paper | $\\pm ${f4(p1[0]!)}$ | $(0,\\ 0.64,\\ 0.4)$ | $1$ |`);
    contains(`The course's formulas give $e_1 = ${v3(c1)}$ and $e_2 = ${v3(c2)}$; the paper's, $(\\pm ${f4(p1[0]!)},\\ 0.64,\\ 0.4)$`);
    expect(norm(p1)).toBeCloseTo(1, 14);
    expect(norm(c2)).toBeCloseTo(norm(c1), 14);
  });

  it('both equalise versions: same perpendicular part, opposite bias parts, equidistant from neutral words', () => {
    // A 5-dimensional pair of unit vectors and a unit g that is not an axis.
    const unit = (v: number[]) => scale(v, 1 / norm(v));
    const g = unit([1, 2, -1, 0.5, 0]);
    const w1 = unit([0.9, 0.1, 0.3, -0.2, 0.4]);
    const w2 = unit([-0.2, -0.5, 0.6, 0.1, 0.3]);
    for (const [e1, e2] of [equaliseCourse(w1, w2, g), equalisePaper(w1, w2, g)]) {
      const perp1 = sub(e1, project(e1, g));
      const perp2 = sub(e2, project(e2, g));
      perp1.forEach((x, i) => expect(x).toBeCloseTo(perp2[i]!, 12));
      expect(dot(e1, g)).toBeCloseTo(-dot(e2, g), 12);
      // any neutralised word v (v ⟂ g)
      const raw = [0.3, -0.7, 0.2, 0.9, -0.4];
      const v = sub(raw, project(raw, g));
      expect(norm(sub(e1, v))).toBeCloseTo(norm(sub(e2, v)), 12);
      expect(cosine(e1, v)).toBeCloseTo(cosine(e2, v), 12);
    }
    // the paper's lands on the unit sphere; the course's, here, inside it
    const [p1] = equalisePaper(w1, w2, g);
    const [c1] = equaliseCourse(w1, w2, g);
    expect(norm(p1)).toBeCloseTo(1, 12);
    expect(norm(c1)).toBeLessThan(1);
  });

  it('when the pair differs only along g, the course and the paper agree', () => {
    const g = [1, 0, 0];
    const w1 = [0.6, 0.8, 0];
    const w2 = [-0.6, 0.8, 0];
    const [c1] = equaliseCourse(w1, w2, g);
    const [p1] = equalisePaper(w1, w2, g);
    c1.forEach((x, i) => expect(x).toBeCloseTo(p1[i]!, 14));
    contains('The two agree when the pair differs only along $g$');
  });
});

// ---------- the chapter's form ----------

describe('the chapter', () => {
  it('embeds its three widgets, each once and with a question before it', () => {
    for (const w of ['AnalogyExplorer', 'EmbeddingLookup', 'DebiasingProjection']) {
      const line = `<${w} client:visible />`;
      expect(text.split(line).length - 1, line).toBe(1);
      const before = text.slice(0, text.indexOf(line)).trim().split('\n\n').at(-1)!;
      expect(before, `the paragraph before ${w}`).toMatch(/\?/);
    }
  });

  it('has at least six check-yourself questions', () => {
    expect((text.match(/<Check question=/g) ?? []).length).toBeGreaterThanOrEqual(6);
  });

  it('has no placeholder left: every widget embedded, every number filled', () => {
    expect(text).not.toMatch(/NUMBER:|WIDGET:|0\.xx|\*xx\*/);
  });

  it('states the limits of the shipped vectors', () => {
    for (const s of ['GloVe 6B 100d', 'Public Domain Dedication and License', 'About 5,000 words', 'Gigaword 5', 'int8', 'Analogies fail often', 'Numbers differ from papers']) contains(s);
  });

  it('ends with references that carry pages where the venue has them', () => {
    const refs = text.slice(text.indexOf('## References'));
    for (const s of ['1532–1543', '4349–4357', '3111–3119', '746–751', '1137–1155', '2579–2605', '246–252', '609–614', 'arXiv:1301.3781']) expect(refs).toContain(s);
  });
});

// ---------- numbers read off the widgets ----------

describe('the embedding-lookup widget, as the chapter quotes it', () => {
  it('the Zipf vocabulary: the falls from 32.2% (α = 1) to 24.5% (α = 3/4) and 8.3% (α = 0); zebra rises from 2.7% to 3.8%', async () => {
    const { VOCAB, COUNTS } = await import('~/widgets/embedding-lookup/model');
    const { samplingDistribution } = await import('~/compute/word2vec');
    const share = (word: string, alpha: number) => (100 * samplingDistribution([...COUNTS], alpha)[VOCAB.indexOf(word as never)]!).toFixed(1);
    contains(`*the* takes ${share('the', 1)}% of the draws at an exponent of 1, ${share('the', 0.75)}% at $3/4$ and ${share('the', 0)}% (one in twelve) at 0`);
    contains(`*zebra*, the rarest, rises from ${share('zebra', 1)}% to ${share('zebra', 0.75)}% at $3/4$`);
    expect(VOCAB.length).toBe(12);
  });
});

describe('numbers from the shipped word vectors', async () => {
  const { cosine, serverWordVectors, wordIndex } = await import('~/compute/word-vectors');
  const { buildState, schema } = await import('~/widgets/debiasing/model');
  const vectors = serverWordVectors()!;
  const e = (w: string) => vectors.row(wordIndex(vectors, w));
  const f3 = (x: number) => x.toFixed(3);

  it('the table: 5,061 words, cos(man, woman) = 0.8327 after rounding', () => {
    expect(vectors.words.length).toBe(5061);
    contains('5,061 in all');
    contains(`for *man* and *woman*, ${cosine(e('man'), e('woman')).toFixed(4)} here`);
  });

  it('the analogy explorer\'s presets, as the discussion quotes them', async () => {
    const { solve } = await import('~/widgets/analogy-explorer/model');
    const top = (a: string, b: string, c: string) => {
      const { solved } = solve(vectors, { a, b, c, k: 5 });
      return solved!;
    };
    const king = top('man', 'woman', 'king');
    const [q, d, pr, ps] = king.candidates.map((x) => ({ word: x.word, sim: f3(x.similarity) }));
    expect([q!.word, d!.word, pr!.word, ps!.word]).toEqual(['queen', 'daughter', 'prince', 'princess']);
    contains(`with a cosine similarity of ${q!.sim}; the runner-up is *daughter*, at ${d!.sim}, then *prince* (${pr!.sim}) and *princess* (${ps!.sim})`);
    contains(`*king* would score ${f3(king.querySimilarities[2])} against *queen*'s ${q!.sim}`);
    contains(`keep only ${Math.round(100 * (king.explained[0] + king.explained[1]))}% of the spread of the ${king.points.length} vectors drawn`);
    const rome = top('france', 'paris', 'italy').candidates;
    expect([rome[0]!.word, rome[1]!.word]).toEqual(['rome', 'milan']);
    contains(`gives *rome* (${f3(rome[0]!.similarity)}), ahead of *milan* (${f3(rome[1]!.similarity)})`);
    const miss = top('walking', 'walked', 'swimming').candidates;
    expect([miss[0]!.word, miss[1]!.word]).toEqual(['athletics', 'swam']);
    contains(`answers *athletics* (${f3(miss[0]!.similarity)}), a whisker ahead of *swam* (${f3(miss[1]!.similarity)})`);
    const nurse = top('man', 'doctor', 'woman').candidates[0]!;
    expect(nurse.word).toBe('nurse');
    contains(`with *nurse* (${f3(nurse.similarity)})`);
  });

  it('receptionist leans to she, engineer to he', () => {
    const c = (a: string, b: string) => f3(cosine(e(a), e(b)));
    contains(`*receptionist* is more similar to *she* than to *he* (cosine ${c('receptionist', 'she')} against ${c('receptionist', 'he')})`);
    contains(`*engineer* the other way round (${c('engineer', 'he')} against ${c('engineer', 'she')})`);
  });

  const defaults = Object.fromEntries(Object.entries(schema).map(([k, spec]) => [k, spec.default])) as unknown as Parameters<typeof buildState>[1];

  it('the debiasing widget\'s defaults, on unit vectors, as the discussion quotes them', () => {
    const st = buildState(vectors, defaults);
    expect(defaults.normalise).toBe(true);
    expect([defaults.word, defaults.w1, defaults.w2]).toEqual(['receptionist', 'actor', 'actress']);
    const n = st.neutralised;
    const [actor, actress] = st.equalised.sides;
    contains(`*receptionist* starts with a cosine similarity of ${f3(n.cosBefore)} with $g$`);
    expect(Math.abs(n.cosAfterRaw)).toBeLessThan(1e-12);
    contains(`(length ${f3(n.normAfter)} instead of 1)`);
    contains(`(distances ${f3(actress.distBefore)} and ${f3(actor.distBefore)}); afterwards both are ${f3(actor.distAfter)} away`);
    expect(f3(actress.distAfter)).toBe(f3(actor.distAfter));
    contains(`$${f3(actor.cosAfter)}$ and $${f3(actress.cosAfter)}$, where they were $${f3(actor.cosBefore)}$ and $${f3(actress.cosBefore)}$`);
    contains(`The equalised pair has length ${f3(actor.normAfter)}, not 1`);
  });

  it('the same widget on raw vectors, as the course\'s exercise runs it', () => {
    const st = buildState(vectors, { ...defaults, normalise: false });
    const [actor, actress] = st.equalised.sides;
    contains(`$\\lVert \\mu_\\perp \\rVert = ${f3(st.equalised.muOrthNorm)}$ and $1 - \\lVert \\mu_\\perp \\rVert^2 = ${f3(st.equalised.oneMinus)}$`);
    expect(f3(actor.cosAfter)).toBe(f3(-actress.cosAfter));
    contains(`(cosines $\\mp ${f3(actress.cosAfter)}$, from $${f3(actor.cosBefore)}$ and $${f3(actress.cosBefore)}$)`);
    expect(Math.abs(actor.distAfter - actress.distAfter)).toBeLessThan(1e-9);
  });
});
