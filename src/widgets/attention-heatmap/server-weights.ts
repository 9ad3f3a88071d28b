/**
 * The model's weights for the server-rendered first frame. The browser fetches them as a separate chunk
 * once the widget hydrates; the build reads them from disk instead, through Node's fs (reached without an
 * import, so no bundle pulls it in), which lets the page show the real map with JavaScript off.
 */
import type { DateAttentionWeights } from '~/compute/date-attention';

export function serverWeights(): DateAttentionWeights | null {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs');
  if (!fs) return null;
  // The build runs from the project's root.
  const file = `${globalThis.process.cwd()}/src/data/date-attention.json`;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { weights: DateAttentionWeights }).weights;
}
