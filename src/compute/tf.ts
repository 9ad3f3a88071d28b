/**
 * The only module that imports TensorFlow.js. Everything else calls `loadTf()`, so a page requests
 * tfjs only when a widget first needs it, and every widget on the page shares one copy.
 *
 * Backends: CPU in Node (tests, build time); in the browser WebGL first, falling back to CPU when
 * WebGL cannot start (no GPU, blocked context, headless without GPU).
 */
export type Tf = typeof import('@tensorflow/tfjs-core');

let loading: Promise<Tf> | undefined;

export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    if (typeof document !== 'undefined') {
      await import('@tensorflow/tfjs-backend-webgl');
      if (await tf.setBackend('webgl').catch(() => false)) return tf;
    }
    await tf.setBackend('cpu');
    return tf;
  })();
  return loading;
}

/** Which backend tfjs ended up on ('webgl' or 'cpu'), loading tfjs if it is not loaded yet. */
export async function tfBackendName(): Promise<string> {
  return (await loadTf()).getBackend();
}
