// Course 4 Week 2's numbers, recomputed from the project's own code (layers.ts, reading the network
// definitions that the chapter's LayerTables and figures render: src/data/classic-networks.ts and the
// layer calculator's presets) or by arithmetic written out here, and looked up in the chapter text as
// printed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convOutputSize } from '~/compute/conv';
import { inferValid, parseInput, parseLayers, type LayerRow } from '~/compute/layers';
import { ALEXNET, INCEPTION_3A, VGG16 } from '~/data/classic-networks';
import { PRESETS } from '~/widgets/layer-calculator/model';

const text = readFileSync('content/chapters/cnn/week-2.mdx', 'utf8');
const printed = (n: number) => n.toLocaleString('en-US');
/** As the chapter writes a number inside math: 120{,}422{,}400. */
const tex = (n: number) => printed(n).replace(/,/g, '{,}');
const contains = (s: string) => expect(text.includes(s), `the chapter should print “${s}”`).toBe(true);

function network(input: string, layers: string) {
  const volume = parseInput(input);
  const parsed = parseLayers(layers);
  if (!volume.input || parsed.problems.length) throw new Error(String(volume.problem ?? parsed.problems));
  const net = inferValid(volume.input, parsed.layers);
  return { ...net, rows: net.layers as LayerRow[] };
}
/** Multiplications of a stride-1 "same" convolution: one per filter weight per output value. */
const convMults = (n: number, f: number, cIn: number, cOut: number) => n * n * cOut * f * f * cIn;

