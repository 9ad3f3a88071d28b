// Screenshots for looking at pages: node scripts/shoot.mjs /path/ [/other/ …] → tmp/shots/*.png
// (light and dark, 1280 px and 390 px wide). Needs a build in dist/.
import { mkdirSync } from 'node:fs';
import { launch } from './browser.mjs';
import { serve } from './serve.mjs';

const paths = process.argv.slice(2);
const server = await serve('dist');
const browser = await launch();
mkdirSync('tmp/shots', { recursive: true });
for (const path of paths.length ? paths : ['/']) {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
      page.on('console', (m) => m.type() === 'error' && console.log(`console error on ${path}: ${m.text()}`));
      await page.goto(server.url + path, { waitUntil: 'networkidle' });
      const name = `tmp/shots/${path.replace(/[^a-z0-9]+/gi, '_')}-${colorScheme}-${width}.png`;
      await page.screenshot({ path: name, fullPage: process.env.FULL !== '0' });
      console.log(name);
      await page.close();
    }
  }
}
await browser.close();
await server.close();
