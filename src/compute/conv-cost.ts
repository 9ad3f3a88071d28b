/**
 * What a convolution block costs, on paper: learned parameters and multiplications for the four blocks
 * Course 4 Week 2 compares, all on one input n × n × n_c, stride 1, every spatial filter f × f with the same
 * padding ('same', the course's symmetric p = (f − 1)/2 for odd f, or 'valid', p = 0):
 *
 *   - normal:      one f × f convolution, n_c → n_c′.
 *   - separable:   depthwise f × f (one filter per input channel) then pointwise 1 × 1, n_c → n_c′ (MobileNet v1).
 *   - bottleneck:  1 × 1 down to b channels, then f × f to n_c′ (Inception's "bottleneck layer").
 *   - mobilenetV2: 1 × 1 expansion n_c → t·n_c, depthwise f × f, 1 × 1 projection to n_c′, and the residual
 *                  add when the output has the input's shape (MobileNet v2's bottleneck block).
 *
 * Multiplications count one product per output value per filter tap, as the course does:
 * n_out² · f² · (channels each filter reads) · (filters). Biases add no multiplication; parameters are given
 * without biases (the course's MobileNet v2 count, 150 + 270 + 600 = 1,020) and with them. Pure integers
 * (exact while below 2⁵³, checked); no tfjs. Conventions: CONVENTIONS.md, "Convolution cost".
 */
import { convOutputSize, samePadding } from './conv';
import { ComputeInputError } from './errors';

export type CostPadding = 'same' | 'valid';

/** One convolution layer's cost. */
export interface StageCost {
  /** "1×1 expansion", "5×5 depthwise", … */
  name: string;
  kind: 'conv' | 'depthwise' | 'pointwise';
  /** Filter side: 1 for a 1 × 1. */
  f: number;
  /** Input and output volumes, [height, width, channels]. */
  input: readonly [number, number, number];
  output: readonly [number, number, number];
  /** Learned weights, no biases. */
  weights: number;
  /** One per output channel. */
  biases: number;
  /** Multiplications for one forward pass of one example. */
  mults: number;
}

export interface BlockCost {
  block: BlockName;
  stages: StageCost[];
  input: readonly [number, number, number];
  output: readonly [number, number, number];
  weights: number;
  biases: number;
  /** weights + biases. */
  params: number;
  mults: number;
  /** MobileNet v2 only: additions of the skip connection (n_out²·n_c′) when output and input shapes match, else null. */
  residualAdds: number | null;
}

export type BlockName = 'normal' | 'separable' | 'bottleneck' | 'mobilenetV2';

export const BLOCK_TITLES: Record<BlockName, string> = {
  normal: 'normal convolution',
  separable: 'depthwise-separable convolution',
  bottleneck: '1×1 bottleneck',
  mobilenetV2: 'MobileNet v2 block',
};

export interface CostInput {
  /** Input height and width. */
  n: number;
  /** Input channels n_c. */
  nc: number;
  /** Output channels n_c′. */
  ncOut: number;
  /** Filter side of every spatial convolution. */
  f: number;
  /** Default 'same'. */
  padding?: CostPadding;
}

/** Largest side and channel count accepted: far beyond any real layer, and every count stays exact. */
export const COST_LIMITS = { n: 4096, channels: 65536, f: 64, t: 64 } as const;

function requireWhole(block: BlockName, what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const got = typeof value === 'number' ? String(value) : JSON.stringify(value);
    throw new ComputeInputError(`${BLOCK_TITLES[block]}: ${what} must be a whole number from ${min} to ${max}; got ${got}`, what);
  }
}

/** The spatial output side of an f × f filter at stride 1: n for 'same' (odd f), n − f + 1 for 'valid'. */
export function outputSide(n: number, f: number, padding: CostPadding = 'same', block: BlockName = 'normal'): number {
  requireWhole(block, 'input size n', n, 1, COST_LIMITS.n);
  requireWhole(block, 'filter size f', f, 1, COST_LIMITS.f);
  if (padding === 'same') {
    if (f % 2 === 0) throw new ComputeInputError(`${BLOCK_TITLES[block]}: “same” padding needs an odd filter size; f = ${f} is even`, 'filter size f');
    return convOutputSize(n, f, samePadding(f), 1);
  }
  if (padding !== 'valid') throw new ComputeInputError(`${BLOCK_TITLES[block]}: padding must be “same” or “valid”; got ${JSON.stringify(padding)}`, 'padding');
  if (f > n) throw new ComputeInputError(`${BLOCK_TITLES[block]}: a ${f}×${f} filter does not fit a ${n}×${n} input with “valid” padding`, 'filter size f');
  return convOutputSize(n, f, 0, 1);
}

function checkCommon(block: BlockName, { n, nc, ncOut, f, padding = 'same' }: CostInput): number {
  requireWhole(block, 'input channels n_c', nc, 1, COST_LIMITS.channels);
  requireWhole(block, 'output channels n_c′', ncOut, 1, COST_LIMITS.channels);
  return outputSide(n, f, padding, block);
}

function countable(block: BlockName, what: string, v: number): number {
  if (!Number.isSafeInteger(v)) throw new ComputeInputError(`${BLOCK_TITLES[block]}: ${what} (about ${v.toExponential(1)}) is too large to count exactly`, what);
  return v;
}

/** A full convolution: n_c′ filters of f × f × n_c. */
function convStage(name: string, side: number, f: number, inC: number, outC: number, outSide: number): StageCost {
  return {
    name, kind: f === 1 ? 'pointwise' : 'conv', f,
    input: [side, side, inC], output: [outSide, outSide, outC],
    weights: f * f * inC * outC, biases: outC, mults: outSide * outSide * f * f * inC * outC,
  };
}

