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
import { schema as attentionHeatmap } from './attention-heatmap/model';
import { schema as yoloGrid } from './yolo-grid/model';
import { schema as bleuCalculator } from './bleu-calculator/model';
import { schema as ctcCollapse } from './ctc-collapse/model';
import { schema as gruGates } from './gru-gates/model';
import { schema as lstmCell } from './lstm-cell/model';
import { schema as iouNms } from './iou-nms/model';
import { schema as beamSearch } from './beam-search/model';
import { schema as rnnStepper } from './rnn-stepper/model';
import { schema as charSampling } from './char-sampling/model';
import { schema as gramMatrix } from './gram-matrix/model';
import { schema as convCost } from './conv-cost/model';
import { schema as tripletLoss } from './triplet-loss/model';
import { schema as oneByOne } from './one-by-one/model';
import { schema as residualDepth } from './residual-depth/model';
import { schema as embeddingLookup } from './embedding-lookup/model';
import { schema as debiasing } from './debiasing/model';
import { schema as analogyExplorer } from './analogy-explorer/model';

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
    slug: 'conv-cost',
    tag: 'dl-conv-cost',
    title: 'Convolution cost calculator',
    summary: 'Parameters and multiplications of four ways to take n × n × n_c to n_c′ channels: a normal f × f convolution, a depthwise-separable one (MobileNet), a 1×1 bottleneck first (Inception’s 120M vs 12.4M) and MobileNet v2’s expand–depthwise–project block (150 + 270 + 600 weights), drawn as volumes with bars on one scale and the ratio 1/n_c′ + 1/f² filled in.',
    chapter: '/cnn/week-2/',
    schema: convCost,
    example: 'preset=mobilenet-v2&t=4',
  },
  {
    slug: 'one-by-one',
    tag: 'dl-one-by-one',
    title: '1×1 convolution',
    summary: 'Pick an output cell and see a 1×1 filter take the weighted sum of every channel at that one position, plus bias, then ReLU: a fully connected layer on each position’s channel vector. Fewer filters than channels shrink the volume (28×28×192 → 28×28×32 with 32 filters) for n_H·n_W·n_C·n_c′ multiplications. Checked against tf.conv2d.',
    chapter: '/cnn/week-2/',
    schema: oneByOne,
    example: 'channels=4&filters=3&row=2&col=1&out=1',
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
    slug: 'yolo-grid',
    tag: 'dl-yolo-grid',
    title: 'YOLO grid and anchors',
    summary: 'Drag a car, a pedestrian and a motorcycle across a 3 × 3 or 19 × 19 grid and watch which cell and which anchor box each one is given; pick any cell for its target vector y in the course’s order, see the output volume S × S × A·(C + 5) worked out, and what is lost when two objects claim one cell and anchor.',
    chapter: '/cnn/week-3/',
    schema: yoloGrid,
    example: 'preset=conflict&anchors=3',
  },
  {
    slug: 'iou-nms',
    tag: 'dl-iou-nms',
    title: 'IoU and non-max suppression',
    summary: 'Drag candidate boxes over a road scene and read the IoU of any two as a fraction of areas; then run non-max suppression step by step (drop p_c ≤ 0.6, keep the largest, suppress IoU ≥ 0.5, per class) and see which box removed which, and why. Checked against tf.image.nonMaxSuppression.',
    chapter: '/cnn/week-3/',
    schema: iouNms,
    example: 'preset=per-class&perclass=false&step=3',
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
  {
    slug: 'attention-heatmap',
    tag: 'dl-attention-heatmap',
    title: 'Attention heat map',
    summary: 'A small attention model, trained by the project, turns a date as you write it into 2009-06-25 form; the heat map shows which characters it read for each one it wrote, and any cell opens the tiny network that scored it. Checked against TensorFlow.js.',
    chapter: '/sequence-models/week-3/',
    schema: attentionHeatmap,
    example: 'date=25.06.09&t=1&col=7',
  },
  {
    slug: 'bleu-calculator',
    tag: 'dl-bleu-calculator',
    title: 'BLEU calculator',
    summary: 'Score a candidate translation against up to four references: see which of its n-grams earn credit and which are clipped, p₁…p₄ as clipped over total counts, the brevity penalty with c and r, and the combined score with the numbers filled in.',
    chapter: '/sequence-models/week-3/',
    schema: bleuCalculator,
    example: 'preset=cat-the-cat',
  },
  {
    slug: 'ctc-collapse',
    tag: 'dl-ctc-collapse',
    title: 'CTC collapse',
    summary: 'Turn a speech model’s one-symbol-per-frame output into text step by step: group the repeated frames into runs, merge each run, drop the blanks; see why a doubled letter needs a blank between, and how many frame strings collapse to the same word.',
    chapter: '/sequence-models/week-3/',
    schema: ctcCollapse,
    example: 'preset=double&step=3',
  },
  {
    slug: 'gru-gates',
    tag: 'dl-gru-gates',
    title: 'GRU gate sliders',
    summary: 'One step of the course’s GRU as a diagram whose wires carry their values: compute the update and relevance gates from the weights or drag them, and watch c<t> slide between the old memory and the candidate; run it over a signal and noise to see Γ_u ≈ 0 keep a memory and its gradient; compare with PyTorch’s and Keras’s form. Checked against TensorFlow.js.',
    chapter: '/sequence-models/week-1/',
    schema: gruGates,
    example: 'preset=remember&pinU=true&gu=0.02',
  },
  {
    slug: 'lstm-cell',
    tag: 'dl-lstm-cell',
    title: 'LSTM cell',
    summary: 'One step of the course’s LSTM drawn with its values on the wires: forget, update and output gates computed from the weights or pinned by hand; run it over a signal and noise to watch the forget gate hold the memory while the output gate hides it.',
    chapter: '/sequence-models/week-1/',
    schema: lstmCell,
    example: 'preset=hold&pinF=true&gf=0.9',
  },
  {
    slug: 'beam-search',
    tag: 'dl-beam-search',
    title: 'Beam-search tree',
    summary: 'Grow a beam-search tree over a small translation model one step at a time: every hypothesis with its log-probability and length-normalised score, the top B kept and the rest pruned (with their rank), greedy vs beam vs exhaustive search side by side, any node forced to ask “what if it were kept?”, and the course’s error analysis of beam against model.',
    chapter: '/sequence-models/week-3/',
    schema: beamSearch,
    example: 'preset=small-beam&beam=3',
  },
  {
    slug: 'gram-matrix',
    tag: 'dl-gram-matrix',
    title: 'Gram matrix',
    summary: 'Edit two small feature volumes (style S, generated G), watch each unroll into A and multiply into G = A·Aᵀ with any entry written out as its sum of products; read the layer style cost with its 1/(2 n_H n_W n_C)² filled in, the content cost beside it, a deeper layer weighed in with λ, and J(G) = α J_content + β J_style. Shuffling positions keeps the Gram matrix: style ignores where. Checked against tf.matMul.',
    chapter: '/cnn/week-4/',
    schema: gramMatrix,
    example: 'preset=shuffled&alpha=20',
  },
  {
    slug: 'triplet-loss',
    tag: 'dl-triplet-loss',
    title: 'Triplet-loss embeddings',
    summary: 'Drag an anchor, a positive and a negative face in a 2-D encoding space and watch the triplet loss max(d(A,P) − d(A,N) + α, 0) with its numbers, the margin drawn as the disc where a negative still costs, each triplet of a small batch marked easy, semi-hard or hard, and the cost J; then verify pairs with a threshold τ and with the pairwise sigmoid.',
    chapter: '/cnn/week-4/',
    schema: tripletLoss,
    example: 'preset=hard&alpha=0.3',
  },
  {
    slug: 'residual-depth',
    tag: 'dl-residual-depth',
    title: 'Residual vs plain depth',
    summary: 'Plain and residual networks of 2 to 40 layers (with batch norm, as in He et al.) trained on the same task: the deep plain ones fit their own training data worse (degradation), the residual ones keep improving. Beside them one residual block: scale its second layer to zero and it returns its input exactly, while the plain block outputs 0.',
    chapter: '/cnn/week-2/',
    schema: residualDepth,
    example: 'depth=20&scale=0',
  },
  {
    slug: 'embedding-lookup',
    tag: 'dl-embedding-lookup',
    title: 'Embedding lookup',
    summary: 'The embedding matrix E times a one-hot o_j, product by product, is column j of E: at the course’s 300 × 10,000 that is 3,000,000 multiplications, all but 300 by zero, where a lookup copies 300 numbers. Then skip-gram’s softmax over the vocabulary and negative sampling’s k + 1 logistic regressions, with k and the exponent α of f(w)^α (3/4 in the paper) as sliders. Checked against tf.gather and tf.matMul.',
    chapter: '/sequence-models/week-2/',
    schema: embeddingLookup,
    example: 'word=king&target=queen&power=1&k=10',
  },
  {
    slug: 'debiasing',
    tag: 'dl-debiasing',
    title: 'Debiasing projection',
    summary: 'Bolukbasi et al.’s debiasing on real GloVe vectors in three steps: the bias direction g from definitional pairs and each word’s cosine with it (receptionist 0.254, engineer −0.164 with g = woman − man on unit vectors); neutralise a word by removing its part along g; equalise a pair such as actor/actress so both are the same distance from every neutral word, with unit vectors or the course exercise’s raw ones.',
    chapter: '/sequence-models/week-2/',
    schema: debiasing,
    example: 'step=equalise&w1=man&w2=woman&normalise=false',
  },
  {
    slug: 'analogy-explorer',
    tag: 'dl-analogy-explorer',
    title: 'Analogy explorer',
    summary: 'Type a : b :: c : ? and see the answer as the word whose GloVe vector has the largest cosine with e_b − e_a + e_c (the three query words left out), the nearest candidates as bars, and the vectors in a 2-D PCA map where the offsets a → b and c → target form a parallelogram. Presets include one that shows the table’s learned gender bias and one that fails.',
    chapter: '/sequence-models/week-2/',
    schema: analogyExplorer,
    example: 'a=france&b=paris&c=italy',
  },
];

export function widgetBySlug(slug: string): WidgetInfo {
  const widget = WIDGETS.find((w) => w.slug === slug);
  if (!widget) throw new Error(`no widget "${slug}" in src/widgets/registry.ts`);
  return widget;
}