describe('Course 4 Week 2: the classic networks', () => {
  it('LeNet-5: the course’s 62,006, and the paper’s 60,840 counted layer by layer', () => {
    const course = network(PRESETS.lenet5.input, PRESETS.lenet5.layers);
    expect(course.totals.params).toBe(62006);
    contains(printed(course.totals.params));
    const original = network(PRESETS['lenet5-original'].input, PRESETS['lenet5-original'].layers);
    expect(original.totals.params).toBe(61706);
    contains(tex(original.totals.params));
    // The 1998 paper: C1, S2 (coefficient + bias per map), C3 (60 of 96 channel connections), S4, C5, F6, RBF output (no bias).
    const c3Channels = 6 * 3 + 9 * 4 + 1 * 6;
    expect(c3Channels).toBe(60);
    const paper = [(5 * 5 * 1 + 1) * 6, 2 * 6, 25 * c3Channels + 16, 2 * 16, (5 * 5 * 16 + 1) * 120, (120 + 1) * 84, 84 * 10];
    expect(paper).toEqual([156, 12, 1516, 32, 48120, 10164, 840]);
    const sum = paper.reduce((a, b) => a + b, 0);
    expect(sum).toBe(60840);
    contains(`$${paper.map(tex).join(' + ')} = ${tex(sum)}$`);
    // The calculator's 1998 preset differs in C3 (full connections), the pools (no parameters) and the last layer's 10 biases.
    expect(original.rows[0]!.params).toBe(paper[0]);
    expect(original.rows[4]!.params).toBe(paper[4]);
    expect(original.totals.params - original.rows[2]!.params + paper[2]! + paper[1]! + paper[3]! - 10).toBe(sum);
    contains(`$${tex(original.totals.params)} - ${tex(original.rows[2]!.params)} + ${tex(paper[2]!)} + 12 + 32 - 10 = ${tex(sum)}$`);
  });

  it('AlexNet in one column: shapes, 62,378,344 parameters, 1.1 billion multiplications', () => {
    const net = network(ALEXNET.input, ALEXNET.layers);
    expect(net.rows.map((r) => r.output)).toEqual([[55, 55, 96], [27, 27, 96], [27, 27, 256], [13, 13, 256], [13, 13, 384], [13, 13, 384], [13, 13, 256], [6, 6, 256], [4096], [4096], [1000]]);
    expect(net.totals.params).toBe(62378344);
    contains(printed(net.totals.params));
    contains(printed(net.totals.paramsByKind.dense));
    contains(`$6 \\times 6 \\times 256 = ${tex(6 * 6 * 256)}$`);
    expect(net.totals.mults).toBe(1135256096);
    contains(`${printed(net.totals.mults)} multiplications, about 1.1 billion`);
  });

  it('AlexNet on two GPUs: conv 2, 4 and 5 read half the channels, 60,965,224 parameters', () => {
    const net = network(ALEXNET.input, ALEXNET.layers);
    const convs = net.rows.filter((r) => r.layer.kind === 'conv');
    const split = [1, 3, 4].map((k) => {
      const full = convs[k]!;
      const [h, w, c] = full.input as [number, number, number];
      const half = network(`${h}x${w}x${c / 2}`, ALEXNET.layers.split(',').filter((t) => t.startsWith('conv'))[k]!);
      return { full: full.params, half: half.totals.params };
    });
    expect(split).toEqual([{ full: 614656, half: 307456 }, { full: 1327488, half: 663936 }, { full: 884992, half: 442624 }]);
    expect(split[0]!.half).toBe((5 * 5 * 48 + 1) * 256);
    contains(`$(5 \\cdot 5 \\cdot 48 + 1) \\cdot 256 = ${tex(split[0]!.half)}$`);
    for (const s of split) {
      contains(tex(s.full));
      contains(tex(s.half));
    }
    const paper = net.totals.params - split.reduce((a, s) => a + s.full - s.half, 0);
    expect(paper).toBe(60965224);
    contains(printed(paper));
  });

  it('AlexNet’s first layer: 54 from 224, 55 from 227', () => {
    expect(convOutputSize(224, 11, 0, 4)).toBe(54);
    expect(convOutputSize(227, 11, 0, 4)).toBe(55);
    contains('$\\lfloor (224 - 11)/4 \\rfloor + 1 = 54$');
    contains('$(227 - 11)/4 + 1 = 54 + 1 = 55$');
  });

  it('VGG-16: 13 convolutions, 138,357,544 parameters, three quarters in the first dense layer', () => {
    const net = network(VGG16.input, VGG16.layers);
    expect(net.rows.filter((r) => r.layer.kind === 'conv')).toHaveLength(13);
    expect(net.rows.filter((r) => r.layer.kind === 'conv' || r.layer.kind === 'dense')).toHaveLength(16);
    expect(net.rows.filter((r) => r.layer.kind === 'pool').map((r) => r.output[0])).toEqual([112, 56, 28, 14, 7]);
    expect(net.totals.params).toBe(138357544);
    contains(printed(net.totals.params));
    expect(net.totals.paramsByKind.conv).toBe(14714688);
    contains(printed(net.totals.paramsByKind.conv));
    const fc = net.rows.find((r) => r.layer.kind === 'dense')!;
    expect(fc.params).toBe(7 * 7 * 512 * 4096 + 4096);
    contains(`$25{,}088 \\cdot 4{,}096 + 4{,}096 = ${tex(fc.params)}$`);
    contains(`$7 \\cdot 7 \\cdot 512 = ${tex(7 * 7 * 512)}$`);
    expect(fc.params / net.totals.params).toBeGreaterThan(0.74);
    expect(fc.params / net.totals.params).toBeLessThan(0.75);
    expect(net.totals.mults).toBe(15470264320);
    contains(`${printed(net.totals.mults)} multiplications of a forward pass (about 15.5 billion)`);
    const convMultShare = net.rows.filter((r) => r.layer.kind === 'conv').reduce((a, r) => a + r.mults, 0) / net.totals.mults;
    expect(convMultShare).toBeGreaterThan(0.99); // "nearly all"
    // Two 3×3 layers against one 5×5, three against one 7×7 (C channels in and out): 18 vs 25, 27 vs 49.
    expect([2 * 9, 25, 3 * 9, 49]).toEqual([18, 25, 27, 49]);
    expect([convOutputSize(convOutputSize(9, 3, 0, 1), 3, 0, 1), convOutputSize(9, 5, 0, 1)]).toEqual([5, 5]);
  });
});

