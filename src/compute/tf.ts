/**
 * The only module that imports TensorFlow.js. Everything else calls `loadTf()`, so a page requests
 * tfjs only when a widget first needs it, and every widget on the page shares one copy.
 *
 * Backend: CPU, in the browser as in Node (tests, build time). Our tensors are tiny (a 9×9 grid, a
 * 128×128 picture): the CPU backend computes them in well under a millisecond, while WebGL would add
 * ~60 KB gzip to the chunk and a start-up (shader compilation, context creation) that blocks the main
 * thread for hundreds of milliseconds on a slow phone. A future widget that trains a network may add
 * '@tensorflow/tfjs-backend-webgl' here, as its own lazily loaded chunk.
 */
export type Tf = typeof import('@tensorflow/tfjs-core');

let loading: Promise<Tf> | undefined;

export function loadTf(): Promise<Tf> {
  loading ??= (async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    return tf;
  })();
  return loading;
}

/** Which backend tfjs ended up on, loading tfjs if it is not loaded yet. */
export async function tfBackendName(): Promise<string> {
  return (await loadTf()).getBackend();
}
