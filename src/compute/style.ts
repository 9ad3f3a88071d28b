/**
 * Neural style transfer's costs, as the course writes them (Gatys, Ecker & Bethge, "Image Style Transfer
 * Using Convolutional Neural Networks", CVPR 2016, pp. 2414–2423), for one layer's activations.
 *
 * A feature volume `a` is n_H × n_W × n_C, stored row-major with channels fastest (the site's NHWC without
 * the batch axis; see CONVENTIONS.md): a_ijk sits at `(i·n_W + j)·n_C + k`.
 *   - Unrolled: A is n_C × (n_H·n_W); row k is channel k read position by position (row-major over i, j).
 *   - Gram (style) matrix: G = A·Aᵀ, G_kk′ = Σ_i Σ_j a_ijk · a_ijk′ (n_C × n_C, symmetric, positive semidefinite).
 *   - Layer style cost: J_style^[l](S, G) = 1/(2 n_H n_W n_C)² · Σ_k Σ_k′ (G^(S)_kk′ − G^(G)_kk′)². This is the
 *     paper's E_l = 1/(4 N_l² M_l²) Σ (G − A)² with N_l = n_C filters and M_l = n_H·n_W positions.
 *   - Several layers: J_style(S, G) = Σ_l λ^[l] J_style^[l](S, G).
 *   - Content cost: J_content(C, G) = 1/(4 n_H n_W n_C) · Σ (a^(C) − a^(G))², the course's normalisation
 *     (its programming exercise). The paper uses ½ Σ (F − P)² with no division by the volume's size; only
 *     the scale differs, which α absorbs.
 *   - Total: J(G) = α J_content(C, G) + β J_style(S, G).
 *
 * Everything here is float64 loops. `gramTf` is the TensorFlow.js path (float32) for the widget's
 * cross-check: tf.matMul of the unrolled matrix with its transpose.
 */
import { ComputeInputError, requireFinite, requireInt } from './errors';
import { loadTf } from './tf';

/** One layer's activations for one image: n_H × n_W × n_C, channels fastest. */
export interface FeatureVolume {
  readonly nH: number;
  readonly nW: number;
  readonly nC: number;
  readonly data: ArrayLike<number>;
}

/** A row-major matrix: entry (r, c) at `data[r·cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** The largest side we accept: a widget's volumes are tiny; this only keeps a typo from allocating gigabytes. */
export const MAX_SIDE = 4096;

/** Throws a reader's sentence unless `v` is a non-empty volume of finite numbers whose data fits its shape. */
export function checkVolume(field: string, v: FeatureVolume): void {
  requireInt(`${field}.nH`, v.nH, 1, MAX_SIDE);
  requireInt(`${field}.nW`, v.nW, 1, MAX_SIDE);
  requireInt(`${field}.nC`, v.nC, 1, MAX_SIDE);
  const want = v.nH * v.nW * v.nC;
  if (v.data.length !== want) {
    throw new ComputeInputError(`${field} holds ${v.data.length} values, but ${v.nH} × ${v.nW} × ${v.nC} needs ${want}`, field);
  }
  requireFinite(field, v.data);
}

function checkSameShape(a: FeatureVolume, aName: string, b: FeatureVolume, bName: string): void {
  checkVolume(aName, a);
  checkVolume(bName, b);
  if (a.nH !== b.nH || a.nW !== b.nW || a.nC !== b.nC) {
    throw new ComputeInputError(
      `${aName} is ${a.nH} × ${a.nW} × ${a.nC} but ${bName} is ${b.nH} × ${b.nW} × ${b.nC}: both must come from the same layer, so their shapes must match`,
      bName,
    );
  }
}

/** A volume from a nested array indexed [i][j][k] (row, column, channel). */
export function volumeFromHWC(rows: readonly (readonly (readonly number[])[])[]): FeatureVolume {
  const nH = rows.length;
  const nW = rows[0]?.length ?? 0;
  const nC = rows[0]?.[0]?.length ?? 0;
  if (nH === 0 || nW === 0 || nC === 0) throw new ComputeInputError('a feature map needs at least one row, one column and one channel; this one is empty', 'volume');
  const data = new Float64Array(nH * nW * nC);
  rows.forEach((row, i) => {
    if (row.length !== nW) throw new ComputeInputError(`row ${i} has ${row.length} positions; row 0 has ${nW}`, 'volume');
    row.forEach((cell, j) => {
      if (cell.length !== nC) throw new ComputeInputError(`position (${i}, ${j}) has ${cell.length} channels; position (0, 0) has ${nC}`, 'volume');
      data.set(cell, (i * nW + j) * nC);
    });
  });
  return { nH, nW, nC, data };
}

