/**
 * Word vectors and the arithmetic of Course 5 Week 2: cosine similarity, analogies, a 2-D PCA projection,
 * and debiasing (bias direction, neutralise, equalise) in the course's exact form.
 *
 * The table is a frequency-ordered subset of GloVe 6B 100d (src/data/word-table.md says how it was
 * made). It is loaded lazily, `loadWordVectors()` in the browser (a separate chunk, fetched once) and
 * `serverWordVectors()` at build time for the first frame. Everything else here is pure float64 code on
 * plain arrays, so it is tested without the table. Bad input throws ComputeInputError with a sentence
 * for the reader.
 */
import { ComputeInputError } from './errors';

export type Vector = Float64Array;

/** The JSON file's shape: int8 values times a per-word scale, base64-encoded row after row. */
export interface WordVectorFile {
  source: string;
  dimensions: number;
  words: string[];
  scales: number[];
  vectors: string;
}

export interface WordTable {
  /** In GloVe's frequency order: index 0 is the most frequent word. */
  words: readonly string[];
  dim: number;
  index: ReadonlyMap<string, number>;
  /** Row-major: word i's vector is matrix[i·dim … (i+1)·dim). */
  matrix: Float64Array;
  /** ‖e_i‖ for every row, kept so a full cosine scan costs one dot product a word. */
  norms: Float64Array;
  /** Word i's vector (a view into `matrix`: do not write to it). */
  row(i: number): Vector;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeWordTable(file: WordVectorFile): WordTable {
  const { words, dimensions: dim, scales } = file;
  const int8 = new Int8Array(decodeBase64(file.vectors).buffer);
  if (int8.length !== words.length * dim || scales.length !== words.length) {
    throw new Error(`word-vector file is inconsistent: ${words.length} words, ${dim} dimensions, ${int8.length} values`);
  }
  const matrix = new Float64Array(int8.length);
  const norms = new Float64Array(words.length);
  for (let w = 0; w < words.length; w++) {
    let sq = 0;
    for (let k = 0; k < dim; k++) {
      const x = int8[w * dim + k]! * scales[w]!;
      matrix[w * dim + k] = x;
      sq += x * x;
    }
    norms[w] = Math.sqrt(sq);
  }
  return {
    words,
    dim,
    index: new Map(words.map((w, i) => [w, i])),
    matrix,
    norms,
    row: (i) => matrix.subarray(i * dim, (i + 1) * dim),
  };
}

let loading: Promise<WordTable> | undefined;

/** The browser's way in: one lazy chunk, decoded once and shared by every widget on the page. */
export function loadWordVectors(): Promise<WordTable> {
  loading ??= import('../data/word-table.json').then((m) => decodeWordTable(m.default as WordVectorFile));
  loading.catch(() => (loading = undefined)); // a failed fetch may be retried
  return loading;
}

let serverTable: WordTable | null | undefined;

/**
 * The build's way in, for the server-rendered first frame: Node's fs, reached without an import so no
 * browser bundle pulls the table in. Returns null outside Node.
 */
export function serverWordVectors(): WordTable | null {
  if (serverTable !== undefined) return serverTable;
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) return (serverTable = null);
  const file = `${globalThis.process.cwd()}/src/data/word-table.json`; // the build runs from the root
  return (serverTable = decodeWordTable(JSON.parse(fs.readFileSync(file, 'utf8')) as WordVectorFile));
}

// ---- Words the reader types ----

const MAX_SHOWN = 40;

/** A reader's input shortened for a message (shown as text, never as HTML). */
function quote(raw: string): string {
  const s = raw.length > MAX_SHOWN ? `${raw.slice(0, MAX_SHOWN)}…` : raw;
  return `“${s}”`;
}

/** The normal form of a typed word: trimmed and lower-case (the table is lower-case GloVe). */
export function normaliseWord(raw: string): string {
  return raw.trim().toLowerCase();
}

