import { readFileSync } from 'node:fs';
import { inflateSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { conv2d } from '~/compute/conv';
import { toGrid } from '~/compute/volume';
import { fallbackImages } from '~/widgets/filter-lab/fallback';
import {
  buildLab, clampPixel, colourIndices, colourOf, describe as describeLab, divergingTable, filterName, FILTERS, fitSize, kernelGrid,
  LEVELS, lumaFromRgba, mapInset, mapRgba, meaning, paletteOf, parseColour, pictureFromGrid, pictureGrid, pixelAtMap,
  pinnedPixel, pixelAtPicture, pixelSettings, presetPicture, schema, sequentialTable, statsOf, stepAt, greyLuminance, textOnGrey, strongestPixel, sumText, THEMES, windowOf,
  type Lab, type Params, type Picture,
} from '~/widgets/filter-lab/model';
import { ENCODED_PICTURES } from '~/widgets/filter-lab/picture';
import { decodePicture, runLengthDecode, runLengthEncode } from '~/widgets/filter-lab/picture-codec';
import { crc32, encodePng } from '~/lib/png';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import { compareOutputs } from '~/widgets/stepping';
import { drawHouse, drawPattern, HEIGHT, pictureModule, WIDTH } from '../../../scripts/make-filter-picture.mjs';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
function labOf(picture: Picture, over: Partial<Params> = {}): Lab {
  const r = buildLab(picture, params(over));
  if (!r.ok) throw new Error(r.error);
  return r.lab;
}

/** The textbook definition, written here on nested arrays: valid cross-correlation at stride 1. */
function naiveConv(x: number[][], w: number[][], relu = false): number[][] {
  const out: number[][] = [];
  for (let i = 0; i + w.length <= x.length; i++) {
    const row: number[] = [];
    for (let j = 0; j + w[0]!.length <= x[0]!.length; j++) {
      let s = 0;
      for (let a = 0; a < w.length; a++) for (let b = 0; b < w[0]!.length; b++) s += x[i + a]![j + b]! * w[a]![b]!;
      row.push(relu ? Math.max(0, s) : s);
    }
    out.push(row);
  }
  return out;
}

describe('filter lab: hand-worked values', () => {
  it('a vertical-edge patch, bright left and dark right: 3·(200 − 50) = 450', () => {
    const lab = labOf(pictureFromGrid([[200, 200, 50], [200, 200, 50], [200, 200, 50]]));
    expect(toGrid(lab.output)).toEqual([[450]]);
    const step = stepAt(lab, { row: 0, col: 0 });
    expect(sumText(lab, step)).toBe('200·1 + 200·0 + 50·(−1) + 200·1 + 200·0 + 50·(−1) + 200·1 + 200·0 + 50·(−1) = 450');
    // The horizontal filter does not see it; a patch bright on the right gives the negative.
    expect(toGrid(labOf(lab.picture, { filter: 'horizontal' }).output)).toEqual([[0]]);
    expect(toGrid(labOf(pictureFromGrid([[50, 200, 200], [50, 200, 200], [50, 200, 200]])).output)).toEqual([[-450]]);
  });

  it('a flat region gives 0 with every preset filter', () => {
    const flat = pictureFromGrid(Array.from({ length: 6 }, () => Array(7).fill(137)));
    for (const filter of Object.keys(FILTERS) as (keyof typeof FILTERS)[]) {
      const lab = labOf(flat, { filter });
      expect(lab.output.shape).toEqual([1, 4, 5, 1]);
      expect([...lab.output.data].every((v) => v === 0), filter).toBe(true);
      expect(lab.stats).toEqual({ min: 0, max: 0, maxAbs: 0 });
    }
  });

  it('Sobel on x[i][j] = (i+1)(j+1), 5×5: vertical gives rows −16, −24, −32; horizontal the transpose', () => {
    // By hand: x[i][c] − x[i][c+2] = −2(i+1), so Σ_dy (1, 2, 1)·(−2)(r+dy+1) = −2(4r + 8) = −8r − 16.
    const x = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (i + 1) * (j + 1)));
    const v = labOf(pictureFromGrid(x), { filter: 'sobel-vertical' });
    expect(toGrid(v.output)).toEqual([[-16, -16, -16], [-24, -24, -24], [-32, -32, -32]]);
    const h = labOf(pictureFromGrid(x), { filter: 'sobel-horizontal' });
    expect(toGrid(h.output)).toEqual([[-16, -24, -32], [-16, -24, -32], [-16, -24, -32]]);
    expect(v.stats).toEqual({ min: -32, max: -16, maxAbs: 32 });
  });

  it('the pattern’s checkerboard: 200 | 60 squares give 3·140 = 420 (vertical), 4·140 = 560 (Sobel), 16·140 = 2240 (Scharr)', () => {
    const pattern = presetPicture('pattern');
    // Rows 1–3 and columns 6–8 lie in the first row of squares: columns 6, 7 are 200, column 8 is 60.
    expect(pictureGrid(pattern).slice(1, 4).map((r) => r.slice(6, 9))).toEqual([[200, 200, 60], [200, 200, 60], [200, 200, 60]]);
    const at = { row: 1, col: 6 };
    expect(stepAt(labOf(pattern), at).value).toBe(420);
    expect(stepAt(labOf(pattern, { filter: 'sobel-vertical' }), at).value).toBe(560);
    expect(stepAt(labOf(pattern, { filter: 'scharr-vertical' }), at).value).toBe(2240);
    expect(stepAt(labOf(pattern), { row: 1, col: 1 }).value).toBe(0); // inside one square
    expect(stepAt(labOf(pattern, { filter: 'horizontal' }), at).value).toBe(0);
  });

  it('the default pixel sits on the door’s left edge: wall 125 − door 45, three rows, ≈ 240 (the noise is ±2 a pixel)', () => {
    const lab = labOf(presetPicture('house'));
    const p = pinnedPixel(defaults);
    expect(p).toEqual({ row: 68, col: 38 });
    const step = stepAt(lab, p);
    const win = [...step.window];
    for (const i of [0, 1, 3, 4, 6, 7]) expect(Math.abs(win[i]! - 125)).toBeLessThanOrEqual(2);
    for (const i of [2, 5, 8]) expect(Math.abs(win[i]! - 45)).toBeLessThanOrEqual(2);
    expect(step.value).toBe(win[0]! + win[3]! + win[6]! - win[2]! - win[5]! - win[8]!);
    expect(Math.abs(step.value - 240)).toBeLessThanOrEqual(12);
    expect(meaning(lab, defaults, step)).toBe('a strong vertical edge, brighter on the left');
  });
});

