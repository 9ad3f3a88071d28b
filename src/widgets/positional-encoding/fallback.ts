/**
 * The heat maps' first frame without JavaScript. A <canvas> cannot be server-rendered, so the build
 * draws each map as a PNG data URL (src/lib/png.ts, Node's zlib) that the view shows as an <img> until
 * hydration replaces it with the canvas. Values are quantised to 2·16 + 1 colours of the site's diverging
 * scale (16 steps a side; the canvas uses 255) to keep the page small, and drawn with the light and the
 * dark theme's colours, for a <picture> to choose by prefers-color-scheme.
 */
import { positionalEncoding, type PeLayout } from '~/compute/positional';
import { divergingTable, paletteOf, THEMES } from '~/lib/colour-scale';
import { encodePng, nodeDeflate, pngDataUrl, type Deflate } from '~/lib/png';
import { mapLevels, type State } from './model';

const FALLBACK_LEVELS = 16;

export interface MapFallback {
  light: string;
  dark: string;
}

export function fallbackMap(s: State, layout: PeLayout, deflate: Deflate): MapFallback {
  const pixels = mapLevels(positionalEncoding(s.length, s.d, { layout, base: s.base }), FALLBACK_LEVELS);
  const png = (theme: keyof typeof THEMES) =>
    pngDataUrl(encodePng({ width: s.d, height: s.length, pixels, palette: divergingTable(paletteOf(THEMES[theme]), FALLBACK_LEVELS) }, deflate));
  return { light: png('light'), dark: png('dark') };
}

/** The images for the server-rendered page; null in the browser (no zlib there, and no need). */
export function serverFallback(s: State, layout: PeLayout): MapFallback | null {
  const deflate = nodeDeflate();
  return deflate ? fallbackMap(s, layout, deflate) : null;
}
