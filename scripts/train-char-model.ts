/**
 * Trains the Character-level sampling widget's model: the course's character-level RNN (src/compute/rnn.ts,
 * a<t> = tanh(W_aa·a<t−1> + W_ax·x<t> + b_a), ŷ<t> = softmax(W_ya·a<t> + b_y)) on the dinosaur names in
 * src/data/dinosaurs.txt, one name per example as in the course's assignment: x<1> = 0⃗, x<t> = the
 * previous character, y<t> = the next one, the last target the newline. Backprop through time, gradients
 * clipped element-wise to ±5 (the assignment's value), then an Adam step. Fixed seed: the same run
 * gives the same weights, byte for byte.
 *
 * Writes src/data/char-model.json (weights rounded to 5 significant digits) and prints the loss curve.
 * Run (Node cannot resolve the project's extensionless TS imports itself, so esbuild bundles first):
 *
 *   node_modules/.bin/esbuild scripts/train-char-model.ts --bundle --platform=node --format=esm \
 *     --log-level=warning --outfile=tmp/train-char-model.mjs && node tmp/train-char-model.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { randomNormals, mulberry32 } from '../src/compute/random';
import {
  adamInit, adamUpdate, clipElementwise, oneHot, rnnBackward, rnnForward, rnnWeights, sampleSequence, sequenceLoss, type RnnWeights,
} from '../src/compute/rnn';

const SEED = 42;
const HIDDEN = 48;
const EPOCHS = Number(process.env.EPOCHS ?? 12);
const LEARNING_RATE = 0.005;
const CLIP = 5;

const names = [...new Set(readFileSync('src/data/dinosaurs.txt', 'utf8').split('\n').map((s) => s.trim()).filter(Boolean))];
const vocab = ['\n', ...'abcdefghijklmnopqrstuvwxyz'];
const V = vocab.length;
for (const n of names) if (/[^a-z]/.test(n)) throw new Error(`unexpected character in “${n}”`);

// The course initialises every weight as a normal number times 0.01, and the biases as 0.
const r = randomNormals(HIDDEN * HIDDEN + 2 * HIDDEN * V, SEED).map((v) => v * 0.01);
let k = 0;
const take = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => r[k++]!));
const w: RnnWeights = rnnWeights({ Waa: take(HIDDEN, HIDDEN), Wax: take(HIDDEN, V), Wya: take(V, HIDDEN), ba: new Array(HIDDEN).fill(0), by: new Array(V).fill(0) });
const adam = adamInit(w);

const example = (name: string) => {
  const idx = [...name].map((c) => vocab.indexOf(c));
  return { xs: [new Float64Array(V), ...idx.map((i) => oneHot(i, V))], targets: [...idx, 0] };
};

const rand = mulberry32(SEED + 1);
const order = names.map((_, i) => i);
const curve: { epoch: number; lossPerName: number; lossPerChar: number }[] = [];
const started = Date.now();
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  let loss = 0;
  let chars = 0;
  for (const i of order) {
    const { xs, targets } = example(names[i]!);
    const steps = rnnForward(w, xs);
    loss += sequenceLoss(steps, targets).total;
    chars += targets.length;
    const { grads } = clipElementwise(rnnBackward(w, steps, targets).grads, CLIP);
    adamUpdate(w, grads, adam, LEARNING_RATE);
  }
  curve.push({ epoch, lossPerName: loss / names.length, lossPerChar: loss / chars });
  console.log(`epoch ${epoch}: mean loss ${(loss / names.length).toFixed(3)} per name, ${(loss / chars).toFixed(4)} per character (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const round = (v: number) => Number(v.toPrecision(5));
const rows = (m: { rows: number; cols: number; data: Float64Array }) => Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols), round));
const model = {
  about: 'Character-level RNN trained on src/data/dinosaurs.txt by scripts/train-char-model.ts; see src/data/char-model.md.',
  vocab,
  hidden: HIDDEN,
  seed: SEED,
  epochs: EPOCHS,
  curve: curve.map((c) => ({ epoch: c.epoch, lossPerName: round(c.lossPerName), lossPerChar: round(c.lossPerChar) })),
  Waa: rows(w.Waa),
  Wax: rows(w.Wax),
  Wya: rows(w.Wya),
  ba: Array.from(w.ba, round),
  by: Array.from(w.by, round),
};
const json = `${JSON.stringify(model)}\n`;
writeFileSync('src/data/char-model.json', json);
console.log(`wrote src/data/char-model.json: ${json.length} bytes`);

// A few samples from the rounded weights, as the widget will draw them.
const rounded = rnnWeights(model);
const known = new Set(names);
for (let seed = 1; seed <= 10; seed++) {
  const s = sampleSequence(rounded, { seed, endIndex: 0, maxLength: 50 });
  const name = s.indices.filter((i) => i !== 0).map((i) => vocab[i]).join('');
  console.log(`seed ${seed}: ${name}${known.has(name) ? ' (in the list)' : ''}`);
}
