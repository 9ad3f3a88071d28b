import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentCost, layerStyleCost, volumeFromChannels } from '~/compute/style';
import { parseParams, parseQuery } from '~/widgets/params';
import {
  cycle, describe as sentence, formatChannels, N_C, N_H, N_W, num, paramsOf, parseChannels, PRESET_NAMES, PRESETS, schema, setupOf, SHUFFLE, shufflePositions, termsText,
  viewOf, withValue, deeper, type Channels,
} from '~/widgets/gram-matrix/model';

const defaults = () => parseParams(schema, () => undefined).values;
const paramsFrom = (search: string) => parseQuery(schema, search);

describe('presets', () => {
  it('stripes against dots: the numbers the chapter quotes', () => {
    const v = viewOf(setupOf(defaults()));
    // Stripes: channel 1 is 3 on columns 1 and 3, channel 2 is 2 on columns 2 and 4, channel 3 is 1 everywhere.
    expect(Array.from(v.style.gramS.data)).toEqual([72, 0, 24, 0, 32, 16, 24, 16, 16]);
    // Dots: half as many lit cells for channels 1 and 2, channel 3 lit on the 8 dots.
    expect(Array.from(v.style.gramG.data)).toEqual([36, 0, 12, 0, 16, 8, 12, 8, 8]);
    expect(v.style.sumSquares).toBe(36 ** 2 + 16 ** 2 + 8 ** 2 + 2 * 12 ** 2 + 2 * 8 ** 2); // 2032
    expect(v.style.twoNHWC).toBe(96);
    expect(v.style.cost).toBeCloseTo(2032 / 9216, 15);
    expect(v.content.fourNHWC).toBe(192);
    // Off by 3 at 4 cells of channel 1, by 2 at 4 of channel 2, by 1 at 8 of channel 3: 36 + 16 + 8.
    expect(v.content.sumSquares).toBe(60);
    expect(v.content.cost).toBe(0.3125);
    expect(v.total.total).toBeCloseTo(10 * 0.3125 + 40 * (2032 / 9216), 12);
    expect(v.dominant).toBe('style');
  });

  it('dots twice as strong: every Gram entry × 4, style cost > 0', () => {
    const v = viewOf(setupOf({ ...defaults(), preset: 'dots' }));
    expect(Array.from(v.style.gramS.data)).toEqual([4, 0, 4, 0, 4, 4, 4, 4, 8]);
    expect(Array.from(v.style.gramG.data)).toEqual(Array.from(v.style.gramS.data, (x) => 4 * x));
    // Differences −12 (six entries) and −24: 6·144 + 576 = 1440, over 96² = 9216.
    expect(v.style.cost).toBe(1440 / 9216);
    expect(v.content.cost).toBe(16 / 192);
  });

  it('shuffled: the same Gram matrix, style cost exactly 0, content cost > 0', () => {
    const v = viewOf(setupOf({ ...defaults(), preset: 'shuffled' }));
    expect(Array.from(v.style.gramG.data)).toEqual(Array.from(v.style.gramS.data));
    expect(v.style.cost).toBe(0);
    expect(v.content.cost).toBeGreaterThan(0);
    expect(v.dominant).toBe('content');
    expect(sentence(setupOf({ ...defaults(), preset: 'shuffled' }), v)).toMatch(/^The two Gram matrices are equal, so the style cost is 0; content cost J_content = /);
  });

  it('SHUFFLE is a permutation and moves every value of the stripes somewhere else', () => {
    expect([...SHUFFLE].sort((a, b) => a - b)).toEqual([...Array(N_H * N_W).keys()]);
    expect(formatChannels(shufflePositions(PRESETS.stripes.s))).not.toBe(formatChannels(PRESETS.stripes.s));
  });

  it('every preset is 4 × 4 × 3 with values 0–3 and round-trips through the text form', () => {
    for (const name of PRESET_NAMES) {
      for (const c of [PRESETS[name].s, PRESETS[name].g] as Channels[]) {
        expect(c.length).toBe(N_C);
        expect(parseChannels(formatChannels(c), 'x').channels).toEqual(c);
      }
    }
  });
});

