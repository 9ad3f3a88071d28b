import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParams, parseQuery } from '~/widgets/params';
import { WIDGETS } from '~/widgets/registry';
import {
  addTriplet, classReason, costText, describe as describeScene, expandQuery, formatTriplets, isEdited, lossText, movePoint, pairText, paramsOf, parseTriplets,
  placePoint, PRESET_NAMES, PRESETS, presetParams, queryOf, radii, removeTriplet, resolve, schema, sceneOf, sigmoidText, givenOrPreset, type Params,
} from '~/widgets/triplet-loss/model';

const defaults = parseParams(schema, () => undefined).values;
const params = (over: Partial<Params> = {}): Params => ({ ...defaults, ...over });
const sceneFor = (over: Partial<Params> = {}) => sceneOf(resolve(params(over)).state);
const fromQuery = (search: string) => parseQuery(schema, expandQuery(search));

describe('settings and presets', () => {
  it('the defaults are the semi-hard preset', () => {
    expect(defaults).toEqual(presetParams('semi-hard'));
  });

  it.each(PRESET_NAMES)('preset %s is valid, canonical and poses a question', (name) => {
    const p = presetParams(name);
    expect(parseParams(schema, (k) => p[k as keyof Params]).problems).toEqual([]);
    const r = resolve(p);
    expect(r.problems).toEqual([]);
    expect(formatTriplets(r.state.triplets)).toBe(p.triplets);
    expect(PRESETS[name].question).toMatch(/\?$/);
  });

  it('each preset edits a triplet of its own class', () => {
    expect(sceneOf(resolve(presetParams('easy')).state).picked.cls).toBe('easy');
    expect(sceneOf(resolve(presetParams('semi-hard')).state).picked.cls).toBe('semi-hard');
    expect(sceneOf(resolve(presetParams('hard')).state).picked.cls).toBe('hard');
  });

  it('a preset alone brings its values; settings beside it win; the query holds only differences', () => {
    expect(givenOrPreset({ preset: 'hard' }).pick).toBe(3);
    expect(fromQuery('?preset=hard&alpha=0.3').values).toEqual({ ...presetParams('hard'), alpha: 0.3 });
    expect(queryOf(defaults)).toBe('');
    expect(queryOf({ ...presetParams('hard'), alpha: 0.3 })).toBe('preset=hard&alpha=0.3');
    expect(WIDGETS.find((w) => w.slug === 'triplet-loss')!.example).toBe('preset=hard&alpha=0.3');
    expect(isEdited(presetParams('collapse'))).toBe(false);
    expect(isEdited({ ...presetParams('collapse'), alpha: 0 })).toBe(true);
  });

  it('settings round-trip through the query string', () => {
    const c = fc.integer({ min: -10, max: 10 }).map((v) => v / 10);
    const triplet = fc.record({ A: fc.tuple(c, c), P: fc.tuple(c, c), N: fc.tuple(c, c) });
    const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((v) => v / 100);
    fc.assert(fc.property(fc.constantFrom(...PRESET_NAMES), fc.array(triplet, { minLength: 1, maxLength: 6 }), hundredths(1), hundredths(2), fc.nat(), fc.constantFrom('ap', 'an', 'pn' as const), (preset, ts, alpha, tau, k, pair) => {
      const p: Params = { preset, triplets: formatTriplets(ts), alpha, tau, pick: (k % ts.length) + 1, pair };
      expect(fromQuery(`?${queryOf(p)}`)).toEqual({ values: p, problems: [] });
      expect(resolve(p).problems).toEqual([]);
    }));
  });
});

