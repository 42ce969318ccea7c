import { exactBlockRows, exactTopK, type VectorMatrix, yieldToEventLoop } from '../knn/index.ts';

export interface KMeansOptions {
  random: () => number;
  threads: number;
  /** Passes over the data (full batches) or mini-batch steps (large sets). */
  iterations: number;
  /** Above this many rows, centroids move by mini-batches of this size (Sculley 2010) instead of full passes. */
  batchSize: number;
}

export interface KMeansResult {
  /** k' x dimension unit rows; clusters that ended up empty are dropped, so k' <= k. */
  centroids: Float32Array;
  /** Cluster of each entry of `rows`. */
  assignment: Int32Array;
  /** Cosine of each entry of `rows` to its centroid. */
  similarity: Float32Array;
}

/**
 * Spherical k-means (cosine) over `rows` of `matrix`: k-means++ seeding, then full passes, or mini-batches when
 * there are more rows than `batchSize`, and one final full assignment. Deterministic for a given random source.
 */
export async function sphericalKMeans(
  matrix: VectorMatrix,
  rows: Int32Array,
  k: number,
  options: KMeansOptions,
): Promise<KMeansResult> {
  const { dimension } = matrix;
  let centroids = seedPlusPlus(matrix, rows, k, options.random);
  const kk = centroids.length / dimension;
  const full = rows.length <= options.batchSize;
  const counts = new Float64Array(kk);
  let assignment: Int32Array | undefined;
  for (let it = 0; it < options.iterations; it++) {
    if (full) {
      // Lloyd: stop once no row changes cluster; the centroids are then the means of their members.
      const next = assign(matrix, rows, centroids, options.threads).assignment;
      const stable = assignment !== undefined && next.every((c, q) => c === assignment?.[q]);
      assignment = next;
      centroids = means(matrix, rows, assignment, kk, centroids);
      if (stable) break;
    } else {
      const batch = sampleRows(rows, options.batchSize, options.random);
      miniBatchStep(
        matrix,
        batch,
        assign(matrix, batch, centroids, options.threads).assignment,
        centroids,
        counts,
      );
    }
    await yieldToEventLoop();
  }
  if (!full || assignment === undefined) {
    assignment = assign(matrix, rows, centroids, options.threads).assignment;
    centroids = means(matrix, rows, assignment, kk, centroids);
  }
  const similarity = new Float32Array(rows.length);
  rows.forEach((row, q) => {
    similarity[q] = rowDot(matrix.data, row * dimension, centroids, assignment[q] * dimension, dimension);
  });
  return dropEmpty(centroids, assignment, similarity, kk, dimension);
}

/**
 * Greedy k-means++ with cosine distance (as scikit-learn seeds): each step draws 2 + ln k candidates with
 * probability proportional to distance squared and keeps the one that lowers the total most.
 */
function seedPlusPlus(matrix: VectorMatrix, rows: Int32Array, k: number, random: () => number): Float32Array {
  const { dimension, data } = matrix;
  // Seeding looks at a sample: its cost is sample x k x trials dot products.
  const poolSize = 8 * k + 1000;
  const pool = rows.length > poolSize ? sampleRows(rows, poolSize, random) : rows;
  const take = Math.min(k, pool.length);
  const trials = 2 + Math.floor(Math.log(take));
  const centroids = new Float32Array(take * dimension);
  let nearest: Float64Array = new Float64Array(pool.length).fill(Number.POSITIVE_INFINITY);
  let pick = pool[Math.floor(random() * pool.length)];
  for (let c = 0; c < take; c++) {
    centroids.set(data.subarray(pick * dimension, (pick + 1) * dimension), c * dimension);
    nearest = withSeed(data, pool, nearest, pick, dimension).nearest;
    if (c + 1 === take) break;
    let bestTotal = Number.POSITIVE_INFINITY;
    for (let t = 0; t < trials; t++) {
      const candidate = pool[drawProportional(nearest, random)];
      const tried = withSeed(data, pool, nearest, candidate, dimension);
      if (tried.total < bestTotal) {
        bestTotal = tried.total;
        pick = candidate;
      }
    }
  }
  return centroids;
}

/** Squared cosine distance of every pool row to its nearest seed once `seed` joins the seeds. */
function withSeed(
  data: Float32Array,
  pool: Int32Array,
  nearest: Float64Array,
  seed: number,
  dimension: number,
): { nearest: Float64Array; total: number } {
  const next = new Float64Array(pool.length);
  let total = 0;
  for (let p = 0; p < pool.length; p++) {
    const d = Math.max(0, 1 - rowDot(data, pool[p] * dimension, data, seed * dimension, dimension));
    next[p] = Math.min(nearest[p], d * d);
    total += next[p];
  }
  return { nearest: next, total };
}

