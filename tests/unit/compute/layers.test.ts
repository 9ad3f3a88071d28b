import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convParamCount } from '~/compute/conv';
import { ComputeInputError } from '~/compute/errors';
import {
  formatInput, formatLayer, formatLayers, inferLayers, inferValid, LayerError, layerNames, LIMITS, normaliseLayer, parseInput,
  parseLayers, type AddLayer, type ConvLayer, type DenseLayer, type DepthwiseLayer, type Layer, type LayerRow, type PoolLayer, type Volume,
} from '~/compute/layers';

const LENET5 = 'conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10';
const layersOf = (text: string) => {
  const { layers, problems } = parseLayers(text);
  expect(problems).toEqual([]);
  return layers;
};
const okRows = (input: Volume, text: string) => inferValid(input, layersOf(text)).layers as LayerRow[];

describe('course examples, worked by hand', () => {
  it('the course’s LeNet-5 on 32×32×3: shapes, activation sizes, parameters, total 62,006', () => {
    const r = inferValid({ h: 32, w: 32, c: 3 }, layersOf(LENET5));
    const rows = r.layers as LayerRow[];
    expect(rows.map((l) => l.name)).toEqual(['conv 1', 'pool 1', 'conv 2', 'pool 2', 'fc 3', 'fc 4', 'softmax']);
    // 32 − 5 + 1 = 28; ⌊(28 − 2)/2⌋ + 1 = 14; 14 − 5 + 1 = 10; ⌊(10 − 2)/2⌋ + 1 = 5.
    expect(rows.map((l) => l.output)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [120], [84], [10]]);
    expect([r.input.activations, ...rows.map((l) => l.activations)]).toEqual([3072, 4704, 1176, 1600, 400, 120, 84, 10]);
    const byHand = [
      (5 * 5 * 3 + 1) * 6, // 456 — not the slides' 208
      0,
      (5 * 5 * 6 + 1) * 16, // 2,416 — not the slides' 416
      0,
      400 * 120 + 120, // 48,120
      120 * 84 + 84, // 10,164
      84 * 10 + 10, // 850
    ];
    expect(byHand).toEqual([456, 0, 2416, 0, 48120, 10164, 850]);
    expect(rows.map((l) => l.params)).toEqual(byHand);
    expect(456 + 2416 + 48120 + 10164 + 850).toBe(62006);
    expect(r.totals.params).toBe(62006);
    // The chapter: "the convolutional layers … own only 2,872 of the 62,006 parameters".
    expect(r.totals.paramsByKind.conv).toBe(456 + 2416);
    expect(r.totals.paramsByKind.conv).toBe(2872);
    expect(r.totals.paramsByKind.dense).toBe(48120 + 10164 + 850);
    // Multiplications: 28·28·6·(5·5·3) + 10·10·16·(5·5·6) + 400·120 + 120·84 + 84·10.
    expect(rows.map((l) => l.mults)).toEqual([352800, 0, 240000, 0, 48000, 10080, 840]);
    expect(r.totals.mults).toBe(651720);
    // Stored activations of one forward pass (the input not counted).
    expect(r.totals.activations).toBe(4704 + 1176 + 1600 + 400 + 120 + 84 + 10);
    expect(rows[4]!.flattens).toBe(true);
  });

  it('LeNet-5 as published (LeCun et al. 1998): 32×32×1, average pools, C5 a convolution; 61,706 by the full-connection count', () => {
    const r = inferValid({ h: 32, w: 32, c: 1 }, layersOf('conv5-6,avgpool2,conv5-16,avgpool2,conv5-120,fc84,fc10'));
    const rows = r.layers as LayerRow[];
    expect(rows.map((l) => l.output)).toEqual([[28, 28, 6], [14, 14, 6], [10, 10, 16], [5, 5, 16], [1, 1, 120], [84], [10]]);
    // C1 (5·5·1 + 1)·6 = 156. C3 counted fully connected to S2's 6 maps: (5·5·6 + 1)·16 = 2,416 (the paper's
    // partial connection table gives 1,516). C5 (5·5·16 + 1)·120 = 48,120, F6 (120 + 1)·84 = 10,164, and the
    // output as a dense layer (84 + 1)·10 = 850 (the paper's RBF units have 840 weights).
    const byHand = [(5 * 5 * 1 + 1) * 6, 0, (5 * 5 * 6 + 1) * 16, 0, (5 * 5 * 16 + 1) * 120, (120 + 1) * 84, (84 + 1) * 10];
    expect(byHand).toEqual([156, 0, 2416, 0, 48120, 10164, 850]);
    expect(rows.map((l) => l.params)).toEqual(byHand);
    expect(156 + 2416 + 48120 + 10164 + 850).toBe(61706);
    expect(r.totals.params).toBe(61706);
    // Greyscale changes only C1: 62,006 − 61,706 = 300 = (456 − 156).
    expect(62006 - r.totals.params).toBe(456 - 156);
  });

  it('"same" keeps the height and width at stride 1 and gives ⌈n/s⌉ at stride s', () => {
    const rows = okRows({ h: 16, w: 16, c: 3 }, 'conv3-8-same,conv3-8,maxpool2,fc10');
    expect(rows.map((l) => l.output)).toEqual([[16, 16, 8], [14, 14, 8], [7, 7, 8], [10]]);
    expect(rows[0]!.geometry).toEqual({ fh: 3, fw: 3, s: 1, ph: 1, pw: 1 });
    expect(rows.map((l) => l.params)).toEqual([(27 + 1) * 8, (72 + 1) * 8, 0, (392 + 1) * 10]);
    for (const n of [5, 6, 7, 32, 33]) {
      for (const s of [1, 2, 3]) {
        for (const f of [1, 3, 5]) {
          if (f > n) continue;
          const [row] = okRows({ h: n, w: n, c: 1 }, `conv${f}-1-s${s}-same`);
          expect(row!.output[0], `n=${n} f=${f} s=${s}`).toBe(Math.ceil(n / s));
        }
      }
    }
  });

  it('the course’s other counts: 39×39×3 with ten 3×3 filters, then 20 5×5 at stride 2, then 40 5×5 at stride 2', () => {
    const rows = okRows({ h: 39, w: 39, c: 3 }, 'conv3-10,conv5-20-s2,conv5-40-s2');
    expect(rows.map((l) => l.output)).toEqual([[37, 37, 10], [17, 17, 20], [7, 7, 40]]);
    expect(rows.at(-1)!.activations).toBe(1960);
    expect(rows.map((l) => l.params)).toEqual([(27 + 1) * 10, (250 + 1) * 20, (500 + 1) * 40]);
  });

  it('non-square filters: a 1×3 conv keeps the rows and narrows the columns; a 3×1 the other way', () => {
    const rows = okRows({ h: 8, w: 8, c: 2 }, 'conv1x3-4,conv3x1-4');
    expect(rows.map((l) => l.output)).toEqual([[8, 6, 4], [6, 6, 4]]);
    expect(rows.map((l) => l.params)).toEqual([(1 * 3 * 2 + 1) * 4, (3 * 1 * 4 + 1) * 4]);
    expect(rows[1]!.mults).toBe(6 * 6 * 4 * 3 * 4);
  });

  it('square conv layers count exactly what convParamCount counts, with and without bias', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (f, c, n, bias) => {
      const layer: ConvLayer = bias ? { kind: 'conv', f, filters: n } : { kind: 'conv', f, filters: n, bias: false };
      const [row] = inferValid({ h: 9, w: 9, c }, [layer]).layers as LayerRow[];
      expect(row!.params).toBe(convParamCount(f, c, n, bias));
    }));
  });
});

