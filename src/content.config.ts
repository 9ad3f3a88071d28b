import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { COURSE_SLUGS } from './data/syllabus';
import { WIDGETS } from './widgets/registry';

const WIDGET_SLUGS = WIDGETS.map((w) => w.slug) as [string, ...string[]];

/** One chapter per week of a course. Files live in /content so authors never open code folders. */
const chapters = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/chapters' }),
  schema: z.object({
    course: z.enum(COURSE_SLUGS),
    week: z.number().int().min(1).max(4),
    title: z.string().min(3),
    summary: z.string().min(10).max(240),
    /** Reading order across the whole site (course·10 + week keeps it simple). */
    order: z.number().int(),
    /** Slugs of the widgets the chapter embeds, as registered in src/widgets/registry.ts. */
    widgets: z.array(z.enum(WIDGET_SLUGS)).default([]),
  }),
});

export const collections = { chapters };
