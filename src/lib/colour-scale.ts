/**
 * The site's colour scales for widgets that draw on a <canvas> (which cannot read CSS variables): the
 * diverging scale for signed values (negative cool --dl-neg, zero neutral --dl-bg, positive warm
 * --dl-pos) and the sequential one (zero to ink), as tables of RGB triples built with d3-interpolate.
 * A view reads the live --dl-* tokens (light-dark(), print) and passes them to `paletteOf`; the build,
 * where no CSS can be read, uses THEMES for the no-JavaScript first frame. No DOM.
 */
import { interpolateNumberArray } from 'd3-interpolate';

export type RGB = readonly [number, number, number];

/** The colours of one theme: the diverging scale (neg, zero, pos) and the sequential one (zero to ink). */
export interface Palette {
  neg: RGB;
  zero: RGB;
  pos: RGB;
  ink: RGB;
}

/**
 * The --dl-* token values (src/styles/tokens.css) the build uses for the no-JavaScript first frame, where
 * the page's CSS cannot be read; the browser reads the live tokens instead. A unit test keeps them equal.
 * zero = --dl-bg (the widget's cell colour), ink = --dl-fg.
 */
export const THEMES = {
  light: { neg: '#1d4fc4', zero: '#fcfbf8', pos: '#ab3a08', ink: '#1c1e22' },
  dark: { neg: '#6fa8ff', zero: '#15171b', pos: '#fb9a4b', ink: '#e7e5e0' },
} as const;

/** '#rgb', '#rrggbb', 'rgb(r, g, b)' or 'rgb(r g b)' → [r, g, b]; null for anything else. */
export function parseColour(css: string): RGB | null {
  const s = css.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(s);
  if (m) return [...m[1]!].map((c) => parseInt(c + c, 16)) as unknown as RGB;
  m = /^#([0-9a-f]{6})$/i.exec(s);
  if (m) return [0, 2, 4].map((i) => parseInt(m![1]!.slice(i, i + 2), 16)) as unknown as RGB;
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(s);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])].map((v) => Math.round(Math.min(255, Math.max(0, v)))) as unknown as RGB;
  return null;
}

export function paletteOf(theme: { neg: string; zero: string; pos: string; ink: string }): Palette {
  const light = THEMES.light;
  const get = (k: keyof Palette) => parseColour(theme[k]) ?? parseColour(light[k])!;
  return { neg: get('neg'), zero: get('zero'), pos: get('pos'), ink: get('ink') };
}

/** Steps on each side of zero in the colour tables: a 511-entry diverging table, a 256-entry sequential one. */
export const LEVELS = 255;

/**
 * The site's diverging scale as a table of RGB triples: index LEVELS is zero (neutral), 0 is the most
 * negative (cool), 2·LEVELS the most positive (warm). Linear in sRGB, like the steppers' color-mix().
 */
export function divergingTable(p: Palette, levels = LEVELS): RGB[] {
  const toNeg = interpolateNumberArray([...p.zero], [...p.neg]);
  const toPos = interpolateNumberArray([...p.zero], [...p.pos]);
  return Array.from({ length: 2 * levels + 1 }, (_, i) => {
    const t = (i - levels) / levels;
    return (t < 0 ? toNeg(-t) : toPos(t)).map(Math.round) as unknown as RGB;
  });
}

/** The sequential scale: index 0 is zero (the background), LEVELS the largest magnitude (ink). */
export function sequentialTable(p: Palette, levels = LEVELS): RGB[] {
  const toInk = interpolateNumberArray([...p.zero], [...p.ink]);
  return Array.from({ length: levels + 1 }, (_, i) => toInk(i / levels).map(Math.round) as unknown as RGB);
}
