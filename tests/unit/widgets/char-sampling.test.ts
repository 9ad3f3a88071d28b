import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rnnBackward, rnnForward, oneHot, sequenceLoss } from '~/compute/rnn';
import { parseQuery } from '~/widgets/params';
import { charModel, describeStep, fmtP, nameList, nameNote, ranked, sampleName, schema, sliceStart, type ModelFile } from '~/widgets/char-sampling/model';

const file = JSON.parse(readFileSync('src/data/char-model.json', 'utf8')) as ModelFile;
const namesText = readFileSync('src/data/dinosaurs.txt', 'utf8');
const model = charModel(file, namesText);

describe('the shipped model (src/data/char-model.json)', () => {
  it('has the course’s vocabulary (newline first, then a–z) and consistent shapes', () => {
    expect(file.vocab).toEqual(['\n', ...'abcdefghijklmnopqrstuvwxyz']);
    expect(model.weights.Waa.rows).toBe(file.hidden);
    expect(model.weights.Wax.cols).toBe(27);
    expect(model.weights.Wya.rows).toBe(27);
    expect(model.known.size).toBe(1318);
  });

  it('its loss curve falls, and it predicts the training names far better than a uniform guess (ln 27 = 3.30 per character)', () => {
    const c = file.curve.map((e) => e.lossPerChar);
    for (let i = 1; i < c.length; i++) expect(c[i]!).toBeLessThan(c[i - 1]!);
    // Recomputed here from the rounded weights over every name.
    let loss = 0;
    let chars = 0;
    for (const name of model.known) {
      const idx = [...name].map((ch) => file.vocab.indexOf(ch));
      const xs = [new Float64Array(27), ...idx.map((i) => oneHot(i, 27))];
      const steps = rnnForward(model.weights, xs);
      loss += sequenceLoss(steps, [...idx, 0]).total;
      chars += idx.length + 1;
    }
    expect(loss / chars).toBeLessThan(1.8);
    expect(Math.abs(loss / chars - c.at(-1)!)).toBeLessThan(0.1); // the last epoch's mean (taken while training) is close
  });
});

describe('char-sampling model', () => {
  it('the same seed and temperature give the same name; names end with the newline', () => {
    const a = sampleName(model, 7, 0.5);
    const b = sampleName(model, 7, 0.5);
    expect(b.name).toBe(a.name);
    expect(a.sample.indices.at(-1)).toBe(0);
    expect(a.name).toMatch(/^[a-z]+$/);
    expect(sampleName(model, 8, 0.5).name).not.toBe(''); // another seed still writes something
  });

  it('temperature 0 is greedy: every seed writes the same name, each character the argmax', () => {
    const greedy = sampleName(model, 1, 0);
    expect(sampleName(model, 999, 0).name).toBe(greedy.name);
    greedy.sample.steps.forEach((s) => expect(s.index).toBe(ranked(s.logits)[0]));
  });

  it('the draw u falls in the sampled character’s slice of the cumulative sum', () => {
    for (const s of sampleName(model, 3, 1).sample.steps) {
      const lo = sliceStart(s.p, s.index);
      expect(s.u).toBeGreaterThanOrEqual(lo);
      expect(s.u).toBeLessThan(lo + s.p[s.index]!);
    }
  });

  it('the list marks names in the training list and new ones; most are new at τ = 1', () => {
    const list = nameList(model, 1, 1, 40);
    list.forEach((s) => expect(s.known).toBe(model.known.has(s.name)));
    expect(list.filter((s) => !s.known).length).toBeGreaterThan(20);
    expect(nameNote({ ...list[0]!, known: true, capped: false })).toBe('in the training list');
  });

  it('the live sentence walks the four steps with the computed numbers', () => {
    const s = sampleName(model, 7, 0.5);
    const st = s.sample.steps[0]!;
    const first = file.vocab[st.index]!;
    expect(describeStep(model, s, 0)).toBe(
      `Character 1: x<1> = 0⃗ and a<0> = 0⃗; ŷ<1> gives “${first}” probability ${fmtP(st.p[st.index]!)}; the draw u = ${st.u.toFixed(3)} falls in its slice [${sliceStart(st.p, st.index).toFixed(3)}, ${(sliceStart(st.p, st.index) + st.p[st.index]!).toFixed(3)}), so “${first}” is sampled; its one-hot becomes x<2>.`,
    );
    expect(describeStep(model, s, s.sample.steps.length - 1)).toMatch(/the newline ⏎ \(end\) is sampled; the name ends here\.$/);
  });

  it('bad settings are clamped with a message', () => {
    const p = parseQuery(schema, 'temperature=NaN&seed=-4&step=1e9');
    expect(p.values).toEqual({ temperature: 1, seed: 1, step: 49 });
    expect(p.problems).toHaveLength(3);
    expect(fmtP(0.001)).toBe('< 0.01');
  });

  it('a gradient through the shipped weights is finite (the model trains from here)', () => {
    const xs = [new Float64Array(27), oneHot(1, 27)];
    const b = rnnBackward(model.weights, rnnForward(model.weights, xs), [1, 0]);
    expect(Number.isFinite(b.daNorm[0]!)).toBe(true);
  });
});
