// Trains plain and residual fully connected networks of several depths on the same toy task (two
// interleaved spirals) and writes their training curves to src/data/residual-depth.json; see
// src/data/residual-depth.md. Run with the project's Node:
//   node_modules/.bin/node scripts/train-residual-depth.mjs [steps=120] [seeds=3] [momentum|adam] [depths=2,10,20,40] [learning rate=0.05] [bn|none]
// Everything that differs between "plain" and "residual" is the skip wire: same data, same widths,
// same He initialisation (the same numbers, drawn from the same seed), same optimiser, learning rate,
// steps and full-batch gradient. TF.js (CPU) takes the gradients.
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './tfjs-gradients.mjs';
import { mulberry32, randomNormals } from '../src/compute/random.ts';

// `merge a.json b.json …`: one file from runs made by separate processes (the same settings, other
// depths or kinds), so a loaded machine can train them side by side.
if (process.argv[2] === 'merge') {
  const files = process.argv.slice(3).map((f) => JSON.parse(readFileSync(f, 'utf8')));
  const runs = files.flatMap((f) => f.runs).sort((a, b) => a.depth - b.depth || a.kind.localeCompare(b.kind));
  const depths = [...new Set(runs.map((r) => r.depth))];
  writeFileSync('src/data/residual-depth.json', `${JSON.stringify({ ...files[0], depths, runs })}\n`);
  console.log(`merged ${runs.length} runs into src/data/residual-depth.json`);
  process.exit(0);
}

const STEPS = Number(process.argv[2] ?? 120);
const SEEDS = Number(process.argv[3] ?? 3);
const OPTIMISER = process.argv[4] ?? 'momentum'; // SGD with momentum 0.9, as He et al.; or 'adam'
const DEPTHS = (process.argv[5] ?? '2,10,20,40').split(',').map(Number);
const WIDTH = 16;
const LEARNING_RATE = Number(process.argv[6] ?? 0.05);
// 'bn': batch norm after every hidden linear layer, before its ReLU (and before the skip is added), as
// He et al. do; 'none': no normalisation.
const NORM = process.argv[7] ?? 'bn';
const EVERY = 5; // a curve point every EVERY steps
const POINTS_PER_ARM = 100;
const DATA_SEED = 7;

await tf.setBackend('cpu');

/** Two spirals: arm k = 0, 1 at angle θ has radius θ/(3π), turned by kπ; a little seeded noise. */
function spirals() {
  const next = mulberry32(DATA_SEED);
  const xs = [], ys = [];
  for (let i = 0; i < POINTS_PER_ARM; i++) {
    const theta = (i / POINTS_PER_ARM) * 3 * Math.PI + 0.3;
    const r = theta / (3 * Math.PI + 0.3);
    for (const k of [0, 1]) {
      const a = theta + k * Math.PI;
      xs.push([r * Math.cos(a) + 0.02 * (next() - 0.5), r * Math.sin(a) + 0.02 * (next() - 0.5)]);
      ys.push([k]);
    }
  }
  return { xs, ys };
}

/**
 * Layer sizes for a network of `depth` weight layers: 2 → 16 (ReLU), then depth − 2 hidden 16 → 16 layers
 * (ReLU), then 16 → 1 (a logit). The hidden layers come in pairs; in the residual network each pair is a
 * block a[l+2] = g(W[l+2] g(W[l+1] a[l] + b[l+1]) + b[l+2] + a[l]).
 * He initialisation: W ~ N(0, 2 / fan_in), b = 0, drawn from `seed` — identical for both kinds.
 */
function initialWeights(depth, seed) {
  const sizes = [2, ...Array(depth - 1).fill(WIDTH), 1];
  const normals = randomNormals(sizes.slice(1).reduce((s, n, i) => s + n * sizes[i], 0), seed);
  let k = 0;
  return sizes.slice(1).map((out, i) => {
    const inp = sizes[i];
    const std = Math.sqrt(2 / inp);
    const W = Array.from({ length: inp }, () => Array.from({ length: out }, () => normals[k++] * std));
    const layer = { W: tf.variable(tf.tensor2d(W)), b: tf.variable(tf.zeros([out])) };
    // Batch norm's scale γ = 1 and shift β = 0 to start; the output layer has none.
    if (NORM === 'bn' && i < depth - 1) Object.assign(layer, { gamma: tf.variable(tf.ones([out])), beta: tf.variable(tf.zeros([out])) });
    return layer;
  });
}