describe('filter lab: the feature map', () => {
  it('equals a naive loop over the whole house, for every preset, ReLU, and non-square weights', () => {
    const house = presetPicture('house');
    const x = pictureGrid(house);
    const cases: Partial<Params>[] = [
      ...(Object.keys(FILTERS) as (keyof typeof FILTERS)[]).map((filter) => ({ filter })),
      { filter: 'sobel-horizontal', relu: true },
      { weights: [[0, 1, 0], [1, -4, 1], [0, 1, 0]] },
      { weights: [[1, 2, 3, 2, 1], [0, 0, 0, 0, 0], [-1, -2, -3, -2, -1]] },
      { weights: [[0.5], [-0.25]] },
    ];
    for (const over of cases) {
      const lab = labOf(house, over);
      expect(toGrid(lab.output), JSON.stringify(over)).toEqual(naiveConv(x, kernelGrid(params(over)), !!over.relu));
    }
  });

  it('is 126×94 for the 128×96 pictures and a 3×3 filter, and drawn inset by one pixel on each side', () => {
    const lab = labOf(presetPicture('house'));
    expect([lab.geometry.outWidth, lab.geometry.outHeight]).toEqual([126, 94]);
    expect(mapInset(lab)).toEqual({ top: 1 / 96, left: 1 / 128, height: 94 / 96, width: 126 / 128 });
  });

  it('agrees with tf.conv2d (CPU) on both presets', async () => {
    for (const [name, over] of [['house', { filter: 'scharr-vertical' }], ['pattern', { filter: 'sobel-horizontal', relu: true }]] as const) {
      const lab = labOf(presetPicture(name), over);
      const check = compareOutputs(lab.output, await conv2d(lab.input, lab.kernel, lab.options), 'cpu');
      expect(check.agrees, name).toBe(true);
      expect(check.count).toBe(126 * 94);
    }
  });

  it('reports a filter larger than the picture instead of throwing', () => {
    const r = buildLab(pictureFromGrid([[1, 2], [3, 4]]), params());
    expect(r).toEqual({ ok: false, error: 'filter 3×3 does not fit a 2×2 input with padding 0' });
  });

  it('finds the pixel under the pointer, on the map and on the picture, and its window', () => {
    const lab = labOf(presetPicture('house'));
    expect(pixelAtMap(lab, 0, 0)).toEqual({ row: 0, col: 0 });
    expect(pixelAtMap(lab, 0.999, 0.999)).toEqual({ row: 93, col: 125 });
    expect(pixelAtMap(lab, 1.5, -3)).toEqual({ row: 0, col: 125 }); // clamped
    expect(pixelAtMap(lab, 38.5 / 126, 68.5 / 94)).toEqual({ row: 68, col: 38 });
    // Picture pixel (69, 39) is the centre of the window of map pixel (68, 38).
    expect(pixelAtPicture(lab, 39.5 / 128, 69.5 / 96)).toEqual({ row: 68, col: 38 });
    expect(windowOf(lab, { row: 68, col: 38 })).toEqual({ top: 68, left: 38, height: 3, width: 3 });
    expect(stepAt(lab, { row: 68, col: 38 })).toMatchObject({ top: 68, left: 38 });
  });

  it('finds the strongest edge', () => {
    const lab = labOf(pictureFromGrid([[0, 0, 0, 9], [0, 0, 0, 9], [0, 0, 0, 9]]));
    expect(toGrid(lab.output)).toEqual([[0, -27]]);
    expect(strongestPixel(lab)).toEqual({ row: 0, col: 1 });
  });

  it('says what a pixel shows', () => {
    const lab = labOf(presetPicture('pattern'));
    // The extremes are the letters' upright strokes: 3·(235 − 30) = 615, dark on either side.
    expect(describeLab(lab, defaults, 'The pattern picture', { row: 1, col: 6 })).toBe(
      'The pattern picture 128×96 with the vertical filter gives a 126×94 feature map, z from −615 to 615. Row 2, column 7: z = 420, a strong vertical edge, brighter on the left.',
    );
    expect(meaning(lab, defaults, stepAt(lab, { row: 1, col: 1 }))).toBe('about 0: flat here, or an edge this filter does not see');
    const relu = labOf(presetPicture('pattern'), { relu: true });
    expect(meaning(relu, params({ relu: true }), stepAt(relu, { row: 1, col: 14 }))).toMatch(/brighter on the right; ReLU turns it into 0$/);
  });
});

