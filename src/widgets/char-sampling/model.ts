/**
 * The character-level sampling widget's model: a small RNN trained on dinosaur names by
 * scripts/train-char-model.ts (weights in src/data/char-model.json, loaded by the view only when needed)
 * samples new names one character at a time, following the course's four steps (src/compute/rnn.ts,
 * `sampleSequence`): x<1> = 0⃗ and a<0> = 0⃗; one forward step; draw the next character from ŷ<t> (at a
 * temperature, from a seeded generator); feed its one-hot back as x<t+1>; stop at the newline. No DOM.
 */
import { rnnWeights, sampleSequence, type RnnWeights, type Sample } from '~/compute/rnn';
import type { Schema, Values } from '../params';

export const MAX_LENGTH = 50; // the course's assignment stops a name at 50 characters
export const LIST_SIZE = 8;

export const schema = {
  temperature: { type: 'number', default: 1, min: 0, max: 3, label: 'Temperature τ', doc: 'ŷ = softmax(logits / τ): 1 is the model as trained, 0 always takes the most likely character, above 1 is wilder.' },
  seed: { type: 'int', default: 1, min: 1, max: 99999, label: 'Seed', doc: 'Seeds the random draws; the same seed and temperature give the same name.' },
  step: { type: 'int', default: 0, min: 0, max: MAX_LENGTH - 1, label: 'Character', doc: 'Which character of the name the four steps show (0 is the first).' },
} as const satisfies Schema;

export type Params = Values<typeof schema>;

/** What src/data/char-model.json holds. */
export interface ModelFile {
  vocab: string[];
  hidden: number;
  seed: number;
  epochs: number;
  curve: { epoch: number; lossPerName: number; lossPerChar: number }[];
  Waa: number[][];
  Wax: number[][];
  Wya: number[][];
  ba: number[];
  by: number[];
}

export interface CharModel {
  weights: RnnWeights;
  /** Index 0 is the newline that ends a name. */
  vocab: string[];
  /** The training names, to tell a sampled name that is in the list from a new one. */
  known: Set<string>;
  file: ModelFile;
}

export function charModel(file: ModelFile, namesText: string): CharModel {
  return { weights: rnnWeights(file), vocab: file.vocab, known: new Set(namesText.split('\n').map((s) => s.trim()).filter(Boolean)), file };
}

export interface SampledName {
  seed: number;
  name: string;
  sample: Sample;
  known: boolean;
  /** Stopped at MAX_LENGTH without drawing the newline. */
  capped: boolean;
}

export function sampleName(model: CharModel, seed: number, temperature: number): SampledName {
  const sample = sampleSequence(model.weights, { seed, temperature, endIndex: 0, maxLength: MAX_LENGTH });
  const name = sample.indices.filter((i) => i !== 0).map((i) => model.vocab[i]).join('');
  return { seed, name, sample, known: model.known.has(name), capped: sample.stopped === 'cap' };
}

/** Names from seeds seed … seed + count − 1 at one temperature. */
export function nameList(model: CharModel, seed: number, temperature: number, count = LIST_SIZE): SampledName[] {
  return Array.from({ length: count }, (_, i) => sampleName(model, seed + i, temperature));
}

export const shownChar = (c: string) => (c === '\n' ? '⏎' : c);
const quoted = (c: string) => (c === '\n' ? 'the newline ⏎ (end)' : `“${c}”`);

/** p to 2 decimals, or "< 0.01". */
export function fmtP(p: number): string {
  return p > 0 && p < 0.005 ? '< 0.01' : p.toFixed(2);
}

/** The characters ranked by probability at a step (largest first). */
export function ranked(p: ArrayLike<number>): number[] {
  return Array.from(p, (_, i) => i).sort((a, b) => p[b]! - p[a]! || a - b);
}

/** The lower end of the index's slice of [0, 1) in the cumulative sum: the draw u picks it when u is in [lo, lo + p). */
export function sliceStart(p: ArrayLike<number>, index: number): number {
  let c = 0;
  for (let i = 0; i < index; i++) c += p[i]!;
  return c;
}

/** The live sentence for character `step` of a sampled name. */
export function describeStep(model: CharModel, s: SampledName, step: number): string {
  const st = s.sample.steps[step]!;
  const t = step + 1;
  const input = t === 1 ? 'x<1> = 0⃗ and a<0> = 0⃗' : `x<${t}> = ${quoted(model.vocab[s.sample.indices[step - 1]!]!)}`;
  const lo = sliceStart(st.p, st.index);
  const fed = st.index === 0 ? 'the name ends here.' : `its one-hot becomes x<${t + 1}>.`;
  return `Character ${t}: ${input}; ŷ<${t}> gives ${quoted(model.vocab[st.index]!)} probability ${fmtP(st.p[st.index]!)}; the draw u = ${st.u.toFixed(3)} falls in its slice [${lo.toFixed(3)}, ${(lo + st.p[st.index]!).toFixed(3)}), so ${quoted(model.vocab[st.index]!)} is sampled; ${fed}`;
}

/** What the list line says about a name. */
export function nameNote(s: SampledName): string {
  if (s.capped) return `cut at ${MAX_LENGTH} characters`;
  return s.known ? 'in the training list' : 'new';
}