// ---------------------------------------------------------------------------------------------------
// A naive, independent computation: window positions counted by sliding, parameters and multiplications
// counted one by one in loops. It shares no code with src/compute.
// ---------------------------------------------------------------------------------------------------

interface Naive {
  output: number[];
  params: number;
  activations: number;
  mults: number;
}

/** Window starts along one axis: slide from the first padded cell while the window still fits. */
function slide(n: number, f: number, pad: number, s: number): number {
  let count = 0;
  for (let start = 0; start + f <= n + 2 * pad; start += s) count++;
  return count;
}

/** Every layer's numbers, or the position (1-based) of the first layer that cannot compute. */
function naive(input: Volume, layers: readonly Layer[]): { rows: Naive[]; brokenAt: number | null } {
  let shape: number[] = [input.h, input.w, input.c];
  const shapes: number[][] = [shape];
  const rows: Naive[] = [];
  for (const [i, layer] of layers.entries()) {
    const volume = shape.length === 3;
    let out: Naive;
    if (layer.kind === 'add') {
      const other = shapes[layer.from];
      if (layer.from > i || !other || JSON.stringify(other) !== JSON.stringify(shape)) return { rows, brokenAt: i + 1 };
      out = { output: [...shape], params: 0, activations: shape.reduce((a, b) => a * b, 1), mults: 0 };
    } else if (layer.kind === 'depthwise') {
      // One f × f filter per channel, counted weight by weight and tap by tap.
      if (!volume) return { rows, brokenAt: i + 1 };
      const [h, w, c] = shape as [number, number, number];
      const s = layer.s ?? 1;
      let pad = 0;
      if (layer.p === 'same') {
        if (layer.f % 2 === 0) return { rows, brokenAt: i + 1 };
        pad = (layer.f - 1) / 2;
      } else if (typeof layer.p === 'number') pad = layer.p;
      const oh = slide(h, layer.f, pad, s);
      const ow = slide(w, layer.f, pad, s);
      if (oh === 0 || ow === 0) return { rows, brokenAt: i + 1 };
      let params = 0;
      let mults = 0;
      for (let ch = 0; ch < c; ch++) {
        for (let dy = 0; dy < layer.f; dy++) for (let dx = 0; dx < layer.f; dx++) params++;
        if (layer.bias !== false) params++;
        for (let y = 0; y < oh; y++) for (let x = 0; x < ow; x++) for (let dy = 0; dy < layer.f; dy++) for (let dx = 0; dx < layer.f; dx++) mults++;
      }
      out = { output: [oh, ow, c], params, activations: oh * ow * c, mults };
    } else if (layer.kind === 'conv') {
      if (!volume) return { rows, brokenAt: i + 1 };
      const [h, w, c] = shape as [number, number, number];
      const fh = layer.f;
      const fw = layer.fw ?? layer.f;
      const s = layer.s ?? 1;
      let ph = 0;
      let pw = 0;
      if (layer.p === 'same') {
        if (fh % 2 === 0 || fw % 2 === 0) return { rows, brokenAt: i + 1 };
        ph = (fh - 1) / 2;
        pw = (fw - 1) / 2;
      } else if (typeof layer.p === 'number') ph = pw = layer.p;
      const oh = slide(h, fh, ph, s);
      const ow = slide(w, fw, pw, s);
      if (oh === 0 || ow === 0) return { rows, brokenAt: i + 1 };
      let params = 0;
      for (let k = 0; k < layer.filters; k++) {
        for (let dy = 0; dy < fh; dy++) for (let dx = 0; dx < fw; dx++) for (let ch = 0; ch < c; ch++) params++;
        if (layer.bias !== false) params++;
      }
      let mults = 0;
      for (let y = 0; y < oh; y++)
        for (let x = 0; x < ow; x++)
          for (let k = 0; k < layer.filters; k++)
            for (let dy = 0; dy < fh; dy++) for (let dx = 0; dx < fw; dx++) for (let ch = 0; ch < c; ch++) mults++;
      out = { output: [oh, ow, layer.filters], params, activations: oh * ow * layer.filters, mults };
    } else if (layer.kind === 'pool') {
      if (!volume) return { rows, brokenAt: i + 1 };
      const [h, w, c] = shape as [number, number, number];
      const oh = slide(h, layer.f, 0, layer.s ?? layer.f);
      const ow = slide(w, layer.f, 0, layer.s ?? layer.f);
      if (oh === 0 || ow === 0) return { rows, brokenAt: i + 1 };
      out = { output: [oh, ow, c], params: 0, activations: oh * ow * c, mults: 0 };
    } else {
      let n = 0;
      for (let k = 0; k < shape.reduce((a, b) => a * b, 1); k++) n++;
      if (layer.kind === 'flatten') out = { output: [n], params: 0, activations: n, mults: 0 };
      else {
        let params = 0;
        let mults = 0;
        for (let u = 0; u < layer.units; u++) {
          for (let j = 0; j < n; j++) (params++, mults++);
          if (layer.bias !== false) params++;
        }
        out = { output: [layer.units], params, activations: layer.units, mults };
      }
    }
    rows.push(out);
    shape = out.output;
    shapes.push(shape);
  }
  return { rows, brokenAt: null };
}

