import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseParams, parseQuery, toQuery, type Schema } from '~/widgets/params';

const schema = {
  n: { type: 'int', default: 6, min: 3, max: 9, label: 'Size', doc: '' },
  b: { type: 'number', default: 0, min: -5, max: 5, label: 'Bias', doc: '' },
  on: { type: 'bool', default: false, label: 'On', doc: '' },
  kind: { type: 'enum', options: ['a', 'b'], default: 'a', label: 'Kind', doc: '' },
  c: { type: 'enum', options: [1, 3], default: 1, label: 'Channels', doc: '' },
  g: { type: 'grid', default: null, maxSize: 3, minValue: -9, maxValue: 9, label: 'Grid', doc: '' },
} as const satisfies Schema;

describe('parseParams', () => {
  it('uses defaults when nothing is given', () => {
    expect(parseParams(schema, () => undefined)).toEqual({ values: { n: 6, b: 0, on: false, kind: 'a', c: 1, g: null }, problems: [] });
  });

  it('accepts typed values (MDX props) and strings (attributes, queries) alike', () => {
    const typed = parseParams(schema, (k) => ({ n: 4, b: -2.5, on: true, kind: 'b', c: 3, g: [[1, 2], [3, 4]] })[k]);
    const strings = parseQuery(schema, '?n=4&b=-2.5&on&kind=b&c=3&g=1,2;3,4');
    expect(strings).toEqual(typed);
    expect(typed.problems).toEqual([]);
  });

  it('clamps out-of-range numbers and says so', () => {
    const { values, problems } = parseQuery(schema, 'n=99&b=-1e9');
    expect(values.n).toBe(9);
    expect(values.b).toBe(-5);
    expect(problems).toEqual([
      'Size (n) must be from 3 to 9; “99” became 9.',
      'Bias (b) must be from -5 to 5; “-1e9” became -5.',
    ]);
  });

  it('rejects junk with a readable sentence and keeps the default', () => {
    const { values, problems } = parseQuery(schema, 'n=abc&on=maybe&kind=zzz&c=2&g=1,2;3');
    expect(values).toEqual({ n: 6, b: 0, on: false, kind: 'a', c: 1, g: null });
    expect(problems).toHaveLength(5);
    expect(problems[0]).toBe('Size (n) “abc” is not a number; using 6.');
    expect(problems[4]).toMatch(/rows of different lengths/);
  });

  it('quotes hostile input shortened and reports unknown names', () => {
    const { problems } = parseQuery(schema, `kind=${encodeURIComponent('<img src=x onerror=alert(1)>')}&evil=1`);
    expect(problems[0]).toBe('Kind (kind) must be one of a, b; “<img src=x onerror=alert…” was ignored.');
    expect(problems[1]).toBe('Unknown setting “evil” ignored.');
  });

  it('rounds non-integers for int parameters', () => {
    expect(parseQuery(schema, 'n=4.6').values.n).toBe(5);
  });
});

describe('toQuery', () => {
  it('writes only non-default values', () => {
    expect(toQuery(schema, { n: 6, b: 0, on: false, kind: 'a', c: 1, g: null })).toBe('');
    expect(toQuery(schema, { n: 4, b: 0, on: true, kind: 'a', c: 3, g: [[1, -2]] })).toBe('n=4&on=true&c=3&g=1%2C-2');
  });

  it('round-trips any valid values through the query string', () => {
    const values = fc.record({
      n: fc.integer({ min: 3, max: 9 }),
      b: fc.double({ min: -5, max: 5, noNaN: true }).map((v) => v + 0),
      on: fc.boolean(),
      kind: fc.constantFrom('a' as const, 'b' as const),
      c: fc.constantFrom(1 as const, 3 as const),
      g: fc.option(fc.array(fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 3 }), { nil: null }),
    });
    fc.assert(fc.property(values, (v) => {
      const back = parseQuery(schema, toQuery(schema, v));
      expect(back.problems).toEqual([]);
      expect(back.values).toEqual(v);
    }));
  });

  it('never throws on arbitrary query strings', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (k, v) => {
      const q = new URLSearchParams([[k, v], ['n', v], ['g', v]]).toString();
      const { values } = parseQuery(schema, q);
      expect(values.n).toBeGreaterThanOrEqual(3);
      expect(values.n).toBeLessThanOrEqual(9);
    }));
  });
});

describe('text parameters', () => {
  const textSchema = {
    layers: { type: 'text', default: '', maxLength: 12, label: 'Layers', doc: '' },
  } as const satisfies Schema;

  it('passes text through, round-trips it, and leaves the default out of the query', () => {
    expect(parseQuery(textSchema, 'layers=conv5-6%2Cfc10')).toEqual({ values: { layers: 'conv5-6,fc10' }, problems: [] });
    expect(parseParams(textSchema, () => 120).values.layers).toBe('120');
    expect(toQuery(textSchema, { layers: '' })).toBe('');
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (layers) => {
      expect(parseQuery(textSchema, toQuery(textSchema, { layers }))).toEqual({ values: { layers }, problems: [] });
    }));
  });

  it('rejects text that is too long or not text, quoting it shortened', () => {
    expect(parseQuery(textSchema, `layers=${'x'.repeat(40)}`)).toEqual({
      values: { layers: '' },
      problems: [`Layers (layers) is longer than 12 characters; “${'x'.repeat(24)}…” was ignored.`],
    });
    expect(parseParams(textSchema, () => ({ a: 1 })).problems).toEqual(['Layers (layers) must be text; “{"a":1}” was ignored.']);
  });
});
