/**
 * Scaled dot-product and multi-head attention (Course 5, week 4). Two paths that must agree:
 *   - plain float64 loops that return every intermediate a reader is shown (the scores QKᵀ, the scaled
 *     scores, the weights, the weighted sums), used by the widgets;
 *   - TensorFlow.js (lazily loaded; tf.matMul, tf.softmax, tf.where), float32, returning plain data, used
 *     to cross-check the loops on the page and in the tests.
 *
 * Layout (CONVENTIONS.md, "Attention"): a matrix is row-major, **one row per token** (word). X is
 * tokens × d_model, and the projections multiply from the right: Q = X·W_Q with W_Q of d_model × d_k.
 * A mask entry `true` means "query i may attend to key j"; 'causal' allows j ≤ i only.
 */
import { ComputeInputError, requireFinite } from './errors';
import { loadTf } from './tf';

/** A dense matrix, row-major: entry (i, j) is `data[i·cols + j]`. Rows are tokens. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** What the functions accept: a `Matrix` or nested arrays (`[[1, 2], [3, 4]]`, one inner array a row). */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/**
 * Which keys each query may attend to: 'causal' (key j only if j ≤ i: no looking ahead), or a
 * queries × keys grid of booleans, `true` = allowed (TensorFlow/Keras's convention; PyTorch's boolean
 * `attn_mask` is the opposite, `true` = blocked).
 */
export type Mask = 'causal' | readonly (readonly boolean[])[];

export interface AttentionOptions {
  /** Default: none (every query sees every key). */
  mask?: Mask | undefined;
  /** Divide the scores by √d_k. Default true; false shows what the scaling prevents. */
  scale?: boolean | undefined;
}

function isMatrix(m: MatrixLike): m is Matrix {
  return !Array.isArray(m) && typeof (m as Matrix).rows === 'number';
}

/** A `Matrix` from nested arrays (rows of equal length) or a checked copy-free pass-through. */
export function toMatrix(m: MatrixLike, field = 'matrix'): Matrix {
  if (isMatrix(m)) {
    if (m.data.length !== m.rows * m.cols) {
      throw new ComputeInputError(`${field} has ${m.data.length} values but its shape ${m.rows}×${m.cols} needs ${m.rows * m.cols}`, field);
    }
    requireFinite(field, m.data);
    return m;
  }
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new ComputeInputError(`${field} is empty; it needs at least one row and one column`, field);
  const data = new Float64Array(rows * cols);
  m.forEach((row, i) => {
    if (row.length !== cols) throw new ComputeInputError(`${field} row ${i + 1} has ${row.length} values; row 1 has ${cols}`, field);
    data.set(row, i * cols);
  });
  requireFinite(field, data);
  return { rows, cols, data };
}

/** Nested arrays, one inner array a row. */
export function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}

export function at(m: Matrix, i: number, j: number): number {
  return m.data[i * m.cols + j]!;
}

/** A·B for A of n×k and B of k×m; the message names both shapes when k differs. */
export function matmul(a: MatrixLike, b: MatrixLike, names: [string, string] = ['A', 'B']): Matrix {
  const A = toMatrix(a, names[0]);
  const B = toMatrix(b, names[1]);
  if (A.cols !== B.rows) {
    throw new ComputeInputError(
      `${names[0]}·${names[1]} needs ${names[0]}’s columns to match ${names[1]}’s rows; ${names[0]} is ${A.rows}×${A.cols} and ${names[1]} is ${B.rows}×${B.cols}`,
      names[1],
    );
  }
  const out = new Float64Array(A.rows * B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let j = 0; j < B.cols; j++) {
      let s = 0;
      for (let t = 0; t < A.cols; t++) s += A.data[i * A.cols + t]! * B.data[t * B.cols + j]!;
      out[i * B.cols + j] = s;
    }
  return { rows: A.rows, cols: B.cols, data: out };
}

