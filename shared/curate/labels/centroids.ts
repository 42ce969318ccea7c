import { VisibleError } from '../../errors/index.ts';
import type { VectorSource } from './types.ts';

/** Sum of each class's vectors (classCount x dim), in one streaming pass: memory is per class, not per image. */
export async function classSums(
  source: VectorSource,
  codes: Int32Array,
  classCount: number,
): Promise<Float64Array> {
  const dim = source.dimension;
  const sums = new Float64Array(classCount * dim);
  await forEachRow(source, codes.length, (v, at, i) => {
    const code = codes[i];
    if (code < 0) return;
    const base = code * dim;
    for (let d = 0; d < dim; d++) sums[base + d] += v[at + d];
  });
  return sums;
}

/**
 * Cosine of each labelled vector to its class centroid with itself left out (so a small class's members are not
 * pulled towards themselves), in a second streaming pass. NaN when the class has no other member.
 */
export async function centroidSimilarity(
  source: VectorSource,
  codes: Int32Array,
  sums: Float64Array,
): Promise<Float64Array> {
  const dim = source.dimension;
  const classCount = dim > 0 ? sums.length / dim : 0;
  const norms2 = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += sums[c * dim + d] ** 2;
    norms2[c] = s;
  }
  const out = new Float64Array(codes.length).fill(Number.NaN);
  await forEachRow(source, codes.length, (v, at, i) => {
    const code = codes[i];
    if (code < 0) return;
    let dot = 0;
    let self = 0;
    const base = code * dim;
    for (let d = 0; d < dim; d++) {
      dot += v[at + d] * sums[base + d];
      self += v[at + d] * v[at + d];
    }
    // |S - x|^2 = |S|^2 - 2 x.S + |x|^2, so leaving x out needs no second sum.
    const rest2 = norms2[code] - 2 * dot + self;
    if (rest2 > 1e-12) out[i] = (dot - self) / (Math.sqrt(rest2) * Math.sqrt(self));
  });
  return out;
}

/** Calls `visit(batch, offsetOfRow, row)` for every row, checking the source sends its n rows in order. */
async function forEachRow(
  source: VectorSource,
  n: number,
  visit: (vectors: Float32Array, at: number, row: number) => void,
): Promise<void> {
  const dim = source.dimension;
  if (source.count !== n) {
    throw new VisibleError(
      `Got ${source.count} vectors for ${n} labels; they must match one to one.`,
      'invalid_input',
    );
  }
  let next = 0;
  for await (const batch of source.batches()) {
    const rows = batch.vectors.length / dim;
    if (batch.offset !== next || !Number.isInteger(rows) || next + rows > n) {
      throw new VisibleError(
        `The vector source sent rows from ${batch.offset} when row ${next} was due; it must send its ${n} rows of ${dim} numbers in order.`,
        'invalid_vectors',
      );
    }
    for (let r = 0; r < rows; r++) visit(batch.vectors, r * dim, next + r);
    next += rows;
  }
  if (next !== n)
    throw new VisibleError(`The vector source promised ${n} rows but sent ${next}.`, 'invalid_vectors');
}