describe('triplets as text', () => {
  it('reads six numbers per triplet and writes them back', () => {
    const r = parseTriplets(' 0,0,0.3,0.2,0.4,0 ; -1,1,1,-1,0.5,-0.5');
    expect(r.problems).toEqual([]);
    expect(r.triplets).toEqual([{ A: [0, 0], P: [0.3, 0.2], N: [0.4, 0] }, { A: [-1, 1], P: [1, -1], N: [0.5, -0.5] }]);
    expect(formatTriplets(r.triplets)).toBe('0,0,0.3,0.2,0.4,0;-1,1,1,-1,0.5,-0.5');
  });

  it('bad items are left out with a sentence; off-grid or outside numbers are moved with one; never throws', () => {
    const r = parseTriplets('1,2,3;0,0,0,0,0,x;0.04,0,2,0,0,-7;NaN,0,0,0,0,0');
    expect(r.triplets).toEqual([{ A: [0, 0], P: [1, 0], N: [0, -1] }]);
    expect(r.problems).toEqual([
      'Triplets (triplets): item 1 “1,2,3” must be 6 numbers (A, P and N, each f₁,f₂); it was left out.',
      'Triplets (triplets): item 2 “0,0,0,0,0,x” must be 6 numbers (A, P and N, each f₁,f₂); it was left out.',
      'Triplets (triplets): item 3 “0.04,0,2,0,0,-7”: coordinates must be tenths from −1 to 1; it became 0,0,1,0,0,-1.',
      'Triplets (triplets): item 4 “NaN,0,0,0,0,0” must be 6 numbers (A, P and N, each f₁,f₂); it was left out.',
    ]);
    expect(parseTriplets(Array(8).fill('0,0,0,0,0,0').join(';')).problems).toEqual(['Triplets (triplets): at most 6 triplets; item 7 and later were left out.']);
    const hostile = parseTriplets('<img src=x onerror="alert(1)">');
    expect(hostile.triplets).toEqual([]);
    expect(hostile.problems[0]).toContain('“<img src=x onerror="aler…”');
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => parseTriplets(s).triplets.every((t) => [...t.A, ...t.P, ...t.N].every((v) => v >= -1 && v <= 1 && Math.round(v * 10) === v * 10))));
  });

  it('no usable triplet falls back to the preset’s batch; a pick beyond the batch and off-grid α, τ are fixed with sentences', () => {
    const r = resolve(params({ triplets: 'nonsense', pick: 6, alpha: 0.125, tau: 0.3333 }));
    expect(r.state.triplets.length).toBe(5);
    expect(r.state.pick).toBe(4);
    expect(r.state.alpha).toBe(0.13);
    expect(r.state.tau).toBe(0.33);
    expect(r.problems).toEqual([
      'Triplets (triplets): item 1 “nonsense” must be 6 numbers (A, P and N, each f₁,f₂); it was left out.',
      'Triplets (triplets): no usable triplet was given; the preset’s batch is shown.',
      'Margin α (alpha) is kept to hundredths; 0.125 became 0.13.',
      'Threshold τ (tau) is kept to hundredths; 0.3333 became 0.33.',
      'Edited triplet (pick) must be at most 5 for a batch of 5; 6 became 5.',
    ]);
    expect(resolve(params({ triplets: '0,0,0,0,0,0', pick: 3 })).problems).toEqual(['Edited triplet (pick) must be at most 1 for a batch of 1; 3 became 1.']);
  });

  it('moving and placing keep points in the square, on tenths; add and remove stay within 1 to 6', () => {
    const ts = parseTriplets('0,0,0.3,0.2,0.4,0').triplets;
    expect(movePoint(ts, 0, 'N', 0.1, -0.1)[0]!.N).toEqual([0.5, -0.1]);
    expect(movePoint(ts, 0, 'A', -5, 5)[0]!.A).toEqual([-1, 1]);
    expect(placePoint(ts, 0, 'P', 0.349, -0.251)[0]!.P).toEqual([0.3, -0.3]);
    expect(addTriplet(ts).length).toBe(2);
    const six = sceneFor({ triplets: formatTriplets(addTriplet(resolve(defaults).state.triplets)), pick: 6 });
    expect([six.picked.dAP, six.picked.dAN, six.picked.loss, six.picked.cls, six.J]).toEqual([0.01, 0.13, 0.08, 'semi-hard', 0.72]);
    let many = ts;
    for (let i = 0; i < 8; i++) many = addTriplet(many);
    expect(many.length).toBe(6);
    expect(new Set(many.map((t) => t.A.join())).size).toBe(6);
    expect(removeTriplet(ts, 0)).toEqual(ts);
    expect(removeTriplet(many, 2).length).toBe(5);
  });
});