const small = (min: number, max: number) => fc.integer({ min, max });
const convArb: fc.Arbitrary<ConvLayer> = fc.record(
  {
    kind: fc.constant('conv' as const),
    f: small(1, 5),
    fw: small(1, 5),
    s: small(1, 3),
    p: fc.oneof(small(0, 2), fc.constantFrom('same' as const, 'valid' as const)),
    filters: small(1, 6),
    bias: fc.boolean(),
  },
  { requiredKeys: ['kind', 'f', 'filters'] },
);
const poolArb: fc.Arbitrary<PoolLayer> = fc.record(
  { kind: fc.constant('pool' as const), mode: fc.constantFrom('max' as const, 'avg' as const), f: small(1, 4), s: small(1, 3) },
  { requiredKeys: ['kind', 'mode', 'f'] },
);
const denseArb: fc.Arbitrary<DenseLayer> = fc.record(
  { kind: fc.constant('dense' as const), units: small(1, 20), softmax: fc.constant(true as const), bias: fc.constant(false as const) },
  { requiredKeys: ['kind', 'units'] },
);
const depthwiseArb: fc.Arbitrary<DepthwiseLayer> = fc.record(
  {
    kind: fc.constant('depthwise' as const),
    f: small(1, 5),
    s: small(1, 3),
    p: fc.oneof(small(0, 2), fc.constantFrom('same' as const, 'valid' as const)),
    bias: fc.boolean(),
  },
  { requiredKeys: ['kind', 'f'] },
);
const addArb: fc.Arbitrary<AddLayer> = fc.record({ kind: fc.constant('add' as const), from: small(0, 6) });
const layerArb: fc.Arbitrary<Layer> = fc.oneof(
  { arbitrary: convArb, weight: 4 },
  { arbitrary: depthwiseArb, weight: 2 },
  { arbitrary: addArb, weight: 1 },
  { arbitrary: poolArb, weight: 2 },
  { arbitrary: fc.constant({ kind: 'flatten' as const }), weight: 1 },
  { arbitrary: denseArb, weight: 2 },
);
const inputArb = fc.record({ h: small(1, 12), w: small(1, 12), c: small(1, 4) });

