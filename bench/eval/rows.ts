import { inMemorySource, type VectorSource } from '../../shared/curate/knn/index.ts';

/** Rows as one block, the shape the curation passes read. */
export function sourceOfRows(vectors: readonly Float32Array[]): VectorSource {
  const dimension = vectors[0]?.length ?? 0;
  const data = new Float32Array(vectors.length * dimension);
  for (const [i, v] of vectors.entries()) data.set(v, i * dimension);
  return inMemorySource(data, dimension);
}
