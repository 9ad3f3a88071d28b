/**
 * The parameter contract every widget follows. A widget declares a schema (name → type, default,
 * bounds); the same schema then
 *   - validates and clamps whatever arrives (MDX props, custom-element attributes, ?query strings),
 *     turning each bad value into a readable problem instead of a crash;
 *   - writes the non-default values back to a query string for "copy link" and embed URLs.
 * Problems are plain text: they quote the bad input (shortened) and views render them as text, never HTML.
 */

interface Common {
  /** Shown in controls, problems and the embed docs. */
  label: string;
  /** One sentence for the embed docs. */
  doc: string;
}

export interface IntSpec extends Common { type: 'int'; default: number; min: number; max: number }
export interface NumberSpec extends Common { type: 'number'; default: number; min: number; max: number }
export interface BoolSpec extends Common { type: 'bool'; default: boolean }
export interface EnumSpec<O extends string | number = string | number> extends Common {
  type: 'enum';
  default: O;
  options: readonly O[];
}
/** A small matrix of numbers, written `1,0,-1;1,0,-1` in a query string (rows split by `;`). */
export interface GridSpec extends Common {
  type: 'grid';
  default: null;
  maxSize: number;
  minValue: number;
  maxValue: number;
}

/**
 * Free text the widget reads further itself (e.g. a compact layer list like `conv5-6,maxpool2,fc10`);
 * here it is only checked to be short enough. Its default is usually '' meaning "not given".
 */
export interface TextSpec extends Common {
  type: 'text';
  default: string;
  maxLength: number;
}

export type ParamSpec = IntSpec | NumberSpec | BoolSpec | EnumSpec | GridSpec | TextSpec;
export type Schema = Record<string, ParamSpec>;

type ValueOf<S extends ParamSpec> = S extends IntSpec | NumberSpec
  ? number
  : S extends BoolSpec
    ? boolean
    : S extends EnumSpec<infer O>
      ? O
      : S extends GridSpec
        ? number[][] | null
        : string;

export type Values<S extends Schema> = { [K in keyof S]: ValueOf<S[K]> };

export interface Parsed<S extends Schema> {
  values: Values<S>;
  /** One readable sentence per value that was rejected or clamped. */
  problems: string[];
}

const MAX_QUOTE = 24;

/** The bad input as the reader typed it, shortened, for use inside a problem sentence. */
export function quote(raw: unknown): string {
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw) ?? String(raw);
  return `“${text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text}”`;
}

function parseNumber(name: string, spec: IntSpec | NumberSpec, raw: unknown, problems: string[]): number {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(n)) {
    problems.push(`${spec.label} (${name}) ${quote(raw)} is not a number; using ${spec.default}.`);
    return spec.default;
  }
  let v = spec.type === 'int' ? Math.round(n) : n;
  if (v !== n) problems.push(`${spec.label} (${name}) must be a whole number; rounded ${quote(raw)} to ${v}.`);
  if (v < spec.min || v > spec.max) {
    const clamped = Math.min(spec.max, Math.max(spec.min, v));
    problems.push(`${spec.label} (${name}) must be from ${spec.min} to ${spec.max}; ${quote(raw)} became ${clamped}.`);
    v = clamped;
  }
  return v;
}

function parseBool(name: string, spec: BoolSpec, raw: unknown, problems: string[]): boolean {
  if (typeof raw === 'boolean') return raw;
  // A bare attribute (`<dl-x relu>`) or `?relu` arrives as the empty string and means true.
  if (raw === '' || raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  problems.push(`${spec.label} (${name}) must be true or false; ${quote(raw)} was ignored.`);
  return spec.default;
}

function parseEnum(name: string, spec: EnumSpec, raw: unknown, problems: string[]): string | number {
  const match = spec.options.find((o) => String(o) === String(raw));
  if (match !== undefined) return match;
  problems.push(`${spec.label} (${name}) must be one of ${spec.options.join(', ')}; ${quote(raw)} was ignored.`);
  return spec.default;
}

function parseGrid(name: string, spec: GridSpec, raw: unknown, problems: string[]): number[][] | null {
  const rows =
    typeof raw === 'string'
      ? raw.split(';').map((r) => r.split(',').map((c) => (c.trim() === '' ? Number.NaN : Number(c))))
      : Array.isArray(raw) && raw.every(Array.isArray)
        ? (raw as unknown[][]).map((r) => r.map((c) => (typeof c === 'number' ? c : Number.NaN)))
        : null;
  const width = rows?.[0]?.length ?? 0;
  const fail = (why: string) => (problems.push(`${spec.label} (${name}) ${quote(raw)} ${why}; it was ignored.`), null);
  if (!rows || width === 0) return fail('is not a grid of numbers like 1,0,-1;1,0,-1');
  if (rows.some((r) => r.length !== width)) return fail('has rows of different lengths');
  if (rows.length > spec.maxSize || width > spec.maxSize) return fail(`is larger than ${spec.maxSize}×${spec.maxSize}`);
  if (rows.some((r) => r.some((v) => !Number.isFinite(v)))) return fail('holds something that is not a number');
  let clamped = false;
  const grid = rows.map((r) =>
    r.map((v) => {
      const c = Math.min(spec.maxValue, Math.max(spec.minValue, v));
      clamped ||= c !== v;
      return c;
    }),
  );
  if (clamped) problems.push(`${spec.label} (${name}) values must be from ${spec.minValue} to ${spec.maxValue}; larger ones were clamped.`);
  return grid;
}

function parseText(name: string, spec: TextSpec, raw: unknown, problems: string[]): string {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    problems.push(`${spec.label} (${name}) must be text; ${quote(raw)} was ignored.`);
    return spec.default;
  }
  const text = String(raw);
  if (text.length > spec.maxLength) {
    problems.push(`${spec.label} (${name}) is longer than ${spec.maxLength} characters; ${quote(text)} was ignored.`);
    return spec.default;
  }
  return text;
}