describe('against the naive count, on random stacks', () => {
  it('agrees layer by layer, and breaks at the same layer', () => {
    let complete = 0;
    fc.assert(
      fc.property(inputArb, fc.array(layerArb, { minLength: 1, maxLength: 6 }), (input, layers) => {
        const ours = inferLayers(input, layers);
        const ref = naive(input, layers);
        const okRows = ours.layers.filter((l): l is LayerRow => l.status === 'ok');
        expect(okRows.map(({ output, params, activations, mults }) => ({ output: [...output], params, activations, mults }))).toEqual(ref.rows);
        expect(ours.error?.index ?? null).toBe(ref.brokenAt);
        if (ref.brokenAt === null) {
          complete++;
          expect(ours.totals!.params).toBe(ref.rows.reduce((a, r) => a + r.params, 0));
          expect(ours.totals!.mults).toBe(ref.rows.reduce((a, r) => a + r.mults, 0));
        } else {
          expect(ours.layers[ref.brokenAt - 1]!.status).toBe('error');
          expect(ours.layers.slice(ref.brokenAt).every((l) => l.status === 'skipped')).toBe(true);
          expect(ours.error!.message.startsWith(`layer ${ref.brokenAt} (`)).toBe(true);
          expect(ours.totals).toBeNull();
        }
      }),
      { numRuns: 300 },
    );
    expect(complete).toBeGreaterThan(30); // enough of the random stacks are valid to mean something
  });

  it('never gives NaN or a negative count, and totals add up', () => {
    fc.assert(fc.property(inputArb, fc.array(layerArb, { minLength: 1, maxLength: 8 }), (input, layers) => {
      const r = inferLayers(input, layers);
      for (const l of r.layers) {
        if (l.status !== 'ok') continue;
        for (const v of [l.params, l.activations, l.mults, ...l.output]) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
      }
      if (r.totals) expect(Object.values(r.totals.paramsByKind).reduce((a, b) => a + b, 0)).toBe(r.totals.params);
    }));
  });
});

describe('errors', () => {
  it('a filter too big for its input names the layer and the sizes; the layers after it are skipped', () => {
    const r = inferLayers({ h: 7, w: 7, c: 1 }, layersOf('conv3-4,conv3-4,conv5-2,fc10'));
    expect(r.error).toBeInstanceOf(LayerError);
    expect(r.error).toBeInstanceOf(ComputeInputError);
    expect(r.error).toBeInstanceOf(RangeError);
    expect(r.error!.message).toBe('layer 3 (conv 5×5): filter 5×5 does not fit a 3×3 input with padding 0');
    expect(r.error!.index).toBe(3);
    expect(r.error!.reason).toBe('filter 5×5 does not fit a 3×3 input with padding 0');
    expect(r.layers.map((l) => l.status)).toEqual(['ok', 'ok', 'error', 'skipped']);
    expect(r.totals).toBeNull();
    expect(() => inferValid({ h: 7, w: 7, c: 1 }, layersOf('conv3-4,conv3-4,conv5-2,fc10'))).toThrow(r.error!.message);
  });

  it('padding can make a filter fit; non-square filters are named by both sides', () => {
    expect(inferLayers({ h: 3, w: 3, c: 1 }, layersOf('conv5-1-p1')).error).toBeNull();
    expect(inferLayers({ h: 8, w: 2, c: 1 }, layersOf('conv1x3-2')).error!.message).toBe('layer 1 (conv 1×3): filter 1×3 does not fit a 8×2 input with padding 0');
  });

  it('a pool window too big for its input', () => {
    expect(inferLayers({ h: 4, w: 4, c: 3 }, layersOf('maxpool2,maxpool3')).error!.message).toBe('layer 2 (max pool 3×3): pool window 3×3 does not fit a 2×2 input');
  });

  it('a dense layer after a volume flattens it (documented: the course draws FC straight after POOL)', () => {
    const [conv, dense] = okRows({ h: 6, w: 6, c: 1 }, 'conv3-2,fc5');
    expect(conv!.output).toEqual([4, 4, 2]);
    expect(dense!.flattens).toBe(true);
    expect(dense!.params).toBe((32 + 1) * 5);
    // An explicit flatten gives the same count, with a flatten row of no parameters.
    const rows = okRows({ h: 6, w: 6, c: 1 }, 'conv3-2,flatten,fc5');
    expect(rows.map((l) => [l.output, l.params])).toEqual([[[4, 4, 2], 20], [[32], 0], [[5], 165]]);
    expect(rows[2]!.flattens).toBeUndefined();
  });

  it('a conv or pool after a vector is an error, not a guess', () => {
    expect(inferLayers({ h: 8, w: 8, c: 1 }, layersOf('fc10,conv3-3')).error!.message).toBe(
      'layer 2 (conv 3×3): a convolution needs a height × width × channels volume, but its input is a vector of 10 values',
    );
    expect(inferLayers({ h: 8, w: 8, c: 1 }, layersOf('flatten,maxpool2')).error!.message).toBe(
      'layer 2 (max pool 2×2): pooling needs a height × width × channels volume, but its input is a vector of 64 values',
    );
  });

  it('"same" with an even filter, and bad numbers, are sentences too', () => {
    expect(inferLayers({ h: 8, w: 8, c: 1 }, layersOf('conv4-2-same')).error!.message).toBe('layer 1 (conv 4×4): "same" padding needs an odd filter size; f = 4 is even');
    const bad = inferLayers({ h: 8, w: 8, c: 1 }, [{ kind: 'conv', f: 3, filters: 0 }, { kind: 'dense', units: 2.5 }]);
    expect(bad.error!.message).toBe('layer 1 (conv 3×3): number of filters must be an integer ≥ 1; got 0');
    expect(inferLayers({ h: 8, w: 8, c: 1 }, [{ kind: 'dense', units: Number.NaN }]).error!.message).toBe('layer 1 (fc NaN): units must be an integer ≥ 1; got NaN');
    expect(() => inferLayers({ h: 0, w: 8, c: 1 }, [])).toThrow(ComputeInputError);
    expect(() => inferLayers({ h: 0, w: 8, c: 1 }, [])).toThrow('input height must be an integer ≥ 1; got 0');
  });

  it('counts too large to be exact are refused', () => {
    // 4,033² positions · 4,096 filters · 64·64·4,096 ≈ 1.1e18 multiplications: past 2⁵³, where integers stop being exact.
    const r = inferLayers({ h: 4096, w: 4096, c: 4096 }, [{ kind: 'conv', f: 64, filters: 4096 }]);
    expect(r.error!.message).toBe('layer 1 (conv 64×64): its number of multiplications (about 1.1e+18) is too large to count exactly');
    // The largest the text form allows of a dense layer still counts exactly: 4,096³ inputs · 100,000 units.
    expect(inferLayers({ h: 4096, w: 4096, c: 4096 }, [{ kind: 'dense', units: 100_000 }]).error).toBeNull();
  });

  it('an empty stack is the input alone', () => {
    const r = inferValid({ h: 2, w: 3, c: 4 }, []);
    expect(r.input).toEqual({ shape: [2, 3, 4], activations: 24 });
    expect(r.totals).toEqual({ params: 0, activations: 0, mults: 0, paramsByKind: { conv: 0, pool: 0, flatten: 0, dense: 0, depthwise: 0, add: 0 } });
  });
});

