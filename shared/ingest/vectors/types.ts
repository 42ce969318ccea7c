/** One vector as supplied, checked for shape (finite numbers) but not yet against the model or the store. */
export interface SuppliedVector {
  vector: Float32Array;
  /** The model the entry itself names, when it names one. */
  model?: string;
  /** Where it was read, for messages: `embeddings.jsonl line 12`, `cat.jpg.embedding.json`. */
  where: string;
}

/** A key's entry could not be used: a malformed line, two vectors for one key, an unreadable sidecar. */
export interface VectorProblem {
  problem: string;
}

/**
 * Where precomputed vectors come from (a file, sidecars, or both): the model they belong to and a lookup by
 * image key. `undefined` from `get` means no vector was supplied for that key.
 */
export interface VectorSupply {
  readonly model: string;
  /** Known up front when a whole file was read (the size most of its vectors have). */
  readonly dimension?: number;
  /** Ends the sentence "no vector supplied for this image…": where it was looked for, what to do. */
  missing(key: string): string;
  get(key: string): Promise<SuppliedVector | VectorProblem | undefined>;
}

/** A problem with the vectors file itself, not with one image: a malformed line, a key with no image. */
export interface VectorFileProblem {
  where: string;
  reason: string;
}
