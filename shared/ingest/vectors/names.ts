/** Vector files at a folder's root, read without a flag; both at once is ambiguous and refused. */
export const ROOT_VECTOR_FILES = ['embeddings.parquet', 'embeddings.jsonl'] as const;

/** A per-image sidecar: `photos/cat.jpg` -> `photos/cat.jpg.embedding.json`, in a folder or a bucket. */
export const VECTOR_SIDECAR_SUFFIX = '.embedding.json';

export function vectorSidecarKey(imageKey: string): string {
  return `${imageKey}${VECTOR_SIDECAR_SUFFIX}`;
}

/** The image a vector sidecar belongs to; undefined for any other key. */
export function imageKeyOfVectorSidecar(key: string): string | undefined {
  if (!key.endsWith(VECTOR_SIDECAR_SUFFIX)) return undefined;
  const image = key.slice(0, -VECTOR_SIDECAR_SUFFIX.length);
  return image === '' || image.endsWith('/') ? undefined : image;
}

/** Parquet files and vector sidecars hold vectors, never pixels: a scan leaves them out. */
export function isVectorFile(key: string): boolean {
  return /\.parquet$/i.test(key) || key.endsWith(VECTOR_SIDECAR_SUFFIX);
}
