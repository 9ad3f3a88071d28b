/**
 * Every worked number of the Transformers chapter (Course 5, Week 4), recomputed here from first
 * principles with naive loops, and looked up in the chapter's text exactly as it is printed there.
 * If a number in the chapter changes, or an example's inputs change, this test says which one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../content/chapters/sequence-models/week-4.mdx', import.meta.url), 'utf8');

type Matrix = number[][];

// ---------- naive reference maths (no libraries) ----------

function matmul(a: Matrix, b: Matrix): Matrix {
  const out: Matrix = [];
  for (let i = 0; i < a.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < b[0]!.length; j++) {
      let s = 0;
      for (let k = 0; k < b.length; k++) s += a[i]![k]! * b[k]![j]!;
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

const transpose = (a: Matrix): Matrix => a[0]!.map((_, j) => a.map((row) => row[j]!));
const scale = (a: Matrix, c: number): Matrix => a.map((row) => row.map((x) => x * c));

/** Row-wise softmax; -Infinity entries get weight exactly 0. */
function softmaxRows(a: Matrix): Matrix {
  return a.map((row) => {
    const exps = row.map((x) => (x === -Infinity ? 0 : Math.exp(x)));
    const sum = exps.reduce((s, e) => s + e, 0);
    return exps.map((e) => e / sum);
  });
}

function causal(scores: Matrix): Matrix {
  return scores.map((row, t) => row.map((x, j) => (j > t ? -Infinity : x)));
}

/** Sinusoidal positional encoding, the paper's interleaved layout (sin at 2i, cos at 2i + 1). */
function pe(pos: number, d: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < d / 2; i++) {
    const w = 1 / Math.pow(10000, (2 * i) / d);
    out.push(Math.sin(pos * w), Math.cos(pos * w));
  }
  return out;
}

/** The "halves" layout: all sines, then all cosines. */
function peHalves(pos: number, d: number): number[] {
  const sines: number[] = [];
  const cosines: number[] = [];
  for (let i = 0; i < d / 2; i++) {
    const w = 1 / Math.pow(10000, (2 * i) / d);
    sines.push(Math.sin(pos * w));
    cosines.push(Math.cos(pos * w));
  }
  return [...sines, ...cosines];
}

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// ---------- how the chapter prints numbers ----------

/** Fixed decimals with an ASCII minus, as in the chapter's LaTeX. */
const f = (x: number, n = 4) => {
  const s = x.toFixed(n);
  return s === `-${(0).toFixed(n)}` ? (0).toFixed(n) : s;
};
/** Integer with LaTeX thousands separators: 1048576 → 1{,}048{,}576. */
const latexInt = (n: number) => {
  expect(Number.isInteger(n)).toBe(true);
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '{,}');
};
/** Integer with plain thousands separators, for prose: 1048576 → 1,048,576. */
const proseInt = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** The body of a bmatrix, rows joined by \\ , entries by &. */
const bmatrix = (m: Matrix, fmt: (x: number) => string) => m.map((row) => row.map((x) => fmt(x)).join(' & ')).join(' \\\\ ');
/** Entries that are whole numbers print without decimals (0, 1, 2), others with four. */
const mixed = (x: number) => (Number.isInteger(x) ? String(x) : f(x));

/**
 * The text with display-math line breaks undone (`\\` + newline + `&`), and runs of white space collapsed,
 * so a formula can be found whether or not it was split over two lines for narrow screens.
 */
const flat = text
  .replace(/\s*\\\\\s*\n\s*&?\s*/g, ' ')
  .replace(/&=/g, '=')
  .replace(/\s+/g, ' ');

function contains(s: string) {
  const found = text.includes(s) || flat.includes(s.replace(/\s+/g, ' '));
  expect(found, `the chapter should contain "${s}"`).toBe(true);
}

// ---------- the worked example: three tokens, d_k = 2 ----------

const X: Matrix = [
  [1, 0],
  [0, 1],
  [1, 1],
];
const WQ: Matrix = [
  [1, 1],
  [0, 1],
];
const WK: Matrix = [
  [1, 0],
  [1, 1],
];
const WV: Matrix = [
  [0, 2],
  [1, 1],
];
const dk = 2;
const Q = matmul(X, WQ);
const K = matmul(X, WK);
const V = matmul(X, WV);
const scores = matmul(Q, transpose(K));
const scaled = scale(scores, 1 / Math.sqrt(dk));
const alpha = softmaxRows(scaled);
const out = matmul(alpha, V);

