import { describe, expect, it, vi } from 'vitest';

// chapters.ts imports astro:content lazily, only inside getChapters(); the pure helpers need no Astro.
vi.mock('astro:content', () => ({}));
const { chapterPath, courseMap, prevNext, sortChapters } = await import('~/lib/chapters');

const chapter = (course: 'cnn' | 'neural-networks' | 'sequence-models', week: number, order: number) => ({
  id: `${course}/week-${week}`,
  data: { course, week, title: `${course} ${week}`, summary: 'A summary long enough.', order },
});

describe('course map and routes', () => {
  it('lists all 5 courses and 17 weeks, linking only written ones', () => {
    const map = courseMap([chapter('cnn', 1, 41)]);
    expect(map.map((c) => c.weeks.length)).toEqual([4, 3, 2, 4, 4]);
    const linked = map.flatMap((c) => c.weeks).filter((w) => w.href);
    expect(linked.map((w) => w.href)).toEqual(['/cnn/week-1/']);
    expect(map.find((c) => c.slug === 'cnn')?.written).toBe(1);
    expect(map.flatMap((c) => c.weeks).every((w) => w.displaySummary.length > 20)).toBe(true);
  });

  it('orders chapters by `order` and links previous and next across courses', () => {
    const all = [chapter('sequence-models', 1, 51), chapter('cnn', 1, 41), chapter('neural-networks', 2, 12)];
    expect(sortChapters(all).map((c) => c.id)).toEqual(['neural-networks/week-2', 'cnn/week-1', 'sequence-models/week-1']);
    const { prev, next } = prevNext(all, all[1]!);
    expect([prev?.id, next?.id]).toEqual(['neural-networks/week-2', 'sequence-models/week-1']);
    expect(prevNext(all, all[0]!)).toEqual({ prev: all[1] }); // the last chapter has no next
    expect(prevNext(all, all[2]!)).toEqual({ next: all[1] }); // the first has no previous
    expect(chapterPath('cnn', 3)).toBe('/cnn/week-3/');
  });
});
