/**
 * Every worked number of the recurrent-networks chapter (Course 5, Week 1), recomputed here from first
 * principles (plain Math.exp and Math.tanh, naive loops, shapes multiplied out) and looked up in the
 * chapter's text exactly as it is printed there. If a number in the chapter changes, or an example's
 * inputs change, this test says which one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const text = readFileSync(new URL('../../../content/chapters/sequence-models/week-1.mdx', import.meta.url), 'utf8');

// ---------- how the chapter prints numbers ----------

/** Fixed decimals; a negative zero prints as zero. */
const f = (x: number, n = 4) => {
  const s = x.toFixed(n);
  return s === `-${(0).toFixed(n)}` ? (0).toFixed(n) : s;
};
/** Integer with LaTeX thousands separators: 1010000 → 1{,}010{,}000 (four-digit numbers too, as the chapter writes them). */
const latexInt = (n: number) => {
  expect(Number.isInteger(n), `${n} should be a whole number`).toBe(true);
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, '{,}');
};
/** Integer with plain thousands separators, for prose: 10000 → 10,000. */
const proseInt = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
/** Scientific notation as the chapter's LaTeX writes it: 2.66 \times 10^{-5}. */
const sci = (x: number, digits = 2) => {
  const [mantissa, exponent] = x.toExponential(digits).split('e');
  return `${mantissa} \\times 10^{${Number(exponent)}}`;
};

/**
 * The text with display-math line breaks undone (`\\` + newline + `&`), and runs of white space collapsed,
 * so a formula can be found whether or not it was split over two lines for narrow screens.
 */
const flat = text
  .replace(/\s*\\\\\s*\n\s*&?\s*/g, ' ')
  .replace(/\\q?quad\s*/g, '')
  .replace(/&=/g, '=')
  .replace(/(^|\n)\s*&/g, '$1')
  .replace(/\s+/g, ' ');

function contains(s: string) {
  const found = text.includes(s) || flat.includes(s.replace(/\s+/g, ' '));
  expect(found, `the chapter should contain "${s}"`).toBe(true);
}

// ---------- naive reference maths ----------

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
type Vec = number[];
type Mat = number[][];
const matVec = (m: Mat, v: Vec): Vec => m.map((row) => row.reduce((s, w, j) => s + w * v[j]!, 0));
const add = (a: Vec, b: Vec): Vec => a.map((x, i) => x + b[i]!);
const mul = (a: Vec, b: Vec): Vec => a.map((x, i) => x * b[i]!);
const concat = (a: Vec, b: Vec): Vec => [...a, ...b];

/** One step of the course's GRU: the reset (relevance) gate applied to c⟨t−1⟩ before W_c. */
function courseGru(p: { Wu: Mat; bu: Vec; Wr: Mat; br: Vec; Wc: Mat; bc: Vec }, c: Vec, x: Vec) {
  const gu = add(matVec(p.Wu, concat(c, x)), p.bu).map(sigmoid);
  const gr = add(matVec(p.Wr, concat(c, x)), p.br).map(sigmoid);
  const ct = add(matVec(p.Wc, concat(mul(gr, c), x)), p.bc).map(Math.tanh);
  const next = ct.map((v, i) => gu[i]! * v + (1 - gu[i]!) * c[i]!);
  return { gu, gr, ct, c: next };
}

/** One step of PyTorch's nn.GRUCell, written from its documentation: z keeps the old state, r after W_hn. */
function torchGru(
  p: { Wir: Mat; Whr: Mat; bir: Vec; bhr: Vec; Wiz: Mat; Whz: Mat; biz: Vec; bhz: Vec; Win: Mat; Whn: Mat; bin: Vec; bhn: Vec },
  h: Vec,
  x: Vec,
) {
  const r = add(add(matVec(p.Wir, x), p.bir), add(matVec(p.Whr, h), p.bhr)).map(sigmoid);
  const z = add(add(matVec(p.Wiz, x), p.biz), add(matVec(p.Whz, h), p.bhz)).map(sigmoid);
  const n = add(add(matVec(p.Win, x), p.bin), mul(r, add(matVec(p.Whn, h), p.bhn))).map(Math.tanh);
  return { r, z, n, h: n.map((v, i) => (1 - z[i]!) * v + z[i]! * h[i]!) };
}

/** Splits a course weight row block W[·, ·] acting on [c, x] into its c part and its x part. */
const split = (W: Mat, na: number) => ({ h: W.map((row) => row.slice(0, na)), x: W.map((row) => row.slice(na)) });

// ---------- the chapter ----------

