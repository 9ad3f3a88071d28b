/**
 * The widget registry (src/widgets/registry.ts) is the only list of widgets. Everything that needs one
 * file per widget is generated from it here, at build time, into src/generated/ (not committed):
 *   - an embed page per widget, routed at /embed/<slug>/ with injectRoute; one page file per widget
 *     because Astro needs a static import to hydrate a component, and so each embed page carries only
 *     its own widget's CSS and JavaScript;
 *   - a custom-element module per widget, the entry points of the standalone bundles (vite.embed.config.ts).
 * A widget's view is, by convention, src/widgets/<slug>/<PascalSlug>.svelte.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runnerImport } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC = `${ROOT}src`;
const GENERATED = `${SRC}/generated`;

/** conv-stepper → ConvStepper */
export const viewName = (slug) => slug.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
export const viewPath = (slug) => `${SRC}/widgets/${slug}/${viewName(slug)}.svelte`;

/** The registry's WIDGETS, loaded through Vite so its TypeScript and `~/` imports resolve. */
export async function loadWidgets() {
  const { module } = await runnerImport(`${SRC}/widgets/registry.ts`, {
    configFile: false,
    logLevel: 'error',
    resolve: { alias: { '~': SRC } },
  });
  for (const w of module.WIDGETS) {
    if (!existsSync(viewPath(w.slug))) throw new Error(`widget ${w.slug}: its view ${viewPath(w.slug)} does not exist`);
  }
  return module.WIDGETS;
}

function writeIfChanged(path, text) {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
}

function embedPage(slug) {
  return `---
// Generated from src/widgets/registry.ts by src/integrations/widgets.mjs. Do not edit.
import Embed from '~/layouts/Embed.astro';
import View from '~/widgets/${slug}/${viewName(slug)}.svelte';
---

<Embed slug="${slug}"><View client:load urlState /></Embed>
`;
}

/** Astro integration: writes and routes one embed page per registered widget; adds `client:near`. */
export function widgetPages() {
  return {
    name: 'dl-widget-pages',
    hooks: {
      'astro:config:setup': async ({ injectRoute, addClientDirective }) => {
        addClientDirective({ name: 'near', entrypoint: `${SRC}/integrations/near-directive.ts` });
        const widgets = await loadWidgets();
        mkdirSync(`${GENERATED}/embed`, { recursive: true });
        for (const name of readdirSync(`${GENERATED}/embed`)) {
          if (!widgets.some((w) => `${w.slug}.astro` === name)) rmSync(`${GENERATED}/embed/${name}`);
        }
        for (const { slug } of widgets) {
          const file = `${GENERATED}/embed/${slug}.astro`;
          writeIfChanged(file, embedPage(slug));
          injectRoute({ pattern: `/embed/${slug}`, entrypoint: file, prerender: true });
        }
      },
    },
  };
}

/**
 * Writes one custom-element module per registered widget (src/generated/elements/<slug>.ts) and returns
 * them as the standalone bundle's entry points, { slug: file }.
 */
export async function widgetElementEntries() {
  const widgets = await loadWidgets();
  const dir = `${GENERATED}/elements`;
  mkdirSync(dir, { recursive: true });
  return Object.fromEntries(
    widgets.map(({ slug }) => {
      const file = `${dir}/${slug}.ts`;
      writeIfChanged(file, elementEntry(slug));
      return [slug, file];
    }),
  );
}

function elementEntry(slug) {
  return `// Generated from src/widgets/registry.ts by src/integrations/widgets.mjs. Do not edit.
// Standalone bundle for third-party pages: <script type="module" src="https://…/widgets/${slug}.js">.
import View from '~/widgets/${slug}/${viewName(slug)}.svelte';
import { schema } from '~/widgets/${slug}/model';
import { defineWidgetElement } from '~/embed/define-element.svelte';
import { setSiteOrigin } from '~/embed/site';

setSiteOrigin(new URL(import.meta.url).origin);
defineWidgetElement('dl-${slug}', View as never, Object.keys(schema));
`;
}
