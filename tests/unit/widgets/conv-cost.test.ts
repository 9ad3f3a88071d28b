import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  approx, costView, count, describe as describeView, expandQuery, geometryText, glyphOf, GLYPH, isEdited, paramsOf, PRESET_NAMES, PRESETS, presetParams, queryOf,
  ratioText, resolve, schema, short, sumText, timesText, givenOrPreset, type Params, type State,
} from '~/widgets/conv-cost/model';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const stateOf = (over: Partial<Params> = {}): State => resolve(params(over)).state;
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));
const block = (s: State, name: string) => costView(s).blocks.find((b) => b.block === name)!;

describe('settings and presets', () => {
  it('the defaults are the Inception preset, and the registry title is the planned one', () => {
    expect(defaults).toEqual(presetParams('inception'));
    const w = WIDGETS.find((x) => x.slug === 'conv-cost')!;
    expect(w.title).toBe('Convolution cost calculator');
    expect(w.chapter).toBe('/cnn/week-2/');
    expect(parseQuery(schema, `?${w.example}`).problems).toEqual([]);
  });

  it.each(PRESET_NAMES)('preset %s is inside the schema, poses a question and builds every block', (name) => {
    const p = presetParams(name);
    expect(parseParams(schema, (k) => p[k as keyof Params]).problems).toEqual([]);
    expect(resolve(p).problems).toEqual([]);
    expect(costView(resolve(p).state).problems).toEqual([]);
    expect(PRESETS[name].question).toMatch(/[?.]$/);
  });

  it('a preset alone brings its values; settings given beside it win; the query keeps only what differs', () => {
    expect(givenOrPreset({ preset: 'mobilenet-v2', t: '4' }).nc).toBe(5);
    expect(fromQuery('?preset=mobilenet-v2').values).toEqual(presetParams('mobilenet-v2'));
    expect(fromQuery('?preset=mobilenet-v2&t=4').values).toEqual({ ...presetParams('mobilenet-v2'), t: 4 });
    expect(queryOf({ ...presetParams('mobilenet-v2'), t: 4 })).toBe('preset=mobilenet-v2&t=4');
    expect(queryOf(defaults)).toBe('');
    expect(isEdited({ ...defaults, n: 27 })).toBe(true);
    expect(isEdited(presetParams('course-6x6'))).toBe(false);
  });

  it('an even f with “same” padding becomes odd, with a sentence; with “valid” it stays', () => {
    const r = resolve(params({ f: 4 }));
    expect(r.state.f).toBe(5);
    expect(r.problems).toEqual(['Filter size f must be odd with “same” padding (p = (f − 1)/2 has to be whole); 4 became 5.']);
    expect(resolve(params({ f: 4, padding: 'valid' }))).toEqual({ state: stateOf({ f: 4, padding: 'valid' }), problems: [] });
    expect(paramsOf('inception', r.state).f).toBe(5);
  });

  it('hostile and malformed query strings are clamped or ignored, never kept', () => {
    const q = fromQuery('?n=<img src=x onerror=alert(1)>&nc=9999&f=2.5&padding=diagonal&bogus=1');
    expect(q.values.n).toBe(28);
    expect(q.values.nc).toBe(512);
    expect(q.values.f).toBe(3);
    expect(q.values.padding).toBe('same');
    expect(q.problems).toEqual([
      'Input size n (n) “<img src=x onerror=alert…” is not a number; using 28.',
      'Filter size f (f) must be a whole number; rounded “2.5” to 3.',
      'Input channels n_c (nc) must be from 1 to 512; “9999” became 512.',
      'Padding (padding) must be one of same, valid; “diagonal” was ignored.',
      'Unknown setting “bogus” ignored.',
    ]);
  });
});

