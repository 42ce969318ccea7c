import { DESCRIPTOR_MODEL_ID } from './descriptor/index.ts';

/**
 * fastdup's near-duplicate cut-off, measured on CLIP-like embeddings: the default for any model without a
 * calibration of its own.
 */
export const DEFAULT_DUPLICATE_SIMILARITY = 0.96;

/**
 * The cosine at which each built-in model's near duplicates sit, placed where fastdup's 0.96 sits for CLIP:
 * it catches re-encoded, resized, re-lit and moderately cropped copies and keeps unrelated pictures out.
 * descriptor-v1, measured by `npm run bench -- descriptor-quality` over 3,332 copies of real photos and 485,520
 * unrelated pairs: at 0.90 it catches 99.7% of pixel edits (codec, size, tone, blur) and 61% of 85-90% crops,
 * with 2 unrelated pairs in a million above it (unrelated p99.9 = 0.74); at 0.96 it would catch only 15% of crops.
 */
const calibrated: Record<string, number> = {
  [DESCRIPTOR_MODEL_ID]: 0.9,
};

/** The near-duplicate similarity for vectors of `modelId`; an explicit `curate.duplicateSimilarity` wins. */
export function duplicateSimilarityFor(modelId: string | undefined): number {
  return (modelId && calibrated[modelId]) || DEFAULT_DUPLICATE_SIMILARITY;
}
