/**
 * Every widget the site offers: the one list. Adding a widget is a folder, src/widgets/<slug>/ with
 * model.ts (exporting `schema`) and the view <PascalSlug>.svelte, plus one entry here. The embed page
 * /embed/<slug>/, the custom element <dl-slug> and its bundle /widgets/<slug>.js, the gallery and the
 * parameter docs are all derived from this list (see src/integrations/widgets.mjs).
 */
import type { Schema } from './params';
import { schema as convStepper } from './conv-stepper/model';
import { schema as layerCalculator } from './layer-calculator/model';
import { schema as filterLab } from './filter-lab/model';
import { schema as poolStepper } from './pool-stepper/model';
import { schema as selfAttention } from './self-attention/model';
import { schema as positionalEncoding } from './positional-encoding/model';
import { schema as transposedConv } from './transposed-conv/model';
import { schema as rnnStepper } from './rnn-stepper/model';
import { schema as charSampling } from './char-sampling/model';

export interface WidgetInfo {
  slug: string;
  /** Custom-element name: always `dl-` + slug. */
  tag: `dl-${string}`;
  title: string;
  summary: string;
  /** The chapter that teaches with it. */
  chapter: string;
  schema: Schema;
  /** A query string worth showing as an example in the docs. */
  example: string;
}

export const WIDGETS: readonly WidgetInfo[] = [
  {
    slug: 'conv-stepper',
    tag: 'dl-conv-stepper',
    title: 'Convolution stepper',
    summary: 'Walk a filter across an image one output position at a time, with every product and sum written out and checked against tf.conv2d.',
    chapter: '/cnn/week-1/',
    schema: convStepper,
    example: 'padding=1&filter=sobel-vertical',
  },
  {
    slug: 'transposed-conv',
    tag: 'dl-transposed-conv',
    title: 'Transposed-convolution visualizer',
    summary: 'Stamp each input value times the kernel onto a canvas at stride spacing, watch the overlaps add up and the padding crop the result; see the same numbers as an ordinary convolution over a zero-inserted input, and that it is no inverse. Checked against tf.conv2dTranspose.',
    chapter: '/cnn/week-3/',
    schema: transposedConv,
    example: 'preset=checkerboard&step=9',
  },
  {
    slug: 'pool-stepper',
    tag: 'dl-pool-stepper',
    title: 'Pooling stepper',
    summary: 'Slide a max or average window over one or two channels, one output value at a time, with each maximum or mean written out and checked against tf.maxPool and tf.avgPool.',
    chapter: '/cnn/week-1/',
    schema: poolStepper,
    example: 'mode=avg&channels=2',
  },
  {
    slug: 'layer-calculator',
    tag: 'dl-layer-calculator',
    title: 'Output-size and parameter calculator',
    summary: 'Stack conv, pool and dense layers and see each one’s output shape, activation size and parameters, and which layer owns most of the network.',
    chapter: '/cnn/week-1/',
    schema: layerCalculator,
    example: 'preset=same&layers=conv3-8-same%2Cconv3-16-s2-same%2Cmaxpool2%2Cfc10',
  },
  {
    slug: 'filter-lab',
    tag: 'dl-filter-lab',
    title: 'Filter lab',
    summary: 'Convolve a picture (a drawn house, a pattern, or your own, read only in your browser) with an edge filter and see the feature map as an image; pick any pixel to see its window times the filter, checked against tf.conv2d.',
    chapter: '/cnn/week-1/',
    schema: filterLab,
    example: 'filter=sobel-horizontal&abs=true',
  },
  {
    slug: 'rnn-stepper',
    tag: 'dl-rnn-stepper',
    title: 'Unrolled RNN stepper',
    summary: 'Run a tiny character-level RNN over one word, one time step at a time, with the same W_aa, W_ax and W_ya at every step; then backprop through time with the gradient’s size on every arrow, and see it explode, vanish, and be clipped before the update. Checked against TensorFlow.js.',
    chapter: '/sequence-models/week-1/',
    schema: rnnStepper,
    example: 'preset=exploding&step=12',
  },
  {
    slug: 'char-sampling',
    tag: 'dl-char-sampling',
    title: 'Character-level sampling',
    summary: 'A small RNN trained on 1,318 dinosaur names writes new ones one character at a time: see the four sampling steps for each character (input, forward step, the distribution ŷ with the seeded draw, the one-hot fed back), change the temperature and seed, and check which names are new.',
    chapter: '/sequence-models/week-1/',
    schema: charSampling,
    example: 'temperature=0.5&seed=7&step=2',
  },
  {
    slug: 'self-attention',
    tag: 'dl-self-attention',
    title: 'Self-attention explorer',
    summary: 'Walk one sentence through two attention heads: queries, keys and values, the scores QKᵀ, the scaling by √d_k, the softmax weights and their weighted sums, with a causal mask to switch on, every number traced to where it came from, and checked against TensorFlow.js.',
    chapter: '/sequence-models/week-4/',
    schema: selfAttention,
    example: 'preset=mask&mask=true',
  },
  {
    slug: 'positional-encoding',
    tag: 'dl-positional-encoding',
    title: 'Positional-encoding heat map',
    summary: 'The transformer’s sine and cosine position codes as a heat map, interleaved beside halves; pick any cell for its frequency, angle and formula, see that the dot product of two positions depends only on their offset, and watch the code added to a word vector. Checked against TensorFlow.js.',
    chapter: '/sequence-models/week-4/',
    schema: positionalEncoding,
    example: 'preset=small-d',
  },
];

export function widgetBySlug(slug: string): WidgetInfo {
  const widget = WIDGETS.find((w) => w.slug === slug);
  if (!widget) throw new Error(`no widget "${slug}" in src/widgets/registry.ts`);
  return widget;
}
