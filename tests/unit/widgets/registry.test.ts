import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { viewPath } from '~/integrations/widgets.mjs';
import { COURSES } from '~/data/syllabus';
import { WIDGETS } from '~/widgets/registry';

// The registry is the one list of widgets; everything per-widget is generated from it. A widget folder
// that is not registered would silently have no embed page, element or gallery entry.
const folders = readdirSync('src/widgets', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`src/widgets/${d.name}/model.ts`))
  .map((d) => d.name);

describe('widget registry', () => {
  it('registers every widget folder that has a model, and nothing else', () => {
    expect(WIDGETS.map((w) => w.slug).sort()).toEqual([...folders].sort());
  });

  it.each(WIDGETS.map((w) => [w.slug, w] as const))('%s: view file, tag and example follow the conventions', async (slug, widget) => {
    expect(existsSync(viewPath(slug)), viewPath(slug)).toBe(true);
    expect(widget.tag).toBe(`dl-${slug}`);
    const { schema } = await import(`../../../src/widgets/${slug}/model.ts`);
    expect(widget.schema).toBe(schema);
    for (const name of new URLSearchParams(widget.example).keys()) expect(Object.keys(schema)).toContain(name);
  });

  it('every widget is planned in the syllabus under its exact title, so the course map marks it live', () => {
    const planned = new Set(COURSES.flatMap((c) => c.weeks.flatMap((w) => w.widgets)));
    for (const w of WIDGETS) expect(planned.has(w.title), w.title).toBe(true);
  });
});