/** Row-vector forward pass (x is m × 2), as src/compute/residual.ts does it in float64. */
function forward(layers, x, residual) {
  // Full-batch training, so the batch statistics are the training set's, in training and evaluation alike.
  const dense = (a, { W, b, gamma, beta }) => {
    const z = tf.add(tf.matMul(a, W), b);
    if (!gamma) return z;
    const { mean, variance } = tf.moments(z, 0);
    return tf.add(tf.mul(gamma, tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, 1e-5)))), beta);
  };
  let a = tf.relu(dense(x, layers[0]));
  const hidden = layers.length - 2;
  for (let l = 1; l + 1 <= hidden; l += 2) {
    const z1 = tf.relu(dense(a, layers[l]));
    const z2 = dense(z1, layers[l + 1]);
    a = tf.relu(residual ? tf.add(z2, a) : z2);
  }
  return dense(a, layers.at(-1));
}

const round = (v, digits = 4) => Number(v.toPrecision(digits));
const { xs, ys } = spirals();
const x = tf.tensor2d(xs);
const y = tf.tensor2d(ys);

function train(depth, residual, seed) {
  const layers = initialWeights(depth, seed);
  const variables = layers.flatMap((layer) => Object.values(layer));
  const optimizer = OPTIMISER === 'momentum' ? tf.train.momentum(LEARNING_RATE, 0.9) : tf.train.adam(LEARNING_RATE);
  const evaluate = () => tf.tidy(() => {
    const logits = forward(layers, x, residual);
    const loss = tf.losses.sigmoidCrossEntropy(y, logits).dataSync()[0];
    const right = tf.sum(tf.cast(tf.equal(tf.greater(logits, 0), tf.cast(y, 'bool')), 'int32')).dataSync()[0];
    return { loss, error: 1 - right / xs.length };
  });
  const curve = [round(evaluate().loss)];
  for (let step = 1; step <= STEPS; step++) {
    tf.dispose(optimizer.minimize(() => tf.losses.sigmoidCrossEntropy(y, forward(layers, x, residual)), false, variables));
    if (step % EVERY === 0) curve.push(round(evaluate().loss));
  }
  const final = evaluate();
  tf.dispose(variables);
  optimizer.dispose();
  return { curve, finalLoss: round(final.loss), finalError: round(final.error, 3) };
}

const started = Date.now();
const runs = [];
for (const depth of DEPTHS) {
  for (const kind of (process.env.KINDS ?? 'plain,residual').split(',')) {
    const perSeed = [];
    for (let s = 1; s <= SEEDS; s++) {
      perSeed.push(train(depth, kind === 'residual', s));
      console.log(`depth ${depth} ${kind} seed ${s}: loss ${perSeed.at(-1).finalLoss}, error ${perSeed.at(-1).finalError} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    // The median over seeds, not the mean: one run that gets stuck (it happens to residual and plain
    // networks alike without batch norm) would otherwise move the line by a third of its loss. Every
    // seed's own numbers are kept and the widget draws them too.
    const median = (f) => {
      const v = perSeed.map(f).sort((a, b) => a - b);
      const m = v.length >> 1;
      return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
    };
    runs.push({
      depth, kind,
      finalLoss: round(median((r) => r.finalLoss)),
      finalError: round(median((r) => r.finalError), 3),
      seeds: perSeed,
      curve: perSeed[0].curve.map((_, i) => round(median((r) => r.curve[i]))),
    });
  }
}

writeFileSync(process.env.OUT ?? 'src/data/residual-depth.json', `${JSON.stringify({
  about: 'Training runs of plain and residual fully connected networks on two spirals, made by scripts/train-residual-depth.mjs; see src/data/residual-depth.md.',
  task: { name: 'two spirals', points: xs.length, dataSeed: DATA_SEED },
  width: WIDTH, depths: DEPTHS, steps: STEPS, every: EVERY, seeds: SEEDS,
  normalisation: NORM === 'bn' ? 'batch norm (full batch) after every hidden linear layer, before its ReLU and before the skip is added' : 'none',
  optimiser: { name: OPTIMISER, ...(OPTIMISER === 'momentum' ? { momentum: 0.9 } : {}), learningRate: LEARNING_RATE, batch: 'full' },
  initialisation: 'He: W ~ N(0, 2/fan_in), b = 0, same numbers for both kinds',
  loss: 'mean sigmoid cross-entropy on the training set; finalLoss, finalError and curve are medians over the seeds (pointwise for the curve), seeds[] holds each seed',
  runs,
})}\n`);
console.log(`wrote ${process.env.OUT ?? 'src/data/residual-depth.json'} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