describe('several layers', () => {
  it('the deeper layer is each channel max-pooled 2 × 2', () => {
    const d = deeper(volumeFromChannels(PRESETS.stripes.g));
    expect([d.nH, d.nW, d.nC]).toEqual([2, 2, 3]);
    // Dots: every 2 × 2 block of channel 1 holds one 3, of channel 2 one 2, of channel 3 two 1s.
    expect(Array.from(d.data)).toEqual([3, 2, 1, 3, 2, 1, 3, 2, 1, 3, 2, 1]);
  });

  it('J_style = λ[1] J[1] + λ[2] J[2], and J(G) uses it; the default λ = (1, 0) is the one-layer cost', () => {
    const one = viewOf(setupOf(defaults()));
    expect(one.jStyle).toBe(one.style.cost);
    const both = viewOf(setupOf({ ...defaults(), lambda1: 0.5, lambda2: 0.5 }));
    const j2 = layerStyleCost(deeper(both.volS), deeper(both.volG)).cost;
    expect(both.deep.cost).toBe(j2);
    expect(both.jStyle).toBeCloseTo(0.5 * both.style.cost + 0.5 * j2, 15);
    expect(both.total.total).toBeCloseTo(10 * both.content.cost + 40 * both.jStyle, 12);
  });

  it('the shuffle fools this layer but not the deeper one', () => {
    const v = viewOf(setupOf({ ...defaults(), preset: 'shuffled', lambda2: 0.5 }));
    expect(v.style.cost).toBe(0);
    // Pooled: S is (3, 2, 1) in every block; G's top-left block is (0, 2, 1), top-right (3, 0, 1): Σ² = 411 over 24².
    expect(v.deep.cost).toBe(411 / 576);
    expect(v.content.sumSquares).toBe(104);
  });
});

describe('the content cost of the default, by a separate loop', () => {
  it('matches Σ (s − g)² / 192', () => {
    const { s, g } = setupOf(defaults());
    let sum = 0;
    s.forEach((ch, k) => ch.forEach((row, i) => row.forEach((x, j) => (sum += (x - g[k]![i]![j]!) ** 2))));
    expect(viewOf(setupOf(defaults())).content.sumSquares).toBe(sum);
  });
});

describe('editing', () => {
  it('an edit writes only the changed volume into the URL, and undoing it writes nothing', () => {
    const p = defaults();
    const s = setupOf(p);
    const g2 = withValue(s.g, 0, 1, 1, 3);
    const next = paramsOf(p, s.s, g2);
    expect(next.s).toBe('');
    expect(next.g).toBe(formatChannels(g2));
    expect(setupOf(next).g).toEqual(g2);
    expect(paramsOf(next, s.s, s.g).g).toBe('');
  });

  it('cycle and withValue keep values in 0–3', () => {
    expect([0, 1, 2, 3].map((v) => cycle(v))).toEqual([1, 2, 3, 0]);
    expect([0, 1, 2, 3].map((v) => cycle(v, -1))).toEqual([3, 0, 1, 2]);
    expect(withValue(PRESETS.stripes.s, 0, 0, 0, 9)[0]![0]![0]).toBe(3);
    expect(withValue(PRESETS.stripes.s, 0, 0, 0, -2)[0]![0]![0]).toBe(0);
  });

  it('the view agrees with the compute module after any edit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (k, i, j, v) => {
        const p = defaults();
        const base = setupOf(p);
        const next = setupOf(paramsOf(p, base.s, withValue(base.g, k, i, j, v)));
        const view = viewOf(next);
        expect(view.style.cost).toBe(layerStyleCost(volumeFromChannels(next.s), volumeFromChannels(next.g)).cost);
        expect(view.content.cost).toBe(contentCost(volumeFromChannels(next.s), volumeFromChannels(next.g)).cost);
      }),
    );
  });
});

