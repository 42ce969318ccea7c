/**
 * cleanlab Datalab's outlier cut-off: an average kNN distance above Q3 + (1 / 0.37037 - 1) x IQR is an outlier.
 * 1.7 IQR above Q3 is about 3 standard deviations above the median for normally distributed values.
 */
export const CLEANLAB_FENCE = 1 / 0.37037 - 1;

/** Quartiles by linear interpolation (numpy's default). */
export function quartiles(values: Float64Array): { q1: number; median: number; q3: number } {
  if (values.length === 0) return { q1: Number.NaN, median: Number.NaN, q3: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => {
    const p = q * (sorted.length - 1);
    const lo = Math.floor(p);
    const hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (p - lo);
  };
  return { q1: at(0.25), median: at(0.5), q3: at(0.75) };
}

/** Median of the first `count` values of an already sorted list. */
export function sortedMedian(values: ArrayLike<number>, count: number): number {
  const mid = count >> 1;
  return count % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** Where a group of distances sits: its Q3 and its spread (the IQR, floored). */
export interface Spread {
  median: number;
  q3: number;
  iqr: number;
}

export function spreadOf(values: Float64Array, minSpread: number): Spread {
  const { q1, median, q3 } = quartiles(values);
  return { median, q3, iqr: Math.max(q3 - q1, minSpread, 1e-9) };
}

/**
 * Cosine similarity as a log distance, ln(1 - s): distances to a class spread multiplicatively (a dense core,
 * a long rim), and on this scale a small class's quartiles are not dragged by that skew.
 */
export function logDistance(similarity: number): number {
  return Math.log(Math.max(1 - similarity, 1e-6));
}

/** How far above the group's Q3 a distance lies, in IQRs: CLEANLAB_FENCE is cleanlab's outlier line. */
export function fenceZ(distance: number, spread: Spread): number {
  return (distance - spread.q3) / spread.iqr;
}

/** Maps a fence z to a confidence: 0.5 at `zAtHalf`, 0.12 / 0.88 one `width` below / above it. */
export function zToConfidence(z: number, zAtHalf: number, width: number): number {
  return 1 / (1 + Math.exp(-(z - zAtHalf) / width));
}

/**
 * The spread of `values` within each group (groups[i], -1 = none), for groups of at least `minSize` members;
 * smaller groups get undefined. One counting sort, so memory stays O(n).
 */
export function groupedSpread(
  values: Float64Array,
  groups: Int32Array,
  groupCount: number,
  minSize: number,
  minSpread: number,
): (Spread | undefined)[] {
  const start = new Int32Array(groupCount + 1);
  for (const g of groups) if (g >= 0) start[g + 1]++;
  for (let g = 0; g < groupCount; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groupCount);
  const ordered = new Float64Array(start[groupCount]);
  for (let i = 0; i < groups.length; i++) if (groups[i] >= 0) ordered[fill[groups[i]]++] = values[i];
  return Array.from({ length: groupCount }, (_, g) =>
    start[g + 1] - start[g] < minSize
      ? undefined
      : spreadOf(ordered.subarray(start[g], start[g + 1]), minSpread),
  );
}