describe('Course 4 Week 2: 1 × 1 convolutions and Inception', () => {
  it('thirty-two 1 × 1 filters on 28 × 28 × 192: 6,176 parameters, 4,816,896 multiplications', () => {
    const net = network('28x28x192', 'conv1-32');
    expect(net.rows[0]!.output).toEqual([28, 28, 32]);
    expect(net.totals.params).toBe(6176);
    expect(net.totals.mults).toBe(28 * 28 * 32 * 192);
    contains(`$(1 \\cdot 1 \\cdot 192 + 1) \\cdot 32 = ${tex(net.totals.params)}$`);
    contains(`$28 \\cdot 28 \\cdot 32 \\cdot 192 = ${tex(net.totals.mults)}$`);
    contains(`$(192 + 1) \\cdot 32 = ${tex(net.totals.params)}$`);
  });

  it('the 5 × 5 branch: 120,422,400 multiplications, 12,443,648 with a bottleneck of 16', () => {
    const direct = network('28x28x192', 'conv5-32-same');
    expect(direct.totals.mults).toBe(convMults(28, 5, 192, 32));
    expect(direct.totals.mults).toBe(120422400);
    contains(`28 \\cdot 28 \\cdot 32 \\;\\cdot\\; 5 \\cdot 5 \\cdot 192 = ${tex(direct.totals.mults)}`);
    const bottleneck = network('28x28x192', 'conv1-16,conv5-32-same');
    const [one, five] = bottleneck.rows.map((r) => r.mults);
    expect([one, five]).toEqual([convMults(28, 1, 192, 16), convMults(28, 5, 16, 32)]);
    contains(`28 \\cdot 28 \\cdot 16 \\cdot 192 = ${tex(one!)}`);
    contains(`28 \\cdot 28 \\cdot 32 \\cdot 5 \\cdot 5 \\cdot 16 = ${tex(five!)}`);
    expect(bottleneck.totals.mults).toBe(12443648);
    contains(`$${tex(one!)} + ${tex(five!)} = ${tex(bottleneck.totals.mults)}$`);
    expect(bottleneck.rows.at(-1)!.output).toEqual([28, 28, 32]);
    // "less than a ninth"
    expect(bottleneck.totals.mults * 9).toBeLessThan(direct.totals.mults);
    // Check: a bottleneck of 32
    const wider = network('28x28x192', 'conv1-32,conv5-32-same');
    expect(wider.rows.map((r) => r.mults)).toEqual([4816896, 20070400]);
    contains(`$28 \\cdot 28 \\cdot 32 \\cdot 5 \\cdot 5 \\cdot 32 = ${tex(wider.rows[1]!.mults)}$`);
    contains(`$${tex(wider.totals.mults)}$`);
    expect(wider.totals.mults / direct.totals.mults).toBeCloseTo(0.2, 1);
  });

  it('the module: 28 × 28 × 256 for 128,049,152 multiplications; 303,464,448 and 416 channels without 1 × 1s', () => {
    const branches = INCEPTION_3A.branches.map((b) => network(INCEPTION_3A.input, b.layers));
    const channels = branches.map((b) => b.rows.at(-1)!.output[2] ?? NaN);
    expect(channels).toEqual([64, 128, 32, 32]);
    expect(channels.reduce((a, b) => a + b, 0)).toBe(256);
    contains('$28 \\times 28 \\times 256$');
    const mults = branches.reduce((a, b) => a + b.totals.mults, 0);
    expect(mults).toBe(128049152);
    contains(printed(mults));
    const naive = [convMults(28, 1, 192, 64), convMults(28, 3, 192, 128), convMults(28, 5, 192, 32)];
    expect(network('28x28x192', 'conv3-128-same').totals.mults).toBe(naive[1]);
    expect(naive.reduce((a, b) => a + b, 0)).toBe(303464448);
    contains(printed(303464448));
    contains(`$64 + 128 + 32 + 192 = ${64 + 128 + 32 + 192}$`);
  });
});

