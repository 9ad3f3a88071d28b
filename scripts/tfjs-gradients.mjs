// tfjs-core's Node build leaves the gradients out, and their ES modules import without file extensions,
// which Node refuses. This hook adds ".js" to such imports inside tfjs-core, then registers every
// gradient (into tfjs's global registry, shared with the Node build). Import it before training.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    const extensionless = specifier.startsWith('.') && !/\.[cm]?js$/.test(specifier) && context.parentURL?.includes('/@tensorflow/tfjs-core/dist/');
    return nextResolve(extensionless ? `${specifier}.js` : specifier, context);
  },
});
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
