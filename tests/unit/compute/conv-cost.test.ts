import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bottleneckCost, compareBlocks, mobileNetV2Cost, normalCost, outputSide, reduce, separableCost, separableRatio, type CostInput, type CostPadding,
} from '~/compute/conv-cost';
import { ComputeInputError } from '~/compute/errors';
import { inferValid, type LayerRow } from '~/compute/layers';

const INCEPTION = { n: 28, nc: 192, ncOut: 32, f: 5, bottleneck: 16 } as const;

describe('the course’s numbers, worked by hand', () => {
  it('Inception: 28×28×192 → 5×5 conv to 32 costs 120,422,400 multiplications', () => {
    const c = normalCost(INCEPTION);
    expect(28 * 28 * 5 * 5 * 192 * 32).toBe(120_422_400);
    expect(c.mults).toBe(120_422_400);
    expect(c.output).toEqual([28, 28, 32]);
    expect(c.weights).toBe(5 * 5 * 192 * 32); // 153,600
    expect(c.weights).toBe(153_600);
    expect(c.biases).toBe(32);
    expect(c.params).toBe(153_632);
  });

  it('Inception with a 1×1 bottleneck to 16: 2,408,448 + 10,035,200 = 12,443,648 multiplications', () => {
    const c = bottleneckCost(INCEPTION);
    expect(c.stages.map((s) => s.mults)).toEqual([28 * 28 * 192 * 16, 28 * 28 * 25 * 16 * 32]);
    expect(c.stages.map((s) => s.mults)).toEqual([2_408_448, 10_035_200]);
    expect(c.mults).toBe(12_443_648);
    expect(c.stages.map((s) => s.output)).toEqual([[28, 28, 16], [28, 28, 32]]);
    expect(c.stages.map((s) => s.weights)).toEqual([3072, 12_800]);
    expect(c.weights).toBe(15_872);
    expect(c.params).toBe(15_872 + 16 + 32);
    // About a tenth of the direct convolution's: the course's "≈120M vs ≈12.4M".
    expect(c.mults / normalCost(INCEPTION).mults).toBeCloseTo(0.1033, 4);
  });

  it('MobileNet v2 block n×n×5 → 30 → 20: 150 + 270 + 600 = 1,020 weights, and 1,020·n² multiplications', () => {
    for (const n of [1, 7, 10, 28]) {
      const c = mobileNetV2Cost({ n, nc: 5, ncOut: 20, f: 3, t: 6 });
      expect(c.stages.map((s) => s.weights)).toEqual([150, 270, 600]);
      expect(c.weights).toBe(1020);
      expect(c.biases).toBe(30 + 30 + 20);
      expect(c.stages.map((s) => s.output)).toEqual([[n, n, 30], [n, n, 30], [n, n, 20]]);
      expect(c.stages.map((s) => s.mults)).toEqual([150 * n * n, 270 * n * n, 600 * n * n]);
      expect(c.mults).toBe(1020 * n * n);
      expect(c.residualAdds).toBeNull(); // 5 ≠ 20 channels: no skip connection
    }
    expect(mobileNetV2Cost({ n: 10, nc: 5, ncOut: 20, f: 3, t: 6 }).mults).toBe(102_000);
  });

  it('the residual add appears when the block keeps the input’s shape: n²·n_c additions, no multiplication', () => {
    // The course's other example: n × n × 3, expanded to 18, projected back to 3.
    const c = mobileNetV2Cost({ n: 10, nc: 3, ncOut: 3, f: 3, t: 6 });
    expect(c.stages.map((s) => s.weights)).toEqual([54, 162, 54]);
    expect(c.residualAdds).toBe(300);
    expect(c.mults).toBe(100 * (54 + 162 + 54));
    // 'valid' shrinks the side, so the shapes no longer match.
    expect(mobileNetV2Cost({ n: 10, nc: 3, ncOut: 3, f: 3, t: 6, padding: 'valid' }).residualAdds).toBeNull();
  });

  it('the course’s depthwise-separable example: 6×6×3, 3×3, 5 filters, valid: 2,160 vs 432 + 240 = 672', () => {
    const input: CostInput = { n: 6, nc: 3, ncOut: 5, f: 3, padding: 'valid' };
    expect(normalCost(input).mults).toBe(2160);
    expect(separableCost(input).stages.map((s) => s.mults)).toEqual([432, 240]);
    expect(separableCost(input).mults).toBe(672);
    const r = separableRatio(input);
    expect(r.exact).toEqual({ num: 14, den: 45 }); // 1/5 + 1/9 = 14/45 = 672/2160
    expect(r.fromCounts).toEqual({ num: 14, den: 45 });
  });

  it('MobileNet v1 (Howard et al. 2017, Table 3): 14×14×512, 3×3 × 512 → 512: 462M vs 52.3M mult-adds, 2.36M vs 0.27M parameters', () => {
    const input: CostInput = { n: 14, nc: 512, ncOut: 512, f: 3 };
    const normal = normalCost(input);
    const sep = separableCost(input);
    expect(normal.mults).toBe(462_422_016);
    expect(sep.mults).toBe(903_168 + 51_380_224);
    expect(sep.mults).toBe(52_283_392);
    expect(normal.weights).toBe(2_359_296);
    expect(sep.weights).toBe(266_752);
    // The paper's table in millions, to its rounding.
    expect(Math.round(normal.mults / 1e6)).toBe(462);
    expect(Math.round(sep.mults / 1e5) / 10).toBe(52.3);
    expect(Math.round(normal.weights / 1e4) / 100).toBe(2.36);
    expect(Math.round(sep.weights / 1e4) / 100).toBe(0.27);
    // 1/512 + 1/9 = 521/4608 ≈ 0.1131: "8 to 9 times less computation".
    expect(separableRatio(input).exact).toEqual({ num: 521, den: 4608 });
    expect(1 / separableRatio(input).value).toBeCloseTo(8.84, 2);
  });

  it('the depthwise step has one filter per input channel (n_c′ = n_c for it), reading only its own channel', () => {
    const s = separableCost({ n: 8, nc: 7, ncOut: 11, f: 3 }).stages[0]!;
    expect(s.output[2]).toBe(7);
    expect(s.weights).toBe(9 * 7);
  });
});