describe('Course 4 Week 2: MobileNet and EfficientNet', () => {
  it('depthwise-separable on 6 × 6 × 3 with five 3 × 3 filters: 2,160 against 432 + 240 = 672', () => {
    const normal = network('6x6x3', 'conv3-5');
    expect(normal.rows[0]!.output).toEqual([4, 4, 5]);
    expect(normal.totals.mults).toBe(2160);
    contains(`= ${tex(normal.totals.mults)}$$`.replace('$$', ''));
    // Depthwise: one 3×3 filter per channel, each on its own channel (a 1-channel convolution, three times).
    const depthwise = 3 * network('6x6x1', 'conv3-1').totals.mults;
    const pointwise = network('4x4x3', 'conv1-5').totals.mults;
    expect([depthwise, pointwise]).toEqual([432, 240]);
    contains(`$3 \\cdot 3 \\cdot 4 \\cdot 4 \\cdot 3 = ${depthwise}$`);
    contains(`$3 \\cdot 4 \\cdot 4 \\cdot 5 = ${pointwise}$`);
    contains(`$${depthwise} + ${pointwise} = ${depthwise + pointwise}$`);
    const ratio = (depthwise + pointwise) / normal.totals.mults;
    expect(ratio).toBeCloseTo(1 / 5 + 1 / 9, 12);
    expect(ratio).toBeCloseTo(14 / 45, 12);
    contains(`$${depthwise + pointwise}/2{,}160 \\approx ${ratio.toFixed(2)}$`);
    contains(`$1/5 + 1/9 = 14/45 \\approx ${(14 / 45).toFixed(2)}$`);
  });

  it('the ratio 1/n_c′ + 1/f² holds for any sizes, and is 0.115 for f = 3, n_c′ = 256', () => {
    for (const [n, f, c, c2] of [[10, 3, 8, 16], [7, 5, 4, 9], [12, 3, 32, 256]] as const) {
      const out = n - f + 1;
      const normal = out * out * c2 * f * f * c;
      const separable = out * out * c * f * f + out * out * c * c2;
      expect(separable / normal).toBeCloseTo(1 / c2 + 1 / (f * f), 12);
    }
    const r = 1 / 256 + 1 / 9;
    expect(r.toFixed(3)).toBe('0.115');
    expect((1 / r).toFixed(1)).toBe('8.7');
    contains(`\\approx 0.0039 + 0.1111 = ${r.toFixed(3)}$, about 8.7 times`);
  });

  it('MobileNet v2: 150 + 270 + 600 = 1,020 weights; 1,200 for 8 → 48 → 8', () => {
    const block = (cIn: number, expanded: number, cOut: number, f = 3) => [cIn * expanded, f * f * expanded, expanded * cOut];
    const course = block(5, 30, 20);
    expect(course).toEqual([150, 270, 600]);
    // The same through the layer code, no biases: 1×1 expansion, one 3×3 filter per channel, 1×1 projection.
    expect(network('7x7x5', 'conv1-30-nobias').totals.params).toBe(150);
    expect(30 * network('7x7x1', 'conv3-1-same-nobias').totals.params).toBe(270);
    expect(network('7x7x30', 'conv1-20-nobias').totals.params).toBe(600);
    contains(`$5 \\cdot 6$`);
    contains(`= 150 + 270 + 600 = ${tex(1020)}`);
    contains(`$${tex(1020)}\\, n^2$`);
    const other = block(8, 8 * 6, 8);
    expect(other).toEqual([384, 432, 384]);
    const sum = other.reduce((a, b) => a + b, 0);
    expect(sum).toBe(1200);
    contains(`$8 \\cdot 48 = 384$`);
    contains(`$3 \\cdot 3 \\cdot 48 = 432$`);
    contains(`$48 \\cdot 8 = 384$`);
    contains(`$${tex(sum)}$ in all`);
    // With stride 1 and same padding every weight is used once per position.
    const n = 14;
    expect(network(`${n}x${n}x8`, 'conv1-48-nobias').totals.mults + 48 * network(`${n}x${n}x1`, 'conv3-1-same-nobias').totals.mults + network(`${n}x${n}x48`, 'conv1-8-nobias').totals.mults).toBe(n * n * sum);
    contains(`$14 \\cdot 14 \\cdot ${tex(sum)} = ${tex(n * n * sum)}$`);
  });

  it('transfer: a new 3-way softmax on 4,096 features has 12,291 parameters', () => {
    const net = network('1x1x4096', 'softmax3');
    expect(net.totals.params).toBe(12291);
    contains(`$(4{,}096 + 1) \\cdot 3 = ${tex(12291)}$`);
  });

  it('EfficientNet: α·β²·γ² ≈ 1.92 for α = 1.2, β = 1.1, γ = 1.15', () => {
    const product = 1.2 * 1.1 ** 2 * 1.15 ** 2;
    expect(product.toFixed(2)).toBe('1.92');
    contains(`\\alpha \\beta^2 \\gamma^2 \\approx ${product.toFixed(2)}`);
  });
});

describe('Course 4 Week 2: the chapter', () => {
  it('has the two widget placeholders, each introduced and discussed, and at least six checks', () => {
    contains('<ResidualDepth client:near />');
    contains('<ConvCost client:near />');
    expect(text.match(/<Check question=/g)!.length).toBeGreaterThanOrEqual(6);
  });
});