function drawProportional(weights: Float64Array, random: () => number): number {
  let total = 0;
  for (const w of weights) total += w;
  if (!(total > 0)) return Math.floor(random() * weights.length);
  let r = random() * total;
  for (let p = 0; p < weights.length; p++) {
    r -= weights[p];
    if (r <= 0) return p;
  }
  return weights.length - 1;
}

/** Nearest centroid of every row (natively, in blocks). */
export function assign(
  matrix: VectorMatrix,
  rows: Int32Array,
  centroids: Float32Array,
  threads: number,
): { assignment: Int32Array; similarity: Float32Array } {
  const { dimension, data } = matrix;
  const kk = centroids.length / dimension;
  const assignment = new Int32Array(rows.length);
  const similarity = new Float32Array(rows.length);
  const block = exactBlockRows(kk, 8192);
  const query = new Float32Array(Math.min(block, rows.length) * dimension);
  for (let start = 0; start < rows.length; start += block) {
    const end = Math.min(rows.length, start + block);
    for (let q = start; q < end; q++) {
      query.set(data.subarray(rows[q] * dimension, (rows[q] + 1) * dimension), (q - start) * dimension);
    }
    const found = exactTopK(centroids, query.subarray(0, (end - start) * dimension), dimension, 1, threads);
    for (let q = start; q < end; q++) {
      assignment[q] = Number(found.keys[q - start]);
      similarity[q] = 1 - found.distances[q - start];
    }
  }
  return { assignment, similarity };
}

/** Normalised member means; a cluster with no member keeps its previous centroid. */
function means(
  matrix: VectorMatrix,
  rows: Int32Array,
  assignment: Int32Array,
  kk: number,
  previous: Float32Array,
): Float32Array {
  const { dimension, data } = matrix;
  const sums = new Float64Array(kk * dimension);
  const sizes = new Int32Array(kk);
  for (let q = 0; q < rows.length; q++) {
    const c = assignment[q];
    sizes[c]++;
    const from = rows[q] * dimension;
    const to = c * dimension;
    for (let d = 0; d < dimension; d++) sums[to + d] += data[from + d];
  }
  const next = new Float32Array(kk * dimension);
  for (let c = 0; c < kk; c++) {
    if (sizes[c] === 0) next.set(previous.subarray(c * dimension, (c + 1) * dimension), c * dimension);
    else writeUnit(next, c * dimension, sums, c * dimension, dimension);
  }
  return next;
}

/** Each member pulls its centroid by 1 / (times the centroid has been pulled), then centroids are renormalised. */
function miniBatchStep(
  matrix: VectorMatrix,
  batch: Int32Array,
  assignment: Int32Array,
  centroids: Float32Array,
  counts: Float64Array,
): void {
  const { dimension, data } = matrix;
  const touched = new Set<number>();
  for (let q = 0; q < batch.length; q++) {
    const c = assignment[q];
    counts[c]++;
    const eta = 1 / counts[c];
    const from = batch[q] * dimension;
    const to = c * dimension;
    for (let d = 0; d < dimension; d++) centroids[to + d] += eta * (data[from + d] - centroids[to + d]);
    touched.add(c);
  }
  for (const c of touched) writeUnit(centroids, c * dimension, centroids, c * dimension, dimension);
}

function dropEmpty(
  centroids: Float32Array,
  assignment: Int32Array,
  similarity: Float32Array,
  kk: number,
  dimension: number,
): KMeansResult {
  const sizes = new Int32Array(kk);
  for (const c of assignment) sizes[c]++;
  const renumber = new Int32Array(kk).fill(-1);
  let live = 0;
  for (let c = 0; c < kk; c++) if (sizes[c] > 0) renumber[c] = live++;
  const kept = new Float32Array(live * dimension);
  for (let c = 0; c < kk; c++) {
    if (renumber[c] >= 0)
      kept.set(centroids.subarray(c * dimension, (c + 1) * dimension), renumber[c] * dimension);
  }
  return { centroids: kept, assignment: assignment.map((c) => renumber[c]), similarity };
}

function sampleRows(rows: Int32Array, size: number, random: () => number): Int32Array {
  const out = new Int32Array(Math.min(size, rows.length));
  for (let i = 0; i < out.length; i++) out[i] = rows[Math.floor(random() * rows.length)];
  return out;
}

function rowDot(a: Float32Array, ao: number, b: Float32Array, bo: number, dimension: number): number {
  let s = 0;
  for (let d = 0; d < dimension; d++) s += a[ao + d] * b[bo + d];
  return s;
}

function writeUnit(
  target: Float32Array,
  to: number,
  source: Float32Array | Float64Array,
  from: number,
  dimension: number,
): void {
  let s = 0;
  for (let d = 0; d < dimension; d++) s += source[from + d] * source[from + d];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  for (let d = 0; d < dimension; d++) target[to + d] = source[from + d] * inv;
}
