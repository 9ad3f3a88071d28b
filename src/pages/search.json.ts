/**
 * The search index, built once at build time and fetched lazily by the header search box.
 * Written chapters: title, summary, URL, h2/h3 headings with anchors, and a few KB of plain text.
 * Unwritten weeks: title and summary from the syllabus, no URL (the client links to the course page).
 */
import type { APIRoute } from 'astro';
import { render } from 'astro:content';
import { courseMap, getChapters, coursePath, weekAnchor } from '~/lib/chapters';
import { mdxToPlainText, trimText } from '~/lib/plain-text';

export const prerender = true;

const TEXT_MAX = 4000;

export interface SearchEntry {
  title: string;
  summary: string;
  /** "Course 4 · Week 1" */
  where: string;
  url: string | null;
  courseUrl: string;
  headings: { text: string; slug: string }[];
  text: string;
}

export const GET: APIRoute = async () => {
  const chapters = await getChapters();
  const courses = courseMap(chapters);
  const entries: SearchEntry[] = [];

  for (const course of courses) {
    for (const week of course.weeks) {
      const where = `Course ${course.number} · Week ${week.week}`;
      const chapter = chapters.find((c) => c.data.course === course.slug && c.data.week === week.week);
      if (chapter) {
        const { headings } = await render(chapter);
        entries.push({
          title: chapter.data.title,
          summary: chapter.data.summary,
          where,
          url: week.href,
          courseUrl: coursePath(course.slug),
          headings: headings.filter((h) => h.depth === 2 || h.depth === 3).map((h) => ({ text: h.text, slug: h.slug })),
          text: trimText(mdxToPlainText(chapter.body ?? ''), TEXT_MAX),
        });
      } else {
        entries.push({
          title: week.title,
          summary: week.displaySummary,
          where,
          url: null,
          courseUrl: `${coursePath(course.slug)}#${weekAnchor(week.week)}`,
          headings: [],
          text: week.widgets.join(' · '),
        });
      }
    }
  }

  return new Response(JSON.stringify({ version: 1, entries }), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
