import { VisibleError } from '../../errors/index.ts';
import type { Raster } from '../../media/types.ts';
import type { Embedder } from '../types.ts';
import { describe } from './features.ts';

/** Bump the version whenever the features change: vectors of different versions are not comparable. */
export const DESCRIPTOR_MODEL_ID = 'descriptor-v1';

/** Fixed by the feature layout; measured rather than restated so the two cannot disagree. */
export const DESCRIPTOR_DIMENSION = describe({ data: new Uint8Array(3), width: 1, height: 1 }).length;

/**
 * The built-in embedder: weight-free, deterministic and image-only. Colour layout, edge-orientation and
 * colour/tone histograms, tuned to find near duplicates (re-encodes, resizes, crops, tone shifts). See
 * docs/descriptor.md.
 */
export function createDescriptorEmbedder(): Embedder {
  return {
    modelId: DESCRIPTOR_MODEL_ID,
    dimension: DESCRIPTOR_DIMENSION,
    hasTextTower: false,
    async embedImages(rasters: Raster[]) {
      return rasters.map((raster) => describe(raster));
    },
    async embedTexts() {
      throw new VisibleError(
        `The '${DESCRIPTOR_MODEL_ID}' model embeds images only: visual-semantic text search needs a text-capable model (a CLIP-family ONNX model with a text tower).`,
        'no_text_tower',
      );
    },
    async dispose() {},
  };
}