/** A depthwise convolution: one f × f filter per channel, each reading its own channel only. */
function depthwiseStage(name: string, side: number, f: number, c: number, outSide: number): StageCost {
  return { name, kind: 'depthwise', f, input: [side, side, c], output: [outSide, outSide, c], weights: f * f * c, biases: c, mults: outSide * outSide * f * f * c };
}

function blockOf(block: BlockName, stages: StageCost[], residualAdds: number | null = null): BlockCost {
  const sum = (key: 'weights' | 'biases' | 'mults') => countable(block, key === 'mults' ? 'the multiplications' : 'the parameters', stages.reduce((a, s) => a + s[key], 0));
  for (const s of stages) countable(block, `the multiplications of its ${s.name}`, s.mults);
  const weights = sum('weights');
  const biases = sum('biases');
  return { block, stages, input: stages[0]!.input, output: stages.at(-1)!.output, weights, biases, params: weights + biases, mults: sum('mults'), residualAdds };
}

/** A normal f × f convolution n_c → n_c′: mults n_out²·f²·n_c·n_c′, weights f²·n_c·n_c′ (+ n_c′ biases). */
export function normalCost(input: CostInput): BlockCost {
  const out = checkCommon('normal', input);
  return blockOf('normal', [convStage(`${input.f}×${input.f} convolution`, input.n, input.f, input.nc, input.ncOut, out)]);
}

/** Depthwise f × f (n_out²·f²·n_c mults) then pointwise 1 × 1 (n_out²·n_c·n_c′). */
export function separableCost(input: CostInput): BlockCost {
  const out = checkCommon('separable', input);
  return blockOf('separable', [
    depthwiseStage(`${input.f}×${input.f} depthwise`, input.n, input.f, input.nc, out),
    convStage('1×1 pointwise', out, 1, input.nc, input.ncOut, out),
  ]);
}

/** 1 × 1 to `bottleneck` channels (at the input's side), then f × f to n_c′. */
export function bottleneckCost(input: CostInput & { bottleneck: number }): BlockCost {
  const out = checkCommon('bottleneck', input);
  requireWhole('bottleneck', 'bottleneck channels', input.bottleneck, 1, COST_LIMITS.channels);
  return blockOf('bottleneck', [
    convStage('1×1 bottleneck', input.n, 1, input.nc, input.bottleneck, input.n),
    convStage(`${input.f}×${input.f} convolution`, input.n, input.f, input.bottleneck, input.ncOut, out),
  ]);
}

/**
 * MobileNet v2's bottleneck block: 1 × 1 expansion n_c → t·n_c, f × f depthwise, 1 × 1 projection to n_c′;
 * the residual add (n_out²·n_c′ additions, no multiplication, no parameter) only when the output has the
 * input's shape (n_out = n and n_c′ = n_c).
 */
export function mobileNetV2Cost(input: CostInput & { t: number }): BlockCost {
  const out = checkCommon('mobilenetV2', input);
  requireWhole('mobilenetV2', 'expansion factor t', input.t, 1, COST_LIMITS.t);
  const wide = input.t * input.nc;
  const residual = out === input.n && input.ncOut === input.nc ? out * out * input.ncOut : null;
  return blockOf('mobilenetV2', [
    convStage('1×1 expansion', input.n, 1, input.nc, wide, input.n),
    depthwiseStage(`${input.f}×${input.f} depthwise`, input.n, input.f, wide, out),
    convStage('1×1 projection', out, 1, wide, input.ncOut, out),
  ], residual);
}

/** A fraction in lowest terms. */
export interface Fraction {
  num: number;
  den: number;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

export function reduce(num: number, den: number): Fraction {
  const g = gcd(Math.abs(num), Math.abs(den)) || 1;
  return { num: num / g, den: den / g };
}

/**
 * The depthwise-separable block's multiplications over the normal convolution's, exactly:
 * (n_out²·f²·n_c + n_out²·n_c·n_c′) / (n_out²·f²·n_c·n_c′) = 1/n_c′ + 1/f² = (f² + n_c′) / (f²·n_c′).
 * Returned in lowest terms from the formula (small integers), and as a number; `fromCounts` is the same
 * fraction reduced from the two blocks' counts, which the tests prove equal.
 */
export function separableRatio(input: CostInput): { exact: Fraction; value: number; fromCounts: Fraction } {
  const normal = normalCost(input);
  const separable = separableCost(input);
  const f2 = input.f * input.f;
  const exact = reduce(f2 + input.ncOut, f2 * input.ncOut);
  return { exact, value: exact.num / exact.den, fromCounts: reduce(separable.mults, normal.mults) };
}

/** Every block on one input, or for each block the message that says why it cannot be computed. */
export interface Comparison {
  normal: BlockCost | ComputeInputError;
  separable: BlockCost | ComputeInputError;
  bottleneck: BlockCost | ComputeInputError;
  mobilenetV2: BlockCost | ComputeInputError;
}

function attempt(run: () => BlockCost): BlockCost | ComputeInputError {
  try {
    return run();
  } catch (e) {
    if (e instanceof ComputeInputError) return e;
    throw e;
  }
}

/** The four blocks on one input. Never throws for bad sizes: a block that cannot be built holds its error. */
export function compareBlocks(input: CostInput & { bottleneck: number; t: number }): Comparison {
  return {
    normal: attempt(() => normalCost(input)),
    separable: attempt(() => separableCost(input)),
    bottleneck: attempt(() => bottleneckCost(input)),
    mobilenetV2: attempt(() => mobileNetV2Cost(input)),
  };
}