/** A volume from one 2-D grid per channel, `channels[k][i][j]` (how the widget draws it). */
export function volumeFromChannels(channels: readonly (readonly (readonly number[])[])[]): FeatureVolume {
  const nH = channels[0]?.length ?? 0;
  const nW = channels[0]?.[0]?.length ?? 0;
  channels.forEach((ch, k) => {
    if (ch.length !== nH || ch.some((row) => row.length !== nW)) throw new ComputeInputError(`channel ${k} is not ${nH} × ${nW} like channel 0`, 'volume');
  });
  return volumeFromHWC(Array.from({ length: nH }, (_, i) => Array.from({ length: nW }, (_, j) => channels.map((ch) => ch[i]![j]!))));
}

/** a_ijk. */
export const at = (v: FeatureVolume, i: number, j: number, k: number): number => v.data[(i * v.nW + j) * v.nC + k]!;

/** A = the volume unrolled, n_C × (n_H·n_W): row k is channel k, column i·n_W + j is position (i, j). */
export function unroll(v: FeatureVolume): Matrix {
  checkVolume('volume', v);
  const positions = v.nH * v.nW;
  const data = new Float64Array(v.nC * positions);
  for (let p = 0; p < positions; p++) for (let k = 0; k < v.nC; k++) data[k * positions + p] = v.data[p * v.nC + k]!;
  return { rows: v.nC, cols: positions, data };
}

/** The Gram matrix G = A·Aᵀ (n_C × n_C): G_kk′ = Σ_i Σ_j a_ijk · a_ijk′. */
export function gram(v: FeatureVolume): Matrix {
  checkVolume('volume', v);
  const { nC } = v;
  const data = new Float64Array(nC * nC);
  for (let p = 0; p < v.nH * v.nW; p++) {
    const base = p * v.nC;
    for (let k = 0; k < nC; k++) {
      const ak = v.data[base + k]!;
      for (let k2 = k; k2 < nC; k2++) data[k * nC + k2]! += ak * v.data[base + k2]!;
    }
  }
  for (let k = 0; k < nC; k++) for (let k2 = 0; k2 < k; k2++) data[k * nC + k2] = data[k2 * nC + k]!;
  return { rows: nC, cols: nC, data };
}

/** One term of G_kk′: position (i, j), a_ijk, a_ijk′ and their product. */
export interface GramTerm {
  i: number;
  j: number;
  a: number;
  b: number;
  product: number;
}

/** G_kk′ written out: every position's product a_ijk · a_ijk′, and their sum (the entry). */
export function gramTerms(v: FeatureVolume, k: number, k2: number): { terms: GramTerm[]; sum: number } {
  checkVolume('volume', v);
  requireInt('k', k, 0, v.nC - 1);
  requireInt('k′', k2, 0, v.nC - 1);
  const terms: GramTerm[] = [];
  let sum = 0;
  for (let i = 0; i < v.nH; i++) {
    for (let j = 0; j < v.nW; j++) {
      const a = at(v, i, j, k);
      const b = at(v, i, j, k2);
      terms.push({ i, j, a, b, product: a * b });
      sum += a * b;
    }
  }
  return { terms, sum };
}

export interface LayerStyleCost {
  gramS: Matrix;
  gramG: Matrix;
  /** G^(S) − G^(G), entry by entry. */
  diff: Matrix;
  /** Σ_k Σ_k′ (G^(S)_kk′ − G^(G)_kk′)². */
  sumSquares: number;
  /** 2 n_H n_W n_C (the cost divides by its square). */
  twoNHWC: number;
  /** 1/(2 n_H n_W n_C)². */
  normalisation: number;
  /** J_style^[l](S, G). */
  cost: number;
}

