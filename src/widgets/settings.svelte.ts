/**
 * A widget's settings, whichever door they come in by: props (MDX, custom-element attributes), the
 * query string (the embed page) or the widget's own controls. All of them pass through the schema, so
 * they are clamped and explained the same way. When the host changes a prop, the props win again;
 * until then the reader's changes stand (writable deriveds).
 */
import { parseParams, parseQuery, toQuery, type Schema, type Values } from './params';

export class WidgetSettings<S extends Schema> {
  #schema: S;
  #props: () => Record<string, unknown>;
  #fromProps = $derived.by(() => parseParams(this.#schema, (name) => this.#props()[name]));
  values: Values<S> = $derived(this.#fromProps.values);
  /** Readable sentences about values that were rejected or clamped. */
  problems: string[] = $derived(this.#fromProps.problems);

  constructor(schema: S, props: () => Record<string, unknown>) {
    this.#schema = schema;
    this.#props = props;
  }

  /** One control's change. */
  set(name: keyof S & string, value: unknown): void {
    const parsed = parseParams(this.#schema, (n) => (n === name ? value : this.values[n]));
    this.values = parsed.values;
    this.problems = parsed.problems;
  }

  /** Everything from a query string (`?padding=1&…`); unknown names are reported too. */
  load(search: string): void {
    const parsed = parseQuery(this.#schema, search);
    this.values = parsed.values;
    this.problems = parsed.problems;
  }

  /** The non-default settings as a query string, with some values replaced (e.g. the current step). */
  query(overrides: Partial<Values<S>> = {}): string {
    return toQuery(this.#schema, { ...this.values, ...overrides });
  }
}
