import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComputeInputError } from '~/compute/errors';
import { block, dense, forward, layerShape, relu, scaleLayer, type Dense, type NetworkKind } from '~/compute/residual';

/**
 * The block written out here without the module, element by element, from the paper's equation:
 * a[l+2] = max(0, Σ_j W2[i][j]·max(0, Σ_k W1[j][k]·a[k] + b1[j]) + b2[i] (+ a[i] with the skip)).
 */
function naiveBlock(residual: boolean, a: number[], W1: number[][], b1: number[], W2: number[][], b2: number[]): number[] {
  const hidden: number[] = [];
  for (let j = 0; j < W1.length; j++) {
    let s = b1[j]!;
    for (let k = 0; k < a.length; k++) s += W1[j]![k]! * a[k]!;
    hidden.push(Math.max(0, s));
  }
  const out: number[] = [];
  for (let i = 0; i < W2.length; i++) {
    let s = b2[i]!;
    for (let j = 0; j < hidden.length; j++) s += W2[i]![j]! * hidden[j]!;
    if (residual) s += a[i]!;
    out.push(Math.max(0, s));
  }
  return out;
}

const finite = fc.double({ min: -3, max: 3, noNaN: true });
const vec = (n: number) => fc.array(finite, { minLength: n, maxLength: n });
const mat = (r: number, c: number) => fc.array(vec(c), { minLength: r, maxLength: r });
/** A random block of width n with hidden width h, and an input of n values. */
const blockCase = fc.integer({ min: 1, max: 5 }).chain((n) => fc.integer({ min: 1, max: 5 }).chain((h) =>
  fc.record({ a: vec(n), W1: mat(h, n), b1: vec(h), W2: mat(n, h), b2: vec(n) })));

describe('dense and relu', () => {
  it('computes z = W a + b with W of n_out × n_in (hand-worked)', () => {
    // [1 2; 3 4]·[1, −1] + [0.5, 0] = [1 − 2 + 0.5, 3 − 4] = [−0.5, −1]
    expect(dense({ W: [[1, 2], [3, 4]], b: [0.5, 0] }, [1, -1])).toEqual([-0.5, -1]);
    // a 3 × 2 matrix takes 2 inputs and gives 3 outputs
    expect(dense({ W: [[1, 0], [0, 1], [1, 1]], b: [0, 0, 1] }, [2, 3])).toEqual([2, 3, 6]);
  });
  it('relu keeps the positive part', () => {
    expect(relu([-2, 0, 0.5, 3])).toEqual([0, 0, 0.5, 3]);
  });
  it('names the size that does not fit', () => {
    expect(() => dense({ W: [[1, 2]], b: [0] }, [1, 2, 3])).toThrow(/takes 2 inputs but got a vector of 3/);
    expect(() => layerShape({ W: [[1, 2], [3]], b: [0, 0] })).toThrow(/row 2 has 1 entries/);
    expect(() => layerShape({ W: [[1, 2]], b: [0, 0] })).toThrow(/b has 2 entries but W has 1 rows/);
    expect(() => layerShape({ W: [], b: [] })).toThrow(ComputeInputError);
    expect(() => dense({ W: [[Number.NaN]], b: [0] }, [1])).toThrow(/non-finite/);
    expect(() => dense({ W: [[1]], b: [0] }, [Infinity])).toThrow(/non-finite/);
  });
});

