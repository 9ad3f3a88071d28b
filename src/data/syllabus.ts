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
    summary: 'TODO',
    weeks: [
      { week: 1, title: 'Introduction to deep learning', summary: 'TODO', widgets: [] },
      { week: 2, title: 'Neural-network basics', summary: 'TODO', widgets: ['Computation-graph backprop stepper'] },
      { week: 3, title: 'Shallow neural networks', summary: 'TODO', widgets: ['Activation explorer', 'Symmetry-breaking demo'] },
      { week: 4, title: 'Deep neural networks', summary: 'TODO', widgets: ['Layer-shape calculator'] },
    ],
  },
  {
    slug: 'improving',
    number: 2,
    title: 'Improving Deep Neural Networks',
    summary: 'TODO',
    weeks: [
      { week: 1, title: 'Practical aspects of deep learning', summary: 'TODO', widgets: ['Bias/variance diagnosis', 'Dropout mask', 'Regularisation strength', 'Initialisation scale'] },
      { week: 2, title: 'Optimisation algorithms', summary: 'TODO', widgets: ['Optimiser race', 'EWMA and bias correction', 'Learning-rate schedules'] },
      { week: 3, title: 'Tuning, batch norm and frameworks', summary: 'TODO', widgets: ['Grid vs random search', 'Batch-norm distributions', 'Softmax with logit sliders'] },
    ],
  },
  {
    slug: 'structuring',
    number: 3,
    title: 'Structuring Machine Learning Projects',
    summary: 'TODO',
    weeks: [
      { week: 1, title: 'ML strategy: goals and metrics', summary: 'TODO', widgets: ['Error-gap analyser'] },
      { week: 2, title: 'ML strategy: errors and data', summary: 'TODO', widgets: ['Split planner and mismatch analyser'] },
    ],
  },
  {
    slug: 'cnn',
    number: 4,
    title: 'Convolutional Neural Networks',
    summary: 'TODO',
    weeks: [
      { week: 1, title: 'Foundations of convolutional networks', summary: 'TODO', widgets: ['Convolution stepper', 'Filter lab', 'Pooling stepper', 'Output-size and parameter calculator'] },
      { week: 2, title: 'Case studies', summary: 'TODO', widgets: ['Convolution cost calculator', 'Residual vs plain depth'] },
      { week: 3, title: 'Detection and segmentation', summary: 'TODO', widgets: ['Transposed-convolution visualizer', 'IoU and non-max suppression', 'YOLO grid and anchors'] },
      { week: 4, title: 'Face recognition and style transfer', summary: 'TODO', widgets: ['Triplet-loss embeddings', 'Gram matrix'] },
    ],
  },
  {
    slug: 'sequence-models',
    number: 5,
    title: 'Sequence Models',
    summary: 'TODO',
    weeks: [
      { week: 1, title: 'Recurrent neural networks', summary: 'TODO', widgets: ['GRU gate sliders', 'LSTM cell', 'Unrolled RNN stepper', 'Character-level sampling'] },
      { week: 2, title: 'Word embeddings', summary: 'TODO', widgets: ['Analogy explorer', 'Debiasing projection'] },
      { week: 3, title: 'Sequence-to-sequence and attention', summary: 'TODO', widgets: ['Beam-search tree', 'BLEU calculator', 'Attention heat map', 'CTC collapse'] },
      { week: 4, title: 'Transformers', summary: 'TODO', widgets: ['Positional-encoding heat map', 'Self-attention explorer'] },
    ],
  },
];

export function findCourse(slug: string): Course | undefined {
  return COURSES.find((c) => c.slug === slug);
}
