import { quartiles } from './robust.ts';

/**
 * Outlier confidences as estimated precision. Each scored value (a log distance) is standardised against the
 * bulk of its group (median, IQR / 1.349: the normal sigma that the quartiles imply, untouched by the tail), its
 * upper-tail p-value is read from the normal distribution, and the p-values of all scored images are turned into
 * Benjamini-Hochberg q-values. Confidence = 1 - q: among the images that score at least this high, that share is
 * expected to be real outliers. 0.5 therefore means "as likely an outlier as not, counting how many images this
 * far out the dataset's own bulk would produce by chance", whatever the dataset's size or spread.
 */

/** A group's bulk on the log-distance scale: its median and the sigma its quartiles imply. */
export interface Bulk {
  median: number;
  sigma: number;
}

const IQR_PER_SIGMA = 1.349;

export function bulkOf(values: Float64Array, minSigma: number): Bulk {
  const { q1, median, q3 } = quartiles(values);
  return { median, sigma: Math.max((q3 - q1) / IQR_PER_SIGMA, minSigma, 1e-9) };
}

export function standardise(value: number, bulk: Bulk): number {
  return (value - bulk.median) / bulk.sigma;
}

/** Upper percentiles that measure the tail, with the normal's z there: the 99th once there are enough values. */
const TAIL_POINTS = [
  { minCount: 200, at: 0.99, z: 2.3263 },
  { minCount: 20, at: 0.95, z: 1.6449 },
] as const;

/**
 * How much heavier than normal the upper tail of standardised values is, from where their 99th percentile
 * sits (2.326 for normal data; the 95th for fewer than 200 values): z / this is read against the normal. At
 * least 1, so a light tail is not stretched. That percentile is past the bulk yet still untouched by the
 * outliers as long as they are under 1% (5%) of the data.
 */
export function tailStretch(z: ArrayLike<number>, scored: (i: number) => boolean): number {
  const values: number[] = [];
  for (let i = 0; i < z.length; i++) if (scored(i)) values.push(z[i]);
  const point = TAIL_POINTS.find((t) => values.length >= t.minCount);
  if (!point) return 1;
  values.sort((a, b) => a - b);
  return Math.max(1, values[Math.floor(point.at * (values.length - 1))] / point.z);
}

/** P(Z >= z) for a standard normal Z. */
export function normalUpperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/**
 * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere (Numerical Recipes,
 * erfcc): one small function, so no statistics package for it.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/**
 * Benjamini-Hochberg q-values of the p-values within each group (`group[i]`, -1 = not scored: NaN). Within a
 * group of m, q_i = min over p_j >= p_i of m p_j / rank_j. Per group, so adding other classes changes nothing
 * for a class. O(n log n).
 */
export function qValues(p: Float64Array, group: Int32Array): Float64Array {
  const members = new Map<number, number[]>();
  for (let i = 0; i < p.length; i++) {
    if (group[i] < 0) continue;
    const list = members.get(group[i]);
    if (list) list.push(i);
    else members.set(group[i], [i]);
  }
  const q = new Float64Array(p.length).fill(Number.NaN);
  for (const idx of members.values()) {
    idx.sort((a, b) => p[a] - p[b]);
    let running = 1;
    for (let r = idx.length - 1; r >= 0; r--) {
      running = Math.min(running, (idx.length * p[idx[r]]) / (r + 1));
      q[idx[r]] = running;
    }
  }
  return q;
}
