import { deflateSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halvesColumnOf, peDotAtOffset, positionalEncoding } from '~/compute/positional';
import { divergingTable, paletteOf, THEMES } from '~/lib/colour-scale';
import { fallbackMap } from '~/widgets/positional-encoding/fallback';
import {
  cellOf, cellPaths, columnIn, columnKinds, columnTicks, cssColour, describe as describeState, differenceWords, dimAt, distanceChart, distanceWords, embedding,
  evenD, expandQuery, formulaParts, formulaText, isEdited, layoutsOf, levelOf, MapCache, mappingText, MAX_D, num, pairInfo, paramsOf,
  permutationLines, PRESET_NAMES, PRESETS, presetParams, queryOf, resolve, schema, startPositions, givenOrPreset, wordVector, type Params, type State,
} from '~/widgets/positional-encoding/model';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const stateOf = (over: Partial<Params> = {}): State => resolve(params(over)).state;
/** What a query string shows: parsed as the widget parses it (missing settings from the preset). */
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));

describe('settings and presets', () => {
  it('the defaults are the overview preset', () => {
    expect(defaults).toEqual(presetParams('overview'));
  });

  it.each(PRESET_NAMES)('preset %s is valid: inside the schema, d even, picks inside the map', (name) => {
    const p = presetParams(name);
    expect(parseParams(schema, (k) => p[k as keyof Params]).problems).toEqual([]);
    expect(p.d % 2).toBe(0);
    expect(resolve(p).state).toMatchObject({ pos: p.pos, dim: p.dim, a: p.a, b: p.b });
    expect(PRESETS[name].question).toMatch(/\?$/);
  });

  it('a preset alone brings its values; settings given beside it win', () => {
    const given = givenOrPreset({ preset: 'small-d', length: '50' });
    expect(given['d']).toBe(2);
    expect(given['b']).toBe(44);
    expect(given['length']).toBe('50');
    expect(fromQuery('?preset=small-d').values).toEqual(presetParams('small-d'));
    expect(fromQuery('?preset=small-d&d=8').values).toEqual({ ...presetParams('small-d'), d: 8 });
    // An unknown preset falls back to the overview, with a problem sentence.
    const bad = fromQuery('?preset=<b>');
    expect(bad.values).toEqual(defaults);
    expect(bad.problems[0]).toMatch(/^Question \(preset\) must be one of overview, neighbours, layouts, small-d; “<b>” was ignored\.$/);
  });

  it('the query string holds the preset and what differs from it', () => {
    expect(queryOf(defaults)).toBe('');
    expect(queryOf(presetParams('small-d'))).toBe('preset=small-d');
    expect(queryOf({ ...presetParams('small-d'), d: 64 })).toBe('preset=small-d&d=64'); // the schema's default, but not the preset's
    expect(queryOf(params({ pos: 7, layout: 'halves' }))).toBe('layout=halves&pos=7');
    expect(WIDGETS.find((w) => w.slug === 'positional-encoding')!.example).toBe(queryOf(presetParams('small-d')));
  });

  it('settings round-trip through the query string', () => {
    const arb = fc.record({
      preset: fc.constantFrom(...PRESET_NAMES),
      length: fc.integer({ min: 2, max: 256 }),
      d: fc.integer({ min: 1, max: 128 }).map((h) => 2 * h),
      layout: fc.constantFrom('both', 'interleaved', 'halves'),
      pos: fc.integer({ min: 0, max: 255 }),
      dim: fc.integer({ min: 0, max: 255 }),
      a: fc.integer({ min: 0, max: 255 }),
      b: fc.integer({ min: 0, max: 255 }),
      base: fc.constantFrom(100, 1000, 10000, 100000),
    }) as fc.Arbitrary<Params>;
    fc.assert(
      fc.property(arb, (p) => {
        const s = resolve(p).state;
        const shown = paramsOf(p.preset, s);
        const back = fromQuery(`?${queryOf(shown)}`);
        expect(back.problems).toEqual([]);
        expect(back.values).toEqual(shown);
      }),
      { numRuns: 200 },
    );
  });

  it('isEdited tells a preset from changed settings', () => {
    expect(isEdited(presetParams('layouts'))).toBe(false);
    expect(isEdited({ ...presetParams('layouts'), pos: 6 })).toBe(true);
  });
});

