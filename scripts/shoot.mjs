// Screenshots for looking at pages: node scripts/shoot.mjs /path/ [/other/ …] → tmp/shots/*.png
// (light and dark, 1280 px and 390 px wide). Needs a build in dist/.
// SELECTOR=.dl-conv-stepper shoots each matching element (hydrated) instead of the page; FULL=0 only the viewport.
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
      const name = `tmp/shots/${path.replace(/[^a-z0-9]+/gi, '_')}-${colorScheme}-${width}`;
      if (process.env.SELECTOR) {
        const all = page.locator(process.env.SELECTOR);
        for (let i = 0; i < (await all.count()); i++) {
          await all.nth(i).scrollIntoViewIfNeeded();
          await page.waitForTimeout(400); // hydration and the tfjs check
          await all.nth(i).screenshot({ path: `${name}-${i}.png` });
          console.log(`${name}-${i}.png`);
        }
      } else {
        await page.screenshot({ path: `${name}.png`, fullPage: process.env.FULL !== '0' });
        console.log(`${name}.png`);
      }
      await page.close();
    }
  }
}
await browser.close();
await server.close();
