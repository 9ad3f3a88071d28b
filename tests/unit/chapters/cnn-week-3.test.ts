// Course 4 Week 3's numbers, recomputed from the project's own code (layers.ts for the sliding-window
// networks and the U-Net's contracting path, transposed.ts and the visualizer's model for the transposed
// convolution, boxes.ts for every IoU, tf.conv2dTranspose for TensorFlow's 'same') or by a naive count
// written here, and looked up in the chapter text as printed. The tables themselves are LayerTables,
// computed at build time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { iou, iouParts, toCorners, type Corners } from '~/compute/boxes';
import { convOutputSize } from '~/compute/conv';
import { inferValid, parseInput, parseLayers, type LayerRow } from '~/compute/layers';
import { loadTf } from '~/compute/tf';
import { transposedConv, transposedOutputSize } from '~/compute/transposed';
import { buildSetup, COURSE_INPUT, COURSE_KERNEL, schema } from '~/widgets/transposed-conv/model';
import { parseParams } from '~/widgets/params';

const text = readFileSync('content/chapters/cnn/week-3.mdx', 'utf8');
const printed = (n: number) => n.toLocaleString('en-US');
/** As the chapter writes a number inside math: 160{,}400. */
const tex = (n: number) => printed(n).replace(/,/g, '{,}');
const contains = (s: string) => expect(text.includes(s), `the chapter should print “${s}”`).toBe(true);
/** Rounds away float noise (0.1 + 0.2) so a decimal can be compared with the printed one. */
const dec = (x: number, digits = 6) => Number(x.toFixed(digits));
const box = (x1: number, y1: number, x2: number, y2: number): Corners => ({ x1, y1, x2, y2 });

function network(input: string, layers: string) {
  const volume = parseInput(input);
  const parsed = parseLayers(layers);
  if (!volume.input || parsed.problems.length) throw new Error(String(volume.problem ?? parsed.problems));
  const net = inferValid(volume.input, parsed.layers);
  return { ...net, rows: net.layers as LayerRow[] };
}

const FC = 'conv5-16,maxpool2,fc400,fc400,softmax4';
const CONV = 'conv5-16,maxpool2,conv5-400,conv1-400,conv1-4';