describe('resolve', () => {
  it('an odd d becomes the next even number, with a sentence; 255 becomes 256', () => {
    expect(evenD(7)).toBe(8);
    expect(evenD(8)).toBe(8);
    expect(evenD(MAX_D - 1)).toBe(MAX_D);
    const r = resolve(params({ d: 7 }));
    expect(r.state.d).toBe(8);
    expect(r.problems).toEqual(['d_model (d) must be even, because sines and cosines come in pairs, one pair per frequency; 7 became 8, the nearest even number above it.']);
    expect(resolve(params({ d: 64 })).problems).toEqual([]);
  });

  it('d = 0 from a query string is clamped with a message', () => {
    const parsed = fromQuery('?d=0');
    expect(parsed.values.d).toBe(2);
    expect(parsed.problems).toEqual(['d_model (d) must be from 2 to 256; “0” became 2.']);
  });

  it('keeps the picked cell and a, b inside the map', () => {
    expect(resolve(params({ length: 10, d: 4, pos: 200, dim: 9, a: 50, b: 3 })).state).toMatchObject({ pos: 9, dim: 3, a: 9, b: 3 });
  });

  it('which maps a layout setting draws', () => {
    expect(layoutsOf('both')).toEqual(['interleaved', 'halves']);
    expect(layoutsOf('halves')).toEqual(['halves']);
  });
});

describe('numbers and the read-out', () => {
  it('prints four decimals, drops trailing zeros, keeps four significant digits for small values', () => {
    expect(num(0.1574559)).toBe('0.1575');
    expect(num(1)).toBe('1');
    expect(num(-0.41615)).toBe('−0.4162');
    expect(num(0.0001333521)).toBe('0.0001334');
    expect(num(0.0316228)).toBe('0.03162');
    expect(num(0.05, 2)).toBe('0.05');
    expect(num(-0.00001)).toBe('−0.00001');
    expect(num(-0)).toBe('0');
    expect(num(-0.00004, 2)).toBe('−0.00004');
    expect(num(2.5e-9)).toBe('2.500 × 10^-9');
    expect(num(Number.NaN)).toBe('—');
  });

  it('PE(5, 6) at d = 16 is written out: sin(5 / 10000^{6/16}) = sin(0.1581) = 0.1575', () => {
    const s = stateOf({ d: 16, length: 32 });
    const cell = cellOf(s, 5, 6);
    expect(cell).toMatchObject({ i: 3, fn: 'sin', halvesColumn: 3, exponent: '6/16' });
    expect(formulaText(formulaParts(cell, s.base))).toBe('PE(5, 6) = sin(5 / 10000^{6/16}) = sin(0.1581) = 0.1575');
    expect(formulaParts(cell, s.base, 'halves').name).toBe('PE_halves(5, 3)');
    expect(formulaText(formulaParts(cellOf(s, 5, 7), s.base))).toBe('PE(5, 7) = cos(5 / 10000^{6/16}) = cos(0.1581) = 0.9875');
    expect(mappingText(cellOf(s, 5, 7), 16)).toBe('Interleaved dimension 7 (2i + 1 with i = 3) is halves column 11 (d/2 + i = 8 + 3).');
    expect(mappingText(cell, 16)).toBe('Interleaved dimension 6 (2i with i = 3) is halves column 3 (i).');
  });

  it('position 1, dimension 0: sin(1 / 10000^{0/64}) = sin(1) = 0.8415', () => {
    expect(formulaText(formulaParts(cellOf(stateOf(), 1, 0), 10000))).toBe('PE(1, 0) = sin(1 / 10000^{0/64}) = sin(1) = 0.8415');
  });

  it('the live sentence names the maps, the cell and its twin in the halves map', () => {
    const s = stateOf();
    expect(describeState(s, cellOf(s, 5, 6))).toBe(
      'Interleaved and halves layouts side by side, 64 positions × 64 dimensions, values from −1 (cool) to 1 (warm). ' +
        'Position 5, dimension 6: sin of pair i = 3, ω = 0.4217, angle 2.1085, value 0.8589. In the halves map the same value is column 3.',
    );
    const h = stateOf({ layout: 'halves' });
    expect(describeState(h, cellOf(h, 5, 7))).toMatch(/^Halves layout, .* Position 5, column 35 \(dimension 7 interleaved\): cos of pair i = 3/);
  });

  it('columns map between the layouts', () => {
    expect(columnIn('halves', 7, 16)).toBe(11);
    expect(dimAt('halves', 11, 16)).toBe(7);
    expect(dimAt('interleaved', 11, 16)).toBe(11);
    expect(columnKinds('interleaved', 4)).toEqual(['sin', 'cos', 'sin', 'cos']);
    expect(columnKinds('halves', 4)).toEqual(['sin', 'sin', 'cos', 'cos']);
    const lines = permutationLines(64);
    expect(new Set(lines.map((l) => l.to)).size).toBe(64);
    lines.forEach((l) => expect(l.to).toBe(halvesColumnOf(l.dim, 64)));
  });

  it('axis ticks: every column when few, round steps and the last otherwise', () => {
    expect(columnTicks(4)).toEqual([0, 1, 2, 3]);
    expect(columnTicks(16)).toEqual([0, 8, 15]);
    expect(columnTicks(64)).toEqual([0, 16, 32, 48, 63]);
    expect(columnTicks(256)).toEqual([0, 32, 64, 96, 128, 160, 192, 224, 255]);
    expect(columnTicks(65)).toEqual([0, 16, 32, 48, 64]);
  });
});