/** The row of a typed word, or a ComputeInputError that says what is wrong with it. */
export function wordIndex(table: WordTable, raw: string, field = 'word'): number {
  const word = normaliseWord(raw);
  if (word === '') throw new ComputeInputError(`Type a word in the ${field} box.`, field);
  if (!/^[a-z]+$/.test(word)) {
    throw new ComputeInputError(`${quote(raw)} is not a single word of letters a–z, the only kind this table holds.`, field);
  }
  const i = table.index.get(word);
  if (i === undefined) {
    throw new ComputeInputError(
      `${quote(word)} is not among the ${table.words.length.toLocaleString('en')} words of this small table; try a more common word.`,
      field,
    );
  }
  return i;
}

// ---- Vector arithmetic (float64, any length) ----

function requireSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new ComputeInputError(`vectors differ in length: ${a.length} and ${b.length}`, 'vector');
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  requireSameLength(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

export function add(a: ArrayLike<number>, b: ArrayLike<number>): Vector {
  requireSameLength(a, b);
  return Float64Array.from(a, (x, i) => x + b[i]!);
}

export function sub(a: ArrayLike<number>, b: ArrayLike<number>): Vector {
  requireSameLength(a, b);
  return Float64Array.from(a, (x, i) => x - b[i]!);
}

export function scale(a: ArrayLike<number>, s: number): Vector {
  return Float64Array.from(a, (x) => x * s);
}

/** cos θ = u·v / (‖u‖ ‖v‖), clamped to [−1, 1] against rounding. A zero vector has no direction. */
export function cosine(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const nu = norm(u);
  const nv = norm(v);
  if (nu === 0 || nv === 0) throw new ComputeInputError('cosine similarity is undefined for a zero vector', 'vector');
  return Math.max(-1, Math.min(1, dot(u, v) / (nu * nv)));
}

// ---- Nearest words and analogies ----

export interface Neighbour {
  word: string;
  index: number;
  similarity: number;
}

/** The `k` words whose vectors have the largest cosine with `target`, the `exclude`d rows left out. */
export function nearestWords(table: WordTable, target: ArrayLike<number>, k: number, exclude: Iterable<number> = []): Neighbour[] {
  if (target.length !== table.dim) throw new ComputeInputError(`the target has ${target.length} values, not ${table.dim}`, 'vector');
  const nt = norm(target);
  if (nt === 0) throw new ComputeInputError('the target vector is zero, so no word is nearer than another', 'vector');
  const skip = new Set(exclude);
  const best: Neighbour[] = [];
  const { matrix, dim } = table;
  // The hot path of every keystroke in the analogy explorer: one pass over the matrix, no per-row views.
  for (let w = 0, offset = 0; w < table.words.length; w++, offset += dim) {
    if (skip.has(w) || table.norms[w] === 0) continue;
    let d = 0;
    for (let i = 0; i < dim; i++) d += matrix[offset + i]! * target[i]!;
    const similarity = d / (table.norms[w]! * nt);
    if (best.length < k || similarity > best[best.length - 1]!.similarity) {
      best.push({ word: table.words[w]!, index: w, similarity });
      best.sort((x, y) => y.similarity - x.similarity || x.index - y.index);
      if (best.length > k) best.pop();
    }
  }
  return best;
}

export interface Analogy {
  /** The rows of a, b and c. */
  indices: [number, number, number];
  /** e_b − e_a + e_c: where the answer should lie. */
  target: Vector;
  /** The best candidates, argmax cosine first; a, b and c themselves are never candidates. */
  candidates: Neighbour[];
}

/**
 * a : b :: c : ?  The answer is argmax_w cos(e_w, e_b − e_a + e_c) over the table without a, b and c
 * (Mikolov, Yih & Zweig 2013). Example: man : woman :: king : ? looks near e_woman − e_man + e_king.
 */
export function analogy(table: WordTable, a: string, b: string, c: string, topK = 5): Analogy {
  const ia = wordIndex(table, a, 'a');
  const ib = wordIndex(table, b, 'b');
  const ic = wordIndex(table, c, 'c');
  if (!Number.isInteger(topK) || topK < 1) throw new ComputeInputError(`the number of candidates must be a whole number ≥ 1; got ${String(topK)}`, 'topK');
  const target = add(sub(table.row(ib), table.row(ia)), table.row(ic));
  return { indices: [ia, ib, ic], target, candidates: nearestWords(table, target, topK, [ia, ib, ic]) };
}

// ---- PCA to two dimensions ----

export interface Projection2D {
  mean: Vector;
  /** Two orthonormal directions of largest variance, the first the largest. */
  axes: [Vector, Vector];
  /** Each input's coordinates on the two axes, after subtracting the mean. */
  points: [number, number][];
  /** The share of the total variance along each axis. */
  explained: [number, number];
}

/**
 * Eigenvalues and eigenvectors of a small symmetric matrix (row-major n×n) by cyclic Jacobi rotations:
 * exact to rounding, even when eigenvalues are close (where power iteration stalls). Sorted largest first.
 */
export function symmetricEigen(m: ArrayLike<number>, n: number): { values: number[]; vectors: Vector[] } {
  const a = Float64Array.from(m);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!, akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!, aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  return {
    values: order.map((i) => a[i * n + i]!),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => v[k * n + i]!)),
  };
}

