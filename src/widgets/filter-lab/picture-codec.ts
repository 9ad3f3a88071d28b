/**
 * How the filter lab's preset pictures are stored in picture.ts and read back: run-length-encoded bytes
 * in base64, plus, optionally, a little seeded noise added on decoding. Shared by the generator
 * (scripts/make-filter-picture.mjs, which imports this file) and the model, so the bytes the widget
 * shows are exactly the bytes the script drew. No DOM; erasable TypeScript only (Node runs it as is).
 */
import { mulberry32 } from '../../compute/random.ts';

export interface EncodedPicture {
  width: number;
  height: number;
  /** (count, value) byte pairs, count 1…255, row by row, in base64. */
  rle: string;
  /** Integers −amplitude…amplitude added to every pixel (clamped to 0…255), drawn from mulberry32(seed). */
  noise: { seed: number; amplitude: number } | null;
}

/** A greyscale picture: one byte a pixel (0 black … 255 white), row by row. */
export interface Picture {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export function runLengthEncode(bytes: ArrayLike<number>): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    let n = 1;
    while (i + n < bytes.length && n < 255 && bytes[i + n] === bytes[i]) n++;
    out.push(n, bytes[i]!);
    i += n;
  }
  return Uint8Array.from(out);
}

export function runLengthDecode(pairs: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    out.fill(pairs[i + 1]!, at, at + pairs[i]!);
    at += pairs[i]!;
  }
  if (at !== length) throw new RangeError(`the picture's runs hold ${at} pixels, not ${length}`);
  return out;
}

/** The seeded noise, added in place: the same seed always gives the same picture. */
export function addNoise(pixels: Uint8Array, seed: number, amplitude: number): Uint8Array {
  const next = mulberry32(seed);
  for (let i = 0; i < pixels.length; i++) {
    pixels[i] = Math.min(255, Math.max(0, pixels[i]! + Math.floor(next() * (2 * amplitude + 1)) - amplitude));
  }
  return pixels;
}

export function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function decodePicture(p: EncodedPicture): Picture {
  const pixels = runLengthDecode(fromBase64(p.rle), p.width * p.height);
  if (p.noise) addNoise(pixels, p.noise.seed, p.noise.amplitude);
  return { width: p.width, height: p.height, pixels };
}
