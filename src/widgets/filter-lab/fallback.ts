/**
 * The filter lab's first frame without JavaScript. A <canvas> cannot be server-rendered, so the build
 * draws the picture and the feature map as PNG data URLs (Node's zlib compresses them) and the view shows
 * them as <img>, until hydration replaces them with the canvases. The picture's grey is rounded to 64
 * levels and the feature map quantised to a
 * palette of 2·16 + 1 colours (16 steps a side; the canvas uses 255) to keep the page small, and drawn
 * twice, with the light and the dark theme's colours, for a <picture> to choose by prefers-color-scheme.
 */
import { colourIndices, divergingTable, paletteOf, sequentialTable, THEMES, type Lab } from './model';
import { encodePng, nodeDeflate, pngDataUrl, type Deflate } from '~/lib/png';

const FALLBACK_LEVELS = 16;

export interface Fallback {
  picture: string;
  map: { light: string; dark: string };
}

export function fallbackImages(lab: Lab, deflate: Deflate): Fallback {
  const { width, height, pixels } = lab.picture;
  // Grey levels rounded to multiples of 4: invisible, and it drops the house's ±2 noise, which would
  // double the PNG's size.
  const coarse = pixels.map((v) => Math.min(255, Math.round(v / 4) * 4));
  const picture = pngDataUrl(encodePng({ width, height, pixels: coarse }, deflate));
  const indices = Uint8Array.from(colourIndices(lab, FALLBACK_LEVELS));
  const map = (theme: keyof typeof THEMES) => {
    const p = paletteOf(THEMES[theme]);
    const palette = lab.display === 'signed' ? divergingTable(p, FALLBACK_LEVELS) : sequentialTable(p, FALLBACK_LEVELS);
    return pngDataUrl(encodePng({ width: lab.geometry.outWidth, height: lab.geometry.outHeight, pixels: indices, palette }, deflate));
  };
  return { picture, map: { light: map('light'), dark: map('dark') } };
}

/** The images for the server-rendered page; null in the browser (no zlib there, and no need). */
export function serverFallback(lab: Lab | null): Fallback | null {
  const deflate = nodeDeflate();
  return lab && deflate ? fallbackImages(lab, deflate) : null;
}
