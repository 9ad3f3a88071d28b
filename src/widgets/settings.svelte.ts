/**
 * A widget's settings, whichever door they come in by: props (MDX, custom-element attributes), the
 * query string (the embed page) or the widget's own controls. All of them pass through the schema, so
 * they are clamped and explained the same way. When the host changes a prop, the props win again;
 * until then the reader's changes stand (writable deriveds).
 */
import { onMount } from 'svelte';
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

/**
 * On the embed page, what the URL says is what the widget shows. The settings are read from the query
 * string once mounted and again whenever the URL changes under the widget (Back/Forward to an entry
 * another script made, a restore from the back/forward cache); every change is written back with
 * replaceState, never pushState: inside an iframe a new history entry per step would take over the
 * host page's Back button.
 */
export function syncQueryString(enabled: () => boolean, load: (search: string) => void, query: () => string): void {
  onMount(() => {
    if (!enabled()) return;
    const reread = () => load(location.search);
    const restored = (e: PageTransitionEvent) => e.persisted && reread();
    reread();
    addEventListener('popstate', reread);
    addEventListener('pageshow', restored);
    return () => {
      removeEventListener('popstate', reread);
      removeEventListener('pageshow', restored);
    };
  });
  // Written once the settings rest for a moment: holding an arrow key must not flood the history API
  // (browsers throttle it and warn in the console).
  $effect(() => {
    const q = query();
    if (!enabled()) return;
    const timer = setTimeout(() => history.replaceState(history.state, '', `${location.pathname}${q ? `?${q}` : ''}${location.hash}`), 100);
    return () => clearTimeout(timer);
  });
}