export function transpose(m: MatrixLike): Matrix {
  const M = toMatrix(m);
  const out = new Float64Array(M.rows * M.cols);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j * M.rows + i] = M.data[i * M.cols + j]!;
  return { rows: M.cols, cols: M.rows, data: out };
}

/**
 * Softmax along each row, numerically stable: the row's largest entry is subtracted before exp (the
 * result is unchanged, and exp never overflows). Entries of −∞ (masked) get weight exactly 0. A row
 * with no finite entry has nothing to attend to and is refused. NaN and +∞ are refused.
 */
export function softmax(m: MatrixLike): Matrix {
  const M = isMatrix(m) ? m : toMatrixAllowingMinusInf(m);
  const out = new Float64Array(M.rows * M.cols);
  for (let i = 0; i < M.rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < M.cols; j++) {
      const v = M.data[i * M.cols + j]!;
      if (Number.isNaN(v) || v === Infinity) throw new ComputeInputError(`softmax input row ${i + 1} holds ${String(v)}`, 'logits');
      if (v > max) max = v;
    }
    if (max === -Infinity) throw new ComputeInputError(`row ${i + 1} is masked everywhere: a query must be allowed at least one key`, 'mask');
    let sum = 0;
    for (let j = 0; j < M.cols; j++) {
      const v = M.data[i * M.cols + j]!;
      const e = v === -Infinity ? 0 : Math.exp(v - max);
      out[i * M.cols + j] = e;
      sum += e;
    }
    for (let j = 0; j < M.cols; j++) out[i * M.cols + j]! /= sum;
  }
  return { rows: M.rows, cols: M.cols, data: out };
}

/** Like toMatrix, but −∞ is a legal entry (a masked logit). */
function toMatrixAllowingMinusInf(m: readonly (readonly number[])[]): Matrix {
  const clean = m.map((row) => row.map((v) => (v === -Infinity ? 0 : v)));
  const M = toMatrix(clean, 'logits');
  m.forEach((row, i) => row.forEach((v, j) => v === -Infinity && (M.data[i * M.cols + j] = -Infinity)));
  return M;
}

/** The mask as a queries × keys grid of booleans (true = allowed); checked against the shape. */
export function resolveMask(mask: Mask | undefined, queries: number, keys: number): boolean[][] {
  if (mask === undefined) return Array.from({ length: queries }, () => Array<boolean>(keys).fill(true));
  if (mask === 'causal') return Array.from({ length: queries }, (_, i) => Array.from({ length: keys }, (_, j) => j <= i));
  if (!Array.isArray(mask) || mask.length !== queries || mask.some((r) => !Array.isArray(r) || r.length !== keys)) {
    throw new ComputeInputError(`the mask must be ${queries}×${keys} (queries × keys) to match the scores`, 'mask');
  }
  if (mask.some((r) => !r.some(Boolean))) throw new ComputeInputError('the mask blocks every key for some query; each query must be allowed at least one key', 'mask');
  return mask.map((r) => r.map(Boolean));
}

export interface AttentionResult {
  /** d_k, the width of the queries and keys. */
  dk: number;
  /** What the scores are multiplied by: 1/√d_k, or 1 without scaling. */
  factor: number;
  /** QKᵀ, queries × keys: scores(i, j) = q_i · k_j. */
  scores: Matrix;
  /** scores · factor (the mask not yet applied). */
  scaled: Matrix;
  /** true where query i may attend to key j. */
  allowed: boolean[][];
  /** What goes into the softmax: `scaled`, with −∞ where the mask blocks. */
  logits: Matrix;
  /** softmax of each row of `logits`: every row sums to 1, blocked entries are exactly 0. */
  weights: Matrix;
  /** weights · V, queries × d_v: each row a weighted sum of the value rows. */
  output: Matrix;
}