describe('Transformers chapter: frontmatter', () => {
  it('has the course, week, order and a summary of at most 240 characters', () => {
    const fm = /^---\n([\s\S]*?)\n---/.exec(text)![1]!;
    expect(fm).toMatch(/^course: sequence-models$/m);
    expect(fm).toMatch(/^week: 4$/m);
    expect(fm).toMatch(/^order: 54$/m);
    expect(fm).toMatch(/^widgets: \[self-attention, positional-encoding\]$/m);
    const summary = /^summary: (.*)$/m.exec(fm)![1]!;
    expect(summary.length).toBeLessThanOrEqual(240);
  });

  it('embeds its widgets, and has at least six check-yourself questions', () => {
    contains('<SelfAttention client:near />');
    contains('<PositionalEncoding client:near />');
    expect(text.match(/<Check question="/g)!.length).toBeGreaterThanOrEqual(6);
  });
});

describe('Transformers chapter: why attention replaces recurrence', () => {
  it('0.9 per step over 99 steps', () => {
    const v = Math.pow(0.9, 99);
    const [mantissa, exponent] = v.toExponential(2).split('e');
    contains(`0.9^{99} \\approx ${mantissa} \\times 10^{${Number(exponent)}}`);
  });

  it('n² d against n d² for n = 100 and n = 2,000 at d = 512', () => {
    const d = 512;
    for (const n of [100, 2000]) {
      const attention = n * n * d;
      const recurrent = n * d * d;
      contains(latexInt(attention));
      contains(latexInt(recurrent));
      expect(n === 100 ? attention < recurrent : attention > recurrent).toBe(true);
    }
    contains(`100^2 \\cdot 512 = ${latexInt(100 * 100 * 512)}`);
    contains(`100 \\cdot 512^2 = ${latexInt(100 * 512 * 512)}`);
  });
});

describe('Transformers chapter: the worked self-attention example', () => {
  it('Q, K and V', () => {
    contains(`Q = XW_Q = \\begin{bmatrix} ${bmatrix(Q, String)} \\end{bmatrix}`);
    contains(`K = XW_K = \\begin{bmatrix} ${bmatrix(K, String)} \\end{bmatrix}`);
    contains(`V = XW_V = \\begin{bmatrix} ${bmatrix(V, String)} \\end{bmatrix}`);
    // token 3's query, written out
    const q3 = Q[2]!;
    contains(`= [${q3[0]}, ${q3[1]}]`);
  });

  it('scores, scaled scores and √2', () => {
    contains(`QK^\\top = \\begin{bmatrix} ${bmatrix(scores, String)} \\end{bmatrix}`);
    contains(`\\sqrt{2} \\approx ${f(Math.SQRT2)}`);
    contains(`\\begin{bmatrix} ${bmatrix(scaled, mixed)} \\end{bmatrix}`);
    // the first row of scores, read off in the prose
    contains(`$${scores[0]![0]}$, $${scores[0]![1]}$ and $${scores[0]![2]}$`);
  });

  it('the softmax of row 1, step by step', () => {
    const row = scaled[0]!;
    const exps = row.map(Math.exp);
    const sum = exps.reduce((s, e) => s + e, 0);
    for (let j = 0; j < 3; j++) contains(`e^{${f(row[j]!)}} = ${f(exps[j]!)}`);
    contains(`add up to $${f(sum)}$`);
    contains(`$${f(exps[0]! / sum)}$, $${f(exps[1]! / sum)}$ and $${f(exps[2]! / sum)}$`);
  });

  it('the weight matrix, whose rows add up to 1', () => {
    for (const row of alpha) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    contains(`\\alpha = \\begin{bmatrix} ${bmatrix(alpha, f)} \\end{bmatrix}`);
    // token 2 scored keys 2 and 3 equally
    expect(alpha[1]![1]).toBe(alpha[1]![2]);
  });

  it('the outputs, and token 1 written out from the rounded weights', () => {
    contains(`\\alpha V = \\begin{bmatrix} ${bmatrix(out, f)} \\end{bmatrix}`);
    const a = alpha[0]!.map((x) => Number(f(x)));
    const fromRounded = [0, 1].map((c) => a[0]! * V[0]![c]! + a[1]! * V[1]![c]! + a[2]! * V[2]![c]!);
    // the rounded weights give the same four decimals as the exact ones
    expect(fromRounded.map((x) => f(x))).toEqual(out[0]!.map((x) => f(x)));
    contains(
      `${f(alpha[0]![0]!)} \\cdot [${V[0]!.join(', ')}] + ${f(alpha[0]![1]!)} \\cdot [${V[1]!.join(', ')}] + ${f(alpha[0]![2]!)} \\cdot [${V[2]!.join(', ')}] = [${f(out[0]![0]!)},\\; ${f(out[0]![1]!)}]`,
    );
    // more than half of token 1's output comes from v<3>
    expect(alpha[0]![2]).toBeGreaterThan(0.5);
  });

  it('without the scaling, row 1 is sharper', () => {
    const unscaled = softmaxRows(scores)[0]!;
    contains(`$${f(unscaled[0]!)}$, $${f(unscaled[1]!)}$ and $${f(unscaled[2]!)}$ instead of`);
    expect(Math.max(...unscaled)).toBeGreaterThan(Math.max(...alpha[0]!));
  });

  it('the causal mask: lower-triangular weights, row 2 renormalised, row 3 unchanged', () => {
    const masked = softmaxRows(causal(scaled));
    contains(`\\alpha_{\\text{masked}} = \\begin{bmatrix} ${bmatrix(masked, mixed)} \\end{bmatrix}`);
    expect(masked[2]).toEqual(alpha[2]);
    const e = Math.exp(scaled[1]![1]!);
    contains(`e^{${f(scaled[1]![1]!)}} = ${f(e)}`);
    contains(`1/${f(1 + e)} = ${f(masked[1]![0]!)}`);
    contains(`and $${f(masked[1]![1]!)}$`);
    // token 1's masked output is its own value vector
    const maskedOut = matmul(masked, V);
    expect(maskedOut[0]).toEqual(V[0]);
    contains(`its own value, $[${V[0]!.join(', ')}]$`);
  });
});

describe('Transformers chapter: why divide by √d_k', () => {
  it('the variance of a dot product of unit-variance vectors is d_k (seeded Monte Carlo)', () => {
    // mulberry32 and Box–Muller, so the test is deterministic.
    let seed = 12345;
    const uniform = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
    };
    const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const d = 64;
    const samples: number[] = [];
    for (let s = 0; s < 20000; s++) {
      let acc = 0;
      for (let i = 0; i < d; i++) acc += normal() * normal();
      samples.push(acc);
    }
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    expect(Math.abs(variance / d - 1)).toBeLessThan(0.05);
    contains(`$\\sqrt{64} = ${Math.sqrt(64)}$`);
  });

  it('a gap of 8 saturates the softmax; a gap of 1 does not', () => {
    const [big, small] = softmaxRows([[8, 0]])[0]!;
    contains(`$${f(big!, 5)}$ and $${f(small!, 5)}$`);
    const gradSaturated = big! * (1 - big!);
    contains(`here $${f(gradSaturated, 5)}$`);
    const [p, q] = softmaxRows([[1, 0]])[0]!;
    contains(`$${f(p!)}$ and $${f(q!)}$`);
    const grad = p! * (1 - p!);
    contains(`is $${f(grad)}$, about ${Math.round(grad / gradSaturated)} times larger`);
  });

  it('d_k = 256 gives scores of size 16', () => {
    contains(`$\\sqrt{256} = ${Math.sqrt(256)}$`);
    contains(`$\\sqrt{d_k} = ${Math.sqrt(256)}$`);
  });
});

describe('Transformers chapter: parameter counts', () => {
  const dModel = 512;
  const h = 8;
  const dHead = dModel / h;

  it('one multi-head attention layer', () => {
    expect(dHead).toBe(64);
    const perHead = 3 * dModel * dHead;
    const heads = h * perHead;
    const wo = h * dHead * dModel;
    const total = heads + wo;
    contains(`3 \\cdot 512 \\cdot 64 = ${latexInt(perHead)}`);
    contains(`8 \\cdot 3 \\cdot 512 \\cdot 64 = ${latexInt(heads)}`);
    contains(latexInt(wo));
    contains(`${latexInt(heads)} + ${latexInt(wo)} = ${latexInt(total)} = 4 \\cdot 512^2`);
    expect(total).toBe(4 * dModel * dModel);
    const biases = 4 * dModel;
    contains(`4 \\cdot 512 = ${latexInt(biases)}`);
    contains(latexInt(total + biases));
    // sixteen heads of 32: the same count
    contains(`16 \\cdot 3 \\cdot 512 \\cdot 32 = ${latexInt(16 * 3 * 512 * 32)}`);
    expect(16 * 3 * 512 * 32 + 16 * 32 * 512).toBe(total);
  });

  it('the feed-forward network, the layer norms, one encoder layer and six', () => {
    const dff = 2048;
    const w = dModel * dff;
    contains(`512 \\cdot 2048 = ${latexInt(w)}`);
    contains(latexInt(2 * w));
    const ffn = 2 * w + dff + dModel;
    contains(`$2{,}048 + 512$`);
    contains(`${latexInt(ffn)}$ parameters`);
    const attention = 4 * dModel * dModel + 4 * dModel;
    const norms = 2 * 2 * dModel;
    contains(`2 \\cdot 2 \\cdot 512 = ${latexInt(norms)}`);
    const layer = attention + ffn + norms;
    contains(latexInt(layer));
    contains(latexInt(6 * layer));
    expect(2 * w).toBe(2 * (4 * dModel * dModel)); // twice the attention's weights
  });

  it('√d_model', () => {
    contains(`\\sqrt{512} \\approx ${f(Math.sqrt(512))}`);
  });
});

describe('Transformers chapter: layer normalisation', () => {
  it('normalises [1, 2, 3, 6]', () => {
    const x = [1, 2, 3, 6];
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
    const sigma = Math.sqrt(variance);
    expect(mean).toBe(3);
    expect(variance).toBe(3.5);
    contains(`(4 + 1 + 0 + 9)/4 = 3.5`);
    contains(`\\sigma \\approx ${f(sigma)}`);
    const y = x.map((v) => (v - mean) / sigma);
    contains(`[${y.map(mixed).join(',\\; ')}]`);
  });
});

describe('Transformers chapter: positional encoding', () => {
  it('the wavelengths for d = 512', () => {
    const slowest = 2 * Math.PI * Math.pow(10000, 510 / 512);
    contains(`2\\pi \\cdot 10000^{510/512} \\approx ${latexInt(Math.round(slowest))}`);
    contains(`2\\pi \\approx ${(2 * Math.PI).toFixed(2)}`);
  });

  it('PE(0), PE(1) and PE(2) for d = 4', () => {
    expect(1 / Math.pow(10000, 2 / 4)).toBeCloseTo(0.01, 15);
    expect(pe(0, 4)).toEqual([0, 1, 0, 1]);
    contains('Position 0 gets $[0, 1, 0, 1]$');
    contains(`[\\sin 1,\\; \\cos 1,\\; \\sin 0.01,\\; \\cos 0.01] = [${pe(1, 4).map((x) => f(x)).join(',\\; ')}]`);
    contains(`[\\sin 2,\\; \\cos 2,\\; \\sin 0.02,\\; \\cos 0.02] = [${pe(2, 4).map((x) => f(x)).join(',\\; ')}]`);
    // the values the brief asked for, literally
    contains('[0.8415,\\; 0.5403,\\; 0.0100,\\; 1.0000]');
  });

  it('position 44 nearly repeats position 0 in the fast pair but not in the slow one', () => {
    const rest = 44 - 7 * 2 * Math.PI;
    contains(`44 - 7 \\cdot 2\\pi \\approx ${f(rest)}`);
    const p44 = pe(44, 4);
    contains(`$[${f(p44[0]!)}, ${f(p44[1]!)}]$`);
    contains(`[\\sin 0.44, \\cos 0.44] = [${f(p44[2]!)}, ${f(p44[3]!)}]`);
  });

  it('every code has length √(d/2)', () => {
    for (const d of [4, 512]) for (const p of [0, 1, 7, 300]) expect(Math.hypot(...pe(p, d))).toBeCloseTo(Math.sqrt(d / 2), 12);
    contains(`$\\sqrt{2}$ for $d = 4$, $${Math.sqrt(512 / 2)}$ for $d = 512$`);
  });

  it('PE(p)·PE(p+k) = Σ cos(ω_i k), for every p', () => {
    for (const d of [4, 16, 128])
      for (const k of [0, 1, 2, 5, 17])
        for (const p of [0, 1, 3, 10, 99]) {
          let expected = 0;
          for (let i = 0; i < d / 2; i++) expected += Math.cos(k / Math.pow(10000, (2 * i) / d));
          expect(dot(pe(p, d), pe(p + k, d))).toBeCloseTo(expected, 9);
        }
    const value = Math.cos(1) + Math.cos(0.01);
    contains(`\\cos 1 + \\cos 0.01 = ${f(Math.cos(1))} + ${f(Math.cos(0.01))} = ${f(value)}`);
    expect(dot(pe(0, 4), pe(1, 4))).toBeCloseTo(value, 14);
    expect(dot(pe(1, 4), pe(2, 4))).toBeCloseTo(value, 14);
    // p = 1, term by term, with the rounded codes
    const a = pe(1, 4);
    const b = pe(2, 4);
    const terms = a.map((x, i) => x * b[i]!);
    const printed = terms.map((t) => f(t));
    contains(`\\approx ${printed[0]} - ${printed[1]!.slice(1)} + ${printed[2]} + ${printed[3]} = ${f(value)}`);
    // the rounded terms add up to the same four decimals
    expect(f(printed.map(Number).reduce((s, t) => s + t, 0))).toBe(f(value));
  });

  it('neighbouring positions are the same distance apart (d = 4)', () => {
    const dist = (p: number, k: number) => Math.hypot(...pe(p + k, 4).map((x, i) => x - pe(p, 4)[i]!));
    for (const p of [0, 1, 5, 50]) expect(dist(p, 1)).toBeCloseTo(dist(0, 1), 12);
    contains(`are $${f(dist(0, 1))}$ apart`);
  });

  it('the rotation that takes PE(p) to PE(p+k) does not depend on p', () => {
    const w = 0.37;
    const k = 3;
    for (const p of [0, 2, 11]) {
      const s = Math.sin(w * p);
      const c = Math.cos(w * p);
      expect(Math.cos(w * k) * s + Math.sin(w * k) * c).toBeCloseTo(Math.sin(w * (p + k)), 12);
      expect(-Math.sin(w * k) * s + Math.cos(w * k) * c).toBeCloseTo(Math.cos(w * (p + k)), 12);
    }
  });

  it('the halves layout is a permutation of the interleaved one', () => {
    for (const d of [4, 8, 64]) {
      const perm = (v: number[]) => [...v.filter((_, j) => j % 2 === 0), ...v.filter((_, j) => j % 2 === 1)];
      for (const p of [0, 1, 9]) expect(peHalves(p, d)).toEqual(perm(pe(p, d)));
      // same dot products
      expect(dot(peHalves(3, d), peHalves(8, d))).toBeCloseTo(dot(pe(3, d), pe(8, d)), 12);
    }
    contains(`position 1 becomes $[${peHalves(1, 4).map((x) => f(x)).join(',\\; ')}]$`);
  });

  it('a word vector plus the code at positions 0, 1 and 2', () => {
    const e = [0.5, -0.3, 0.2, 0.1];
    contains(`e = [${e.join(', ')}]`);
    for (const p of [0, 1, 2]) {
      const sum = e.map((x, i) => x + pe(p, 4)[i]!);
      contains(`e + PE(${p}) &= [${sum.map((x) => f(x)).join(',\\; ')}]`);
    }
  });
});

describe('Transformers chapter: vision transformers', () => {
  it('224 × 224 in 16 × 16 patches, and in 32 × 32 patches', () => {
    const side = 224 / 16;
    expect(side).toBe(14);
    contains(`$224/16 = ${side}$`);
    contains(`$14 \\cdot 14 = ${side * side}$`);
    contains(`16 \\cdot 16 \\cdot 3 = ${16 * 16 * 3}`);
    const side32 = 224 / 32;
    contains(`$7 \\cdot 7 = ${side32 * side32}$`);
    contains(`196^2 = ${latexInt(196 * 196)}`);
    contains(`49^2 = ${latexInt(49 * 49)}`);
    contains(`, ${(196 * 196) / (49 * 49)} times fewer`);
    contains(`$(224/16)^2 = 14^2 = ${196}$`);
    contains(`${196 + 1} in all`);
    contains(`its ${16 * 16} pixels`);
  });
});

describe('Transformers chapter: prose forms of the headline numbers', () => {
  it('the check-yourself answer on encoder-decoder attention', () => {
    // 5 target tokens, 7 source tokens
    contains('$5 \\times 7$');
  });
  it('writes a few counts in prose form where no math is around', () => {
    expect(proseInt(1048576)).toBe('1,048,576');
  });
});