describe('the written-out entry', () => {
  it('G^(S)_13 of the stripes: eight products 3·1, the rest 0', () => {
    const p = { ...defaults(), k: 1, k2: 3 };
    const text = termsText('G⁽ˢ⁾', 0, 2, viewOf(setupOf(p)).entryS);
    expect(text).toBe('G⁽ˢ⁾₁₃ = Σᵢ Σⱼ aᵢⱼ₁·aᵢⱼ₃ = 3·1 + 3·1 + 3·1 + 3·1 + 3·1 + 3·1 + 3·1 + 3·1 (the other 8 products are 0) = 24');
  });

  it('an all-zero entry says so', () => {
    expect(termsText('G', 0, 1, viewOf(setupOf({ ...defaults(), k: 1, k2: 2 })).entryS)).toBe('G₁₂ = Σᵢ Σⱼ aᵢⱼ₁·aᵢⱼ₂ = 0 (all 16 products are 0) = 0');
  });
});

describe('query strings', () => {
  it('reads a compact volume and α, β', () => {
    const text = '3333-0000-0000-0000.0000-0000-0000-0000.1111-1111-1111-1111';
    const { values, problems } = paramsFrom(`?s=${text}&alpha=5&beta=0`);
    expect(problems).toEqual([]);
    const v = viewOf(setupOf(values));
    expect(v.style.gramS.data[0]).toBe(36);
    expect(v.total.style).toBe(0);
  });

  it('malformed and hostile values become sentences, never throw, and fall back to the preset', () => {
    for (const bad of ['<img src=x onerror=alert(1)>', '1', '0000-0000-0000-0000.0000', '0000-0000-0000.0000-0000-0000-0000.0000-0000-0000-0000', '00000-0000-0000-0000.0000-0000-0000-0000.0000-0000-0000-0000', '0004-0000-0000-0000.0000-0000-0000-0000.0000-0000-0000-0000', 'NaN']) {
      const { values } = paramsFrom(`?g=${encodeURIComponent(bad)}`);
      const setup = setupOf(values);
      expect(setup.problems).toHaveLength(1);
      expect(setup.problems[0]).toMatch(/^Generated volume G \(g\) “.*” .*Using the example’s values\.$/);
      expect(setup.g).toEqual(PRESETS.stripes.g);
    }
    expect(parseChannels('0004-0000-0000-0000.0000-0000-0000-0000.0000-0000-0000-0000', 'g').problem).toMatch(/other than a digit 0–3 in channel 1, row 1/);
    expect(parseChannels('0000-0000-0000.0000-0000-0000-0000.0000-0000-0000-0000', 'g').problem).toMatch(/3 rows in channel 1, not 4/);
    const { problems } = paramsFrom('?alpha=NaN&beta=1e9&k=7');
    expect(problems.join(' ')).toMatch(/α \(content weight\) \(alpha\) “NaN” is not a number/);
    expect(problems.join(' ')).toMatch(/β .* must be from 0 to 100/);
  });

  it('random query strings never produce NaN or a throw', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (s, g, a) => {
        const { values } = paramsFrom(`?s=${encodeURIComponent(s)}&g=${encodeURIComponent(g)}&alpha=${encodeURIComponent(a)}`);
        const v = viewOf(setupOf(values));
        expect(Number.isFinite(v.total.total)).toBe(true);
      }),
    );
  });
});

describe('num', () => {
  it('whole numbers as they are, others to 4 significant figures, a true minus', () => {
    expect([num(72), num(-26), num(0.2204861111), num(3.75), num(2.6640625), num(1234.56), num(0.00001)]).toEqual(['72', '−26', '0.2205', '3.75', '2.664', '1234.6', '1.00e-5']);
  });
});
