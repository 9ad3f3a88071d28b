/**
 * Plain and residual fully connected networks, forward pass only, float64 — the course's form
 * (He et al., "Deep residual learning for image recognition", CVPR 2016, pp. 770–778):
 *
 *   plain block     a[l+2] = g(W[l+2] g(W[l+1] a[l] + b[l+1]) + b[l+2])
 *   residual block  a[l+2] = g(W[l+2] g(W[l+1] a[l] + b[l+1]) + b[l+2] + a[l])
 *
 * with g = ReLU. Column vectors, as the course writes them: W[l] has n[l] rows and n[l−1] columns,
 * z = W a + b. The skip adds a[l] before the second ReLU, so the block's input and output have the same
 * size. With W[l+2] = 0 and b[l+2] = 0 the residual block computes g(a[l]), which is a[l] exactly when
 * a[l] ≥ 0 (it is, after a ReLU); the plain block computes g(0) = 0.
 */
import { ComputeInputError, requireFinite } from './errors';

/** One fully connected layer: W is n_out × n_in (arrays of rows), b has n_out entries. */
export interface Dense {
  W: readonly (readonly number[])[];
  b: readonly number[];
}

export type NetworkKind = 'plain' | 'residual';

export const relu = (v: readonly number[]): number[] => v.map((x) => (x > 0 ? x : 0));

/** The layer's size as [n_out, n_in], after checking it is a rectangle of finite numbers. */
export function layerShape(layer: Dense, field = 'layer'): [number, number] {
  const rows = layer.W.length;
  if (rows === 0) throw new ComputeInputError(`${field}: W has no rows`, field);
  const cols = layer.W[0]!.length;
  if (cols === 0) throw new ComputeInputError(`${field}: W has no columns`, field);
  layer.W.forEach((row, i) => {
    if (row.length !== cols) throw new ComputeInputError(`${field}: W row ${i + 1} has ${row.length} entries, row 1 has ${cols}`, field);
    requireFinite(`${field}.W`, row);
  });
  if (layer.b.length !== rows) throw new ComputeInputError(`${field}: b has ${layer.b.length} entries but W has ${rows} rows`, field);
  requireFinite(`${field}.b`, layer.b);
  return [rows, cols];
}

/** z = W a + b. */
export function dense(layer: Dense, a: readonly number[], field = 'layer'): number[] {
  const [rows, cols] = layerShape(layer, field);
  if (a.length !== cols) throw new ComputeInputError(`${field}: W takes ${cols} inputs but got a vector of ${a.length}`, field);
  requireFinite('input', a);
  const z = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    let s = layer.b[i]!;
    const row = layer.W[i]!;
    for (let j = 0; j < cols; j++) s += row[j]! * a[j]!;
    z[i] = s;
  }
  return z;
}

/** Every value a block computes, for the widget to show. */
export interface BlockTrace {
  input: number[];
  /** z[l+1] = W[l+1] a[l] + b[l+1] */
  z1: number[];
  /** a[l+1] = g(z[l+1]) */
  a1: number[];
  /** z[l+2] = W[l+2] a[l+1] + b[l+2] */
  z2: number[];
  /** What goes into the last ReLU: z[l+2] + a[l] (residual) or z[l+2] (plain). */
  preActivation: number[];
  /** a[l+2] */
  output: number[];
}

/** One block of two layers, plain or with the skip wire around both. */
export function block(kind: NetworkKind, a: readonly number[], first: Dense, second: Dense): BlockTrace {
  const z1 = dense(first, a, 'W[l+1]');
  const a1 = relu(z1);
  const z2 = dense(second, a1, 'W[l+2]');
  if (kind === 'residual' && z2.length !== a.length) {
    throw new ComputeInputError(`the skip adds a[l] (${a.length} values) to z[l+2] (${z2.length} values): a residual block's output must have its input's size`, 'W[l+2]');
  }
  const preActivation = kind === 'residual' ? z2.map((z, i) => z + a[i]!) : z2;
  return { input: [...a], z1, a1, z2, preActivation, output: relu(preActivation) };
}

/** The layer with its weights and bias multiplied by s (s = 0 gives the zero layer). */
export function scaleLayer(layer: Dense, s: number): Dense {
  return { W: layer.W.map((row) => row.map((w) => w * s)), b: layer.b.map((v) => v * s) };
}

/**
 * A whole network of L = layers.length weight layers: layer 1 with ReLU, then the L − 2 hidden layers in
 * blocks of two (plain or residual), then layer L with no activation (a score, or a logit). Returns every
 * activation, a[0] = x first, and the output z[L]. This is the shape scripts/train-residual-depth.mjs trains.
 */
export function forward(kind: NetworkKind, layers: readonly Dense[], x: readonly number[]): { activations: number[][]; output: number[] } {
  if (layers.length < 2) throw new ComputeInputError(`a network needs at least 2 layers; got ${layers.length}`, 'layers');
  if ((layers.length - 2) % 2 !== 0) {
    throw new ComputeInputError(`the hidden layers come in blocks of two, so the depth must be even; got ${layers.length}`, 'layers');
  }
  const activations = [[...x]];
  let a = relu(dense(layers[0]!, x, 'layer 1'));
  activations.push(a);
  for (let l = 1; l < layers.length - 1; l += 2) {
    a = block(kind, a, layers[l]!, layers[l + 1]!).output;
    activations.push(a);
  }
  return { activations, output: dense(layers.at(-1)!, a, `layer ${layers.length}`) };
}
