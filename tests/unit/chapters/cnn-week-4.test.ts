// Course 4 Week 4's numbers, recomputed here from independent, naive implementations (the triplet loss,
// the Gram matrix, the course's content and style costs, the logistic pair classifier) and from the
// project's conv output-size function for the 1-D and 3-D shapes, and looked up in the chapter text as
// printed. The text quotes no number shown by the two widgets.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convOutputSize } from '~/compute/conv';

const text = readFileSync('content/chapters/cnn/week-4.mdx', 'utf8');
const printed = (n: number) => n.toLocaleString('en-US');
/** As the chapter writes a number inside math: 30{,}000. */
const tex = (n: number) => printed(n).replace(/,/g, '{,}');
const contains = (s: string) => expect(text.includes(s), `the chapter should print “${s}”`).toBe(true);
/** Rounds away float noise (0.4 − 0.5 + 0.2) so a decimal can be compared with the printed one. */
const dec = (x: number, digits = 6) => Number(x.toFixed(digits));

type Vec = number[];
type Volume = number[][][]; // [channel][row][column], small enough to read in the test
const sqDist = (a: Vec, b: Vec) => a.reduce((s, v, k) => s + (v - b[k]!) ** 2, 0);
const tripletLoss = (a: Vec, p: Vec, n: Vec, alpha: number) => Math.max(sqDist(a, p) - sqDist(a, n) + alpha, 0);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dims = (v: Volume) => ({ nC: v.length, nH: v[0]!.length, nW: v[0]![0]!.length });

/** G[k][k'] = Σ_i Σ_j a_ijk a_ijk', by the double sum. */
function gram(v: Volume): number[][] {
  const { nC, nH, nW } = dims(v);
  const g = Array.from({ length: nC }, () => new Array<number>(nC).fill(0));
  for (let k = 0; k < nC; k++) for (let k2 = 0; k2 < nC; k2++) for (let i = 0; i < nH; i++) for (let j = 0; j < nW; j++) g[k]![k2]! += v[k]![i]![j]! * v[k2]![i]![j]!;
  return g;
}
/** The same matrix as A·Aᵀ with A the unrolled n_C × (n_H n_W) matrix: a second, separate route. */
function gramByUnrolling(v: Volume): number[][] {
  const a = v.map((channel) => channel.flat());
  return a.map((row) => a.map((other) => row.reduce((s, x, t) => s + x * other[t]!, 0)));
}
const sumSquaredDiff = (x: number[][] | number[][][], y: typeof x) => {
  const fx = (x as number[][]).flat(2) as number[];
  const fy = (y as number[][]).flat(2) as number[];
  return fx.reduce((s, v, t) => s + (v - fy[t]!) ** 2, 0);
};
/** The course's J_content = 1/(4 n_H n_W n_C) Σ (a(C) − a(G))². */
function contentCost(c: Volume, g: Volume): number {
  const { nC, nH, nW } = dims(c);
  return sumSquaredDiff(c, g) / (4 * nH * nW * nC);
}
/** The course's (and the paper's) J_style = 1/(2 n_H n_W n_C)² Σ_k Σ_k' (G(S) − G(G))². */
function styleCost(s: Volume, g: Volume): number {
  const { nC, nH, nW } = dims(s);
  return sumSquaredDiff(gram(s), gram(g)) / (2 * nH * nW * nC) ** 2;
}

// The chapter's two small volumes: channel, then row.
const STYLE: Volume = [
  [[1, 0], [2, 1]],
  [[0, 1], [1, 2]],
];
const GENERATED: Volume = [
  [[1, 1], [1, 1]],
  [[1, 0], [0, 1]],
];