describe('block (hand-worked)', () => {
  // a[l] = [1, 2]; W1 = [1 −1; 0 1], b1 = [0, −1] → z1 = [−1, 1], a1 = [0, 1];
  // W2 = [2 −3; 1 1], b2 = [0.5, 0] → z2 = [−3 + 0.5, 1] = [−2.5, 1].
  const a = [1, 2];
  const first: Dense = { W: [[1, -1], [0, 1]], b: [0, -1] };
  const second: Dense = { W: [[2, -3], [1, 1]], b: [0.5, 0] };
  it('plain: a[l+2] = g(z[l+2]) = [0, 1]', () => {
    const t = block('plain', a, first, second);
    expect(t.z1).toEqual([-1, 1]);
    expect(t.a1).toEqual([0, 1]);
    expect(t.z2).toEqual([-2.5, 1]);
    expect(t.preActivation).toEqual([-2.5, 1]);
    expect(t.output).toEqual([0, 1]);
  });
  it('residual: a[l+2] = g(z[l+2] + a[l]) = g([−1.5, 3]) = [0, 3]', () => {
    const t = block('residual', a, first, second);
    expect(t.preActivation).toEqual([-1.5, 3]);
    expect(t.output).toEqual([0, 3]);
  });
  it('the skip needs the output to have the input’s size', () => {
    const narrow: Dense = { W: [[1, 1]], b: [0] };
    expect(() => block('residual', a, first, narrow)).toThrow(/must have its input's size/);
    expect(block('plain', a, first, narrow).output).toEqual([1]);
  });
});

describe('the identity at zero weights', () => {
  const first: Dense = { W: [[0.5, -1, 2], [1, 1, -0.5]], b: [0.1, -0.2] };
  const second: Dense = { W: [[1, -2], [0.3, 0.7], [-1, 1]], b: [0.2, -0.4, 0.1] };
  it('residual with W[l+2] = 0, b[l+2] = 0 returns a[l] exactly; plain returns 0', () => {
    const a = [0.8, 0, 1.5];
    const zero = scaleLayer(second, 0);
    expect(block('residual', a, first, zero).output).toEqual(a);
    expect(block('plain', a, first, zero).output).toEqual([0, 0, 0]);
  });
  it('scaleLayer multiplies W and b', () => {
    expect(scaleLayer({ W: [[2, -4]], b: [6] }, 0.5)).toEqual({ W: [[1, -2]], b: [3] });
  });
  it('property: any first layer, any a[l] ≥ 0: the zero-weight residual block is the identity', () => {
    fc.assert(fc.property(blockCase, ({ a, W1, b1, W2, b2 }) => {
      const x = a.map(Math.abs);
      const zero = scaleLayer({ W: W2, b: b2 }, 0);
      expect(block('residual', x, { W: W1, b: b1 }, zero).output).toEqual(x.map((v) => v + 0));
    }));
  });
  it('property: the zero-weight plain block outputs g(b) = 0, whatever its input', () => {
    fc.assert(fc.property(blockCase, ({ a, W1, b1, W2, b2 }) => {
      const out = block('plain', a, { W: W1, b: b1 }, scaleLayer({ W: W2, b: b2 }, 0)).output;
      expect(out.every((v) => v === 0)).toBe(true);
    }));
  });
  it('property: on a negative input the zero-weight residual block gives g(a[l]), not a[l]', () => {
    fc.assert(fc.property(blockCase, ({ a, W1, b1, W2, b2 }) => {
      const out = block('residual', a, { W: W1, b: b1 }, scaleLayer({ W: W2, b: b2 }, 0)).output;
      expect(out).toEqual(relu(a));
    }));
  });
});

describe('block against the naive reference', () => {
  it.each(['plain', 'residual'] as NetworkKind[])('%s, random blocks', (kind) => {
    fc.assert(fc.property(blockCase, ({ a, W1, b1, W2, b2 }) => {
      const ours = block(kind, a, { W: W1, b: b1 }, { W: W2, b: b2 }).output;
      const ref = naiveBlock(kind === 'residual', a, W1, b1, W2, b2);
      ours.forEach((v, i) => expect(v).toBeCloseTo(ref[i]!, 12));
    }));
  });
});

describe('forward through a whole network', () => {
  const input: Dense = { W: [[1, 0], [0, 1], [1, -1]], b: [0, 0, 0] }; // 2 → 3
  const identity3: Dense = { W: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], b: [0, 0, 0] };
  const zero3 = scaleLayer(identity3, 0);
  const out: Dense = { W: [[1, 1, 1]], b: [-1] }; // 3 → 1
  it('keeps every activation: a[0] = x, then one per layer 1 and per block', () => {
    const r = forward('residual', [input, identity3, zero3, identity3, zero3, out], [2, 1]);
    expect(r.activations.map((v) => v.length)).toEqual([2, 3, 3, 3]);
    // a[1] = relu([2, 1, 1]); each zero-weight residual block passes it on; output = 2 + 1 + 1 − 1
    expect(r.activations.slice(1)).toEqual([[2, 1, 1], [2, 1, 1], [2, 1, 1]]);
    expect(r.output).toEqual([3]);
    // the same weights without skips: the first block already outputs 0, and the score is b[L] = −1
    expect(forward('plain', [input, identity3, zero3, identity3, zero3, out], [2, 1]).output).toEqual([-1]);
  });
  it('depth 2 has no blocks: plain and residual agree', () => {
    const p = forward('plain', [input, out], [0.5, 2]);
    expect(forward('residual', [input, out], [0.5, 2])).toEqual(p);
    expect(p.output).toEqual([0.5 + 2 + 0 - 1]);
  });
  it('refuses an odd number of hidden layers and a one-layer network', () => {
    expect(() => forward('plain', [input, identity3, out], [1, 1])).toThrow(/blocks of two/);
    expect(() => forward('plain', [input], [1, 1])).toThrow(/at least 2 layers/);
  });
});