/**
 * Principal component analysis of a few vectors, down to two dimensions: a linear map, so straight lines
 * and parallelograms stay straight (t-SNE and UMAP do not keep distances; that is why a map of an analogy
 * uses PCA). Each axis's sign is fixed so that its largest component is positive, which makes the
 * picture the same on every run.
 */
export function pca2(vectors: readonly ArrayLike<number>[]): Projection2D {
  if (vectors.length < 2) throw new ComputeInputError('PCA needs at least two vectors', 'vectors');
  const dim = vectors[0]!.length;
  for (const v of vectors) requireSameLength(v, vectors[0]!);
  const n = vectors.length;
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let k = 0; k < dim; k++) mean[k] = mean[k]! + v[k]! / n;
  const centred = vectors.map((v) => sub(v, mean));
  // The eigenvectors of the small n×n Gram matrix C·Cᵀ give the principal axes Cᵀu/‖Cᵀu‖ (n ≪ dim here).
  const gram = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gram[i * n + j] = dot(centred[i]!, centred[j]!);
  const { values, vectors: us } = symmetricEigen(gram, n);
  const total = values.reduce((s, x) => s + Math.max(0, x), 0);
  const axes = [0, 1].map((k) => {
    const axis = new Float64Array(dim);
    if (k < n) us[k]!.forEach((u, i) => centred[i]!.forEach((c, j) => (axis[j] = axis[j]! + u * c)));
    const len = norm(axis);
    if (len < 1e-12 * Math.sqrt(total || 1)) return axis.fill(0); // no variance left along a second axis
    let big = 0;
    for (let j = 0; j < dim; j++) if (Math.abs(axis[j]!) > Math.abs(axis[big]!)) big = j;
    return scale(axis, (axis[big]! < 0 ? -1 : 1) / len);
  }) as [Vector, Vector];
  const explained = [0, 1].map((k) => (total === 0 || k >= n ? 0 : Math.max(0, values[k]!) / total)) as [number, number];
  return {
    mean,
    axes,
    points: centred.map((c) => [dot(c, axes[0]), dot(c, axes[1])]),
    explained,
  };
}

// ---- Debiasing (Bolukbasi et al. 2016, in the course's form) ----

/** The component of v along g: (v·g / ‖g‖²) g. */
export function projectOnto(v: ArrayLike<number>, g: ArrayLike<number>): Vector {
  const gg = dot(g, g);
  if (gg === 0) throw new ComputeInputError('the bias direction is a zero vector', 'bias');
  return scale(g, dot(v, g) / gg);
}

/**
 * The bias direction as the course builds it: the mean of the differences e_x − e_y over definitional
 * pairs (x, y), e.g. (woman, man), (she, he), (mother, father). One pair gives g = e_woman − e_man.
 */