describe('names', () => {
  it('follow the course: a pool takes the number of the conv before it, the softmax none', () => {
    expect(layerNames(layersOf('maxpool2,conv3-1,conv3-1,avgpool2,flatten,fc4,softmax2'))).toEqual(['pool', 'conv 1', 'conv 2', 'pool 2', 'flatten', 'fc 3', 'softmax']);
  });
});

describe('the text form', () => {
  // Canonical stacks: what formatLayers writes. Layers as they come from the parser (no undefined keys).
  const textLayerArb: fc.Arbitrary<Layer> = fc.oneof(
    fc.record(
      {
        kind: fc.constant('conv' as const),
        f: small(1, LIMITS.filter),
        fw: small(1, LIMITS.filter),
        filters: small(1, LIMITS.channels),
        s: small(1, LIMITS.stride),
        p: fc.oneof(small(0, LIMITS.padding), fc.constantFrom('same' as const, 'valid' as const)),
        bias: fc.constant(false as const),
      },
      { requiredKeys: ['kind', 'f', 'filters'] },
    ),
    fc.record(
      { kind: fc.constant('pool' as const), mode: fc.constantFrom('max' as const, 'avg' as const), f: small(1, LIMITS.filter), s: small(1, LIMITS.stride) },
      { requiredKeys: ['kind', 'mode', 'f'] },
    ),
    fc.constant({ kind: 'flatten' as const }),
    fc.record(
      { kind: fc.constant('dense' as const), units: small(1, LIMITS.units), softmax: fc.constant(true as const), bias: fc.constant(false as const) },
      { requiredKeys: ['kind', 'units'] },
    ),
    fc.record(
      {
        kind: fc.constant('depthwise' as const),
        f: small(1, LIMITS.filter),
        s: small(1, LIMITS.stride),
        p: fc.oneof(small(0, LIMITS.padding), fc.constantFrom('same' as const, 'valid' as const)),
        bias: fc.constant(false as const),
      },
      { requiredKeys: ['kind', 'f'] },
    ),
    fc.record({ kind: fc.constant('add' as const), from: small(0, LIMITS.layers - 1) }),
  );
  const stackArb = fc.array(textLayerArb, { minLength: 1, maxLength: LIMITS.layers });

  it('reads LeNet-5 and writes it back', () => {
    expect(formatLayers(layersOf(LENET5))).toBe(LENET5);
    expect(layersOf('conv5-6-s2-p1-nobias,conv1x3-8-same,conv3-8-valid,maxpool3-s2,avgpool2,flatten,fc10-nobias,softmax10')).toEqual([
      { kind: 'conv', f: 5, filters: 6, s: 2, p: 1, bias: false },
      { kind: 'conv', f: 1, fw: 3, filters: 8, p: 'same' },
      { kind: 'conv', f: 3, filters: 8, p: 'valid' },
      { kind: 'pool', mode: 'max', f: 3, s: 2 },
      { kind: 'pool', mode: 'avg', f: 2 },
      { kind: 'flatten' },
      { kind: 'dense', units: 10, bias: false },
      { kind: 'dense', units: 10, softmax: true },
    ]);
  });

  it('round-trips: format(parse(s)) === s and parse(format(stack)) equals the stack', () => {
    fc.assert(fc.property(stackArb, (stack) => {
      const text = formatLayers(stack);
      const parsed = parseLayers(text);
      expect(parsed.problems).toEqual([]);
      expect(parsed.layers).toEqual(stack);
      expect(formatLayers(parsed.layers)).toBe(text);
    }));
  });

  it('accepts spaces, upper case, and “×”; options in any order', () => {
    expect(formatLayers(layersOf(' CONV5×5-6 , MaxPool2 ,FC10 '))).toBe('conv5x5-6,maxpool2,fc10');
    expect(layersOf('conv3-8-same-s2')).toEqual(layersOf('conv3-8-s2-same'));
  });

  it('normalised layers drop their defaults', () => {
    expect(formatLayer(normaliseLayer({ kind: 'conv', f: 3, fw: 3, s: 1, p: 0, filters: 4, bias: true }))).toBe('conv3-4');
    expect(formatLayer(normaliseLayer({ kind: 'pool', mode: 'max', f: 2, s: 2 }))).toBe('maxpool2');
    expect(formatLayer(normaliseLayer({ kind: 'dense', units: 3, softmax: false, bias: true }))).toBe('fc3');
  });

  it('explains each bad token and keeps the good ones', () => {
    const { layers, problems } = parseLayers('conv5-6,relu,conv5,conv5-6-q2,conv5-6-s,maxpool2-s2-s3,,fc0,conv99-6,conv3-8-same-p1,fc10');
    expect(formatLayers(layers)).toBe('conv5-6,fc10');
    expect(problems).toEqual([
      'Layer 2 “relu” is not a layer; write conv5-6, dw3, maxpool2, avgpool2, flatten, fc120, softmax10 or add0; it was left out.',
      'Layer 3 “conv5”: a convolution is written conv<f>-<filters>, e.g. conv5-6 or conv3-16-same; it was left out.',
      'Layer 4 “conv5-6-q2”: unknown option “q2”; a convolution takes -s<stride>, -p<padding>, -same, -valid and -nobias; it was left out.',
      'Layer 5 “conv5-6-s”: -s needs a number, e.g. -s2; it was left out.',
      'Layer 6 “maxpool2-s2-s3”: stride is given twice; it was left out.',
      'Layer 7 is empty (two commas in a row?); it was left out.',
      'Layer 8 “fc0”: units must be from 1 to 100,000; got 0; it was left out.',
      'Layer 9 “conv99-6”: filter size f must be from 1 to 64; got 99; it was left out.',
      'Layer 10 “conv3-8-same-p1”: padding is given twice; it was left out.',
    ]);
  });

  it('never throws on hostile or random text, and what it returns reads back cleanly', () => {
    const hostile = [
      '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '__proto__', 'constructor', 'toString', 'conv' + '9'.repeat(400) + '-1',
      'conv5-' + '9'.repeat(30), ',,,,', '-', 'conv5-6-'.repeat(50), '卷积5-6', 'conv５-6', 'conv5-6\u0000', 'conv5-6\n,fc10', 'fc1e3', 'fc-5', 'fc 10',
      'conv0x0-0', 'maxpool0', 'conv3-8-p-1', 'conv3-8-s0', 'softmax', 'flatten2', 'x'.repeat(10_000),
    ];
    for (const text of hostile) {
      const { layers, problems } = parseLayers(text);
      expect(problems.every((p) => typeof p === 'string' && p.length < 300)).toBe(true);
      expect(parseLayers(formatLayers(layers)).problems).toEqual([]);
    }
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const { layers, problems } = parseLayers(text);
      expect(parseLayers(formatLayers(layers)).layers).toEqual(layers);
      expect(Array.isArray(problems)).toBe(true);
    }));
    expect(parseLayers('').layers).toEqual([]);
    expect(parseLayers(undefined as unknown as string)).toEqual({ layers: [], problems: [] });
  });

  it('reads at most LIMITS.layers layers', () => {
    const { layers, problems } = parseLayers(Array.from({ length: 45 }, () => 'fc2').join(','));
    expect(layers).toHaveLength(LIMITS.layers);
    expect(problems).toEqual([`Only the first ${LIMITS.layers} layers are used; 45 were given.`]);
  });

  it('reads and writes input volumes', () => {
    expect(parseInput('32x32x3')).toEqual({ input: { h: 32, w: 32, c: 3 } });
    expect(parseInput(' 224 × 224 × 3 ')).toEqual({ input: { h: 224, w: 224, c: 3 } });
    expect(formatInput({ h: 5, w: 6, c: 7 })).toBe('5x6x7');
    expect(parseInput('32x32').problem).toBe('Input “32x32” must be height×width×channels, e.g. 32x32x3.');
    expect(parseInput('0x3x3').problem).toBe('Input “0x3x3”: its height must be from 1 to 4,096; got 0.');
    expect(parseInput('3x3x99999').problem).toBe('Input “3x3x99999”: its channels must be from 1 to 4,096; got 99999.');
    expect(parseInput('<b>x</b>').input).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------------
// Course 4 week 2: depthwise convolution (MobileNet) and the residual add.
// ---------------------------------------------------------------------------------------------------

describe('depthwise convolution and residual add', () => {
  it('the course’s depthwise example: 3×3 on 6×6×3 (valid) → 4×4×3, 27 weights, 432 multiplications', () => {
    const [dw] = okRows({ h: 6, w: 6, c: 3 }, 'dw3-nobias');
    expect(dw!.output).toEqual([4, 4, 3]);
    expect(dw!.params).toBe(3 * 3 * 3); // 27
    expect(dw!.mults).toBe(4 * 4 * 3 * 3 * 3); // 432: 16 positions × 3 channels × 9 taps
    expect(dw!.mults).toBe(432);
    expect(okRows({ h: 6, w: 6, c: 3 }, 'dw3')[0]!.params).toBe(27 + 3); // one bias per channel
    // The course's pointwise step after it: 5 filters of 1×1×3 → 4×4×5, 4·4·5·3 = 240 multiplications;
    // 432 + 240 = 672 against 2,160 for a normal 3×3 conv with 5 filters (4·4·5·27).
    const sep = okRows({ h: 6, w: 6, c: 3 }, 'dw3-nobias,conv1-5-nobias');
    expect(sep[1]!.mults).toBe(240);
    expect(okRows({ h: 6, w: 6, c: 3 }, 'conv3-5-nobias')[0]!.mults).toBe(2160);
  });

  it('the MobileNet v2 block on 14×14×5: expand to 30, depthwise 3×3 same, project to 20 = 150 + 270 + 600 = 1,020 weights', () => {
    const r = inferValid({ h: 14, w: 14, c: 5 }, layersOf('conv1-30-nobias,dw3-same-nobias,conv1-20-nobias'));
    const rows = r.layers as LayerRow[];
    expect(rows.map((l) => l.name)).toEqual(['conv 1', 'depthwise 2', 'conv 3']);
    expect(rows.map((l) => l.output)).toEqual([[14, 14, 30], [14, 14, 30], [14, 14, 20]]);
    expect(rows.map((l) => l.params)).toEqual([5 * 30, 3 * 3 * 30, 30 * 20]);
    expect(r.totals.params).toBe(1020);
    expect(r.totals.paramsByKind).toMatchObject({ conv: 750, depthwise: 270, add: 0 });
    expect(rows[1]!.mults).toBe(14 * 14 * 9 * 30);
  });

  it('a residual block on 14×14×16: weights 1,536 + 864 + 1,536; the add keeps the shape and costs nothing', () => {
    const r = inferValid({ h: 14, w: 14, c: 16 }, layersOf('conv1-96-nobias,dw3-same-nobias,conv1-16-nobias,add0'));
    const rows = r.layers as LayerRow[];
    expect(rows.map((l) => l.params)).toEqual([1536, 864, 1536, 0]);
    expect(rows[3]).toMatchObject({ name: 'add', output: [14, 14, 16], activations: 14 * 14 * 16, mults: 0 });
    expect(r.totals.params).toBe(3936);
    expect(layerNames(layersOf('conv3-8,add1,dw3,maxpool2,add0,fc2'))).toEqual(['conv 1', 'add', 'depthwise 2', 'pool 2', 'add', 'fc 3']);
  });

  const volumeArb = fc.record({ h: small(1, 16), w: small(1, 16), c: small(1, 8) });

  it('depthwise keeps the channels, and counts f²·c (+ c) parameters', () => {
    fc.assert(fc.property(volumeArb, depthwiseArb, (input, layer) => {
      const r = inferLayers(input, [layer]);
      fc.pre(r.error === null);
      const row = r.layers[0] as LayerRow;
      expect(row.output.length).toBe(3);
      expect(row.output[2]).toBe(input.c);
      expect(row.params).toBe(layer.f * layer.f * input.c + (layer.bias === false ? 0 : input.c));
    }));
  });

  it('depthwise + pointwise costs at most a normal conv for f > 1 and n_c′ > 1, in parameters and multiplications', () => {
    fc.assert(fc.property(volumeArb, small(2, 5), small(2, 64), small(1, 3), fc.boolean(), (input, f, filters, s, bias) => {
      const conv: Layer[] = [{ kind: 'conv', f, s, filters, bias }];
      const sep: Layer[] = [{ kind: 'depthwise', f, s, bias }, { kind: 'conv', f: 1, filters, bias }];
      const a = inferLayers(input, conv);
      const b = inferLayers(input, sep);
      expect(b.error === null).toBe(a.error === null); // both fit or neither
      fc.pre(a.totals !== null && b.totals !== null);
      expect(b.layers.at(-1)!.status === 'ok' && (b.layers.at(-1) as LayerRow).output).toEqual((a.layers[0] as LayerRow).output);
      expect(b.totals!.mults).toBeLessThanOrEqual(a.totals!.mults);
      expect(b.totals!.params).toBeLessThanOrEqual(a.totals!.params);
    }));
  });

  it('an add never changes the shape or the parameters', () => {
    fc.assert(fc.property(inputArb, fc.array(layerArb, { minLength: 0, maxLength: 5 }), (input, layers) => {
      const before = inferLayers(input, layers);
      fc.pre(before.totals !== null);
      const from = layers.length; // the last output: always the same shape as the current volume
      const after = inferValid(input, [...layers, { kind: 'add', from }]);
      const last = after.layers.at(-1) as LayerRow;
      expect(last.output).toEqual(layers.length === 0 ? before.input.shape : (before.layers.at(-1) as LayerRow).output);
      expect(last.params).toBe(0);
      expect(last.mults).toBe(0);
      expect(after.totals.params).toBe(before.totals!.params);
      expect(after.totals.mults).toBe(before.totals!.mults);
    }));
  });

  it('an add of a mismatched shape always errors, naming the layer and both shapes', () => {
    fc.assert(fc.property(volumeArb, small(1, 8), (input, filters) => {
      fc.pre(filters !== input.c);
      const r = inferLayers(input, [{ kind: 'conv', f: 1, filters }, { kind: 'add', from: 0 }]);
      expect(r.error).toBeInstanceOf(LayerError);
      expect(r.error!.index).toBe(2);
      expect(r.error!.message).toBe(`layer 2 (add from the input): shapes ${input.h}×${input.w}×${filters} and ${input.h}×${input.w}×${input.c} differ`);
    }));
    const r = inferLayers({ h: 28, w: 28, c: 8 }, layersOf('conv3-16-same,maxpool2,conv3-32-same,conv3-32-same,add2'));
    expect(r.error!.message).toBe('layer 5 (add from layer 2): shapes 14×14×32 and 14×14×16 differ');
    expect(r.layers.map((l) => l.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'error']);
    expect(r.totals).toBeNull();
    // A vector and a volume of the same size differ too.
    expect(inferLayers({ h: 2, w: 2, c: 1 }, layersOf('flatten,add0')).error!.message).toBe('layer 2 (add from the input): shapes 4 and 2×2×1 differ');
  });

  it('an add must point back; a depthwise filter must fit; dw0 and a bare add do not parse', () => {
    const fwd = inferLayers({ h: 8, w: 8, c: 3 }, layersOf('conv3-3-same,conv3-3-same,add5,fc2'));
    expect(fwd.error!.message).toBe('layer 3 (add from layer 5): it adds the output of layer 5, which does not come before it; an add takes an earlier layer (0 is the input)');
    expect(fwd.layers.map((l) => l.status)).toEqual(['ok', 'ok', 'error', 'skipped']);
    expect(inferLayers({ h: 8, w: 8, c: 3 }, layersOf('add1')).error!.message).toMatch(/^layer 1 \(add from layer 1\): it adds the output of layer 1, which does not come before it/);
    expect(inferLayers({ h: 4, w: 4, c: 3 }, layersOf('dw5')).error!.message).toBe('layer 1 (depthwise 5×5): filter 5×5 does not fit a 4×4 input with padding 0');
    expect(inferLayers({ h: 4, w: 4, c: 3 }, layersOf('dw5-p1')).error).toBeNull();
    expect(inferLayers({ h: 4, w: 4, c: 3 }, layersOf('dw4-same')).error!.message).toMatch(/^layer 1 \(depthwise 4×4\): /);
    expect(inferLayers({ h: 4, w: 4, c: 3 }, layersOf('fc5,dw3')).error!.message).toBe('layer 2 (depthwise 3×3): a depthwise convolution needs a height × width × channels volume, but its input is a vector of 5 values');
    expect(parseLayers('dw0,add,dw3-q,addx,add99,dw3-s2-s1').problems).toEqual([
      'Layer 1 “dw0”: filter size f must be from 1 to 64; got 0; it was left out.',
      'Layer 2 “add”: a residual add is written add<layer>, e.g. add0 (the input) or add2; it was left out.',
      'Layer 3 “dw3-q”: unknown option “q”; a depthwise convolution takes -s<stride>, -p<padding>, -same, -valid and -nobias; it was left out.',
      'Layer 4 “addx”: a residual add is written add<layer>, e.g. add0 (the input) or add2; it was left out.',
      `Layer 5 “add99”: the layer it adds must be from 0 to ${LIMITS.layers - 1}; got 99; it was left out.`,
      'Layer 6 “dw3-s2-s1”: stride is given twice; it was left out.',
    ]);
  });

  it('reads and writes the new tokens', () => {
    expect(layersOf('dw3,dw3-s2,dw3-same,dw3-p1,dw3-nobias,DW5-valid-S2,add0,add12')).toEqual([
      { kind: 'depthwise', f: 3 },
      { kind: 'depthwise', f: 3, s: 2 },
      { kind: 'depthwise', f: 3, p: 'same' },
      { kind: 'depthwise', f: 3, p: 1 },
      { kind: 'depthwise', f: 3, bias: false },
      { kind: 'depthwise', f: 5, s: 2, p: 'valid' },
      { kind: 'add', from: 0 },
      { kind: 'add', from: 12 },
    ]);
    for (const t of ['dw3', 'dw3-s2', 'dw3-same', 'dw3-p1', 'dw3-nobias', 'dw3-s2-p1-nobias', 'add0', 'add2']) expect(formatLayers(layersOf(t))).toBe(t);
    expect(formatLayer(normaliseLayer({ kind: 'depthwise', f: 3, s: 1, p: 0, bias: true }))).toBe('dw3');
  });
});
