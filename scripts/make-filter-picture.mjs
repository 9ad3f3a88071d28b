// The filter lab's preset pictures, drawn by code: node scripts/make-filter-picture.mjs
// writes src/widgets/filter-lab/picture.ts (committed). Re-running it gives the same bytes.
//
// How they are made. Both pictures are 128×96 greyscale (one byte a pixel, 0 black … 255 white), drawn
// shape by shape (painter's order) at 4×4 samples a pixel and averaged, so slanted and round edges are
// anti-aliased the way a camera would blur them; then rounded to integers.
//   house    a gradient sky (215 at the top to 175 at the horizon), a low-contrast sun (disc, 242), a dark
//            pitched roof (two 41° diagonals, 62) with a chimney, a mid-grey wall (125), two bright windows
//            (232) with dark crossbars, a dark door (45), grass (100) and a fence of thin pickets (150) on
//            the right — edges of every orientation and of high and low contrast. Then a little noise:
//            integers −2…2 added to every pixel, from the project's seeded generator (mulberry32, seed 4).
//   pattern  no noise: a checkerboard (8-pixel squares, 60/200), a ring (all orientations, thin), stripes
//            at 45° and the letters “CNN” in a 5×7 block font scaled 3× (text-like strokes).
// Stored compactly (src/widgets/filter-lab/picture-codec.ts): the rounded drawing run-length encoded as
// (count, value) byte pairs in base64, and the noise as its seed and amplitude, which the same codec adds
// back on decoding with the same generator. So the module is a few kilobytes, and decoding it gives
// exactly drawHouse() and drawPattern() (a unit test checks this).
//
// Licence: drawn by this script for the project; the pictures are the project's own, under the project's
// licence, like its code. No photograph or third-party image is involved.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addNoise, runLengthEncode } from '../src/widgets/filter-lab/picture-codec.ts';

export const WIDTH = 128;
export const HEIGHT = 96;
const SAMPLES = 4; // per axis, per pixel

/** Renders `shade(x, y)` (a value 0–255 at a point, in pixel units) with SAMPLES² samples a pixel. */
function render(shade) {
  const out = new Float64Array(WIDTH * HEIGHT);
  for (let i = 0; i < HEIGHT; i++)
    for (let j = 0; j < WIDTH; j++) {
      let sum = 0;
      for (let a = 0; a < SAMPLES; a++)
        for (let b = 0; b < SAMPLES; b++) sum += shade(j + (b + 0.5) / SAMPLES, i + (a + 0.5) / SAMPLES);
      out[i * WIDTH + j] = sum / (SAMPLES * SAMPLES);
    }
  return out;
}

const inRect = (x, y, x0, y0, x1, y1) => x >= x0 && x < x1 && y >= y0 && y < y1;
const inDisc = (x, y, cx, cy, r) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;

/** The house scene, before rounding and noise. Coordinates in pixels, y down. */
function houseShade(x, y) {
  const horizon = 78;
  // The roof: a triangle with its apex at (46, 18) over the wall's top edge y = 44, from x = 16 to 76.
  const roof = y >= 18 && y < 44 && Math.abs(x - 46) <= ((y - 18) / 26) * 30;
  if (inRect(x, y, 40, 60, 51, 80)) return 45; // door
  for (const wx of [27, 56]) {
    if (inRect(x, y, wx, 51, wx + 10, 61)) {
      // a window with a one-pixel crossbar
      if (inRect(x, y, wx + 4.5, 51, wx + 5.5, 61) || inRect(x, y, wx, 55.5, wx + 10, 56.5)) return 90;
      return 232;
    }
  }
  if (inRect(x, y, 22, 44, 71, 80)) return 125; // wall
  if (roof) return 62;
  if (inRect(x, y, 61, 22, 67, 36)) return 62; // chimney (behind the roof's edge)
  // A fence of pickets on the right, on the grass.
  if (x >= 84 && x < 124 && y >= 66 && y < 84) {
    const picket = (x - 84) % 6 < 3;
    const rail = inRect(x, y, 84, 70, 124, 71.5) || inRect(x, y, 84, 78, 124, 79.5);
    if (picket || rail) return 150;
  }
  if (y >= horizon) return 100; // grass
  if (inDisc(x, y, 102, 20, 11)) return 242; // the sun, only a little brighter than the sky
  return 215 - (40 * y) / horizon; // sky: a gentle vertical gradient
}

