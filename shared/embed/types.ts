import type { Raster } from '../media/types.ts';

/**
 * Every embedder, built-in or ONNX, looks like this. Vectors are L2-normalised float32 of `dimension`,
 * so cosine similarity is a dot product; `modelId` is recorded with every vector it makes.
 */
export interface Embedder {
  readonly modelId: string;
  readonly dimension: number;
  /** True when `embedTexts` puts text in the same space as images (CLIP-style). */
  readonly hasTextTower: boolean;
  /**
   * True for vectors supplied with the images (bring your own embeddings): there is no image tower here, so
   * `embedImages` throws a VisibleError, as `embedTexts` does.
   */
  readonly precomputed?: boolean;
  /** Embeds a batch; the i-th vector belongs to the i-th raster. */
  embedImages(rasters: Raster[]): Promise<Float32Array[]>;
  /** Throws a VisibleError when the model has no text tower. */
  embedTexts(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}
