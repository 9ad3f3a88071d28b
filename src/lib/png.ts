/**
 * A minimal PNG writer for first frames without JavaScript: a <canvas> cannot be server-rendered, so the
 * page built by Astro shows what it will draw as <img> data URLs (the filter lab's picture and feature
 * map, the positional-encoding heat maps).
 * Greyscale (8-bit) or indexed colour (≤ 256 palette entries); the compression (zlib's deflate) is passed
 * in, because only the build (Node) has it: see `nodeDeflate`. No DOM.
 */

export type Deflate = (data: Uint8Array) => Uint8Array;

export interface PngImage {
  width: number;
  height: number;
  /** One byte a pixel: a grey level, or an index into `palette`. */
  pixels: Uint8Array;
  /** RGB triples; present for an indexed-colour image. */
  palette?: readonly (readonly [number, number, number])[];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Scanlines with a filter byte each. Greyscale rows use "Up" (each byte minus the one above), which suits
 * pictures with flat regions; indexed rows are stored unfiltered, as the PNG spec recommends.
 */
function scanlines({ width, height, pixels, palette }: PngImage): Uint8Array {
  const out = new Uint8Array((width + 1) * height);
  for (let i = 0; i < height; i++) {
    const up = !palette && i > 0;
    out[i * (width + 1)] = up ? 2 : 0;
    for (let j = 0; j < width; j++) {
      const v = pixels[i * width + j]!;
      out[i * (width + 1) + 1 + j] = up ? (v - pixels[(i - 1) * width + j]!) & 0xff : v;
    }
  }
  return out;
}

export function encodePng(image: PngImage, deflate: Deflate): Uint8Array {
  const { width, height, palette } = image;
  if (image.pixels.length !== width * height) throw new RangeError(`${image.pixels.length} pixels for a ${width}×${height} image`);
  if (palette && (palette.length === 0 || palette.length > 256)) throw new RangeError(`a palette has 1 to 256 colours, not ${palette.length}`);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bits per sample
  header[9] = palette ? 3 : 0; // colour type: indexed or greyscale
  const parts = [Uint8Array.of(137, 80, 78, 71, 13, 10, 26, 10), chunk('IHDR', header)];
  if (palette) parts.push(chunk('PLTE', Uint8Array.from(palette.flat())));
  parts.push(chunk('IDAT', deflate(scanlines(image))), chunk('IEND', new Uint8Array(0)));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}

export function pngDataUrl(png: Uint8Array): string {
  let binary = '';
  for (const b of png) binary += String.fromCharCode(b);
  return `data:image/png;base64,${btoa(binary)}`;
}

/**
 * zlib's deflate when running in Node (the build's server rendering), else null. Read through
 * process.getBuiltinModule so that no import of node:zlib reaches the browser bundle.
 */
export function nodeDeflate(): Deflate | null {
  const zlib = globalThis.process?.getBuiltinModule?.('node:zlib');
  return zlib ? (data) => zlib.deflateSync(data, { level: 9 }) : null;
}