describe('distance', () => {
  it('every starting position’s dot products lie on the closed-form curve', () => {
    const s = stateOf();
    const chart = distanceChart(s, 600);
    expect(chart.series.map((r) => r.p)).toEqual([0, 21, 42]);
    expect(startPositions(2)).toEqual([0, 1]);
    for (const r of chart.series) {
      expect(r.points[0]!.dot).toBeCloseTo(32, 12);
      for (const p of r.points) {
        expect(Math.abs(p.dot - peDotAtOffset(p.k, 64))).toBeLessThan(1e-9);
        expect(p.y).toBeCloseTo(chart.yAt(peDotAtOffset(p.k, 64)), 6);
      }
    }
    expect(chart.kAt(chart.xAt(17))).toBe(17);
    expect(chart.kAt(-100)).toBe(0);
    expect(chart.kAt(1e6)).toBe(63);
    expect(chart.pair.k).toBe(5);
    expect(chart.closedPath).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
    expect(distanceChart(s, 320).xTicks.length).toBeLessThanOrEqual(distanceChart(s, 600).xTicks.length);
  });

  it('a and b: dot product equals the closed form, distance √(d − 2·dot), length √(d/2)', () => {
    const info = pairInfo(stateOf());
    expect(info.dot).toBeCloseTo(info.closed, 10);
    expect(info.distance).toBeCloseTo(Math.sqrt(64 - 2 * info.dot), 10);
    expect(info.norm).toBeCloseTo(Math.sqrt(32), 12);
    expect(Array.from(info.diff)).toEqual(Array.from(info.vb, (v, j) => v - info.va[j]!));
    const words = distanceWords(stateOf(), info);
    expect(words.dot).toBe('PE(10)·PE(15) = 23.504, and Σᵢ cos(5·ωᵢ) = 23.504: any two positions 5 apart give the same. Distance ‖PE(10) − PE(15)‖ = 4.1221.');
    expect(words.unique).toMatch(/^Every vector has length √\(d\/2\) = √32 = 5\.6569 and every value lies in \[−1, 1\]/);
  });

  it('neighbours differ in the first dimensions only', () => {
    const s = resolve(presetParams('neighbours')).state;
    const words = differenceWords(pairInfo(s), s.d);
    expect(words).toMatch(/^they differ by more than 0\.1 in dimensions 0–\d+; dimensions \d+–63 differ by less than 0\.01\.$/);
    const [, last, quiet] = /0–(\d+); dimensions (\d+)–63/.exec(words)!.map(Number);
    expect(last).toBeLessThan(20);
    expect(quiet).toBeLessThan(40);
    expect(differenceWords(pairInfo({ ...s, b: s.a }), s.d)).toBe('a and b are the same position: every difference is 0.');
  });

  it('small d: positions 0 and 44 nearly collide', () => {
    const s = resolve(presetParams('small-d')).state;
    const info = pairInfo(s);
    expect(info.nearest.pos).toBe(44);
    expect(info.distance).toBeCloseTo(44 - 14 * Math.PI, 6);
    expect(distanceWords(s, info).unique).toMatch(/but with d = 2 position 44 comes within 0\.0177 of position 0: nearly a collision\.$/);
    expect(distanceWords(stateOf({ d: 4 }), pairInfo(stateOf({ d: 4, a: 0, b: 44, length: 128 }))).unique).not.toMatch(/collision/);
  });
});