// ------------------------------------------------------------------------------------- naive reference

/**
 * Counts multiplications by walking the computation itself: every output position the window reaches in
 * the padded input (found by trying positions, not by a formula), every filter, every tap the filter has,
 * every channel that filter reads. `perChannel` is a depthwise filter (reads one channel, one filter per
 * channel). Written apart from the module on purpose.
 */
function naiveConvMults(n: number, f: number, pad: number, inC: number, outC: number, perChannel = false): { mults: number; side: number } {
  let mults = 0;
  let side = 0;
  for (let top = 0; top + f <= n + 2 * pad; top++) {
    side++;
    for (let left = 0; left + f <= n + 2 * pad; left++) {
      for (let k = 0; k < (perChannel ? inC : outC); k++) {
        for (let dy = 0; dy < f; dy++) {
          for (let dx = 0; dx < f; dx++) {
            for (let c = 0; c < (perChannel ? 1 : inC); c++) mults++;
          }
        }
      }
    }
  }
  return { mults, side };
}

const padOf = (f: number, padding: CostPadding) => (padding === 'same' ? (f - 1) / 2 : 0);

function naiveBlocks(n: number, f: number, padding: CostPadding, nc: number, ncOut: number, b: number, t: number) {
  const p = padOf(f, padding);
  const normal = naiveConvMults(n, f, p, nc, ncOut);
  const dw = naiveConvMults(n, f, p, nc, nc, true);
  const pw = naiveConvMults(dw.side, 1, 0, nc, ncOut);
  const squeeze = naiveConvMults(n, 1, 0, nc, b);
  const wide = naiveConvMults(n, f, p, b, ncOut);
  const expand = naiveConvMults(n, 1, 0, nc, t * nc);
  const dw2 = naiveConvMults(expand.side, f, p, t * nc, t * nc, true);
  const project = naiveConvMults(dw2.side, 1, 0, t * nc, ncOut);
  return {
    normal: normal.mults, separable: dw.mults + pw.mults, bottleneck: squeeze.mults + wide.mults, mobilenetV2: expand.mults + dw2.mults + project.mults,
    side: normal.side,
  };
}

