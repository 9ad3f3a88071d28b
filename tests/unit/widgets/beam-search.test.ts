import { describe, expect, it } from 'vitest';
import { parseQuery } from '~/widgets/params';
import {
  buildState, compareRows, compareVerdict, describeStep, END, expandQuery, finishedSoFar, isDone, layoutTree, neighbour, nodeDetail, nodeLabel,
  num, pathTo, presetParams, prob, queryOf, ROW_H, schema, verdictText, winnerId, type Params,
} from '~/widgets/beam-search/model';

const parsed = (search = '') => parseQuery(schema, expandQuery(search));
const params = (search = ''): Params => parsed(search).values;
const stateOf = (search = '') => buildState(params(search));
const text = (tokens: readonly string[] | undefined) => tokens?.join(' ');
const errorAnalysisAt = (search: string) => stateOf(search).human!.analysis!;

describe('beam-search model', () => {
  it('opens on the course’s sentence, B = 3, α = 0.7, the whole search shown with the winner’s path', () => {
    const s = stateOf();
    expect(s.source).toBe('Jane visite l’Afrique en septembre');
    expect([s.beamWidth, s.alpha, s.maxLength]).toEqual([3, 0.7, 10]);
    expect(s.count).toBe(10); // 10 search steps (greedy's path is 10 tokens)
    expect(s.step).toBe(9);
    expect(isDone(s)).toBe(true);
    expect(text(s.searches.shown.best?.tokens)).toBe('Jane is visiting Africa in September </s>');
    const layout = layoutTree(s);
    expect([...pathTo(layout, winnerId(s, layout))].sort()).toEqual(['', 'Jane', 'Jane is', 'Jane is visiting', 'Jane is visiting Africa', 'Jane is visiting Africa in', 'Jane is visiting Africa in September', 'Jane is visiting Africa in September </s>'].sort());
    expect(s.problems).toEqual([]);
  });

  it('says each step in words: kept, pruned with rank and B, finished', () => {
    const s = stateOf('step=2');
    expect(s.step).toBe(1);
    expect(describeStep(s, 0)).toBe('The decoder has read “Jane visite l’Afrique en septembre” and scores every first word. Step 1: 2 candidates; kept: Jane (−0.16), In (−1.90).');
    expect(describeStep(s)).toBe(
      'Step 2: 4 candidates; kept: Jane is (−0.86), Jane visits (−1.08), In September (−1.90); pruned: Jane will (rank 4 of 4, B = 3).',
    );
    expect(describeStep(s, 3)).toMatch(/^Step 4: .*finished: Jane visits Africa <\/s> \(score −0\.62\)\.$/);
    expect(describeStep(s, 9)).toMatch(/Done: ŷ = “Jane is visiting Africa in September <\/s>”, score −0\.52\.$/);
  });

  it('lays the tree out by rank with the beam’s cut after rank B; hiding pruned nodes drops the cut', () => {
    const s = stateOf('step=3');
    const layout = layoutTree(s);
    expect(layout.nodes.filter((n) => n.t === 3).map((n) => n.id)).toEqual(['Jane visits Africa', 'Jane is going', 'Jane is visiting', 'In September Jane', 'Jane is in', 'Jane visits in']);
    expect(layout.cuts.map((c) => c.t)).toEqual([2, 3]);
    expect(layout.cuts[1]!.y).toBeGreaterThan(layout.nodes.find((n) => n.id === 'Jane is visiting')!.y);
    expect(layout.cuts[1]!.y).toBeLessThan(layout.nodes.find((n) => n.id === 'In September Jane')!.y);
    const slim = layoutTree(stateOf('step=3&pruned=false'));
    expect(slim.nodes.filter((n) => n.t === 3)).toHaveLength(3);
    expect(slim.cuts).toEqual([]);
    expect(slim.height).toBeLessThan(layout.height - 2 * ROW_H);
  });

  it('arrow keys walk the tree: left the parent, right the best child, up and down the same step', () => {
    const layout = layoutTree(stateOf('step=3'));
    expect(neighbour(layout, 'Jane is going', 'ArrowLeft')).toBe('Jane is');
    expect(neighbour(layout, 'Jane is', 'ArrowRight')).toBe('Jane is going');
    expect(neighbour(layout, 'Jane is going', 'ArrowUp')).toBe('Jane visits Africa');
    expect(neighbour(layout, 'Jane is going', 'ArrowDown')).toBe('Jane is visiting');
    expect(neighbour(layout, 'Jane visits Africa', 'ArrowUp')).toBeNull();
    expect(neighbour(layout, 'Jane is in', 'ArrowRight')).toBeNull(); // pruned: no children
    expect(neighbour(layout, '', 'ArrowLeft')).toBeNull();
    expect(neighbour(layout, 'Jane is going', 'End')).toBe('Jane visits in');
  });

  it('a node’s read-out writes P as the product of its words’ probabilities and the score’s formula', () => {
    const s = stateOf('step=3');
    const node = layoutTree(s).nodes.find((n) => n.id === 'Jane is in')!;
    expect(nodeDetail(s, node)).toBe('“Jane is in”: P = 0.85 × 0.5 × 0.15 = 0.0638, log P = −2.75, score = log P / T_y^α = −2.75 / 3^0.7 = −1.28; rank 5 of 6, B = 3: pruned.');
    expect(nodeLabel(s, node)).toBe('Step 3: “Jane is in”, P(in) = 0.15, log P = −2.75, score = −1.28; rank 5 of 6, B = 3: pruned.');
  });

  it('presets pose their questions; greedy loses to B = 3; B = 2 loses on the second sentence', () => {
    const greedy = stateOf('preset=greedy');
    expect(greedy.beamWidth).toBe(1);
    expect(text(greedy.searches.shown.best?.tokens)).toBe('Jane is going to be visiting Africa in September </s>');
    expect(compareVerdict(greedy)).toBe('B = 1 misses the exact best by 0.17 in score: “Jane is visiting Africa in September </s>” was pruned on the way.');
    expect(text(stateOf('preset=greedy&beam=3').searches.shown.best?.tokens)).toBe('Jane is visiting Africa in September </s>');
    const small = stateOf('preset=small-beam');
    expect([small.sourceId, small.beamWidth]).toEqual(['an-dernier', 2]);
    expect(text(small.searches.shown.best?.tokens)).toBe('Jane went to Africa last year </s>');
    expect(compareRows(small).map((r) => [r.name, text(r.hypothesis?.tokens), r.best])).toEqual([
      ['Greedy (B = 1)', 'Jane visited Africa last year </s>', false],
      ['Beam, B = 2', 'Jane went to Africa last year </s>', false],
      ['Exhaustive (13 sentences)', 'Last year Jane visited Africa </s>', true],
    ]);
    expect(compareVerdict(stateOf())).toBe('B = 3 finds the exact best (by score, α = 0.7). Greedy does worse.');
    expect(text(stateOf('preset=length').searches.shown.best?.tokens)).toBe('Jane visits Africa </s>');
  });

  it('the query string holds the preset and what differs from it, and reads back the same', () => {
    expect(queryOf(presetParams('greedy'))).toBe('preset=greedy');
    const p = { ...presetParams('greedy'), beam: 3, step: 4, force: 'Jane is going' };
    expect(queryOf(p)).toBe('preset=greedy&beam=3&step=4&force=Jane+is+going');
    expect(params(`?${queryOf(p)}`)).toEqual(p);
    expect(queryOf(params(''))).toBe('');
  });

  it('B = 0, α < 0 and hostile values become clear messages', () => {
    expect(parsed('beam=0').problems).toEqual(['Beam width B (beam) must be from 1 to 6; “0” became 1.']);
    expect(parsed('alpha=-0.5').problems).toEqual(['Length normalisation α (alpha) must be from 0 to 1; “-0.5” became 0.']);
    expect(parsed('beam=abc').problems[0]).toMatch(/is not a number; using 3/);
    const hostile = stateOf('force=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E');
    expect(hostile.forced).toEqual([]);
    expect(hostile.problems).toEqual(['Forced prefix (force) “<img src=x onerror=alert…”: “<img” is not in the model’s vocabulary; the search runs without it.']);
  });

  it('forcing a prefix: the chain is kept, its siblings dropped, the search goes on from it alone', () => {
    const s = stateOf('force=Jane+is+going&step=3');
    expect(s.forced).toEqual(['Jane', 'is', 'going']);
    expect(describeStep(s)).toBe('Step 3: 3 candidates; forced: Jane is going (−1.65); pruned: Jane is visiting (rank 2 of 3, off the forced prefix), Jane is in (rank 3 of 3, off the forced prefix).');
    expect(text(s.searches.shown.best?.tokens)).toBe('Jane is going to visit Africa in September </s>');
    expect(compareRows(s).at(-1)!.name).toBe('Forced “Jane is going”');
    expect(stateOf('force=Jane+went').problems[0]).toBe('Forced prefix (force) “Jane went”: the model gives “went” probability 0 after “Jane”, so the forced prefix cannot be followed; the search runs without it.');
  });

  it('error analysis: greedy’s ŷ is the search’s fault; unknown words and a missing ŷ are explained', () => {
    const fault = stateOf('preset=fault');
    const a = fault.human!.analysis!;
    expect(a.fault).toBe('beam');
    expect(fault.human!.addedEnd).toBe(true);
    expect(verdictText(a, 0.7)).toBe(
      'Beam search is at fault: the model scores y* higher than ŷ (−0.52 > −0.69, comparing the normalised score (α = 0.7), the same one the search ranks by), yet the search returned ŷ. A larger B may find y*.',
    );
    expect(stateOf('preset=fault&beam=3').human!.analysis!.fault).toBe('none');
    const model = stateOf('preset=length&ystar=Jane+visits+Africa+in+September');
    expect(model.human!.analysis!.fault).toBe('model');
    expect(verdictText(model.human!.analysis!, 0)).toMatch(/^The model is at fault: it scores y\* no higher than ŷ \(−2\.05 ≤ −1\.64, comparing P\(y\* \| x\) vs P\(ŷ \| x\)\)/);
    expect(verdictText(model.human!.analysis!, 0)).toMatch(/y\* is longer than ŷ and α = 0 charges it for every extra word: try length normalisation \(α ≈ 0\.7\)\.$/);
    expect(verdictText(errorAnalysisAt('ystar=Jane+visits+Africa+in+September'), 0.7)).toMatch(/a different network would help, not a larger B\.$/);
    const zero = stateOf('ystar=Jane+Africa');
    expect(verdictText(zero.human!.analysis!, 0.7)).toContain('It gives “Africa” probability 0 after “Jane”.');
    expect(stateOf('ystar=Jane+likes+%3Cb%3Echeese%3C/b%3E').human!.message).toMatch(/^“likes”, “<b>cheese<\/b>” are not in the model’s vocabulary/);
    expect(stateOf('maxlen=3&ystar=Jane').human!.message).toMatch(/no output ŷ/);
    expect(stateOf('ystar=').human).toBeNull();
  });

  it('a maximum length too short for any sentence is explained, and nothing shows NaN', () => {
    const s = stateOf('maxlen=3');
    expect(s.searches.shown.best).toBeNull();
    expect(s.problems).toEqual(['No hypothesis ends with </s> within 3 tokens: raise the maximum length (every sentence of this model ends within 10).']);
    expect(compareVerdict(s)).toMatch(/Nothing ends/);
    expect(describeStep(s, s.count - 1)).toMatch(/Done: no hypothesis ended\.$/);
  });

  it('the finished list grows with the steps, best score first', () => {
    expect(finishedSoFar(stateOf('step=3'))).toEqual([]);
    expect(finishedSoFar(stateOf('step=4')).map((h) => text(h.tokens))).toEqual(['Jane visits Africa </s>']);
    expect(finishedSoFar(stateOf()).map((h) => text(h.tokens))[0]).toBe('Jane is visiting Africa in September </s>');
  });

  it('formats numbers with a true minus sign, −∞ for log 0, small probabilities in powers of ten', () => {
    expect(num(-1.2345)).toBe('−1.23');
    expect(num(-0.001)).toBe('0.00');
    expect(num(-Infinity)).toBe('−∞');
    expect(prob(0.13005)).toBe('0.130');
    expect(prob(0.0000123)).toBe('1.23 × 10⁻⁵');
    expect(prob(0)).toBe('0');
  });

  it('the default step is the end, and any step is clamped to the search', () => {
    expect(schema.step.default).toBe(END);
    expect(stateOf('step=12').step).toBe(9);
    expect(stateOf('step=1').step).toBe(0);
    expect(stateOf('preset=small-beam').step).toBe(6);
    expect(parsed('step=0').problems).toEqual(['Step (step) must be from 1 to 12; “0” became 1.']);
  });
});
