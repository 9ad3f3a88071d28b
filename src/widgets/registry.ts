/**
 * Every widget the site offers, for the gallery, the embed pages and their docs. Adding a widget:
 * give it a folder under src/widgets/<slug>/ (model.ts with `schema`, a Svelte view), add it here,
 * to src/components/WidgetIsland.astro, and an entry in src/embed/entries/ for the custom element.
 */
import type { Schema } from './params';
import { schema as convStepper } from './conv-stepper/model';
import { schema as poolStepper } from './pool-stepper/model';

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
    slug: 'pool-stepper',
    tag: 'dl-pool-stepper',
    title: 'Pooling stepper',
    summary: 'Slide a max or average window over one or two channels, one output value at a time, with each maximum or mean written out and checked against tf.maxPool and tf.avgPool.',
    chapter: '/cnn/week-1/',
    schema: poolStepper,
    example: 'mode=avg&channels=2',
  },
];