/** Checks Q, K, V against each other and returns them as matrices. */
function checkQKV(q: MatrixLike, k: MatrixLike, v: MatrixLike): [Matrix, Matrix, Matrix] {
  const Q = toMatrix(q, 'Q');
  const K = toMatrix(k, 'K');
  const V = toMatrix(v, 'V');
  if (Q.cols !== K.cols) {
    throw new ComputeInputError(`queries and keys need the same width d_k; Q is ${Q.rows}×${Q.cols} and K is ${K.rows}×${K.cols}`, 'K');
  }
  if (K.rows !== V.rows) {
    throw new ComputeInputError(`every key needs a value: K has ${K.rows} rows and V has ${V.rows}`, 'V');
  }
  return [Q, K, V];
}

/**
 * Attention(Q, K, V) = softmax(QKᵀ / √d_k + M) · V, with every intermediate returned.
 * Q: queries × d_k, K: keys × d_k, V: keys × d_v (rows are tokens); M is 0 where allowed, −∞ where masked.
 */
export function scaledDotProductAttention(q: MatrixLike, k: MatrixLike, v: MatrixLike, options: AttentionOptions = {}): AttentionResult {
  const [Q, K, V] = checkQKV(q, k, v);
  const allowed = resolveMask(options.mask, Q.rows, K.rows);
  const dk = Q.cols;
  const factor = options.scale === false ? 1 : 1 / Math.sqrt(dk);
  const scores = matmul(Q, transpose(K), ['Q', 'Kᵀ']);
  const scaled: Matrix = { rows: scores.rows, cols: scores.cols, data: scores.data.map((s) => s * factor) };
  const logits: Matrix = { rows: scores.rows, cols: scores.cols, data: scaled.data.map((s, n) => (allowed[Math.floor(n / scores.cols)]![n % scores.cols] ? s : -Infinity)) };
  const weights = softmax(logits);
  const output = matmul(weights, V, ['weights', 'V']);
  return { dk, factor, scores, scaled, allowed, logits, weights, output };
}

/** One head's projections: each d_model × d_k (d_v for W_v). */
export interface HeadWeights {
  Wq: MatrixLike;
  Wk: MatrixLike;
  Wv: MatrixLike;
}

export interface HeadResult extends AttentionResult {
  /** X·W_Q, X·W_K, X·W_V. */
  q: Matrix;
  k: Matrix;
  v: Matrix;
}

export interface MultiHeadResult {
  heads: HeadResult[];
  /** The heads' outputs side by side: tokens × (h·d_v). */
  concat: Matrix;
  /** concat · W_O: tokens × d_model (W_O's columns). */
  output: Matrix;
}

/**
 * Self-attention with h heads: each head projects the same X with its own W_Q, W_K, W_V and attends;
 * the heads' outputs are concatenated (head 1's columns first) and multiplied by W_O.
 */
export function multiHeadAttention(x: MatrixLike, heads: readonly HeadWeights[], wo: MatrixLike, options: AttentionOptions = {}): MultiHeadResult {
  const X = toMatrix(x, 'X');
  if (heads.length === 0) throw new ComputeInputError('multi-head attention needs at least one head', 'heads');
  const results = heads.map((h, n) => {
    const name = (w: string) => `W_${w} of head ${n + 1}`;
    const q = matmul(X, h.Wq, ['X', name('Q')]);
    const k = matmul(X, h.Wk, ['X', name('K')]);
    const v = matmul(X, h.Wv, ['X', name('V')]);
    return { q, k, v, ...scaledDotProductAttention(q, k, v, options) };
  });
  const widths = results.map((r) => r.output.cols);
  const cols = widths.reduce((a, b) => a + b, 0);
  const data = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++) {
    let offset = 0;
    for (const r of results) {
      data.set(r.output.data.subarray(i * r.output.cols, (i + 1) * r.output.cols), i * cols + offset);
      offset += r.output.cols;
    }
  }
  const concat: Matrix = { rows: X.rows, cols, data };
  const output = matmul(concat, wo, ['concat', 'W_O']);
  return { heads: results, concat, output };
}

/** Entropy of a probability row in bits: 0 when one weight is 1, log₂ n when all n are equal. */
export function entropyBits(p: ArrayLike<number>): number {
  let h = 0;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v > 0) h -= v * Math.log2(v);
  }
  return Math.max(0, h);
}

