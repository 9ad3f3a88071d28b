/**
 * The live colours of the site's scales for a widget that draws on a <canvas> (which cannot use CSS
 * variables): the --dl-neg, --dl-bg, --dl-pos and --dl-fg tokens as the page resolves them under an
 * element of the widget (light-dark(), the site's theme toggle, a host page's overrides, print), read
 * once mounted and again whenever the colour scheme changes. `palette` changes only when a colour does,
 * so a drawing that depends on it redraws only then. Create it during a component's initialisation.
 */
import { onMount } from 'svelte';
import { paletteOf, THEMES, type Palette } from '~/lib/colour-scale';

const TOKENS = { neg: 'var(--dl-neg, #1d4fc4)', zero: 'var(--dl-bg, #fcfbf8)', pos: 'var(--dl-pos, #ab3a08)', ink: 'var(--dl-fg, #1c1e22)' } as const;

export class ThemePalette {
  palette = $state<Palette>(paletteOf(THEMES.light));

  constructor(element: () => HTMLElement | undefined) {
    onMount(() => {
      const read = () => {
        const el = element();
        if (!el) return;
        const probe = document.createElement('i');
        probe.style.display = 'none';
        el.append(probe);
        const colour = (css: string) => ((probe.style.color = css), getComputedStyle(probe).color);
        const next = paletteOf({ neg: colour(TOKENS.neg), zero: colour(TOKENS.zero), pos: colour(TOKENS.pos), ink: colour(TOKENS.ink) });
        probe.remove();
        if (JSON.stringify(next) !== JSON.stringify(this.palette)) this.palette = next;
      };
      read();
      const queries = ['(prefers-color-scheme: dark)', 'print'].map((q) => matchMedia(q));
      for (const q of queries) q.addEventListener('change', read);
      const observer = new MutationObserver(read);
      observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
      return () => {
        for (const q of queries) q.removeEventListener('change', read);
        observer.disconnect();
      };
    });
  }
}
