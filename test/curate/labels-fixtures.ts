import type { KnnGraph, VectorSource } from '../../shared/curate/labels/index.ts';

/** Seeded PRNG so every fixture is the same on every run. */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export function normalise(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** A random unit direction in `dim` dimensions. */
export function direction(rand: () => number, dim: number): Float32Array {
  return normalise(Float32Array.from({ length: dim }, () => gaussian(rand)));
}

/**
 * `count` unit vectors scattered around `centre` with noise of `spread` per coordinate; a [min, max] spread draws
 * each member's own, so the cluster has a dense core and a looser rim like real classes.
 */
export function cluster(
  rand: () => number,
  centre: Float32Array,
  count: number,
  spread: number | [number, number],
): Float32Array[] {
  return Array.from({ length: count }, () => {
    const s = typeof spread === 'number' ? spread : spread[0] + (spread[1] - spread[0]) * rand();
    return normalise(centre.map((x) => x + s * gaussian(rand)));
  });
}

/** Exact kNN by brute force: fine for the few hundred vectors a unit test uses. */
export function bruteKnn(vectors: readonly Float32Array[], k: number): KnnGraph {
  const n = vectors.length;
  const neighbors = new Int32Array(n * k).fill(-1);
  const similarities = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = vectors
      .map((v, j) => ({ j, s: v.reduce((acc, x, d) => acc + x * vectors[i][d], 0) }))
      .filter(({ j }) => j !== i)
      .sort((a, b) => b.s - a.s)
      .slice(0, k);
    row.forEach(({ j, s }, r) => {
      neighbors[i * k + r] = j;
      similarities[i * k + r] = s;
    });
  }
  return { n, k, neighbors, similarities };
}

/** The vectors as a streamed source, `batchSize` rows per batch; `reads` counts the passes made over it. */
export function sourceOf(vectors: readonly Float32Array[], batchSize = 16): VectorSource & { reads: number } {
  const dimension = vectors[0].length;
  const source = {
    count: vectors.length,
    dimension,
    reads: 0,
    async *batches() {
      source.reads++;
      for (let offset = 0; offset < vectors.length; offset += batchSize) {
        const rows = vectors.slice(offset, offset + batchSize);
        const block = new Float32Array(rows.length * dimension);
        for (const [r, v] of rows.entries()) block.set(v, r * dimension);
        yield { offset, vectors: block };
      }
    },
  };
  return source;
}
