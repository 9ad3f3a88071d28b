/**
 * The classic networks of Course 4 Week 2, written once in the layer calculator's text form
 * (src/compute/layers.ts, `parseLayers` / `parseInput`). The chapter's LayerTables render them at build
 * time and tests/unit/chapters/cnn-week-2.test.ts counts them, so the page and the test read the same
 * definition.
 *
 * Both are the single-column versions the course draws: every convolution sees all of its input's
 * channels, and every convolution and dense layer has a bias. AlexNet's paper split conv 2, 4 and 5
 * across two GPUs (each half of the filters reads half of the channels); the chapter explains how much
 * that changes the count.
 */

/** Krizhevsky, Sutskever and Hinton (2012), as the course draws it: a 227×227×3 input (the paper says 224). */
export const ALEXNET = {
  input: '227x227x3',
  layers: [
    'conv11-96-s4', 'maxpool3-s2',
    'conv5-256-same', 'maxpool3-s2',
    'conv3-384-same', 'conv3-384-same', 'conv3-256-same', 'maxpool3-s2',
    'fc4096', 'fc4096', 'softmax1000',
  ].join(','),
} as const;

/** Simonyan and Zisserman (2015), configuration D: 3×3 "same" convolutions, 2×2 max pools of stride 2. */
export const VGG16 = {
  input: '224x224x3',
  layers: [
    'conv3-64-same', 'conv3-64-same', 'maxpool2',
    'conv3-128-same', 'conv3-128-same', 'maxpool2',
    'conv3-256-same', 'conv3-256-same', 'conv3-256-same', 'maxpool2',
    'conv3-512-same', 'conv3-512-same', 'conv3-512-same', 'maxpool2',
    'conv3-512-same', 'conv3-512-same', 'conv3-512-same', 'maxpool2',
    'fc4096', 'fc4096', 'softmax1000',
  ].join(','),
} as const;

/**
 * One Inception module (Szegedy et al., 2015, Table 1, "inception (3a)"), as the course draws it: four
 * branches over a 28×28×192 input, each ending in a "same"-sized map, concatenated along the channels.
 * The max pool branch pools 3×3 with stride 1 and "same" padding, which keeps 28×28×192 (the text form
 * has no padded pools, so its stack starts after the pool: the 1×1 convolution reads 28×28×192).
 */
export const INCEPTION_3A = {
  input: '28x28x192',
  branches: [
    { label: '1 × 1', pool: false, layers: 'conv1-64' },
    { label: '1 × 1 then 3 × 3', pool: false, layers: 'conv1-96,conv3-128-same' },
    { label: '1 × 1 then 5 × 5', pool: false, layers: 'conv1-16,conv5-32-same' },
    { label: 'max pool then 1 × 1', pool: true, layers: 'conv1-32' },
  ],
} as const;