const smallCase = fc
  .record({
    n: fc.integer({ min: 1, max: 7 }),
    f: fc.integer({ min: 1, max: 5 }),
    padding: fc.constantFrom<CostPadding>('same', 'valid'),
    nc: fc.integer({ min: 1, max: 4 }),
    ncOut: fc.integer({ min: 1, max: 4 }),
    bottleneck: fc.integer({ min: 1, max: 3 }),
    t: fc.integer({ min: 1, max: 3 }),
  })
  .filter((c) => (c.padding === 'same' ? c.f % 2 === 1 : c.f <= c.n));

describe('against a naive count, output position by position and tap by tap', () => {
  it('all four blocks, small sizes, both paddings', () => {
    fc.assert(
      fc.property(smallCase, (c) => {
        const naive = naiveBlocks(c.n, c.f, c.padding, c.nc, c.ncOut, c.bottleneck, c.t);
        const all = compareBlocks(c);
        for (const name of ['normal', 'separable', 'bottleneck', 'mobilenetV2'] as const) {
          const block = all[name];
          if (block instanceof ComputeInputError) throw block;
          expect(block.mults, name).toBe(naive[name]);
          expect(block.output[0]).toBe(naive.side);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the normal convolution agrees with the layer calculator’s count (src/compute/layers.ts)', () => {
    fc.assert(
      fc.property(smallCase, (c) => {
        const row = inferValid({ h: c.n, w: c.n, c: c.nc }, [{ kind: 'conv', f: c.f, filters: c.ncOut, p: c.padding }]).layers[0] as LayerRow;
        const normal = normalCost(c);
        expect(normal.mults).toBe(row.mults);
        expect(normal.params).toBe(row.params);
      }),
    );
  });
});

// ------------------------------------------------------------------------------------- properties

const sizes = fc.record({
  n: fc.integer({ min: 1, max: 256 }),
  f: fc.integer({ min: 0, max: 5 }).map((k) => 2 * k + 1),
  nc: fc.integer({ min: 1, max: 2048 }),
  ncOut: fc.integer({ min: 1, max: 2048 }),
});

describe('properties', () => {
  it('depthwise-separable never costs more multiplications than the normal convolution when f > 1 and n_c′ > 1', () => {
    fc.assert(
      fc.property(sizes.filter((s) => s.f > 1 && s.ncOut > 1), (s) => {
        expect(separableCost(s).mults).toBeLessThanOrEqual(normalCost(s).mults);
      }),
    );
  });

  it('and at f = 1 it always costs more (the depthwise step adds n²·n_c for nothing)', () => {
    fc.assert(
      fc.property(sizes, (s) => {
        expect(separableCost({ ...s, f: 1 }).mults).toBeGreaterThan(normalCost({ ...s, f: 1 }).mults);
      }),
    );
  });

  it('the ratio of multiplications is exactly 1/n_c′ + 1/f², in integers', () => {
    fc.assert(
      fc.property(sizes, fc.constantFrom<CostPadding>('same', 'valid'), (s, padding) => {
        fc.pre(padding === 'same' || s.f <= s.n);
        const input = { ...s, padding };
        const { exact, fromCounts, value } = separableRatio(input);
        expect(fromCounts).toEqual(exact);
        // sep · f² · n_c′ = normal · (f² + n_c′), exactly (BigInt: no rounding anywhere).
        const f2 = BigInt(s.f * s.f);
        const ncOut = BigInt(s.ncOut);
        expect(BigInt(separableCost(input).mults) * f2 * ncOut).toBe(BigInt(normalCost(input).mults) * (f2 + ncOut));
        expect(value).toBeCloseTo(1 / s.ncOut + 1 / (s.f * s.f), 12);
      }),
    );
  });

  it('every block’s multiplications scale with n_out², and its parameters do not depend on n', () => {
    fc.assert(
      fc.property(sizes, fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 8 }), (s, bottleneck, t) => {
        const small = compareBlocks({ ...s, n: 1, bottleneck, t });
        const big = compareBlocks({ ...s, bottleneck, t });
        for (const name of ['normal', 'separable', 'bottleneck', 'mobilenetV2'] as const) {
          const [a, b] = [small[name], big[name]];
          if (a instanceof ComputeInputError || b instanceof ComputeInputError) throw new Error('no block should fail here');
          expect(b.mults).toBe(a.mults * s.n * s.n);
          expect(b.params).toBe(a.params);
        }
      }),
    );
  });

  it('reduce gives lowest terms', () => {
    expect(reduce(672, 2160)).toEqual({ num: 14, den: 45 });
    expect(reduce(0, 5)).toEqual({ num: 0, den: 1 });
  });
});

// ------------------------------------------------------------------------------------- bad input

describe('impossible inputs name the block and the size at fault', () => {
  it.each([
    [() => normalCost({ n: 28, nc: 0, ncOut: 32, f: 5 }), /^normal convolution: input channels n_c must be a whole number from 1 to 65536; got 0$/],
    [() => separableCost({ n: 28, nc: 3, ncOut: 0, f: 3 }), /^depthwise-separable convolution: output channels n_c′ must be a whole number from 1 to 65536; got 0$/],
    [() => bottleneckCost({ ...INCEPTION, bottleneck: 0 }), /^1×1 bottleneck: bottleneck channels must be a whole number from 1/],
    [() => mobileNetV2Cost({ n: 10, nc: 5, ncOut: 20, f: 3, t: 1.5 }), /^MobileNet v2 block: expansion factor t must be a whole number from 1 to 64; got 1\.5$/],
    [() => normalCost({ n: 4, nc: 3, ncOut: 5, f: 5, padding: 'valid' }), /^normal convolution: a 5×5 filter does not fit a 4×4 input with “valid” padding$/],
    [() => separableCost({ n: 4, nc: 3, ncOut: 5, f: 5, padding: 'valid' }), /^depthwise-separable convolution: a 5×5 filter/],
    [() => normalCost({ n: 28.5, nc: 3, ncOut: 5, f: 3 }), /^normal convolution: input size n must be a whole number from 1 to 4096; got 28\.5$/],
    [() => normalCost({ n: 28, nc: 3, ncOut: 5, f: 4 }), /^normal convolution: “same” padding needs an odd filter size; f = 4 is even$/],
    [() => normalCost({ n: 28, nc: Number.NaN, ncOut: 5, f: 3 }), /got NaN$/],
    [() => normalCost({ n: 4096, nc: 65536, ncOut: 65536, f: 63 }), /^normal convolution: the multiplications of its 63×63 convolution \(about .*\) is too large to count exactly$/],
  ])('%#', (run, message) => {
    expect(run).toThrow(ComputeInputError);
    expect(run).toThrow(message);
  });

  it('compareBlocks keeps the blocks that work and holds the error of the one that does not', () => {
    const all = compareBlocks({ n: 10, nc: 5, ncOut: 20, f: 3, bottleneck: 0, t: 6 });
    expect(all.bottleneck).toBeInstanceOf(ComputeInputError);
    expect((all.normal as { mults: number }).mults).toBe(100 * 9 * 5 * 20);
    expect(() => outputSide(3, 3, 'padded' as CostPadding)).toThrow(/padding must be “same” or “valid”/);
  });
});
