/** At or above this cosine two embeddings are treated as the same picture (f32 noise of a re-encode). */
export const EXACT_SIMILARITY = 0.999;

/**
 * Graded duplicate score from the cosine to the most similar other image, piecewise linear in the distance
 * d = 1 - s with t = 1 - threshold and e = 1 - EXACT_SIMILARITY:
 *   d <= e        -> 1            (same picture)
 *   e < d <= t    -> 1 - 0.5 (d - e) / (t - e)   (near duplicate: 0.5 exactly at the threshold)
 *   t < d < 2t    -> 0.5 (2t - d) / t            (similar, not a duplicate)
 *   d >= 2t       -> 0
 * It uses constants and the threshold only, so a score never moves unless the image's nearest neighbour does.
 */
export function duplicateScore(similarity: number, threshold: number): number {
  if (!Number.isFinite(similarity)) return 0;
  const d = 1 - similarity;
  const t = 1 - threshold;
  const e = Math.min(1 - EXACT_SIMILARITY, t);
  if (d <= e) return 1;
  if (d <= t) return 1 - (0.5 * (d - e)) / (t - e);
  if (d < 2 * t) return (0.5 * (2 * t - d)) / t;
  return 0;
}
