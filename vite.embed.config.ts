import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { TFJS_CHUNK } from './astro.config.mjs';
import { widgetElementEntries } from './src/integrations/widgets.mjs';

// Builds one ES module per registered widget into dist/widgets/ for third-party pages (custom elements).
// CSS is injected by the components themselves, so one <script> tag is all an embedder adds.
// tfjs stays in separate chunks that load only when a widget first computes.
export default defineConfig({
  plugins: [svelte({ compilerOptions: { css: 'injected' } })],
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  publicDir: false, // the site's public/ is already in dist/
  build: {
    // Next to the gallery page (dist/widgets/index.html), which Astro built just before: keep it.
    outDir: 'dist/widgets',
    emptyOutDir: false,
    minify: true,
    rolldownOptions: { output: { codeSplitting: TFJS_CHUNK } },
    lib: {
      entry: await widgetElementEntries(),
      formats: ['es'],
    },
  },
});
