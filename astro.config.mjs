// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { widgetPages } from './src/integrations/widgets.mjs';

/** TensorFlow.js in one named, lazily loaded chunk (`tfjs.*.js`), so tests and the benchmark can see when it is requested. */
export const TFJS_CHUNK = { groups: [{ name: 'tfjs', test: /node_modules[\\/]@tensorflow[\\/]/ }] };

// Math is typeset once, at build time: pages ship KaTeX's HTML and CSS, never its JavaScript.
export default defineConfig({
  site: 'http://127.0.0.1:4321',
  trailingSlash: 'always',
  integrations: [svelte(), mdx(), widgetPages()],
  markdown: {
    processor: unified({ remarkPlugins: [remarkMath], rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml' }]] }),
  },
  server: { host: '127.0.0.1' },
  devToolbar: { enabled: false },
  build: { inlineStylesheets: 'auto' },
  vite: { build: { rolldownOptions: { output: { codeSplitting: TFJS_CHUNK } } } },
});