/** Row i of a matrix, as a plain array. */
export function row(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

// ---------------------------------------------------------------------------------------------------
// TensorFlow.js path

export interface TfAttention {
  weights: Matrix;
  output: Matrix;
}

const fromTf = (data: Float32Array | Int32Array | Uint8Array, rows: number, cols: number): Matrix => ({ rows, cols, data: Float64Array.from(data) });

/** scaledDotProductAttention through tf.matMul and tf.softmax (float32); the mask through tf.where. */
export async function scaledDotProductAttentionTf(q: MatrixLike, k: MatrixLike, v: MatrixLike, options: AttentionOptions = {}): Promise<TfAttention> {
  const [Q, K, V] = checkQKV(q, k, v);
  const allowed = resolveMask(options.mask, Q.rows, K.rows);
  const tf = await loadTf();
  const [w, o] = tf.tidy(() => {
    const tq = tf.tensor2d(Float32Array.from(Q.data), [Q.rows, Q.cols]);
    const tk = tf.tensor2d(Float32Array.from(K.data), [K.rows, K.cols]);
    const tv = tf.tensor2d(Float32Array.from(V.data), [V.rows, V.cols]);
    let logits = tf.matMul(tq, tk, false, true);
    if (options.scale !== false) logits = tf.div(logits, Math.sqrt(Q.cols));
    const keep = tf.tensor2d(allowed.flat(), [Q.rows, K.rows], 'bool');
    logits = tf.where(keep, logits, tf.fill([Q.rows, K.rows], -Infinity));
    const weights = tf.softmax(logits);
    return [weights, tf.matMul(weights, tv)];
  });
  try {
    return { weights: fromTf(await w.data(), Q.rows, K.rows), output: fromTf(await o.data(), Q.rows, V.cols) };
  } finally {
    w.dispose();
    o.dispose();
  }
}

export interface TfMultiHead {
  /** Each head's weights. */
  weights: Matrix[];
  output: Matrix;
}

/** multiHeadAttention in TensorFlow.js, from X and the weights (float32), for cross-checking. */
export async function multiHeadAttentionTf(x: MatrixLike, heads: readonly HeadWeights[], wo: MatrixLike, options: AttentionOptions = {}): Promise<TfMultiHead> {
  // The float64 path validates every shape with readable messages first.
  const ours = multiHeadAttention(x, heads, wo, options);
  const X = toMatrix(x, 'X');
  const tf = await loadTf();
  const t = (m: MatrixLike) => {
    const M = toMatrix(m);
    return tf.tensor2d(Float32Array.from(M.data), [M.rows, M.cols]);
  };
  const keep = resolveMask(options.mask, X.rows, X.rows);
  const tensors = tf.tidy(() => {
    const tx = t(X);
    const mask = tf.tensor2d(keep.flat(), [X.rows, X.rows], 'bool');
    const perHead = heads.map((h) => {
      const q = tf.matMul(tx, t(h.Wq));
      const k = tf.matMul(tx, t(h.Wk));
      const v = tf.matMul(tx, t(h.Wv));
      let logits = tf.matMul(q, k, false, true);
      if (options.scale !== false) logits = tf.div(logits, Math.sqrt(q.shape[1]!));
      logits = tf.where(mask, logits, tf.fill(logits.shape, -Infinity));
      const weights = tf.softmax(logits);
      return { weights, out: tf.matMul(weights, v) };
    });
    const output = tf.matMul(tf.concat(perHead.map((h) => h.out), 1), t(wo));
    return [...perHead.map((h) => h.weights), output];
  });
  try {
    const data = await Promise.all(tensors.map((x) => x.data()));
    return {
      weights: data.slice(0, -1).map((d) => fromTf(d, X.rows, X.rows)),
      output: fromTf(data.at(-1)!, ours.output.rows, ours.output.cols),
    };
  } finally {
    tensors.forEach((x) => x.dispose());
  }
}
