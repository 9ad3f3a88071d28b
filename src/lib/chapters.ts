/**
 * Chapters and routes: which weeks are written, where they live, and what comes before and after.
 *
 * Everything except `getChapters()` is pure and works on a minimal chapter shape, so it can be unit-tested
 * without Astro. `astro:content` is imported lazily for the same reason.
 */
import type { CollectionEntry } from 'astro:content';
import { COURSES, type Course, type CourseSlug, type Week } from '../data/syllabus';

export type Chapter = CollectionEntry<'chapters'>;

/** The fields of a chapter these helpers read. */
export interface ChapterLike {
  id: string;
  data: { course: CourseSlug; week: number; title: string; summary: string; order: number };
}

/** `/cnn/` */
export function coursePath(course: string): string {
  return `/${course}/`;
}

/** The `[week]` route parameter: `week-1`. */
export function weekParam(week: number): string {
  return `week-${week}`;
}

/** `/cnn/week-1/` */
export function chapterPath(course: string, week: number): string {
  return `/${course}/${weekParam(week)}/`;
}

/** The id used for a week's anchor on course pages: `week-1`. */
export function weekAnchor(week: number): string {
  return weekParam(week);
}

/** Written chapters in reading order (`order`, then course number, then week). */
export function sortChapters<T extends ChapterLike>(chapters: readonly T[]): T[] {
  const courseNumber = (slug: string) => COURSES.find((c) => c.slug === slug)?.number ?? 99;
  return [...chapters].sort(
    (a, b) =>
      a.data.order - b.data.order ||
      courseNumber(a.data.course) - courseNumber(b.data.course) ||
      a.data.week - b.data.week,
  );
}

/** All written chapters, sorted. */
export async function getChapters(): Promise<Chapter[]> {
  const { getCollection } = await import('astro:content');
  return sortChapters(await getCollection('chapters'));
}

/** The written chapters before and after `current`, across courses, in reading order. */
export function prevNext<T extends ChapterLike>(chapters: readonly T[], current: ChapterLike): { prev?: T; next?: T } {
  const sorted = sortChapters(chapters);
  const i = sorted.findIndex((c) => c.id === current.id);
  if (i < 0) return {};
  const result: { prev?: T; next?: T } = {};
  const prev = sorted[i - 1];
  const next = sorted[i + 1];
  if (prev) result.prev = prev;
  if (next) result.next = next;
  return result;
}

/** A syllabus week joined with its chapter, if one is written. */
export interface WeekEntry extends Week {
  course: CourseSlug;
  /** The chapter's URL, or null while the week is not written. */
  href: string | null;
  /** Chapter title when written (may refine the syllabus title), else the syllabus title. */
  displayTitle: string;
  /** The syllabus's one-line summary, or the chapter's summary if the syllabus has none yet. */
  displaySummary: string;
}

export interface CourseEntry extends Omit<Course, 'weeks'> {
  href: string;
  weeks: WeekEntry[];
  written: number;
}

function usable(summary: string): boolean {
  return summary.trim() !== '' && summary.trim().toUpperCase() !== 'TODO';
}

/** The whole course map: every course and week from the syllabus, marked written or not. */
export function courseMap(chapters: readonly ChapterLike[]): CourseEntry[] {
  const byKey = new Map(chapters.map((c) => [`${c.data.course}/${c.data.week}`, c]));
  return COURSES.map(({ weeks, ...course }) => {
    const entries: WeekEntry[] = weeks.map((w) => {
      const chapter = byKey.get(`${course.slug}/${w.week}`);
      // The syllabus line is written for the map; fall back to the chapter's (longer) summary.
      const summary = usable(w.summary) ? w.summary : (chapter?.data.summary ?? '');
      return {
        ...w,
        course: course.slug,
        href: chapter ? chapterPath(course.slug, w.week) : null,
        displayTitle: chapter?.data.title ?? w.title,
        displaySummary: usable(summary) ? summary : '',
      };
    });
    return {
      ...course,
      summary: usable(course.summary) ? course.summary : '',
      href: coursePath(course.slug),
      weeks: entries,
      written: entries.filter((w) => w.href).length,
    };
  });
}
