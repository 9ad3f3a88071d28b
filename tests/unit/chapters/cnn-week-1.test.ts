// Course 4 Week 1's worked numbers that are not already a widget's default, recomputed from the
// project's own code (the layer calculator's compute, the conv stepper's model) or by a naive count,
// and looked up in the chapter text as printed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inferValid, parseInput, parseLayers } from '~/compute/layers';
import { toGrid } from '~/compute/volume';
import { buildSetup, schema } from '~/widgets/conv-stepper/model';
import { parseParams } from '~/widgets/params';

const text = readFileSync('content/chapters/cnn/week-1.mdx', 'utf8');
const printed = (n: number) => n.toLocaleString('en-US');
const contains = (s: string) => expect(text.includes(s), `the chapter should print “${s}”`).toBe(true);

function network(layers: string) {
  const input = parseInput('32x32x3');
  const parsed = parseLayers(layers);
  if (!input.input || parsed.problems.length) throw new Error(String(input.problem ?? parsed.problems));
  return inferValid(input.input, parsed.layers);
}

describe('Course 4 Week 1: numbers in the prose', () => {
  it('the LeNet-like network: activation sizes, parameters, the convolutions’ share', () => {
    const net = network('conv5-6,maxpool2,conv5-16,maxpool2,fc120,fc84,softmax10');
    const activations = net.layers.map((l) => (l.status === 'ok' ? l.activations : NaN));
    expect(activations).toEqual([4704, 1176, 1600, 400, 120, 84, 10]);
    for (const n of [3072, ...activations.slice(0, 4), net.totals.params, net.totals.paramsByKind.conv]) contains(printed(n));
    expect(net.totals.params).toBe(62006);
    expect(net.totals.paramsByKind.conv).toBe(2872);
    // "more than three quarters" in the first dense layer
    const fc3 = net.layers[4]!;
    expect(fc3.status === 'ok' && fc3.params / net.totals.params).toBeGreaterThan(0.75);
  });

  it('thirty-two filters in conv 2: 4,832 and 96,120 parameters, 112,422 in all', () => {
    const net = network('conv5-6,maxpool2,conv5-32,maxpool2,fc120,fc84,softmax10');
    const params = net.layers.map((l) => (l.status === 'ok' ? l.params : NaN));
    expect([params[2], params[4], net.totals.params]).toEqual([4832, 96120, 112422]);
    contains('4{,}832');
    contains('96{,}120');
    contains('112,422');
  });

  it('stride 2 over a 7 × 7 input: 4 cells used four times, 20 twice, 25 once', () => {
    const uses = Array.from({ length: 7 }, () => new Array<number>(7).fill(0));
    for (let r = 0; r + 3 <= 7; r += 2) for (let c = 0; c + 3 <= 7; c += 2) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) uses[r + i]![c + j]!++;
    const count = (k: number) => uses.flat().filter((u) => u === k).length;
    expect([count(4), count(2), count(1)]).toEqual([4, 20, 25]);
    contains('4 cells used four times, 20 used twice and 25 used once');
  });

  it('the RGB stepper reads 30 + 18 + 0 = 48 in the straddling columns', () => {
    const result = buildSetup(parseParams(schema, (name) => ({ channels: '3' })[name]).values);
    if (!result.ok) throw new Error(result.error);
    expect(toGrid(result.setup.output)[0]).toEqual([0, 48, 48, 0]);
    contains('$3 \\cdot (10 - 0) = 30$');
  });
});
