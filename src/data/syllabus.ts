/**
 * The course map: all five courses and their 17 weeks, written or not.
 * A week is linked from the site only when a chapter for it exists in /content/chapters.
 */
export const COURSE_SLUGS = ['neural-networks', 'improving', 'structuring', 'cnn', 'sequence-models'] as const;
export type CourseSlug = (typeof COURSE_SLUGS)[number];

export interface Week {
  week: number;
  title: string;
  /** One line, shown on the course map. */
  summary: string;
  /** Titles of the widgets planned for the week, shown on the map. */
  widgets: string[];
}

export interface Course {
  slug: CourseSlug;
  number: number;
  title: string;
  summary: string;
  weeks: Week[];
}

export const COURSES: Course[] = [
  {
    slug: 'neural-networks',
    number: 1,
    title: 'Neural Networks and Deep Learning',
    summary: 'From a single neuron to deep networks: what a network computes, how gradient descent trains it, and how to write it all in vectorised form.',
    weeks: [
      { week: 1, title: 'Introduction to deep learning', summary: 'What a neural network computes, which problems suit supervised learning, and why deep learning took off when it did.', widgets: [] },
      { week: 2, title: 'Neural-network basics', summary: 'Logistic regression as a tiny network: loss, cost, gradient descent, the computation graph and vectorised NumPy.', widgets: ['Computation-graph backprop stepper'] },
      { week: 3, title: 'Shallow neural networks', summary: 'A network with one hidden layer: the vectorised forward pass, activation functions and why weights start random.', widgets: ['Activation explorer', 'Symmetry-breaking demo'] },
      { week: 4, title: 'Deep neural networks', summary: 'Networks of any depth: layer notation, matrix shapes, forward and backward blocks, and why depth helps.', widgets: ['Layer-shape calculator'] },
    ],
  },
  {
    slug: 'improving',
    number: 2,
    title: 'Improving Deep Neural Networks',
    summary: 'The craft of making a network train well: data splits, bias and variance, regularisation, optimisers, hyperparameter search and batch normalisation.',
    weeks: [
      { week: 1, title: 'Practical aspects of deep learning', summary: 'Splitting data, diagnosing bias and variance, and the fixes: L2, dropout, augmentation, normalised inputs, careful init.', widgets: ['Bias/variance diagnosis', 'Dropout mask', 'Regularisation strength', 'Initialisation scale'] },
      { week: 2, title: 'Optimisation algorithms', summary: 'Mini-batches and the optimisers built on moving averages: momentum, RMSprop and Adam, plus learning-rate decay.', widgets: ['Optimiser race', 'EWMA and bias correction', 'Learning-rate schedules'] },
      { week: 3, title: 'Tuning, batch norm and frameworks', summary: 'Searching hyperparameters on the right scale, batch normalisation from training to test time, and softmax regression.', widgets: ['Grid vs random search', 'Batch-norm distributions', 'Softmax with logit sliders'] },
    ],
  },
  {
    slug: 'structuring',
    number: 3,
    title: 'Structuring Machine Learning Projects',
    summary: 'How to decide what to work on next in a machine-learning project, using metrics, error analysis and careful choices of data.',
    weeks: [
      { week: 1, title: 'ML strategy: goals and metrics', summary: 'Orthogonal knobs, one evaluation metric, sound dev and test sets, and human-level error as a yardstick for bias.', widgets: ['Error-gap analyser'] },
      { week: 2, title: 'ML strategy: errors and data', summary: 'Error analysis by hand, mislabelled examples, mismatched training data, and transfer, multi-task and end-to-end learning.', widgets: ['Split planner and mismatch analyser'] },
    ],
  },
  {
    slug: 'cnn',
    number: 4,
    title: 'Convolutional Neural Networks',
    summary: 'Networks that see: convolutions and pooling, the classic architectures, object detection, segmentation, face recognition and style transfer.',
    weeks: [
      { week: 1, title: 'Foundations of convolutional networks', summary: 'Edge filters, padding, stride, channels and pooling: what one convolutional layer computes, and why it needs few weights.', widgets: ['Convolution stepper', 'Filter lab', 'Pooling stepper', 'Output-size and parameter calculator'] },
      { week: 2, title: 'Case studies', summary: 'LeNet-5, AlexNet, VGG, ResNet, Inception and MobileNet: the ideas behind the classic architectures and their costs.', widgets: ['Convolution cost calculator', 'Residual vs plain depth', '1×1 convolution'] },
      { week: 3, title: 'Detection and segmentation', summary: 'Finding objects with bounding boxes, YOLO, IoU and non-max suppression; labelling pixels with U-Net and transposed convolutions.', widgets: ['Transposed-convolution visualizer', 'IoU and non-max suppression', 'YOLO grid and anchors'] },
      { week: 4, title: 'Face recognition and style transfer', summary: 'Recognising faces with one-shot learning and the triplet loss; repainting an image in another style with Gram matrices.', widgets: ['Triplet-loss embeddings', 'Gram matrix'] },
    ],
  },
  {
    slug: 'sequence-models',
    number: 5,
    title: 'Sequence Models',
    summary: 'Networks for text, audio and other sequences: recurrent cells, word embeddings, attention, beam search and the transformer.',
    weeks: [
      { week: 1, title: 'Recurrent neural networks', summary: 'Recurrent networks step by step: backpropagation through time, language models, and the GRU and LSTM cells.', widgets: ['GRU gate sliders', 'LSTM cell', 'Unrolled RNN stepper', 'Character-level sampling'] },
      { week: 2, title: 'Word embeddings', summary: 'Words as vectors: analogies, the embedding matrix, word2vec with negative sampling, GloVe, and removing bias.', widgets: ['Analogy explorer', 'Debiasing projection', 'Embedding lookup'] },
      { week: 3, title: 'Sequence-to-sequence and attention', summary: 'Encoder-decoder models, beam search and its errors, the BLEU score, attention, and speech recognition with CTC.', widgets: ['Beam-search tree', 'BLEU calculator', 'Attention heat map', 'CTC collapse'] },
      { week: 4, title: 'Transformers', summary: 'Self-attention, multi-head attention, positional encoding and the encoder-decoder blocks of the transformer.', widgets: ['Positional-encoding heat map', 'Self-attention explorer'] },
    ],
  },
];

export function findCourse(slug: string): Course | undefined {
  return COURSES.find((c) => c.slug === slug);
}
