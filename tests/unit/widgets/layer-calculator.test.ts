import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatLayers, LIMITS, parseLayers, type Layer } from '~/compute/layers';
import { parseParams, parseQuery, toQuery } from '~/widgets/params';
import {
  addLayer, changeKind, count, drawingOf, isEdited, moveLayer, patchInput, patchLayer, percent, PRESETS, removeLayer,
  resolveStack, schema, settingsFor, totalsText, viewOf, type Params, type PresetName,
} from '~/widgets/layer-calculator/model';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const viewFor = (over: Partial<Params> = {}) => {
  const stack = resolveStack(params(over));
  return viewOf(stack.input, stack.layers);
};
const layers = (text: string): Layer[] => parseLayers(text).layers;

describe('layer calculator model', () => {
  it('defaults to the course’s LeNet-5: 62,006 parameters, fc 3 holding 78%', () => {
    const view = viewFor();
    expect(view.rows.map((r) => r.name)).toEqual(['input', 'conv 1', 'pool 1', 'conv 2', 'pool 2', 'fc 3', 'fc 4', 'softmax']);
    expect(view.rows.map((r) => r.shapeText)).toEqual(['32 × 32 × 3', '28 × 28 × 6', '14 × 14 × 6', '10 × 10 × 16', '5 × 5 × 16', '120', '84', '10']);
    expect(view.rows.map((r) => r.activations)).toEqual([3072, 4704, 1176, 1600, 400, 120, 84, 10]);
    expect(view.rows.map((r) => r.params)).toEqual([0, 456, 0, 2416, 0, 48120, 10164, 850]);
    expect(view.largest).toBe(5);
    expect(percent(view.rows[5]!.share!)).toBe('78%'); // 48,120 / 62,006 = 0.776
    expect(view.sentence).toBe('7 layers, 62,006 parameters; fc 3 holds 78% of them. The output is 10.');
    expect(totalsText(view)).toEqual({ activations: '8,094', params: '62,006', mults: '651,720', conv: '2,872' });
    expect(view.rows.map((r) => r.settings)).toEqual([
      'the image',
      '6 filters, f = 5, s = 1, p = 0',
      'max, f = 2, s = 2',
      '16 filters, f = 5, s = 1, p = 0',
      'max, f = 2, s = 2',
      '120 units; flattens 5 × 5 × 16 = 400 first',
      '84 units',
      '10 units',
    ]);
    expect(view.rows[5]!.note).toBe('flattens 5 × 5 × 16 = 400');
  });

  it('every preset computes, asks a question, and gives its documented total', () => {
    const totals: Record<PresetName, number> = { lenet5: 62006, 'lenet5-original': 61706, same: 224 + 584 + 3930,
      'mobilenet-v2': 150 + 270 + 600, // the course's block: 1,020 weights, no biases
      residual: 1536 + 864 + 1536,
    };
    for (const name of Object.keys(PRESETS) as PresetName[]) {
      const stack = resolveStack(params({ preset: name }));
      expect(stack.problems).toEqual([]);
      const view = viewOf(stack.input, stack.layers);
      expect(view.inference.error).toBeNull();
      expect(view.inference.totals!.params, name).toBe(totals[name]);
      expect(PRESETS[name].question).toMatch(/\?$/);
    }
    const same = viewFor({ preset: 'same' });
    expect(same.rows.map((r) => r.shapeText)).toEqual(['16 × 16 × 3', '16 × 16 × 8', '14 × 14 × 8', '7 × 7 × 8', '10']);
    expect(same.rows[1]!.note).toBe('same: p = 1');
    expect(same.rows[1]!.settings).toBe('8 filters, f = 3, s = 1, same (p = 1)');
  });

  it('the MobileNet v2 presets: depthwise rows, a residual add that costs nothing, edits of both kinds', () => {
    const mb = viewFor({ preset: 'mobilenet-v2' });
    expect(mb.rows.map((r) => r.name)).toEqual(['input', 'conv 1', 'depthwise 2', 'conv 3']);
    expect(mb.rows.map((r) => r.shapeText)).toEqual(['14 × 14 × 5', '14 × 14 × 30', '14 × 14 × 30', '14 × 14 × 20']);
    expect(mb.rows.map((r) => r.params)).toEqual([0, 150, 270, 600]);
    // 196·30·5, 196·9·30, 196·20·30.
    expect(mb.rows.map((r) => r.mults)).toEqual([0, 29400, 52920, 117600]);
    expect(mb.rows[2]!.settings).toBe('one filter per channel, f = 3, s = 1, same (p = 1), no bias');
    expect(mb.rows[2]!.note).toBe('same: p = 1');
    const res = viewFor({ preset: 'residual' });
    expect(res.rows.map((r) => r.name)).toEqual(['input', 'conv 1', 'depthwise 2', 'conv 3', 'add']);
    expect(res.rows[4]!).toMatchObject({ kind: 'add', settings: '+ output of the input', shapeText: '14 × 14 × 16', params: 0, mults: 0 });
    const stack = resolveStack(params({ preset: 'residual' }));
    expect(formatLayers(patchLayer(stack.layers, 3, { from: 99 }))).toBe(`conv1-96-nobias,dw3-same-nobias,conv1-16-nobias,add${LIMITS.layers - 1}`);
    expect(formatLayers(patchLayer(stack.layers, 1, { f: 5, s: 2, p: 0, bias: true, filters: 7 }))).toBe('conv1-96-nobias,dw5-s2,conv1-16-nobias,add0');
    expect(formatLayers(changeKind(stack.layers, 3, 'depthwise'))).toBe('conv1-96-nobias,dw3-same-nobias,conv1-16-nobias,dw3-same');
    expect(formatLayers(changeKind(stack.layers, 0, 'add'))).toBe('add0,dw3-same-nobias,conv1-16-nobias,add0');
    const broken = viewOf({ h: 14, w: 14, c: 16 }, layers('conv1-96,dw3-same,conv1-32,add0'));
    expect(broken.rows[4]!.error).toBe('Layer 4 (add from the input): shapes 14×14×32 and 14×14×16 differ');
  });

  it('input and layers replace the preset’s; what cannot be read is reported and the rest kept', () => {
    const stack = resolveStack(params({ input: '28x28x1', layers: 'conv3-4,relu,fc10' }));
    expect(stack.input).toEqual({ h: 28, w: 28, c: 1 });
    expect(formatLayers(stack.layers)).toBe('conv3-4,fc10');
    expect(stack.problems).toEqual([expect.stringMatching(/^Layer 2 “relu” is not a layer/)]);

    const bad = resolveStack(params({ input: '28x28', layers: 'nonsense' }));
    expect(bad.input).toEqual({ h: 32, w: 32, c: 3 });
    expect(formatLayers(bad.layers)).toBe(PRESETS.lenet5.layers);
    expect(bad.problems).toEqual([
      'Input “28x28” must be height×width×channels, e.g. 32x32x3. Using the preset’s 32x32x3.',
      expect.stringMatching(/^Layer 1 “nonsense” is not a layer/),
      'No layer could be read from the layers setting; showing the preset’s.',
    ]);
  });

  it('a broken stack says where it breaks; the rows after show “—” and the totals too', () => {
    const view = viewOf({ h: 32, w: 32, c: 3 }, layers('conv5-6,maxpool2,conv15-16,maxpool2,fc10'));
    expect(view.rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'error', 'skipped', 'skipped']);
    expect(view.rows[3]!.error).toBe('Layer 3 (conv 15×15): filter 15×15 does not fit a 14×14 input with padding 0');
    expect(view.rows.slice(3).map((r) => [r.shapeText, r.activations, r.params, r.share])).toEqual(Array.from({ length: 3 }, () => ['—', null, null, null]));
    expect(view.sentence).toBe('5 layers; the stack breaks at layer 3 (conv 15×15): filter 15×15 does not fit a 14×14 input with padding 0.');
    expect(totalsText(view)).toEqual({ activations: '—', params: '—', mults: '—', conv: '—' });
    expect(view.largest).toBeNull();
  });

  it('settings are written back compactly, and left empty when they are the preset’s', () => {
    const stack = resolveStack(params());
    expect(settingsFor('lenet5', stack.input, stack.layers)).toEqual({ input: '', layers: '' });
    expect(isEdited(params(), stack)).toBe(false);
    const edited = patchLayer(stack.layers, 0, { filters: 8 });
    expect(settingsFor('lenet5', { h: 28, w: 28, c: 3 }, edited)).toEqual({ input: '28x28x3', layers: 'conv5-8,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10' });
    const back = params({ layers: 'conv5-8,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10' });
    expect(isEdited(back, resolveStack(back))).toBe(true);
    expect(toQuery(schema, back)).toBe('layers=conv5-8%2Cmaxpool2%2Cconv5-16%2Cmaxpool2%2Cfc120%2Cfc84%2Csoftmax10');
    expect(parseQuery(schema, toQuery(schema, back))).toEqual({ values: back, problems: [] });
  });

  it('edits: clamp numbers, change kinds, move, remove and add within bounds', () => {
    const base = layers('conv5-6,maxpool2,fc10');
    expect(formatLayers(patchLayer(base, 0, { f: 999, filters: 0, s: 1, p: 'same' }))).toBe('conv64-1-same,maxpool2,fc10');
    expect(formatLayers(patchLayer(base, 0, { f: Number.NaN }))).toBe('conv5-6,maxpool2,fc10');
    expect(formatLayers(patchLayer(base, 0, { p: 2.4 }))).toBe('conv5-6-p2,maxpool2,fc10');
    expect(formatLayers(patchLayer(base, 1, { mode: 'avg', s: 1, units: 5 }))).toBe('conv5-6,avgpool2-s1,fc10');
    expect(formatLayers(patchLayer(base, 2, { units: 1e9, softmax: true }))).toBe(`conv5-6,maxpool2,softmax${LIMITS.units}`);
    expect(formatLayers(changeKind(base, 2, 'conv'))).toBe('conv5-6,maxpool2,conv3-8-same');
    expect(changeKind(base, 0, 'conv')[0]).toBe(base[0]);
    expect(formatLayers(moveLayer(base, 2, -1))).toBe('conv5-6,fc10,maxpool2');
    expect(formatLayers(moveLayer(base, 0, -1))).toBe('conv5-6,maxpool2,fc10');
    expect(formatLayers(moveLayer(base, 2, 1))).toBe('conv5-6,maxpool2,fc10');
    expect(formatLayers(removeLayer(base, 1))).toBe('conv5-6,fc10');
    expect(removeLayer(layers('fc10'), 0)).toHaveLength(1);
    expect(formatLayers(addLayer(base))).toBe('conv5-6,maxpool2,fc10,fc10');
    expect(addLayer(Array.from({ length: LIMITS.layers }, () => base[2]!))).toHaveLength(LIMITS.layers);
    expect(patchInput({ h: 32, w: 32, c: 3 }, { h: 0, c: 1e6 })).toEqual({ h: 1, w: 32, c: LIMITS.channels });
  });

  it('the drawing: faces follow height and width, depth the channels, bars are linear in their column', () => {
    const view = viewFor();
    const d = drawingOf(view);
    const [input, conv1, pool1, conv2, pool2, fc3] = d.glyphs;
    expect(input!.width).toBeGreaterThan(conv1!.width);
    expect(conv1!.width).toBeGreaterThan(pool1!.width);
    expect(conv2!.depth).toBeGreaterThan(pool1!.depth); // 16 channels deeper than 6
    expect(pool2!.depth).toBe(conv2!.depth);
    expect(fc3!.vector).toBe(true);
    expect(d.activationBars[1]).toBe(1); // conv 1's 4,704 is the largest
    expect(d.activationBars[0]).toBeCloseTo(3072 / 4704);
    expect(d.paramBars[5]).toBe(1);
    expect(d.paramBars[6]).toBeCloseTo(10164 / 48120);
    expect(d.paramBars[0]).toBeNull(); // the input has no parameter bar
  });

  it('numbers read like the chapter’s', () => {
    expect(count(62006)).toBe('62,006');
    expect([percent(0), percent(0.001), percent(0.0074), percent(0.776), percent(1)]).toEqual(['0%', '<1%', '1%', '78%', '100%']);
  });

  it('any query string gives a stack and a view without NaN, and never throws', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), fc.constantFrom(...Object.keys(PRESETS)), (layersText, inputText, preset) => {
      const q = new URLSearchParams({ preset, input: inputText, layers: layersText }).toString();
      const p = parseQuery(schema, q).values;
      const stack = resolveStack(p);
      expect(stack.layers.length).toBeGreaterThan(0);
      const view = viewOf(stack.input, stack.layers);
      const text = JSON.stringify([view.rows, view.sentence, totalsText(view), drawingOf(view)]);
      expect(text).not.toMatch(/NaN|undefined|Infinity/);
    }));
  });
});