describe('Course 4 Week 4: numbers in the prose', () => {
  it('verification vs recognition: 99% per comparison and 100 people', () => {
    const allRight = 0.99 ** 100;
    expect(allRight.toFixed(3)).toBe('0.366');
    contains(`0.99^{100} \\approx ${allRight.toFixed(3)}`);
    contains(`$100 \\times 0.01 = ${100 * 0.01}$`);
    expect(Math.round((1 - allRight) * 100)).toBe(63);
    contains('at least one false match for about 63% of strangers');
    const at999 = 1 - 0.999 ** 100;
    contains(`$1 - 0.999^{100} \\approx ${at999.toFixed(3)}$`);
    expect(Math.round(at999 * 10)).toBe(1); // "about one stranger in ten"
    const needed = 1 - 0.99 ** (1 / 100);
    contains(`$1 - 0.99^{1/100} \\approx ${needed.toFixed(4)}$`);
    expect(((1 - needed) * 100).toFixed(2)).toBe('99.99');
    contains('an accuracy of about 99.99%');
  });

  it('check question: 99.9% against 1,000 people', () => {
    const allRight = 0.999 ** 1000;
    contains(`$0.999^{1000} \\approx ${allRight.toFixed(3)}$`);
    contains(`$1 - ${allRight.toFixed(3)} \\approx ${(1 - allRight).toFixed(3)}$`);
    expect(Math.round((1 - allRight) * 100)).toBe(63);
    contains('About 63%.');
    contains(`$1{,}000 \\times 0.001 = ${dec(1000 * 0.001)}$`);
  });

  it('the triplet table: three negatives around A = (0, 0), P = (1, 1), α = 1', () => {
    const A = [0, 0];
    const P = [1, 1];
    const alpha = 1;
    expect(sqDist(A, P)).toBe(2);
    contains(`$1^2 + 1^2 = ${sqDist(A, P)}$`);
    const rows = [
      { n: [2, 2], kind: 'easy' },
      { n: [1.5, 0], kind: 'semi-hard' },
      { n: [1, 0], kind: 'hard' },
    ];
    const losses: number[] = [];
    for (const { n, kind } of rows) {
      const dAN = sqDist(A, n);
      const inner = sqDist(A, P) - dAN + alpha;
      const loss = tripletLoss(A, P, n, alpha);
      losses.push(loss);
      // FaceNet's kinds: hard if d_AN < d_AP, semi-hard if inside the margin, easy otherwise.
      const computedKind = dAN < sqDist(A, P) ? 'hard' : dAN < sqDist(A, P) + alpha ? 'semi-hard' : 'easy';
      expect(computedKind).toBe(kind);
      contains(`(${n.join(', ')}) & ${dAN} & ${inner} & ${loss}`);
      contains(`is **${kind}**:`);
    }
    const J = losses.reduce((a, b) => a + b, 0);
    contains(`$J = ${losses.join(' + ')} = ${J}$`);
    contains(`$2 - 8 + 1 = ${sqDist(A, P) - 8 + alpha}$`);
    expect(dec(sqDist(A, [1.5, 0]) - sqDist(A, P))).toBe(0.25);
    contains('by $0.25$ rather than the required $1$');
    // All encodings equal: every distance 0, every triplet costs α.
    expect(tripletLoss([0, 0], [0, 0], [0, 0], alpha) * rows.length).toBe(3);
    contains('each triplet would cost exactly $\\alpha$, and the batch $3$');
  });

  it('check questions: the loss for d_AP = 0.4, d_AN = 0.5, and the collapse at α = 0', () => {
    const loss = (dAP: number, dAN: number, alpha: number) => Math.max(dAP - dAN + alpha, 0);
    expect(dec(loss(0.4, 0.5, 0.2))).toBe(0.1);
    contains(`$\\max(0.4 - 0.5 + 0.2,\\ 0) = ${dec(loss(0.4, 0.5, 0.2))}$`);
    expect(loss(0.4, 0.5, 0)).toBe(0);
    contains('$\\max(0.4 - 0.5,\\ 0) = 0$');
    expect(loss(0, 0, 0)).toBe(0);
    contains('$\\max(0 - 0 + 0,\\ 0) = 0$');
  });

  it('10,000 pictures of 1,000 people: 899,100,000 triplets', () => {
    const people = 1000;
    const each = 10000 / people;
    const pairs = each * (each - 1);
    const negatives = 10000 - each;
    expect([pairs, negatives]).toEqual([90, 9990]);
    contains(`$10 \\times 9 = ${pairs}$`);
    contains(`$${tex(negatives)}$ pictures of other people`);
    // Naive count over a small labelled set with the same structure, scaled: triplets per anchor-positive pair.
    let triplets = 0;
    const ids = Array.from({ length: 10000 }, (_, i) => Math.floor(i / each));
    const perPerson = ids.filter((p) => p === 0).length;
    for (let a = 0; a < perPerson; a++) for (let p = 0; p < perPerson; p++) if (a !== p) triplets += ids.filter((x) => x !== 0).length;
    expect(triplets * people).toBe(people * pairs * negatives);
    contains(`$${tex(people)} \\times ${pairs} \\times ${tex(negatives)} = ${tex(people * pairs * negatives)}$`);
  });

  it('the pairwise logistic unit: σ(0.4) ≈ 0.599', () => {
    const fi = [0.2, 0.5, 0.1];
    const fj = [0.3, 0.1, 0.1];
    const w = [-2, -1, -4];
    const b = 1;
    const diffs = fi.map((v, k) => dec(Math.abs(v - fj[k]!)));
    expect(diffs).toEqual([0.1, 0.4, 0]);
    contains(`the differences are $${diffs[0]}$, $${diffs[1]}$ and $${diffs[2]}$`);
    const z = dec(diffs.reduce((s, d, k) => s + w[k]! * d, b));
    expect(z).toBe(0.4);
    contains(`$-2 \\cdot 0.1 - 1 \\cdot 0.4 - 4 \\cdot 0 + 1 = ${z}$`);
    contains(`$\\hat{y} = \\sigma(0.4) \\approx ${sigmoid(z).toFixed(3)}$`);
  });

  it('precomputed encodings: 512 bytes a person, 5,120,000 bytes for 10,000', () => {
    const bytes = 128 * 4;
    expect(bytes).toBe(512);
    contains(`128 numbers of 4 bytes are ${bytes} bytes per person`);
    contains(`10,000 people needs ${printed(10000 * bytes)} bytes, about ${Math.round((10000 * bytes) / 1e6)} MB`);
  });

  it('style transfer: 30,000 pixels for a 100 × 100 colour image', () => {
    contains(`$100 \\cdot 100 \\cdot 3 = ${tex(100 * 100 * 3)}$`);
    contains(`that means ${printed(100 * 100 * 3)} numbers`);
  });

  it('the Gram matrix of the style volume, two ways, and G_12 written out', () => {
    const g = gram(STYLE);
    expect(gramByUnrolling(STYLE)).toEqual(g);
    expect(g).toEqual([[6, 4], [4, 6]]);
    contains(`A = \\begin{bmatrix} ${STYLE.map((c) => c.flat().join(' & ')).join(' \\\\ ')} \\end{bmatrix}`);
    contains(`G^{(S)} = A A^{\\mathsf T} = \\begin{bmatrix} ${g[0]!.join(' & ')} \\\\ ${g[1]!.join(' & ')} \\end{bmatrix}`);
    const [c1, c2] = STYLE.map((c) => c.flat());
    const terms = c1!.map((v, t) => `${v} \\cdot ${c2![t]}`).join(' + ');
    contains(`$G_{12} = ${terms} = ${g[0]![1]}$`);
    contains(`$${c1!.map((v) => v * v).join(' + ')} = ${g[0]![0]}$ and $${c2!.map((v) => v * v).join(' + ')} = ${g[1]![1]}$`);
  });

  it('the style cost against the generated volume: 28/256 = 0.109375', () => {
    const gs = gram(STYLE);
    const gg = gram(GENERATED);
    expect(gg).toEqual([[4, 2], [2, 2]]);
    contains(`G^{(G)} = \\begin{bmatrix} ${gg[0]!.join(' & ')} \\\\ ${gg[1]!.join(' & ')} \\end{bmatrix}`);
    const squares = [gs[0]![0]! - gg[0]![0]!, gs[0]![1]! - gg[0]![1]!, gs[1]![0]! - gg[1]![0]!, gs[1]![1]! - gg[1]![1]!].map((d) => d ** 2);
    const sum = squares.reduce((a, b) => a + b, 0);
    expect(sum).toBe(28);
    contains(`Their squares add up to $${squares.join(' + ')} = ${sum}$`);
    const { nC, nH, nW } = dims(STYLE);
    const norm = (2 * nH * nW * nC) ** 2;
    contains(`$(2 \\cdot ${nH} \\cdot ${nW} \\cdot ${nC})^2 = ${norm}$`);
    expect(styleCost(STYLE, GENERATED)).toBe(0.109375);
    contains(`\\frac{${sum}}{${norm}} = ${styleCost(STYLE, GENERATED)}`);
    // The paper's 1/(4 N² M²) is the same constant.
    expect(4 * nC ** 2 * (nH * nW) ** 2).toBe(norm);
  });

  it('the content cost between the two volumes: 6/32 = 0.1875; the paper’s ½ Σ gives 3', () => {
    const perChannel = STYLE.map((c, k) => c.flat().map((v, t) => (v - GENERATED[k]!.flat()[t]!) ** 2));
    contains(`squared differences are $${perChannel[0]!.join(', ')}$ in channel 1 and $${perChannel[1]!.join(', ')}$ in channel 2`);
    const sum = perChannel.flat().reduce((a, b) => a + b, 0);
    expect(sum).toBe(6);
    contains(`$\\tfrac{1}{4 \\cdot 2 \\cdot 2 \\cdot 2} \\cdot ${sum} = ${contentCost(STYLE, GENERATED)}$`);
    expect(sum / 2).toBe(3);
    contains(`The paper's $\\tfrac12 \\sum$ gives $${sum / 2}$`);
    expect(sum / 2 / contentCost(STYLE, GENERATED)).toBe(16);
    contains('sixteen times as much');
  });

  it('shuffling positions: the Gram matrix stays, the content cost becomes 0.25', () => {
    // Swap the top-left and bottom-right positions in every channel.
    const shuffled = STYLE.map(([top, bottom]) => [
      [bottom![1]!, top![1]!],
      [bottom![0]!, top![0]!],
    ]);
    expect(shuffled[0]).toEqual(STYLE[0]);
    expect(shuffled[1]).toEqual([[2, 1], [1, 0]]);
    contains('channel 2 becomes $[2, 1;\\ 1, 0]$');
    expect(gram(shuffled)).toEqual(gram(STYLE));
    contains('the Gram matrix stays $[6, 4;\\ 4, 6]$');
    expect(contentCost(STYLE, shuffled)).toBe(0.25);
    contains(`$\\tfrac{1}{32} \\big( (0 - 2)^2 + (2 - 0)^2 \\big) = ${contentCost(STYLE, shuffled)}$`);
    expect(styleCost(STYLE, shuffled)).toBe(0);
    // Doubling every activation multiplies the Gram matrix by four.
    const doubled = STYLE.map((c) => c.map((row) => row.map((v) => 2 * v)));
    expect(gram(doubled)).toEqual(gram(STYLE).map((row) => row.map((v) => 4 * v)));
    contains('The Gram matrix grows four times');
  });

  it('the normaliser for VGG conv3_1 on 224 × 224: (2 · 802,816)² ≈ 2.58 × 10¹²', () => {
    const side = convOutputSize(convOutputSize(224, 2, 0, 2), 2, 0, 2);
    expect(side).toBe(56);
    const size = side * side * 256;
    contains(`$${side} \\times ${side} \\times 256$, so $n_H n_W n_C = ${tex(size)}$`);
    const [mant, exp] = ((2 * size) ** 2).toExponential(2).split('e+');
    contains(`$(2 \\cdot ${tex(size)})^2 \\approx ${mant} \\times 10^{${exp}}$`);
  });

  it('check question: the Gram matrix of the mirrored 2 × 2 map', () => {
    const map: Volume = [
      [[1, 2], [0, 1]],
      [[1, 0], [1, 1]],
    ];
    const g = gram(map);
    expect(g).toEqual([[6, 2], [2, 3]]);
    contains(`$G_{11} = 1 + 4 + 0 + 1 = ${g[0]![0]}$, $G_{22} = 1 + 0 + 1 + 1 = ${g[1]![1]}$ and $G_{12} = G_{21} = 1 \\cdot 1 + 2 \\cdot 0 + 0 \\cdot 1 + 1 \\cdot 1 = ${g[0]![1]}$`);
    contains(`G = \\begin{bmatrix} ${g[0]!.join(' & ')} \\\\ ${g[1]!.join(' & ')} \\end{bmatrix}`);
    const mirrored = map.map((c) => c.map((row) => [...row].reverse()));
    expect(gram(mirrored)).toEqual(g);
  });

  it('1-D convolutions on a 14 × 1 ECG: 10 × 16, then 6 × 32; 96 and 2,592 parameters', () => {
    const n1 = convOutputSize(14, 5);
    const n2 = convOutputSize(n1, 5);
    expect([n1, n2]).toEqual([10, 6]);
    contains(`$14 - 5 + 1 = ${n1}$ values, so the output is $${n1} \\times 16$`);
    contains(`$(10 - 5 + 1) \\times 32 = ${n2} \\times 32$`);
    // Naive count: weights per filter (length × input channels) plus a bias, per filter.
    const params1D = (f: number, cin: number, filters: number) => (f * cin + 1) * filters;
    contains(`$(5 \\cdot 1 + 1) \\cdot 16 = ${params1D(5, 1, 16)}$`);
    contains(`$(5 \\cdot 16 + 1) \\cdot 32 = ${tex(params1D(5, 16, 32))}$`);
    // Check yourself: the same two shapes.
    contains(`$${n1} \\times 16$, then $${n2} \\times 32$. Along time, $14 - 5 + 1 = ${n1}$ and $10 - 5 + 1 = ${n2}$`);
  });

  it('3-D convolutions on 14 × 14 × 14 × 1: 10³ × 16, then 6³ × 32; 2,016 and 64,032 parameters', () => {
    const n1 = convOutputSize(14, 5);
    const n2 = convOutputSize(n1, 5);
    contains(`$${n1} \\times ${n1} \\times ${n1} \\times 16$`);
    contains(`$${n2} \\times ${n2} \\times ${n2} \\times 32$`);
    const params3D = (f: number, cin: number, filters: number) => (f * f * f * cin + 1) * filters;
    expect([params3D(5, 1, 16), params3D(5, 16, 32)]).toEqual([2016, 64032]);
    contains(`$(5 \\cdot 5 \\cdot 5 \\cdot 1 + 1) \\cdot 16 = ${tex(params3D(5, 1, 16))}$`);
    contains(`$(5 \\cdot 5 \\cdot 5 \\cdot 16 + 1) \\cdot 32 = ${tex(params3D(5, 16, 32))}$`);
  });

  it('check question: a 16-frame 112 × 112 clip through 64 filters 3 × 3 × 3, padding 1', () => {
    expect([convOutputSize(16, 3, 1), convOutputSize(112, 3, 1)]).toEqual([16, 112]);
    contains(`$16 \\times 112 \\times 112 \\times 64$`);
    const params = (3 * 3 * 3 * 3 + 1) * 64;
    contains(`$(3 \\cdot 3 \\cdot 3 \\cdot 3 + 1) \\cdot 64 = ${tex(params)}$`);
  });

  it('has at least six Check questions and every widget placeholder', () => {
    expect((text.match(/<Check question=/g) ?? []).length).toBeGreaterThanOrEqual(6);
    contains('<TripletLoss client:near />');
    contains('<GramMatrix client:near />');
  });
});