export function biasDirection(pairs: readonly (readonly [ArrayLike<number>, ArrayLike<number>])[]): Vector {
  if (pairs.length === 0) throw new ComputeInputError('the bias direction needs at least one pair of words', 'pairs');
  let sum = sub(pairs[0]![0], pairs[0]![1]);
  for (const [x, y] of pairs.slice(1)) sum = add(sum, sub(x, y));
  return scale(sum, 1 / pairs.length);
}

/** Neutralise: e − e_bias, where e_bias = (e·g / ‖g‖²) g, so the result is orthogonal to g. */
export function neutralise(e: ArrayLike<number>, g: ArrayLike<number>): Vector {
  return sub(e, projectOnto(e, g));
}

export interface Equalised {
  /** μ = (e_w1 + e_w2) / 2 */
  mu: Vector;
  /** μ_B = (μ·g / ‖g‖²) g, μ's part along the bias axis */
  muB: Vector;
  /** μ_⊥ = μ − μ_B */
  muOrth: Vector;
  /** e_w1B, e_w2B: each word's part along the bias axis */
  e1B: Vector;
  e2B: Vector;
  /** The corrected bias parts, sqrt(|1 − ‖μ_⊥‖²|) (e_wB − μ_B) / ‖(e_w − μ_⊥) − μ_B‖ */
  e1BCorrected: Vector;
  e2BCorrected: Vector;
  /** The equalised pair: e_wB^corrected + μ_⊥ */
  e1: Vector;
  e2: Vector;
}

/**
 * Equalise a pair such as (actress, actor) about the bias axis g, with the course's formulas exactly:
 *   μ = (e_w1 + e_w2)/2,   μ_B = (μ·g/‖g‖²) g,   μ_⊥ = μ − μ_B,
 *   e_w1B = (e_w1·g/‖g‖²) g,   e_w2B = (e_w2·g/‖g‖²) g,
 *   e_w1B^corrected = sqrt(|1 − ‖μ_⊥‖²|) (e_w1B − μ_B) / ‖(e_w1 − μ_⊥) − μ_B‖,   likewise for w2,
 *   e1 = e_w1B^corrected + μ_⊥,   e2 = e_w2B^corrected + μ_⊥.
 * Both results share μ_⊥ and differ only along g, with equal and opposite bias parts, so they are the
 * same distance from every vector orthogonal to g. The square root assumes unit vectors (Bolukbasi et
 * al. normalise every word first); the absolute value only keeps it real when they are not.
 */
export function equalise(e1: ArrayLike<number>, e2: ArrayLike<number>, g: ArrayLike<number>): Equalised {
  requireSameLength(e1, g);
  requireSameLength(e2, g);
  const mu = scale(add(e1, e2), 0.5);
  const muB = projectOnto(mu, g);
  const muOrth = sub(mu, muB);
  const e1B = projectOnto(e1, g);
  const e2B = projectOnto(e2, g);
  const length = Math.sqrt(Math.abs(1 - dot(muOrth, muOrth)));
  const corrected = (e: ArrayLike<number>, eB: Vector): Vector => {
    const denominator = norm(sub(sub(e, muOrth), muB));
    if (denominator === 0) throw new ComputeInputError('the two words have the same vector, so there is nothing to equalise', 'pair');
    return scale(sub(eB, muB), length / denominator);
  };
  const e1BCorrected = corrected(e1, e1B);
  const e2BCorrected = corrected(e2, e2B);
  return { mu, muB, muOrth, e1B, e2B, e1BCorrected, e2BCorrected, e1: add(e1BCorrected, muOrth), e2: add(e2BCorrected, muOrth) };
}

/** v / ‖v‖ (Bolukbasi et al. work with unit vectors). */
export function unit(v: ArrayLike<number>): Vector {
  const n = norm(v);
  if (n === 0) throw new ComputeInputError('a zero vector has no direction to normalise', 'vector');
  return scale(v, 1 / n);
}