describe('Course 5 Week 1: frontmatter, widgets and questions', () => {
  it('has the course, week, order, its four widgets and a short summary', () => {
    const fm = /^---\n([\s\S]*?)\n---/.exec(text)![1]!;
    expect(fm).toMatch(/^course: sequence-models$/m);
    expect(fm).toMatch(/^week: 1$/m);
    expect(fm).toMatch(/^order: 51$/m);
    expect(fm).toMatch(/^title: Recurrent neural networks$/m);
    expect(fm).toMatch(/^widgets: \[rnn-stepper, char-sampling, gru-gates, lstm-cell\]$/m);
    expect(/^summary: (.*)$/m.exec(fm)![1]!.length).toBeLessThanOrEqual(240);
  });

  it('holds its four widgets, each once, and at least six check-yourself questions', () => {
    for (const w of ['RnnStepper', 'CharSampling', 'GruGates', 'LstmCell']) {
      const line = `<${w} client:near />`;
      expect(text.split('\n').filter((l) => l === line)).toHaveLength(1);
    }
    expect(text.match(/<Check question="/g)!.length).toBeGreaterThanOrEqual(6);
    contains('<RnnArchitecturesFigure />');
  });

  it('cites the brief’s references with their pages', () => {
    for (const s of [
      'Nature*, 323, 533–536',
      '*Proceedings of the IEEE*, 78(10), 1550–1560',
      '*IEEE Transactions on Neural Networks*, 5(2), 157–166',
      '*Neural Computation*, 9(8), 1735–1780',
      '(EMNLP)*, 1724–1734',
      'arXiv:1412.3555',
      'PMLR 28(3), 1310–1318',
      '*IEEE Transactions on Signal Processing*, 45(11), 2673–2681',
      'arXiv:1308.0850',
      '*Neural Computation*, 12(10), 2451–2471',
    ])
      contains(s);
  });
});

describe('Course 5 Week 1: notation and the standard network', () => {
  it('the named-entity example: nine words, nine labels', () => {
    const words = 'Harry Potter and Hermione Granger invented a new spell'.split(' ');
    const y = [1, 1, 0, 1, 1, 0, 0, 0, 0];
    expect(words).toHaveLength(9);
    expect(y).toHaveLength(words.length);
    // the labels mark Harry, Potter, Hermione, Granger
    expect(words.filter((_, i) => y[i] === 1)).toEqual(['Harry', 'Potter', 'Hermione', 'Granger']);
    contains(`y = (${y.join(',\\; ')})`);
    contains(`$T_x = ${words.length}$ and $T_y = ${y.length}$`);
    contains(`in position 4,075 and 0 in the other ${proseInt(10000 - 1)} positions`);
  });

  it('a padded sentence into a dense layer', () => {
    const inputs = 20 * 10000;
    contains(`$20 \\cdot 10{,}000 = ${latexInt(inputs)}$`);
    contains(`$${latexInt(inputs)} \\cdot 100 = ${latexInt(inputs * 100)}$`);
  });
});

describe('Course 5 Week 1: the RNN’s shapes', () => {
  const na = 100;
  const nx = 10000;

  it('W_aa, W_ax, W_a and the stacked vector for 100 units and 10,000 words', () => {
    contains(`$W_{aa}$ is $100 \\times 100$, with $${latexInt(na * na)}$ weights`);
    contains(`$W_{ax}$ is $100 \\times 10{,}000$, with $${latexInt(na * nx)}$`);
    contains(`$W_a$ is $100 \\times ${latexInt(na + nx)}$, with $${latexInt(na * (na + nx))}$, their sum`);
    expect(na * (na + nx)).toBe(na * na + na * nx);
    contains(`$100 + 10{,}000 = ${latexInt(na + nx)}$ entries`);
  });

  it('the whole network: 2,020,100 parameters', () => {
    const wy = nx * na;
    contains(`$W_y$ of shape $10{,}000 \\times 100$, another $${latexInt(wy)}$ weights, and $b_y$ of length ${proseInt(nx)}`);
    const total = na * (na + nx) + na + wy + nx;
    contains(`the whole network has $${latexInt(total)}$ parameters`);
  });

  it('the check question: 64 units, 5,000 words', () => {
    const a = 64;
    const x = 5000;
    contains(`$W_a$, of shape $64 \\times ${latexInt(a + x)}$`);
    contains(`$64 + 5{,}000 = ${latexInt(a + x)}$ numbers`);
    contains(`$${latexInt(a * a)} + ${latexInt(a * x)} = ${latexInt(a * a + a * x)}$ weights`);
  });
});

describe('Course 5 Week 1: the worked forward pass and its Jacobians', () => {
  const waa = 0.5;
  const wax = 1;
  const xs = [1, 0, 0];
  const a = [0];
  const z: number[] = [];
  for (const x of xs) {
    z.push(waa * a[a.length - 1]! + wax * x);
    a.push(Math.tanh(z[z.length - 1]!));
  }

  it('a⟨1⟩, a⟨2⟩, a⟨3⟩', () => {
    contains(`\\tanh(1) = ${f(a[1]!)}`);
    contains(`\\tanh(0.5 \\cdot ${f(a[1]!)} + 0) = \\tanh(${f(z[1]!)}) = ${f(a[2]!)}`);
    contains(`\\tanh(0.5 \\cdot ${f(a[2]!)} + 0) = \\tanh(${f(z[2]!)}) = ${f(a[3]!)}`);
    // "more than halving at every step"
    expect(a[2]! / a[1]!).toBeLessThan(0.5);
    expect(a[3]! / a[2]!).toBeLessThan(0.5);
  });

  it('the two Jacobians and their product', () => {
    const s2 = 1 - a[2]! ** 2;
    const s3 = 1 - a[3]! ** 2;
    const j21 = waa * s2;
    const j32 = waa * s3;
    contains(`$0.5 \\cdot (1 - ${f(a[2]!)}^2) = 0.5 \\cdot ${f(s2)} = ${f(j21)}$`);
    contains(`$0.5 \\cdot (1 - ${f(a[3]!)}^2) = 0.5 \\cdot ${f(s3)} = ${f(j32)}$`);
    contains(`= ${f(j32)} \\cdot ${f(j21)} = ${f(j32 * j21)}`);
    // "nearly four-fifths" lost over two steps
    expect(1 - j32 * j21).toBeGreaterThan(0.75);
    expect(1 - j32 * j21).toBeLessThan(0.8);
    // "twenty such steps would leave less than a millionth": each factor is at most W_aa = 0.5
    expect(Math.pow(waa, 20)).toBeLessThan(1e-6);
  });
});

describe('Course 5 Week 1: vanishing and exploding products', () => {
  it('0.9^100, 1.1^100 and 0.99^100', () => {
    contains(`$0.9^{100} \\approx ${sci(Math.pow(0.9, 100))}$`);
    contains(`$1.1^{100} \\approx ${latexInt(Math.round(Math.pow(1.1, 100)))}$`);
    contains(`$0.99^{100} \\approx ${Math.pow(0.99, 100).toFixed(3)}$`);
    contains(`against $${sci(Math.pow(0.9, 100))}$ for a plain RNN`);
  });
});

describe('Course 5 Week 1: gradient clipping', () => {
  const g = [12, -5];
  const norm = Math.hypot(...g);
  const clipValue = (v: number[], m: number) => v.map((x) => Math.min(Math.max(x, -m), m));
  const clipNorm = (v: number[], c: number) => {
    const n = Math.hypot(...v);
    return n > c ? v.map((x) => (x * c) / n) : v;
  };

  it('element-wise versus norm clipping of (12, −5) at 5', () => {
    expect(norm).toBe(13);
    contains(`$g = (12, -5)$, of length ${norm}`);
    contains(`$(${clipValue(g, 5).join(', ')})$`);
    const byNorm = clipNorm(g, 5);
    expect(Math.hypot(...byNorm)).toBeCloseTo(5, 12);
    contains(`\\frac{5}{13}(12, -5) = (${byNorm.map((x) => f(x)).join(', ')})`);
    // element-wise clipping turns the direction; norm clipping keeps it
    const angle = (v: number[]) => Math.atan2(v[1]!, v[0]!);
    expect(Math.abs(angle(clipValue(g, 5)) - angle(g))).toBeGreaterThan(0.3);
    expect(angle(byNorm)).toBeCloseTo(angle(g), 12);
  });
});

describe('Course 5 Week 1: language models and sampling', () => {
  it('the probability of a three-word sentence and its loss', () => {
    const ps = [0.05, 0.2, 0.3];
    const p = ps.reduce((a, b) => a * b, 1);
    contains(`$0.05 \\cdot 0.2 \\cdot 0.3 = ${Number(p.toFixed(6))}$`);
    const loss = -Math.log(p);
    contains(`$-\\log ${Number(p.toFixed(6))} = ${f(loss)}$`);
    const terms = ps.map((x) => -Math.log(x));
    contains(terms.map((t) => f(t)).join(' + '));
    // the printed terms add up to the printed total
    expect(f(terms.map((t) => Number(f(t))).reduce((a, b) => a + b, 0))).toBe(f(loss));
  });

  it('softmax with temperature for scores (2, 1, 0)', () => {
    const softmax = (zs: number[], tau: number) => {
      const e = zs.map((v) => Math.exp(v / tau));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    };
    for (const tau of [1, 0.5, 2]) contains(`$(${softmax([2, 1, 0], tau).map((x) => f(x)).join(', ')})$ at $\\tau = ${tau}$`);
  });

  it('27 tokens for dinosaur names, the sentence of nine tokens', () => {
    contains(`only ${26 + 1} tokens, the 26 lower-case letters and a newline`);
    const tokens = ['cats', 'average', '15', 'hours', 'of', 'sleep', 'a', 'day', '<EOS>'];
    expect(tokens).toHaveLength(9);
    contains('becomes nine tokens when the full stop is dropped: eight words and `<EOS>`');
  });
});

describe('Course 5 Week 1: the worked GRU step', () => {
  const p = { Wu: [[1, -2]], bu: [0], Wr: [[0.5, 1]], br: [0], Wc: [[1, -1]], bc: [0] };
  const c0 = [0.6];
  const x = [1];
  const step = courseGru(p, c0, x);
  const gu = step.gu[0]!;
  const gr = step.gr[0]!;

  it('the gates', () => {
    contains(`$W_u[0.6, 1] = 0.6 - 2 = ${f(0.6 - 2, 1)}$ and $W_r[0.6, 1] = 0.3 + 1 = ${f(0.3 + 1, 1)}$`);
    contains(`\\Gamma_u = \\sigma(-1.4) = ${f(gu)}, \\Gamma_r = \\sigma(1.3) = ${f(gr)}`);
    // about a fifth gets in
    expect(gu).toBeGreaterThan(0.18);
    expect(gu).toBeLessThan(0.22);
  });

  it('the candidate and the new memory', () => {
    const scaled = gr * 0.6;
    const pre = scaled - 1;
    contains(`$${f(gr)} \\cdot 0.6 = ${f(scaled)}$`);
    contains(`\\tanh(${f(scaled)} - 1) = \\tanh(${f(pre)}) = ${f(step.ct[0]!)}`);
    const t1 = gu * step.ct[0]!;
    const t2 = (1 - gu) * 0.6;
    contains(`c^{\\langle t \\rangle} = ${f(gu)} \\cdot (${f(step.ct[0]!)}) + ${f(1 - gu)} \\cdot 0.6 = ${f(t1)} + ${f(t2)} = ${f(step.c[0]!)}`);
    // the printed terms add up to the printed result
    expect(f(Number(f(t1)) + Number(f(t2)))).toBe(f(step.c[0]!));
    contains(`from 0.6 to ${f(step.c[0]!)} rather than to $${f(step.ct[0]!)}$`);
    contains(`$a^{\\langle t \\rangle} = ${f(step.c[0]!)}$`);
  });

  it('a candidate bias of 0.5: outside the reset gate (course) or inside it (PyTorch’s b_hn)', () => {
    const course = courseGru({ ...p, bc: [0.5] }, c0, x);
    const preCourse = gr * 0.6 - 1 + 0.5;
    contains(`$${f(gr * 0.6)} - 1 + 0.5 = ${f(preCourse)}$, so $\\tilde c = \\tanh(${f(preCourse)}) = ${f(course.ct[0]!)}$ and the new memory is $${f(course.c[0]!)}$`);

    // The same cell as a PyTorch GRU: z's weights and bias are the update gate's, negated; the candidate's
    // recurrent weight goes to W_hn, its input weight to W_in; the 0.5 goes to b_hn.
    const u = split(p.Wu, 1);
    const r = split(p.Wr, 1);
    const cw = split(p.Wc, 1);
    const neg = (m: Mat) => m.map((row) => row.map((v) => -v));
    const torch = torchGru(
      { Wir: r.x, Whr: r.h, bir: [0], bhr: [0], Wiz: neg(u.x), Whz: neg(u.h), biz: [0], bhz: [0], Win: cw.x, Whn: cw.h, bin: [0], bhn: [0.5] },
      c0,
      x,
    );
    expect(torch.z[0]).toBeCloseTo(1 - gu, 14);
    expect(torch.r[0]).toBeCloseTo(gr, 14);
    const preTorch = -1 + gr * (0.6 + 0.5);
    contains(`$-1 + ${f(gr)} \\cdot (0.6 + 0.5) = -1 + ${f(gr * 1.1)} = ${f(preTorch)}$, so $n = \\tanh(${f(preTorch)}) = ${f(torch.n[0]!)}$ and the new state is $${f(torch.h[0]!)}$`);
    expect(f(torch.h[0]!)).not.toBe(f(course.c[0]!));

    // With b_hn = 0 (and one memory entry) the two conventions give the same number.
    const torch0 = torchGru(
      { Wir: r.x, Whr: r.h, bir: [0], bhr: [0], Wiz: neg(u.x), Whz: neg(u.h), biz: [0], bhz: [0], Win: cw.x, Whn: cw.h, bin: [0], bhn: [0] },
      c0,
      x,
    );
    expect(torch0.h[0]).toBeCloseTo(step.c[0]!, 14);
  });

  it('for vectors, the reset gate before W and after W are different computations', () => {
    const W = [
      [1, 2],
      [-1, 0.5],
    ];
    const gate = [0.1, 0.9];
    const h = [0.7, -0.4];
    const before = matVec(W, mul(gate, h));
    const after = mul(gate, matVec(W, h));
    expect(Math.abs(before[0]! - after[0]!)).toBeGreaterThan(0.1);
  });

  it('with Γ_u = 0 the gradient along the memory is 1; with Γ_u = 1 it is the plain candidate path', () => {
    // finite-difference derivative of c⟨t⟩ with respect to c⟨t−1⟩, gates overridden
    const stepWith = (gu: number, gr: number, c: number) => {
      const ct = Math.tanh(1 * gr * c - 1);
      return gu * ct + (1 - gu) * c;
    };
    const d = (gu: number) => (stepWith(gu, 0.5, 0.6 + 1e-6) - stepWith(gu, 0.5, 0.6 - 1e-6)) / 2e-6;
    expect(d(0)).toBeCloseTo(1, 8);
    expect(d(0.01)).toBeCloseTo(0.99 + 0.01 * 0.5 * (1 - Math.tanh(0.3 - 1) ** 2), 6);
    expect(Math.abs(d(1))).toBeLessThan(0.5);
  });
});

describe('Course 5 Week 1: parameter counts of GRU and LSTM layers', () => {
  /** Parameters of a layer with k blocks, each a weight matrix n_a × (n_a + n_x) and `biases` bias vectors. */
  const count = (k: number, na: number, nx: number, biases: number) => k * (na * (na + nx) + biases * na);
  /** PyTorch's GRU and LSTM, from the shapes of their parameter tensors. */
  const torchCount = (gates: number, na: number, nx: number) => {
    const weightIh = gates * na * nx;
    const weightHh = gates * na * na;
    const biasIh = gates * na;
    const biasHh = gates * na;
    return weightIh + weightHh + biasIh + biasHh;
  };

  it('GRU, 128 units, 300 inputs', () => {
    contains(`3 \\cdot (128 \\cdot 428 + 128) = ${latexInt(count(3, 128, 300, 1))}`);
    contains(`$3 \\cdot 2 \\cdot 128 = ${3 * 2 * 128}$ bias numbers instead of $${3 * 128}$`);
    contains(`3 \\cdot (128 \\cdot 300 + 128 \\cdot 128 + 2 \\cdot 128) = ${latexInt(torchCount(3, 128, 300))}`);
    expect(torchCount(3, 128, 300)).toBe(count(3, 128, 300, 2));
    contains(`$3 \\cdot 128 \\cdot 428 = ${latexInt(3 * 128 * 428)}$`);
  });

  it('LSTM, 128 units, 300 inputs', () => {
    contains(`4 \\cdot (128 \\cdot 428 + 128) = ${latexInt(count(4, 128, 300, 1))}`);
    contains(`4 \\cdot (128 \\cdot 300 + 128 \\cdot 128 + 2 \\cdot 128) = ${latexInt(torchCount(4, 128, 300))}`);
    // "about three quarters the size"
    expect(count(3, 128, 300, 1) / count(4, 128, 300, 1)).toBe(0.75);
  });

  it('the check question: 100 units on 10,000-dimensional inputs', () => {
    const block = 100 * 10100 + 100;
    contains(`$100 \\times (100 + 10{,}000) = 100 \\times ${latexInt(10100)}$`);
    contains(`$${latexInt(100 * 10100)} + 100 = ${latexInt(block)}$ parameters per block`);
    contains(`$${latexInt(count(3, 100, 10000, 1))}$ parameters`);
    contains(`$${latexInt(count(4, 100, 10000, 1))}$`);
    contains(`$${latexInt(torchCount(3, 100, 10000))}$ and $${latexInt(torchCount(4, 100, 10000))}$`);
    expect(count(3, 100, 10000, 1)).toBe(3 * block);
  });
});
