/**
 * Wraps an ordinary widget component in a custom element (`<dl-conv-stepper padding="1">`), so the
 * same compiled component serves chapter islands, embed pages and third-party pages. Attributes go
 * through the widget's schema inside the component, exactly like MDX props and query strings.
 */
import { mount, unmount, type Component } from 'svelte';

export function defineWidgetElement(tag: string, component: Component<Record<string, unknown>>, attributes: readonly string[]): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      static observedAttributes = attributes;
      #props: Record<string, unknown> | undefined;
      #app: ReturnType<typeof mount> | undefined;

      #read(): Record<string, unknown> {
        return Object.fromEntries(attributes.map((name) => [name, this.getAttribute(name) ?? undefined]));
      }

      connectedCallback() {
        // $state must initialise a variable (not a field assigned in a method) or the build rejects it.
        const props = $state(this.#read());
        this.#props = props;
        this.replaceChildren(); // drop any fallback content the host page put inside
        this.#app = mount(component, { target: this, props });
      }

      attributeChangedCallback() {
        if (this.#props) Object.assign(this.#props, this.#read());
      }

      disconnectedCallback() {
        if (this.#app) void unmount(this.#app);
        this.#app = this.#props = undefined;
      }
    },
  );
}
