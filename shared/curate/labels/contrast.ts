import { meanNeighbourDistance } from './dataset-outliers.ts';
import { quartiles } from './robust.ts';
import type { KnnGraph, VectorSource } from './types.ts';

/** Rows sampled for the typical distance between unrelated images: 256 rows give 32,640 pairs. */
const SAMPLE_ROWS = 256;

/**
 * How much closer images are to their nearest neighbours than to arbitrary other images:
 * 1 - median(mean kNN cosine distance) / median(cosine distance between sampled pairs), in [0, 1].
 * Near 0 the embedding has no neighbourhoods here (every image is about as far from its nearest images as
 * from any), so "unlike its neighbours" cannot single anything out. One streaming pass, memory O(256 x dim).
 */
export async function neighbourhoodContrast(graph: KnnGraph, source: VectorSource, k = 10): Promise<number> {
  const kNearest = meanNeighbourDistance(graph, Math.min(k, graph.k));
  const dim = source.dimension;
  const step = Math.max(1, Math.floor(graph.n / SAMPLE_ROWS));
  const rows: Float32Array[] = [];
  let at = 0;
  for await (const batch of source.batches()) {
    const count = batch.vectors.length / dim;
    for (let r = 0; r < count; r++, at++) {
      if (at % step === 0 && rows.length < SAMPLE_ROWS)
        rows.push(batch.vectors.slice(r * dim, (r + 1) * dim));
    }
  }
  const pairs: number[] = [];
  for (let a = 0; a < rows.length; a++) {
    for (let b = a + 1; b < rows.length; b++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += rows[a][d] * rows[b][d];
      pairs.push(1 - dot);
    }
  }
  const present = kNearest.filter((d) => !Number.isNaN(d));
  if (pairs.length === 0 || present.length === 0) return 0;
  const random = quartiles(Float64Array.from(pairs)).median;
  if (!(random > 0)) return 0;
  return Math.max(0, Math.min(1, 1 - quartiles(present).median / random));
}