describe('Course 4 Week 3: numbers in the prose', () => {
  it('localisation: the label, the squared-error loss and its two cases', () => {
    contains(`y = [${[1, 0.6, 0.65, 0.3, 0.45, 0, 1, 0].join(', ')}]^{\\mathsf T}`);
    const y = [1, 0.6, 0.65, 0.3, 0.45, 0, 1, 0];
    const yHat = [0.9, 0.55, 0.7, 0.3, 0.5, 0.1, 0.8, 0.1];
    contains(`\\hat{y} = [${yHat.join(', ')}]^{\\mathsf T}`);
    const squares = yHat.map((v, i) => dec((v - y[i]!) ** 2));
    contains(`are ${squares.slice(0, -1).map((s) => `$${s}$`).join(', ')} and $${squares.at(-1)}$`);
    const loss = dec(squares.reduce((a, b) => a + b, 0));
    expect(loss).toBe(0.0775);
    contains(`their sum, $${loss}$`);
    contains(`$(0.9 - 0)^2 = ${dec(0.9 ** 2)}$`);
    // Check yourself: no object, p̂_c = 0.2
    contains(`$\\mathcal{L} = (0.2 - 0)^2 = ${dec(0.2 ** 2)}$`);
  });

  it('landmarks: 1 + 2·64 and 1 + 2·32 outputs', () => {
    contains(`$1 + 2 \\cdot 64 = ${1 + 2 * 64}$`);
    contains(`$1 + 2 \\cdot 32 = ${1 + 2 * 32}$`);
  });

  it('a fully connected layer and its convolution have the same parameters, layer by layer', () => {
    const fc = network('14x14x3', FC);
    const conv = network('14x14x3', CONV);
    expect(fc.rows.map((r) => r.params)).toEqual(conv.rows.map((r) => r.params));
    expect(conv.rows.map((r) => r.output)).toEqual([[10, 10, 16], [5, 5, 16], [1, 1, 400], [1, 1, 400], [1, 1, 4]]);
    expect(fc.rows[1]!.activations).toBe(400);
    contains(`$5 \\cdot 5 \\cdot 16 = ${fc.rows[1]!.activations}$`);
    contains(`$(5 \\cdot 5 \\cdot 16 + 1) \\cdot 400 = ${tex(conv.rows[2]!.params)}$`);
    contains(`$(1 \\cdot 1 \\cdot 400 + 1) \\cdot 4 = ${tex(conv.rows[4]!.params)}$`);
    expect(fc.rows[2]!.params).toBe(400 * 400 + 400);
    expect(fc.rows[4]!.params).toBe(400 * 4 + 4);
    // Check yourself: (400 + 1) · 400
    contains(`$(400 + 1) \\cdot 400 = ${tex(conv.rows[3]!.params)}$`);
  });

  it('every window in one pass: output shapes and the multiplications saved', () => {
    const one = network('14x14x3', CONV);
    const four = network('16x16x3', CONV);
    const many = network('28x28x3', CONV);
    expect(four.rows.at(-1)!.output).toEqual([2, 2, 4]);
    expect(many.rows.at(-1)!.output).toEqual([8, 8, 4]);
    // Windows of 14 at the pool's stride 2: as many as the output has positions.
    const windows = (n: number) => convOutputSize(n, 14, 0, 2);
    expect([windows(16), windows(28)]).toEqual([2, 8]);
    contains(`$(28 - 14)/2 + 1 = ${windows(28)}$`);
    contains(`the answers for ${windows(28) ** 2} windows`);
    // Check yourself: 28 → 24 → 12 → 8
    expect(many.rows.slice(0, 3).map((r) => r.output[0])).toEqual([24, 12, 8]);
    contains('$28 - 5 + 1 = 24$, the pool $24 / 2 = 12$, conv 2 $12 - 5 + 1 = 8$');

    const conv1 = (net: typeof one) => net.rows[0]!.mults;
    const total = (net: typeof one) => net.totals.mults;
    expect(conv1(one)).toBe(120000);
    contains(`conv 1 costs ${printed(conv1(one))} on one 14 × 14 window, so ${printed(4 * conv1(one))} for four separate windows, but ${printed(conv1(four))} once`);
    expect(four.rows[2]!.mults).toBe(4 * one.rows[2]!.mults);
    contains(`do their ${printed(one.rows[2]!.mults)} multiplications once per window`);
    contains(`costs ${printed(total(four))} multiplications on the 16 × 16 picture against ${printed(4 * total(one))} for four separate passes`);
    contains(`in ${printed(total(many))} multiplications; 64 separate passes would take ${printed(64 * total(one))}`);
    contains(`Conv 1 alone drops from ${printed(64 * conv1(one))} to ${printed(conv1(many))}, a factor of more than 11`);
    expect((64 * conv1(one)) / conv1(many)).toBeGreaterThan(11);
    expect((64 * conv1(one)) / conv1(many)).toBeLessThan(12);
  });

  it('YOLO: output sizes and the worked cell', () => {
    contains(`$3 \\times 3 \\times 8$: ${3 * 3 * 8} numbers`);
    contains(`$19 \\times 19 \\times 8$, ${printed(19 * 19 * 8)} numbers`);
    const cell = 360 / 3;
    const [cx, cy, w, h] = [162, 282, 180, 96];
    expect([Math.floor(cx / cell) + 1, Math.floor(cy / cell) + 1]).toEqual([2, 3]);
    contains('column 2 (pixels 120 to 239 across) and row 3 (pixels 240 to 359 down)');
    const bx = (cx - cell * Math.floor(cx / cell)) / cell;
    const by = (cy - cell * Math.floor(cy / cell)) / cell;
    contains(`$b_x = (162 - 120)/120 = ${dec(bx)}$`);
    contains(`$b_y = (282 - 240)/120 = ${dec(by)}$`);
    contains(`$b_h = 96/120 = ${dec(h / cell)}$`);
    contains(`$b_w = 180/120 = ${dec(w / cell)}$`);
    contains(`y = [${[1, dec(bx), dec(by), dec(h / cell), dec(w / cell), 0, 1, 0].join(', ')}]^{\\mathsf T}`);
    // The original YOLO: S × S × (B·5 + C)
    expect(2 * 5 + 20).toBe(30);
    contains('$7 \\times 7 \\times 30$ for the 20 classes');
  });

  it('IoU: the worked example, the shifted squares and the check question', () => {
    const truth = box(2, 1, 8, 5);
    const guess = box(4, 2, 10, 6);
    const parts = iouParts(truth, guess);
    expect(parts).toEqual({ intersection: 12, union: 36, iou: 1 / 3 });
    contains('area 12. Each box has area 24, so the union is $24 + 24 - 12 = 36$');
    contains('\\frac{12}{36} = \\frac{1}{3}');

    const square = box(0, 0, 4, 4);
    expect(iouParts(square, box(1, 0, 5, 4))).toEqual({ intersection: 12, union: 20, iou: 0.6 });
    contains('score $12/20 = 0.6$');
    const diagonal = iouParts(square, box(1, 1, 5, 5));
    expect([diagonal.intersection, diagonal.union]).toEqual([9, 23]);
    contains(`$9/23 \\approx ${diagonal.iou.toFixed(2)}$`);
    expect(diagonal.iou).toBeLessThan(0.5);

    const q = iouParts(box(1, 1, 4, 4), box(2, 2, 6, 5));
    expect([q.intersection, q.union]).toEqual([4, 17]);
    contains(`$9 + 12 - 4 = 17$, so $\\operatorname{IoU} = 4/17 \\approx ${q.iou.toFixed(2)}$`);
  });

  it('non-max suppression on the four boxes keeps A and D', () => {
    const boxes = [
      { name: 'A', box: box(2, 2, 8, 6), score: 0.9 },
      { name: 'B', box: box(3, 2, 9, 6), score: 0.8 },
      { name: 'C', box: box(2.5, 2, 8.5, 6.5), score: 0.5 }, // "near them": anywhere, it falls to the threshold
      { name: 'D', box: box(12, 3, 17, 7), score: 0.7 },
    ];
    // Naive NMS, the course's rule.
    let left = boxes.filter((b) => b.score > 0.6);
    const kept: string[] = [];
    while (left.length) {
      const best = left.reduce((a, b) => (b.score > a.score ? b : a));
      kept.push(best.name);
      left = left.filter((b) => b !== best && iou(b.box, best.box) < 0.5);
    }
    expect(kept).toEqual(['A', 'D']);
    const ab = iouParts(boxes[0]!.box, boxes[1]!.box);
    expect([ab.intersection, ab.union]).toEqual([20, 28]);
    contains(`its IoU with A is $20/28 \\approx ${ab.iou.toFixed(2)}$`);
    expect(iou(boxes[0]!.box, boxes[3]!.box)).toBe(0);
  });

  it('anchors: the IoU of each object with each anchor shape, centred together', () => {
    const shape = (w: number, h: number) => toCorners({ x: 0, y: 0, w, h });
    const tall = shape(0.8, 2);
    const wide = shape(2, 1);
    const car = shape(1.5, 0.8);
    const pedestrian = shape(0.5, 1.6);
    const carTall = iouParts(car, tall);
    expect([dec(carTall.intersection), dec(carTall.union)]).toEqual([0.64, 2.16]);
    contains(`$0.64 / (1.2 + 1.6 - 0.64) \\approx ${iou(car, tall).toFixed(2)}$`);
    const carWide = iouParts(car, wide);
    expect([dec(carWide.intersection), dec(carWide.union)]).toEqual([1.2, 2]);
    contains(`$1.2 / 2 = ${iou(car, wide).toFixed(2)}$`);
    contains(`scores ${iou(pedestrian, tall).toFixed(2)} with the tall anchor and ${iou(pedestrian, wide).toFixed(2)} with the wide one`);
    expect(iou(car, wide)).toBeGreaterThan(iou(car, tall));
    expect(iou(pedestrian, tall)).toBeGreaterThan(iou(pedestrian, wide));
  });

  it('A·(C + 5) values per cell', () => {
    const perCell = (anchors: number, classes: number) => anchors * (classes + 5);
    expect(perCell(2, 3)).toBe(16);
    contains('$3 \\times 3 \\times 16$');
    contains(`$5 \\cdot (80 + 5) = ${perCell(5, 80)}$`);
    contains(`$19 \\times 19 \\times ${perCell(5, 80)}$`);
    contains(`$5 \\cdot 85 = ${perCell(5, 80)}$`);
    contains(`$19 \\cdot 19 \\cdot 425 = ${tex(19 * 19 * perCell(5, 80))}$`);
  });

  it('transposed convolution: the course’s example, size by size and value by value', () => {
    const r = transposedConv(COURSE_INPUT, COURSE_KERNEL, { stride: 2, padding: 1, outputPadding: 1 });
    expect(r.geometry.canvasSize).toBe(5);
    expect(transposedOutputSize(2, 3, 2, 1)).toBe(3);
    expect(r.geometry.outSize).toBe(4);
    contains('$(2 - 1) \\cdot 2 + 3 = 5$ wide; cropping one row and column from each side leaves $5 - 2 = 3$');
    contains('$(2 - 1) \\cdot 2 - 2 \\cdot 1 + 3 + 1 = 4$');
    // Overlaps: the third canvas row and column get two blocks, the centre all four.
    const blocks = r.terms.map((row) => row.map((terms) => new Set(terms.map((t) => `${t.row},${t.col}`)).size));
    expect(blocks[2]!.filter((_, x) => x !== 2)).toEqual([2, 2, 2, 2]);
    expect(blocks.map((row) => row[2]).filter((_, y) => y !== 2)).toEqual([2, 2, 2, 2]);
    expect(blocks[2]![2]).toBe(4);
    expect(blocks.flat().filter((b) => b > 1).length).toBe(9);
    // Output row 2, column 1 is canvas (3, 2): 2·2 + 3·2 = 10.
    expect(r.output[1]![0]).toBe(10);
    expect(r.terms[2]![1]!.map((t) => [t.value, t.weight])).toEqual([[2, 2], [3, 2]]);
    contains('$2 \\cdot 2$ through the bottom row of its block and the bottom-left input $3 \\cdot 2$ through the top row of its own, and $4 + 6 = 10$');
  });

  it('not an inverse: conv gives 9, the transposed conv of 9 gives [0, 9; 18, 9]', () => {
    const built = buildSetup(parseParams(schema, () => undefined).values);
    if (!built.ok) throw new Error(built.error);
    const { notInverse } = built.setup;
    expect(notInverse.down).toEqual([[9]]);
    expect(notInverse.back).toEqual([[0, 9], [18, 9]]);
    expect(notInverse.op).toBe(1);
    contains('gives a single number, 9; the transposed convolution of that 9 (with $op = 1$) gives the 2 × 2 block $[0, 9;\\ 18, 9]$, not the input $[2, 1;\\ 3, 2]$');
  });

  it('output padding: 7 × 7 and 8 × 8 both convolve to 4 × 4; the 7 × 7 check question', () => {
    expect([convOutputSize(7, 3, 1, 2), convOutputSize(8, 3, 1, 2)]).toEqual([4, 4]);
    contains('with $f = 3$ and $p = 1$, convolutions of 7 × 7 and of 8 × 8 inputs both give 4 × 4 outputs');
    expect(transposedOutputSize(7, 3, 2, 1)).toBe(13);
    expect(transposedOutputSize(7, 3, 2, 1, 1)).toBe(14);
    contains('$(7 - 1) \\cdot 2 - 2 \\cdot 1 + 3 = 13$');
    contains('$(7 - 1) \\cdot 2 - 2 + 3 + 1 = 14$');
    expect([convOutputSize(13, 3, 1, 2), convOutputSize(14, 3, 1, 2)]).toEqual([7, 7]);
  });

  it('PyTorch (p = 1, op = 1) and TensorFlow (same) give the same shape, shifted by one pixel', async () => {
    const r = transposedConv(COURSE_INPUT, COURSE_KERNEL, { stride: 2, padding: 1, outputPadding: 1 });
    // PyTorch keeps canvas rows and columns 2–5 (1-based).
    expect(r.output).toEqual(r.canvas.slice(1, 5).map((row) => row.slice(1, 5)));
    const tf = await loadTf();
    const y = tf.conv2dTranspose(tf.tensor4d(COURSE_INPUT.flat(), [1, 2, 2, 1]), tf.tensor4d(COURSE_KERNEL.flat(), [3, 3, 1, 1]), [1, 4, 4, 1], 2, 'same');
    const flat = Array.from(await y.data());
    y.dispose();
    const tfOut = [0, 1, 2, 3].map((i) => flat.slice(4 * i, 4 * i + 4));
    // TensorFlow keeps canvas rows and columns 1–4.
    expect(tfOut).toEqual(r.canvas.slice(0, 4).map((row) => row.slice(0, 4)));
    contains('its output is canvas rows 2 to 5');
    contains('its output is canvas rows 1 to 4');
    contains(`TensorFlow's first row reads $${tfOut[0]!.join(', ')}$ where PyTorch's reads $${r.output[0]!.join(', ')}$`);
  });

  it('U-Net: 2n from f = 2, s = 2; the paper’s sizes from 572 down to 28 and up to 388; 23 conv layers', () => {
    for (const n of [1, 7, 28, 64]) expect(transposedOutputSize(n, 2, 2)).toBe(2 * n);
    contains('$(n - 1) \\cdot 2 + 2 = 2n$');
    expect(64 * 2 ** 4).toBe(1024);
    contains('Four such steps, starting from 64 channels, reach a volume at one sixteenth');
    contains(`with ${printed(1024)} channels`);

    const down = network('572x572x1', 'conv3-64,conv3-64,maxpool2,conv3-128,conv3-128,maxpool2,conv3-256,conv3-256,maxpool2,conv3-512,conv3-512,maxpool2,conv3-1024,conv3-1024');
    const sides = down.rows.map((r) => r.output[0]);
    expect(sides[1]).toBe(568);
    expect(down.rows.at(-1)!.output).toEqual([28, 28, 1024]);
    contains('A 572 × 572 input tile shrinks to 568 × 568 after the first two convolutions');
    contains(`ends at 28 × 28 × ${printed(1024)}`);
    // The skip sources: the second conv of each level, top level first.
    const skips = [1, 4, 7, 10].map((i) => sides[i]!);
    expect(skips).toEqual([568, 280, 136, 64]);
    // Up the right: transposed conv (f = 2, s = 2), then two valid 3 × 3 convs, per level.
    let n = sides.at(-1)!;
    const upsampled: number[] = [];
    for (let level = 0; level < 4; level++) {
      n = transposedOutputSize(n, 2, 2);
      upsampled.push(n);
      n = convOutputSize(convOutputSize(n, 3), 3);
    }
    expect(upsampled).toEqual([56, 104, 200, 392]);
    expect(n).toBe(388);
    contains('an output of 388 × 388 × 2');
    contains('568 × 568 map is cut down to the 392 × 392 of the upsampled one');
    // Every skip map is larger than what it is concatenated with, so it must be cropped.
    expect(skips.every((s, i) => s > upsampled[3 - i]!)).toBe(true);
    const convLayers = 4 * 2 + 2 + 4 * 3 + 1;
    expect(convLayers).toBe(23);
    contains(`The network has ${convLayers} convolutional layers in all`);
  });

  it('a same-padded U-Net on 128 × 128 × 3 with 5 classes outputs 128 × 128 × 5', () => {
    const down = network('128x128x3', 'conv3-64-same,conv3-64-same,maxpool2,conv3-128-same,conv3-128-same,maxpool2,conv3-256-same,conv3-256-same,maxpool2,conv3-512-same,conv3-512-same,maxpool2,conv3-1024-same,conv3-1024-same');
    let n = down.rows.at(-1)!.output[0]!;
    expect(n).toBe(128 / 16);
    for (let level = 0; level < 4; level++) n = transposedOutputSize(n, 2, 2);
    expect(n).toBe(128);
    contains('$128 \\times 128 \\times 5$');
  });
});