describe('the word vector', () => {
  it('is fixed by its seed: 16 values in [−0.8, 0.8], two decimals', () => {
    const w = wordVector();
    expect(w).toHaveLength(16);
    expect(wordVector()).toEqual(w);
    for (const v of w) {
      expect(Math.abs(v)).toBeLessThanOrEqual(0.8);
      expect(Math.round(v * 100)).toBeCloseTo(v * 100, 9);
    }
  });

  it('adding PE moves the first dimensions a lot and the last ones barely', () => {
    const e = embedding(stateOf());
    expect(e.rows.map((r) => r.pos)).toEqual([0, 1, 5, 10, 50]);
    expect(e.rows.find((r) => r.pos === 5)!.picked).toBe(true);
    expect(e.rows[0]!.pe).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
    e.rows.forEach((r) => r.sum.forEach((v, j) => expect(v).toBeCloseTo(e.word[j]! + r.pe[j]!, 12)));
    expect(Math.max(e.swing[0]!, e.swing[1]!)).toBeGreaterThan(1);
    expect(Math.max(e.swing[14]!, e.swing[15]!)).toBeLessThan(0.02); // ω₇ = 10000^{−14/16} = 0.000316, at most 50·ω
    expect(e.sentence).toMatch(/^Across positions 0, 1, 5, 10, 50, the sum’s dimensions 0 and 1 \(ω = 1\) swing by up to [\d.]+, while dimensions 14 and 15 \(ω = 0\.0003162\) move by at most 0\.0158/);
    expect(embedding(stateOf({ pos: 10 })).rows.map((r) => r.pos)).toEqual([0, 1, 10, 50]);
  });
});

