/** 1.4826 x MAD estimates the standard deviation of normally distributed data. */
const MAD_TO_SD = 1.4826;

export function median(values: Float64Array): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of the first `count` values of an already sorted list. */
export function sortedMedian(values: ArrayLike<number>, count: number): number {
  const mid = count >> 1;
  return count % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Median and robust spread (1.4826 x median absolute deviation) of one group of values. */
export function robustCentre(values: Float64Array): { centre: number; spread: number } {
  const centre = median(values);
  const deviations = values.map((v) => Math.abs(v - centre));
  return { centre, spread: MAD_TO_SD * median(deviations) };
}

/**
 * Cosine similarity as a log distance: ln(1 - s). Distances spread multiplicatively (a dense core, a long rim), so
 * on this scale a robust z reads "how many times farther than usual", whatever the embedder's typical cosine.
 */
export function logDistance(similarity: number): number {
  return Math.log(Math.max(1 - similarity, 1e-6));
}

/** Maps a robust z-score to a confidence: 0.5 at `zAtHalf`, steeper as `width` shrinks. */
export function zToConfidence(z: number, zAtHalf: number, width: number): number {
  return 1 / (1 + Math.exp(-(z - zAtHalf) / width));
}

/**
 * Per-group median and spread of `values` (groups given by `groups[i]`, -1 = none), for groups of at least
 * `minSize` members; smaller groups get NaN. One counting sort, so memory stays O(n).
 */
export function groupedRobust(
  values: Float64Array,
  groups: Int32Array,
  groupCount: number,
  minSize: number,
): { centre: Float64Array; spread: Float64Array } {
  const start = new Int32Array(groupCount + 1);
  for (const g of groups) if (g >= 0) start[g + 1]++;
  for (let g = 0; g < groupCount; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groupCount);
  const ordered = new Float64Array(start[groupCount]);
  for (let i = 0; i < groups.length; i++) if (groups[i] >= 0) ordered[fill[groups[i]]++] = values[i];
  const centre = new Float64Array(groupCount).fill(Number.NaN);
  const spread = new Float64Array(groupCount).fill(Number.NaN);
  for (let g = 0; g < groupCount; g++) {
    if (start[g + 1] - start[g] < minSize) continue;
    const stats = robustCentre(ordered.subarray(start[g], start[g + 1]));
    centre[g] = stats.centre;
    spread[g] = stats.spread;
  }
  return { centre, spread };
}