describe('the scene: numbers a chapter can quote', () => {
  it('the default batch: J = 0 + 0.15 + 0.37 + 0 + 0.12 = 0.64; triplet 2 semi-hard', () => {
    const s = sceneFor();
    expect(s.results.map((r) => [r.dAP, r.dAN, r.loss, r.cls])).toEqual([
      [0.05, 0.65, 0, 'easy'],
      [0.13, 0.18, 0.15, 'semi-hard'],
      [0.25, 0.08, 0.37, 'hard'],
      [0.05, 0.65, 0, 'easy'],
      [0.05, 0.13, 0.12, 'semi-hard'],
    ]);
    expect(s.J).toBe(0.64);
    expect(costText(s)).toBe('0 + 0.15 + 0.37 + 0 + 0.12 = 0.64');
    expect(lossText(s.picked, 0.2)).toBe('max(0.13 − 0.18 + 0.20, 0) = 0.15');
    expect(classReason(s.picked, 0.2)).toBe('semi-hard: N is farther than P (0.18 > 0.13) but inside the margin (0.18 < 0.33), so 0 < L < α.');
    expect(describeScene(s)).toBe('Triplet 2, semi-hard: d(A,P) = 0.13, d(A,N) = 0.18, α = 0.20, L = 0.15. Batch of 5: J = 0.64 (2 easy, 2 semi-hard, 1 hard).');
    const ring = radii(s.picked, 0.2);
    expect(ring.hard).toBeCloseTo(Math.sqrt(0.13), 12);
    expect(ring.cost).toBeCloseTo(Math.sqrt(0.33), 12);
  });

  it('α changes the classes: with α = 0.05 triplet 2 is easy, with 0 there is no semi-hard at all', () => {
    expect(sceneFor({ alpha: 0.05 }).picked.cls).toBe('easy');
    expect(sceneFor({ alpha: 0.05 }).J).toBe(0.22); // only the hard one costs: 0.25 − 0.08 + 0.05; triplet 5: 0.05 − 0.13 + 0.05 < 0
    expect(sceneFor({ alpha: 0 }).counts).toEqual({ easy: 4, 'semi-hard': 0, hard: 1 });
  });

  it('the boundary is exact: N exactly at d(A,P) + α is easy with L = 0', () => {
    // A (0,0), P (0.3,0): d(A,P) = 0.09; N (0.3,0.4): d(A,N) = 0.25 = 0.09 + 0.16.
    const s = sceneFor({ triplets: '0,0,0.3,0,0.3,0.4', pick: 1, alpha: 0.16 });
    expect(s.picked).toMatchObject({ dAP: 0.09, dAN: 0.25, loss: 0, cls: 'easy' });
    expect(sceneFor({ triplets: '0,0,0.3,0,0.3,0.4', pick: 1, alpha: 0.17 }).picked.cls).toBe('semi-hard');
  });

  it('collapse: every triplet costs exactly α, J = 5α; with α = 0 the trivial encoding costs nothing', () => {
    const s = sceneOf(resolve(presetParams('collapse')).state);
    expect(s.results.every((r) => r.loss === 0.2 && r.cls === 'hard')).toBe(true);
    expect(s.J).toBe(1);
    expect(costText(s)).toBe('0.20 + 0.20 + 0.20 + 0.20 + 0.20 = 1.00');
    expect(sceneOf(resolve({ ...presetParams('collapse'), alpha: 0 }).state).J).toBe(0);
  });

  it('verification: τ = 0.15 accepts A–P (0.13) and rejects A–N (0.18) and P–N (0.37); τ = 0.2 falsely accepts A–N', () => {
    const s = sceneFor();
    expect(s.pairs.map((p) => [p.name, p.d, p.accepted])).toEqual([['ap', 0.13, true], ['an', 0.18, false], ['pn', 0.37, false]]);
    expect(pairText(s.pairs[0]!, 0.15)).toBe('d(A,P) = 0.13 ≤ 0.15: same person (right)');
    expect(pairText(s.pairs[1]!, 0.15)).toBe('d(A,N) = 0.18 > 0.15: different people (right)');
    const loose = sceneFor({ tau: 0.2 });
    expect(loose.pairs.map((p) => p.accepted)).toEqual([true, true, false]);
    expect(pairText(loose.pairs[1]!, 0.2)).toBe('d(A,N) = 0.18 ≤ 0.20: same person (wrong: a false accept)');
    expect(pairText(sceneFor({ tau: 0.1 }).pairs[0]!, 0.1)).toBe('d(A,P) = 0.13 > 0.10: different people (wrong: a false reject)');
    expect(sceneFor({ tau: 0.13 }).pairs[0]!.accepted).toBe(true); // d = τ is accepted
  });

  it('the pairwise sigmoid: A–P of triplet 2 gives σ(0.50) = 0.622, A–N σ(−0.50) = 0.378', () => {
    const ap = sceneFor().sigmoid;
    expect(ap.features.map((f) => Math.round(f * 10) / 10)).toEqual([0.3, 0.2]);
    expect(ap.z).toBeCloseTo(0.5, 12);
    expect(sigmoidText(ap)).toBe('σ(−10·0.3 + −10·0.2 + 5.5) = σ(0.50) = 0.622');
    expect(sigmoidText(sceneFor({ pair: 'an' }).sigmoid)).toBe('σ(−10·0.3 + −10·0.3 + 5.5) = σ(−0.50) = 0.378');
    expect(sigmoidText(sceneOf(resolve(presetParams('collapse')).state).sigmoid)).toBe('σ(−10·0 + −10·0 + 5.5) = σ(5.50) = 0.996');
  });

  it('paramsOf gives back the settings the state came from', () => {
    const p = presetParams('hard');
    expect(paramsOf('hard', resolve(p).state)).toEqual(p);
  });
});