describe('filter lab: pictures', () => {
  it('the presets decode to 128×96 grey bytes 0–255 with dark and bright parts', () => {
    for (const name of ['house', 'pattern'] as const) {
      const p = presetPicture(name);
      expect([p.width, p.height, p.pixels.length]).toEqual([128, 96, 128 * 96]);
      expect(p.pixels).toBeInstanceOf(Uint8Array); // so every value is an integer 0–255
      const { min, max } = statsOf(p.pixels);
      expect(min).toBeLessThan(50);
      expect(max).toBeGreaterThan(220);
    }
  });

  it('the committed module is exactly what the script writes, and decodes to what it draws', () => {
    expect([WIDTH, HEIGHT]).toEqual([128, 96]);
    expect(readFileSync('src/widgets/filter-lab/picture.ts', 'utf8')).toBe(pictureModule());
    expect(pictureModule()).toBe(pictureModule()); // deterministic
    expect(decodePicture(ENCODED_PICTURES.house).pixels).toEqual(drawHouse());
    expect(decodePicture(ENCODED_PICTURES.pattern).pixels).toEqual(drawPattern());
    expect(readFileSync('src/widgets/filter-lab/picture.ts').length).toBeLessThan(20_000);
  });

  it('run-length coding round-trips and rejects a wrong length', () => {
    const bytes = Uint8Array.from([5, 5, 5, 0, 255, ...Array(300).fill(7)]);
    const rle = runLengthEncode(bytes);
    expect([...rle.slice(0, 6)]).toEqual([3, 5, 1, 0, 1, 255]);
    expect(runLengthDecode(rle, bytes.length)).toEqual(bytes);
    expect(() => runLengthDecode(rle, 10)).toThrow(RangeError);
  });

  it('a reader’s picture: Rec. 601 luma, transparent laid over white, and scaled to ≤ 128 px', () => {
    const rgba = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0, 100, 100, 100, 255, 0, 0, 0, 128];
    // 0.299·255 = 76.2, 0.587·255 = 149.7, 0.114·255 = 29.1; transparent black is white; half-transparent black is 127.
    expect([...lumaFromRgba(rgba, 3, 2).pixels]).toEqual([76, 150, 29, 255, 100, 127]);
    expect(fitSize(1024, 768)).toEqual({ width: 128, height: 96 });
    expect(fitSize(300, 1200)).toEqual({ width: 32, height: 128 });
    expect(fitSize(50, 40)).toEqual({ width: 50, height: 40 }); // never enlarged
    expect(fitSize(4000, 10)).toEqual({ width: 128, height: 1 });
  });
});