describe('the map’s pixels', () => {
  const table = divergingTable(paletteOf(THEMES.light));
  const word = (rgba: Uint8ClampedArray, j: number) => [rgba[4 * j], rgba[4 * j + 1], rgba[4 * j + 2], rgba[4 * j + 3]];

  it('levels: −1 is 0, 0 is the middle, +1 the top', () => {
    expect(levelOf(-1)).toBe(0);
    expect(levelOf(0)).toBe(255);
    expect(levelOf(1)).toBe(510);
    expect(levelOf(2)).toBe(510);
    expect(levelOf(0.5, 16)).toBe(24);
  });

  it('colours every value with the diverging table', () => {
    const cache = new MapCache();
    const rgba = cache.image(20, 8, 'interleaved', 10000, table);
    const values = positionalEncoding(20, 8);
    expect(rgba.length).toBe(20 * 8 * 4);
    values.forEach((v, j) => expect(word(rgba, j)).toEqual([...table[levelOf(v)]!, 255]));
    expect(word(rgba, 1)).toEqual([0xab, 0x3a, 0x08, 255]); // PE(0, 1) = cos 0 = 1: the warm end, --dl-pos #ab3a08
    expect(word(rgba, 0)).toEqual([252, 251, 248, 255]); // PE(0, 0) = 0: the background
  });

  it('a longer map computes only its new rows; a shorter one none; a new d, layout or palette all of them', () => {
    const cache = new MapCache();
    cache.image(64, 16, 'halves', 10000, table);
    expect(cache.lastNewRows).toBe(64);
    const longer = cache.image(70, 16, 'halves', 10000, table);
    expect(cache.lastNewRows).toBe(6);
    const direct = new MapCache().image(70, 16, 'halves', 10000, table);
    expect([...longer]).toEqual([...direct]);
    cache.image(30, 16, 'halves', 10000, table);
    expect(cache.lastNewRows).toBe(0);
    cache.image(30, 18, 'halves', 10000, table);
    expect(cache.lastNewRows).toBe(30);
    cache.image(30, 18, 'interleaved', 10000, table);
    expect(cache.lastNewRows).toBe(30);
    const dark = divergingTable(paletteOf(THEMES.dark));
    const recoloured = cache.image(30, 18, 'interleaved', 10000, dark);
    expect(cache.lastNewRows).toBe(30);
    expect(word(recoloured, 0)).toEqual([21, 23, 27, 255]);
    // Long maps after short ones (the buffers grow).
    expect(cache.image(256, 256, 'interleaved', 100, dark).length).toBe(256 * 256 * 4);
  });

  it('strips are one path per colour level, covering every cell once', () => {
    const values = [0, 1, -1, 0.5, 1, 0.02];
    const paths = cellPaths(values, { levels: 4 });
    expect(paths.map((p) => p.fill)).toEqual([cssColour(-1), cssColour(0), cssColour(0.5), cssColour(1)]);
    expect(paths.find((p) => p.fill === cssColour(1))!.d).toBe('M1 0h1v1h-1zM4 0h1v1h-1z');
    expect(paths.find((p) => p.fill === cssColour(0))!.d).toBe('M0 0h1v1h-1zM5 0h1v1h-1z'); // 0.02 rounds to 0
    expect(cellPaths([0.3], { y: 44, height: 10, columns: [7], range: 2, levels: 10 })).toEqual([{ fill: cssColour(0.2), d: 'M7 44h1v10h-1z' }]); // 0.3/2 = 0.15: 1.5 steps of 10, rounded to 2
    const many = cellPaths(positionalEncoding(1, 256).map((_, j) => Math.sin(j)));
    expect(many.length).toBeLessThanOrEqual(33);
    expect(many.reduce((n, p) => n + p.d.split('M').length - 1, 0)).toBe(256);
  });

  it('CSS colours from the tokens: zero is the background, ±1 the ends', () => {
    expect(cssColour(0)).toBe('var(--dl-bg, #fcfbf8)');
    expect(cssColour(1)).toBe('color-mix(in srgb, var(--dl-pos, #ab3a08) 100%, var(--dl-bg, #fcfbf8))');
    expect(cssColour(-0.5)).toBe('color-mix(in srgb, var(--dl-neg, #1d4fc4) 50%, var(--dl-bg, #fcfbf8))');
    expect(cssColour(-4, 2)).toBe(cssColour(-1));
  });

  it('the build’s stand-in PNGs decode to the map, light and dark', () => {
    const s = stateOf({ length: 20, d: 8 });
    const png = fallbackMap(s, 'halves', (b) => deflateSync(b));
    for (const url of [png.light, png.dark]) {
      const bytes = Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
      expect(bytes.readUInt32BE(16)).toBe(8); // width = d
      expect(bytes.readUInt32BE(20)).toBe(20); // height = length
      const idat = bytes.indexOf('IDAT');
      const raw = inflateSync(bytes.subarray(idat + 4, idat + 4 + bytes.readUInt32BE(idat - 4)));
      const values = positionalEncoding(20, 8, { layout: 'halves' });
      for (let pos = 0; pos < 20; pos++) for (let c = 0; c < 8; c++) expect(raw[pos * 9 + 1 + c]).toBe(levelOf(values[pos * 8 + c]!, 16));
    }
    expect(png.light).not.toBe(png.dark);
  });
});