/**
 * Reads every parameter through `get` (which returns undefined/null when a value is absent) and
 * returns valid values plus the problems met. Never throws.
 */
export function parseParams<S extends Schema>(schema: S, get: (name: string) => unknown): Parsed<S> {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(schema)) {
    const raw = get(name);
    if (raw === undefined || raw === null) {
      values[name] = spec.default;
      continue;
    }
    switch (spec.type) {
      case 'int':
      case 'number':
        values[name] = parseNumber(name, spec, raw, problems);
        break;
      case 'bool':
        values[name] = parseBool(name, spec, raw, problems);
        break;
      case 'enum':
        values[name] = parseEnum(name, spec, raw, problems);
        break;
      case 'grid':
        values[name] = parseGrid(name, spec, raw, problems);
        break;
      case 'text':
        values[name] = parseText(name, spec, raw, problems);
        break;
    }
  }
  return { values: values as Values<S>, problems };
}

/** Parses a query string (`?a=1&b=2`); unknown names are reported, not silently dropped. */
export function parseQuery<S extends Schema>(schema: S, search: string): Parsed<S> {
  const query = new URLSearchParams(search);
  const parsed = parseParams(schema, (name) => query.get(name));
  const unknown = [...new Set(query.keys())].filter((k) => !(k in schema) && !RESERVED_QUERY.includes(k));
  if (unknown.length > 0) {
    parsed.problems.push(`Unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.map(quote).join(', ')} ignored.`);
  }
  return parsed;
}

/** Query names the embed page itself reads (colour scheme), not a widget's parameters. */
export const RESERVED_QUERY = ['theme'];

function formatValue(spec: ParamSpec, value: unknown): string {
  if (spec.type === 'grid') return (value as number[][]).map((r) => r.join(',')).join(';');
  return String(value);
}

/** Non-default values as a query string (without `?`), in schema order. */
export function toQuery<S extends Schema>(schema: S, values: Values<S>): string {
  const query = new URLSearchParams();
  for (const [name, spec] of Object.entries(schema)) {
    const value = values[name];
    const isDefault = spec.type === 'grid' ? value === null : value === spec.default;
    if (!isDefault) query.set(name, formatValue(spec, value));
  }
  return query.toString();
}

/**
 * What every widget with named presets (`preset=…`) needs, in one place. A preset is a full set of
 * values; the settings a reader or an embedder does not give come from it, so `preset="hard"` alone
 * opens that case and any setting given beside it wins. `presetParams(name)` is the widget's own (some
 * fill schema defaults or leave grids null); `names[0]`… are the presets, `fallback` the one used for a
 * missing or unknown name.
 */
export function presetPlumbing<S extends Schema, N extends string>(
  schema: S,
  names: readonly N[],
  fallback: N,
  presetParams: (name: N) => Values<S>,
) {
  const valuesOf = (raw: unknown) => presetParams(names.find((n) => n === raw) ?? fallback) as Record<string, unknown>;
  return {
    /** Every setting as given (props, attributes), or, where not given, the named preset's value. */
    givenOrPreset(given: Record<string, unknown>): Record<string, unknown> {
      const preset = valuesOf(given['preset']);
      return Object.fromEntries(Object.keys(schema).map((name) => [name, given[name] ?? preset[name]]));
    },
    /** A query string with the preset's values added for the settings it does not give (`?preset=x` → all of them). */
    expandQuery(search: string): string {
      const query = new URLSearchParams(search);
      const preset = valuesOf(query.get('preset'));
      for (const [name, value] of Object.entries(preset)) {
        if (name !== 'preset' && value !== null && value !== undefined && !query.has(name)) query.set(name, String(value));
      }
      return `?${query.toString()}`;
    },
    /** The settings as a query string: the preset (when not the fallback) and what differs from it. */
    queryOf(values: Values<S>): string {
      const preset = valuesOf(values['preset']);
      const relative = Object.fromEntries(
        Object.entries(schema).map(([name, spec]) => [
          name,
          name === 'preset' || spec.type === 'grid' ? spec : { ...spec, default: preset[name] },
        ]),
      ) as S;
      return toQuery(relative, values);
    },
    /** Whether the reader has moved away from the preset's values. */
    isEdited(values: Values<S>): boolean {
      const preset = valuesOf(values['preset']);
      return Object.keys(preset).some((k) => preset[k] !== (values as Record<string, unknown>)[k]);
    },
  };
}
