// Trains the date-translation attention model of src/compute/date-attention.ts and writes its weights to
// src/data/date-attention.json. Run with the project's Node (it strips the TypeScript types):
//   node_modules/.bin/node scripts/train-date-attention.mjs [max steps=3000] [seed=1]
// The forward pass is date-attention.ts's `forwardTf` (TF.js takes the gradients); the site runs the
// same equations as float64 loops, and tests/unit/compute/date-attention.test.ts checks both agree.
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import './tfjs-gradients.mjs';
import {
  HUMAN_VOCAB, MACHINE_VOCAB, forwardTf, oneHotInputs, randomWrittenDate,
} from '../src/compute/date-attention.ts';

const STEPS = Number(process.argv[2] ?? 3000);
const SEED = Number(process.argv[3] ?? 1);
const BATCH = 32;
/** Training stops at the first evaluation with this exact-match accuracy on the held-out dates. */
const TARGET = 0.98;
const NA = 12; // encoder units per direction
const NS = 24; // decoder units
const NH = 10; // attention hidden units (the course's Dense(10, tanh))
const NX = HUMAN_VOCAB.length;
const NY = MACHINE_VOCAB.length;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = mulberry32(SEED);

// Glorot-uniform weights [out, in], zero biases.
const glorot = (out, inp) => tf.variable(tf.randomUniform([out, inp], -Math.sqrt(6 / (out + inp)), Math.sqrt(6 / (out + inp)), 'float32', Math.floor(next() * 1e9)));
const zeros = (n) => tf.variable(tf.zeros([n]));
const gru = (n, nin) => ({ Wu: glorot(n, n + nin), bu: zeros(n), Wr: glorot(n, n + nin), br: zeros(n), Wc: glorot(n, n + nin), bc: zeros(n) });
const params = {
  encoderForward: gru(NA, NX),
  encoderBackward: gru(NA, NX),
  W1: glorot(NH, NS + 2 * NA), b1: zeros(NH),
  w2: tf.variable(tf.randomUniform([NH], -Math.sqrt(6 / (NH + 1)), Math.sqrt(6 / (NH + 1)), 'float32', Math.floor(next() * 1e9))),
  b2: tf.variable(tf.scalar(0.1)),
  decoder: gru(NS, 2 * NA),
  Wy: glorot(NY, NS), by: zeros(NY),
};

function batch(size) {
  const texts = [], targets = [];
  for (let i = 0; i < size; i++) {
    const { text, iso } = randomWrittenDate(next);
    texts.push(text);
    targets.push(iso);
  }
  return { texts, targets };
}
const toTensors = ({ texts, targets }) => ({
  x: oneHotInputs(tf, texts),
  y: tf.cast(tf.oneHot(tf.tensor2d(targets.map((t) => [...t].map((c) => MACHINE_VOCAB.indexOf(c))), undefined, 'int32'), NY), 'float32'),
});

const variables = [];
const collect = (o) => Object.values(o).forEach((v) => (v instanceof tf.Variable ? variables.push(v) : collect(v)));
collect(params);

const optimizer = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
const validation = batch(300);
const valTensors = toTensors(validation);

function accuracy() {
  return tf.tidy(() => {
    const pred = tf.argMax(forwardTf(tf, params, valTensors.x).logits, 2).arraySync();
    const right = pred.filter((row, i) => row.map((k) => MACHINE_VOCAB[k]).join('') === validation.targets[i]).length;
    return right / validation.texts.length;
  });
}

// Six significant digits are plenty for a float32 model and keep the file small.
const round = (v) => Number(v.toPrecision(6));
const deep = (a) => (Array.isArray(a) ? a.map(deep) : round(a));
const plain = (o) => (o instanceof tf.Variable ? (o.rank === 0 ? round(o.dataSync()[0]) : deep(o.arraySync())) : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)])));

/** Written at every evaluation, so a stopped run leaves its latest weights. */
function save(steps, curve) {
  writeFileSync('src/data/date-attention.json', JSON.stringify({
    about: 'Weights of the date-translation attention model (src/compute/date-attention.ts), made by scripts/train-date-attention.mjs; see src/data/date-attention.md.',
    seed: SEED, steps, batch: BATCH, sizes: { encoderUnitsPerDirection: NA, decoderUnits: NS, attentionHidden: NH },
    heldOutExactMatch: curve.at(-1).exactMatch, curve, weights: plain(params),
  }));
}

const started = Date.now();
const curve = [];
for (let step = 1; step <= STEPS; step++) {
  const { x, y } = toTensors(batch(BATCH));
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, forwardTf(tf, params, x).logits), true, variables);
  const value = loss.dataSync()[0];
  tf.dispose([x, y, loss]);
  if (step % 100 === 0 || step === STEPS) {
    const acc = accuracy();
    curve.push({ step, loss: Number(value.toFixed(4)), exactMatch: acc });
    save(step, curve);
    console.log(`step ${step}: loss ${value.toFixed(4)}, exact-match accuracy on 300 held-out dates ${(acc * 100).toFixed(1)}% (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    if (acc >= TARGET) break;
  }
}
console.log('wrote src/data/date-attention.json');
