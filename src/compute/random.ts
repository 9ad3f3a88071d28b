/**
 * Seeded randomness, so every figure and test is reproducible from its seed (mulberry32: tiny, fast,
 * and good enough for picking example numbers; not for cryptography).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integers drawn uniformly from [lo, hi], from a seeded generator. */
export function randomInts(count: number, lo: number, hi: number, seed: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: count }, () => lo + Math.floor(next() * (hi - lo + 1)));
}

/** Standard normal numbers (mean 0, variance 1) from a seeded generator, by the Box–Muller transform. */
export function randomNormals(count: number, seed: number): number[] {
  const next = mulberry32(seed);
  const out: number[] = [];
  while (out.length < count) {
    const u = 1 - next(); // (0, 1]: log(0) would be −∞
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    out.push(r * Math.cos(2 * Math.PI * v));
    if (out.length < count) out.push(r * Math.sin(2 * Math.PI * v));
  }
  return out;
}
