import { seededRandom } from '../../shared/curate/knn/index.ts';
import type { GraphChange } from '../../shared/curate/partitioned/index.ts';
import { gaussian, normalizeRow } from '../curate/synthetic.ts';

export interface NightlyChange extends GraphChange {
  /** New rows planted as near copies of stored rows: copy -> the row it copies. */
  planted: { copy: number; of: number }[];
}

/**
 * A night's change to rows 0..n-1: `added` new rows numbered from n (taken from `pool`, rows drawn from the
 * same distribution, a share of them replaced by near copies of stored rows), `changed` stored rows given a
 * new vector (a near copy of another pool row) and `deleted` stored rows removed. Seeded.
 */
export function nightlyChange(
  stored: (row: number) => Float32Array,
  n: number,
  pool: Float32Array,
  dimension: number,
  counts: { added: number; changed: number; deleted: number; plantedShare?: number },
  seed = 11,
): NightlyChange {
  const random = seededRandom(seed);
  const noise = gaussian(random);
  const picked = distinct(n, counts.changed + counts.deleted, random);
  const changed = picked.slice(0, counts.changed);
  const deleted = Int32Array.from(picked.slice(counts.changed)).sort();
  const rows = new Int32Array(counts.added + counts.changed);
  const vectors = new Float32Array(rows.length * dimension);
  const planted: { copy: number; of: number }[] = [];
  const gone = new Set(picked);
  const plantEvery = Math.max(1, Math.round(1 / (counts.plantedShare ?? 0.1)));
  for (let i = 0; i < counts.added; i++) {
    rows[i] = n + i;
    if (i % plantEvery === 0) {
      let of = Math.floor(random() * n);
      while (gone.has(of)) of = (of + 1) % n;
      nearCopy(vectors, i, stored(of), dimension, noise);
      planted.push({ copy: n + i, of });
    } else vectors.set(pool.subarray(i * dimension, (i + 1) * dimension), i * dimension);
  }
  changed.forEach((row, c) => {
    const at = counts.added + c;
    rows[at] = row;
    const from = (counts.added + c) % (pool.length / dimension);
    nearCopy(vectors, at, pool.subarray(from * dimension, (from + 1) * dimension), dimension, noise);
  });
  return { rows, vectors, deleted, planted };
}

function nearCopy(
  out: Float32Array,
  at: number,
  of: Float32Array,
  dimension: number,
  noise: () => number,
): void {
  for (let d = 0; d < dimension; d++) out[at * dimension + d] = of[d] + 0.004 * noise();
  normalizeRow(out, at * dimension, dimension);
}

function distinct(n: number, count: number, random: () => number): number[] {
  const out = new Set<number>();
  while (out.size < Math.min(n, count)) out.add(Math.floor(random() * n));
  return [...out];
}