/** 5×7 block letters for the pattern picture. */
const LETTERS = {
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  N: ['10001', '11001', '10101', '10011', '10001', '10001', '10001'],
};

function patternShade(x, y) {
  // Top left: a checkerboard of 8-pixel squares.
  if (x < 64 && y < 48) return (Math.floor(x / 8) + Math.floor(y / 8)) % 2 === 0 ? 200 : 60;
  // Top right: a ring, radius 14 to 17, centred in its quadrant.
  if (x >= 64 && y < 48) {
    const r = Math.hypot(x - 96, y - 24);
    return r >= 14 && r <= 17 ? 40 : 220;
  }
  // Bottom left: stripes at 45°, 6 pixels apart.
  if (x < 64) return Math.floor((x + y) / 6) % 2 === 0 ? 170 : 90;
  // Bottom right: "CNN", each letter 15×21 pixels, 3 pixels apart.
  const gx = Math.floor((x - 71) / 3);
  const gy = Math.floor((y - 62) / 3);
  const letter = Math.floor(gx / 6);
  const column = gx - letter * 6;
  const row = LETTERS[['C', 'N', 'N'][letter] ?? '']?.[gy];
  return x >= 71 && gy >= 0 && column < 5 && row?.[column] === '1' ? 30 : 235;
}

export const HOUSE_NOISE = { seed: 4, amplitude: 2 };

/** The house before its noise, rounded to bytes. */
const smoothHouse = () => Uint8Array.from(render(houseShade), (v) => Math.round(v));

/** The house picture as bytes, row by row (deterministic). */
export function drawHouse() {
  return addNoise(smoothHouse(), HOUSE_NOISE.seed, HOUSE_NOISE.amplitude);
}

/** The pattern picture as bytes (no noise). */
export function drawPattern() {
  return Uint8Array.from(render(patternShade), (v) => Math.round(v));
}

/** base64 in lines of 100 characters, as TypeScript string literals. */
function literal(bytes) {
  const b64 = Buffer.from(bytes).toString('base64');
  const lines = b64.match(/.{1,100}/g) ?? [];
  return `[\n${lines.map((l) => `      '${l}',`).join('\n')}\n    ].join('')`;
}

/** The text of src/widgets/filter-lab/picture.ts. */
export function pictureModule() {
  return `// Generated by scripts/make-filter-picture.mjs (its header says how). Do not edit: re-run the script.
// The filter lab's preset pictures: ${WIDTH}×${HEIGHT} greyscale, 0 black … 255 white, row by row, stored as
// run-length-encoded bytes plus seeded noise (see picture-codec.ts). Licence: the project's own (drawn by code).
import type { EncodedPicture } from './picture-codec';

export const ENCODED_PICTURES = {
  house: {
    width: ${WIDTH},
    height: ${HEIGHT},
    rle: ${literal(runLengthEncode(smoothHouse()))},
    noise: { seed: ${HOUSE_NOISE.seed}, amplitude: ${HOUSE_NOISE.amplitude} },
  },
  pattern: {
    width: ${WIDTH},
    height: ${HEIGHT},
    rle: ${literal(runLengthEncode(drawPattern()))},
    noise: null,
  },
} as const satisfies Record<string, EncodedPicture>;
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = fileURLToPath(new URL('../src/widgets/filter-lab/picture.ts', import.meta.url));
  writeFileSync(path, pictureModule());
  console.log(`wrote ${path}`);
}