/** J_style^[l](S, G) = 1/(2 n_H n_W n_C)² · Σ_k Σ_k′ (G^(S)_kk′ − G^(G)_kk′)², with every intermediate. */
export function layerStyleCost(s: FeatureVolume, g: FeatureVolume): LayerStyleCost {
  checkSameShape(s, 'the style image’s activations (S)', g, 'the generated image’s activations (G)');
  const gramS = gram(s);
  const gramG = gram(g);
  const diff = new Float64Array(gramS.data.length);
  let sumSquares = 0;
  for (let e = 0; e < diff.length; e++) {
    diff[e] = gramS.data[e]! - gramG.data[e]!;
    sumSquares += diff[e]! * diff[e]!;
  }
  const twoNHWC = 2 * s.nH * s.nW * s.nC;
  const normalisation = 1 / (twoNHWC * twoNHWC);
  return { gramS, gramG, diff: { rows: s.nC, cols: s.nC, data: diff }, sumSquares, twoNHWC, normalisation, cost: sumSquares * normalisation };
}

/** J_style(S, G) = Σ_l λ^[l] J_style^[l](S, G) over the layers given, with each layer's cost. */
export function weightedStyleCost(layers: readonly { s: FeatureVolume; g: FeatureVolume; lambda: number }[]): { costs: number[]; total: number } {
  if (layers.length === 0) throw new ComputeInputError('the style cost needs at least one layer', 'layers');
  requireFinite('λ', layers.map((l) => l.lambda));
  const costs = layers.map((l, n) => {
    try {
      return layerStyleCost(l.s, l.g).cost;
    } catch (e) {
      if (e instanceof ComputeInputError) throw new ComputeInputError(`layer ${n + 1}: ${e.message}`, e.field);
      throw e;
    }
  });
  return { costs, total: costs.reduce((sum, c, n) => sum + layers[n]!.lambda * c, 0) };
}

export interface ContentCost {
  /** Σ (a^(C) − a^(G))² over every position and channel. */
  sumSquares: number;
  /** 4 n_H n_W n_C. */
  fourNHWC: number;
  /** J_content(C, G) = sumSquares / (4 n_H n_W n_C). */
  cost: number;
}

/**
 * J_content(C, G) = 1/(4 n_H n_W n_C) · Σ (a^(C) − a^(G))²: the course's normalisation. Gatys et al. write
 * ½ Σ (F − P)², which is this times 2 n_H n_W n_C; the two differ only by a constant that α absorbs.
 */
export function contentCost(c: FeatureVolume, g: FeatureVolume): ContentCost {
  checkSameShape(c, 'the content image’s activations (C)', g, 'the generated image’s activations (G)');
  let sumSquares = 0;
  for (let e = 0; e < c.data.length; e++) {
    const d = c.data[e]! - g.data[e]!;
    sumSquares += d * d;
  }
  const fourNHWC = 4 * c.nH * c.nW * c.nC;
  return { sumSquares, fourNHWC, cost: sumSquares / fourNHWC };
}

/** J(G) = α J_content + β J_style, with the two weighted terms. */
export function totalCost(alpha: number, jContent: number, beta: number, jStyle: number): { content: number; style: number; total: number } {
  requireFinite('α, J_content, β, J_style', [alpha, jContent, beta, jStyle]);
  const content = alpha * jContent;
  const style = beta * jStyle;
  return { content, style, total: content + style };
}

/**
 * The Gram matrix by TensorFlow.js (float32), as a row-major n_C × n_C array. tfjs is channels-last like
 * our storage, so the volume reshapes to [n_H·n_W, n_C] (positions × channels), which is Aᵀ; transposing it
 * gives A (n_C × n_H·n_W), and tf.matMul(A, A, false, true) is A·Aᵀ. Reshaping straight to [n_C, n_H·n_W]
 * would mix channels and positions (a test shows it).
 */
export async function gramTf(v: FeatureVolume): Promise<Float32Array> {
  checkVolume('volume', v);
  const tf = await loadTf();
  const g = tf.tidy(() => {
    const a = tf.tensor3d(Float32Array.from(v.data), [v.nH, v.nW, v.nC]);
    const unrolled = tf.transpose(tf.reshape(a, [v.nH * v.nW, v.nC])); // A: n_C × n_H·n_W
    return tf.matMul(unrolled, unrolled, false, true);
  });
  try {
    return (await g.data()) as Float32Array;
  } finally {
    g.dispose();
  }
}