describe('the numbers shown', () => {
  it('Inception preset: 120,422,400 (≈120M) vs 2,408,448 + 10,035,200 = 12,443,648 (≈12.4M)', () => {
    const s = stateOf();
    const normal = block(s, 'normal');
    const bottleneck = block(s, 'bottleneck');
    expect(count(normal.mults!)).toBe('120,422,400');
    expect(short(normal.mults!)).toBe('≈120M');
    expect(sumText(bottleneck.stages.map((x) => x.mults))).toBe('2,408,448 + 10,035,200 = 12,443,648');
    expect(bottleneck.stages.map((x) => short(x.mults))).toEqual(['≈2.4M', '≈10.0M']);
    expect(short(bottleneck.mults!)).toBe('≈12.4M');
    expect(ratioText(bottleneck.ratio!)).toBe('0.1033');
    expect(timesText(bottleneck.ratio!)).toBe('≈ 1/9.7');
    expect(normal.params).toBe(153_632);
    expect(sumText(bottleneck.stages.map((x) => x.weights))).toBe('3,072 + 12,800 = 15,872');
  });

  it('the separable ratio formula: 1/32 + 1/25 = 0.03125 + 0.04 = 0.07125 = 57/800 = 8,580,096 / 120,422,400', () => {
    const v = costView(stateOf());
    expect(v.ratio).toMatchObject({ separable: 8_580_096, normal: 120_422_400, exact: { num: 57, den: 800 } });
    expect([ratioText(v.ratio!.inverseNcOut), ratioText(v.ratio!.inverseF2), ratioText(v.ratio!.value)]).toEqual(['0.03125', '0.04', '0.07125']);
    expect(ratioText(v.ratio!.separable / v.ratio!.normal)).toBe('0.07125');
  });

  it('MobileNet v2 preset: 150 + 270 + 600 = 1,020 weights, 15,000 + 27,000 + 60,000 = 102,000 multiplications at n = 10', () => {
    const b = block(stateOf(presetParams('mobilenet-v2')), 'mobilenetV2');
    expect(sumText(b.stages.map((x) => x.weights))).toBe('150 + 270 + 600 = 1,020');
    expect(sumText(b.stages.map((x) => x.mults))).toBe('15,000 + 27,000 + 60,000 = 102,000');
    expect(b.volumes.map((x) => x.label)).toEqual(['10×10×5', '10×10×30', '10×10×30', '10×10×20']);
    expect(b.residualAdds).toBeNull();
    expect(short(102_000)).toBe('102k');
  });

  it('MobileNet 3×3 preset: the paper’s 462M vs 52.3M, ratio 521/4608 ≈ 1/8.8; the v2 block adds the input back', () => {
    const v = costView(stateOf(presetParams('mobilenet-3x3')));
    expect(short(v.ratio!.normal)).toBe('≈462M');
    expect(short(v.ratio!.separable)).toBe('≈52.3M');
    expect(v.ratio!.exact).toEqual({ num: 521, den: 4608 });
    expect(timesText(v.ratio!.value)).toBe('≈ 1/8.8');
    expect(v.blocks[3]!.residualAdds).toBe(14 * 14 * 512);
  });

  it('the course’s 6×6×3 example, valid: 2,160 vs 432 + 240 = 672', () => {
    const s = stateOf(presetParams('course-6x6'));
    expect(block(s, 'normal').mults).toBe(2160);
    expect(sumText(block(s, 'separable').stages.map((x) => x.mults))).toBe('432 + 240 = 672');
    expect(geometryText(s)).toBe('Stride 1, “valid” (no) padding: each f × f filter shrinks 6 × 6 to 4 × 4; 1×1 filters keep the size.');
    expect(block(s, 'normal').volumes.map((x) => x.label)).toEqual(['6×6×3', '4×4×5']);
  });

  it('the live sentence names every block’s count and ratio', () => {
    // MobileNet v2 on 28×28×192 with t = 6: 784·1152·(192 + 25 + 32) = 224,888,832, more than the normal convolution.
    expect(784 * 1152 * (192 + 25 + 32)).toBe(224_888_832);
    expect(describeView(costView(stateOf()))).toBe(
      '28 × 28 × 192 to 32 channels, 5×5 filters, “same” padding, stride 1. Multiplications: normal convolution 120,422,400 (≈120M); ' +
        'depthwise-separable 8,580,096 (≈8.6M, 0.07125 of normal); 1×1 bottleneck to 16 12,443,648 (≈12.4M, 0.1033 of normal); ' +
        'MobileNet v2 block (t = 6) 224,888,832 (≈225M, 1.867 of normal).',
    );
  });

  it('a filter that does not fit (“valid”, f > n) is named in each block’s message, and the view keeps no number', () => {
    const v = costView(stateOf({ n: 3, f: 5, padding: 'valid' }));
    expect(v.problems).toHaveLength(4);
    expect(v.problems[0]).toBe('Normal convolution: a 5×5 filter does not fit a 3×3 input with “valid” padding.');
    expect(v.problems[3]).toMatch(/^MobileNet v2 block: a 5×5 filter/);
    expect(v.blocks.every((b) => b.mults === null && b.error !== null)).toBe(true);
    expect(v.ratio).toBeNull();
  });
});

describe('formats and drawing sizes', () => {
  it('short numbers', () => {
    expect([999, 9999, 10_000, 12_345, 2_000_000, 1_500_000_000].map(short)).toEqual(['999', '9,999', '10.0k', '≈12.3k', '2.0M', '1.5B']);
    // Beside an exact count the short form appears only from a million up.
    expect([102_000, 999_999, 12_443_648].map(approx)).toEqual(['', '', '≈12.4M']);
  });

  it('every random setting gives finite numbers, bars in [0, 1] and glyphs inside their bounds', () => {
    const arb = fc.record(Object.fromEntries(Object.entries(schema).filter(([, s]) => s.type === 'int').map(([k, s]) => [k, fc.integer({ min: (s as { min: number }).min, max: (s as { max: number }).max })])));
    fc.assert(
      fc.property(arb, fc.constantFrom('same', 'valid' as const), (raw, padding) => {
        const r = resolve(params({ ...(raw as Partial<Params>), padding }));
        const v = costView(r.state);
        for (const b of v.blocks) {
          for (const bar of [b.multBar, b.paramBar]) expect(bar >= 0 && bar <= 1).toBe(true);
          if (b.mults !== null) expect(Number.isSafeInteger(b.mults)).toBe(true);
          for (const vol of b.volumes) {
            expect(vol.glyph.side).toBeGreaterThanOrEqual(GLYPH.minSide);
            expect(vol.glyph.depth).toBeLessThanOrEqual(GLYPH.maxDepth);
          }
        }
        expect(describeView(v)).not.toMatch(/NaN|undefined|Infinity/);
      }),
      { numRuns: 200 },
    );
  });

  it('a volume’s depth grows with its channels and its face with n', () => {
    expect(glyphOf([28, 28, 192]).depth).toBeGreaterThan(glyphOf([28, 28, 16]).depth);
    expect(glyphOf([28, 28, 16]).side).toBeGreaterThan(glyphOf([6, 6, 16]).side);
  });
});