describe('filter lab: colours', () => {
  it('the build’s theme colours are the --dl-* tokens', () => {
    const css = readFileSync('src/styles/tokens.css', 'utf8');
    const token = (name: string) => /light-dark\((#[0-9a-f]+),\s*(#[0-9a-f]+)\)/i.exec(new RegExp(`--dl-${name}:([^;]+);`).exec(css)![1]!)!;
    for (const [key, name] of [['neg', 'neg'], ['pos', 'pos'], ['zero', 'bg'], ['ink', 'fg']] as const) {
      expect(THEMES.light[key], name).toBe(token(name)[1]);
      expect(THEMES.dark[key], name).toBe(token(name)[2]);
    }
  });

  it('the window’s numbers are legible on their own grey: black or white text, at least 4.5:1', () => {
    for (let v = 0; v <= 255; v++) {
      const l = greyLuminance(v);
      const ratio = textOnGrey(v) === '#000' ? (l + 0.05) / 0.05 : 1.05 / (l + 0.05);
      expect(ratio, String(v)).toBeGreaterThanOrEqual(4.5);
    }
    expect([textOnGrey(117), textOnGrey(118)]).toEqual(['#fff', '#000']);
  });

  it('parses the colours getComputedStyle gives', () => {
    expect(parseColour('rgb(171, 58, 8)')).toEqual([171, 58, 8]);
    expect(parseColour('rgb(171 58 8 / 0.5)')).toEqual([171, 58, 8]);
    expect(parseColour('#abc')).toEqual([170, 187, 204]);
    expect(parseColour('#AB3A08')).toEqual([171, 58, 8]);
    expect(parseColour('light-dark(#fff, #000)')).toBeNull();
  });

  it('zero is neutral, the ends are the theme’s cool and warm; |z| runs from the background to ink', () => {
    const p = paletteOf(THEMES.light);
    const div = divergingTable(p);
    expect(div).toHaveLength(2 * LEVELS + 1);
    expect([div[0], div[LEVELS], div[2 * LEVELS]]).toEqual([p.neg, p.zero, p.pos]);
    const seq = sequentialTable(p);
    expect([seq[0], seq[LEVELS]]).toEqual([p.zero, p.ink]);

    const lab = labOf(pictureFromGrid(Array.from({ length: 3 }, () => [0, 0, 0, 9, 9, 0, 0])));
    expect(toGrid(lab.output)).toEqual([[0, -27, -27, 27, 27]]);
    expect([...colourIndices(lab)]).toEqual([LEVELS, 0, 0, 2 * LEVELS, 2 * LEVELS]);
    expect([...mapRgba(lab, p).slice(0, 8)]).toEqual([...p.zero, 255, ...p.neg, 255]);
    expect(colourOf(lab, p, 27)).toEqual(p.pos);
    const abs = labOf(lab.picture, { abs: true });
    expect([...colourIndices(abs)]).toEqual([0, LEVELS, LEVELS, LEVELS, LEVELS]);
    expect(colourOf(abs, p, -27)).toEqual(p.ink);
  });
});

describe('filter lab: first frame without JavaScript', () => {
  /** Reads an 8-bit greyscale or indexed PNG back (filters None and Up only, which is all the writer uses). */
  function readPng(png: Uint8Array) {
    const view = new DataView(png.buffer, png.byteOffset);
    let at = 8;
    const chunks: Record<string, Uint8Array> = {};
    while (at < png.length) {
      const len = view.getUint32(at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      expect(view.getUint32(at + 8 + len), `CRC of ${type}`).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
      chunks[type] = png.subarray(at + 8, at + 8 + len);
      at += 12 + len;
    }
    const ih = new DataView(chunks.IHDR!.buffer, chunks.IHDR!.byteOffset);
    const [width, height] = [ih.getUint32(0), ih.getUint32(4)];
    const raw = inflateSync(chunks.IDAT!);
    const pixels = new Uint8Array(width * height);
    for (let i = 0; i < height; i++) {
      const filter = raw[i * (width + 1)]!;
      for (let j = 0; j < width; j++) {
        const v = raw[i * (width + 1) + 1 + j]!;
        pixels[i * width + j] = filter === 2 && i > 0 ? (v + pixels[(i - 1) * width + j]!) & 0xff : v;
      }
    }
    return { width, height, colourType: chunks.IHDR![9], palette: chunks.PLTE, pixels };
  }
  const deflate = (d: Uint8Array) => deflateSync(d);
  const bytesOf = (url: string) => new Uint8Array(Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64'));

  it('writes PNGs that decode to the given pixels', () => {
    const grey = readPng(encodePng({ width: 3, height: 2, pixels: Uint8Array.of(0, 128, 255, 1, 2, 3) }, deflate));
    expect(grey).toMatchObject({ width: 3, height: 2, colourType: 0 });
    expect([...grey.pixels]).toEqual([0, 128, 255, 1, 2, 3]);
    const indexed = readPng(encodePng({ width: 2, height: 1, pixels: Uint8Array.of(1, 0), palette: [[1, 2, 3], [4, 5, 6]] }, deflate));
    expect(indexed.colourType).toBe(3);
    expect([...indexed.palette!]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...indexed.pixels]).toEqual([1, 0]);
  });

  it('draws the default picture and feature map, small enough for the page', () => {
    const lab = labOf(presetPicture('house'));
    const f = fallbackImages(lab, deflate);
    const picture = readPng(bytesOf(f.picture));
    expect([picture.width, picture.height]).toEqual([128, 96]);
    // Grey rounded to multiples of 4 (at most 2 levels off).
    expect(picture.pixels.every((v, i) => Math.abs(v - lab.picture.pixels[i]!) <= 2)).toBe(true);
    for (const theme of ['light', 'dark'] as const) {
      const map = readPng(bytesOf(f.map[theme]));
      expect([map.width, map.height, map.colourType]).toEqual([126, 94, 3]);
      const p = paletteOf(THEMES[theme]);
      const at = (row: number, col: number) => [...map.palette!.subarray(3 * map.pixels[row * 126 + col]!, 3 * map.pixels[row * 126 + col]! + 3)];
      expect(at(0, 0), 'flat sky is neutral').toEqual([...p.zero]);
      expect(at(68, 38), 'the door’s edge is warm').toEqual([...divergingTable(p, 16)[16 + Math.round((stepAt(lab, { row: 68, col: 38 }).value / lab.stats.maxAbs) * 16)]!]);
    }
    const total = f.picture.length + f.map.light.length + f.map.dark.length;
    expect(total).toBeLessThan(12_000);
  });
});

describe('filter lab: parameters', () => {
  it('round-trip through the query string; hostile values are reported, not used', () => {
    const back = parseQuery(schema, toQuery(schema, params({ picture: 'pattern', filter: 'scharr-horizontal', abs: true, relu: true, row: 5, col: 7, weights: [[1, -1]] })));
    expect(back.problems).toEqual([]);
    expect(back.values).toMatchObject({ picture: 'pattern', filter: 'scharr-horizontal', abs: true, relu: true, row: 5, col: 7, weights: [[1, -1]] });
    const bad = parseQuery(schema, 'picture=<img src=x onerror=alert(1)>&weights=1,2;3&row=-4&abs=maybe');
    expect(bad.values).toMatchObject({ picture: 'house', weights: null, row: 0, abs: false });
    expect(bad.problems).toHaveLength(4);
  });

  it('row and col 0 pin the preset’s example pixel; others count from 1', () => {
    expect(pinnedPixel(params({ picture: 'pattern' }))).toEqual({ row: 1, col: 6 });
    expect(pinnedPixel(params({ row: 5, col: 7 }))).toEqual({ row: 4, col: 6 });
    expect(pixelSettings('house', { row: 68, col: 38 })).toEqual({ row: 0, col: 0 });
    expect(pixelSettings('house', { row: 1, col: 6 })).toEqual({ row: 2, col: 7 });
    expect(pixelSettings('pattern', { row: 1, col: 6 })).toEqual({ row: 0, col: 0 });
  });

  it('names the filters in sentences', () => {
    expect(filterName(params({ filter: 'sobel-horizontal' }))).toBe('the Sobel horizontal filter');
    expect(filterName(params({ filter: 'horizontal' }))).toBe('the horizontal filter');
    expect(filterName(params({ weights: [[1]] }))).toBe('your filter');
  });

  it('the pinned pixel is clamped into a small picture’s map', () => {
    const lab = labOf(pictureFromGrid(Array.from({ length: 4 }, () => [1, 2, 3, 4, 5])));
    expect(clampPixel(lab, { row: 68, col: 38 })).toEqual({ row: 1, col: 2 });
    expect(clampPixel(lab, { row: -3, col: 1.4 })).toEqual({ row: 0, col: 1 });
  });
});
