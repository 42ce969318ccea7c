import { VisibleError } from '../../errors/index.ts';
import type { VectorMatrix, VectorSource } from './types.ts';

const matrixOf = new WeakMap<VectorSource, VectorMatrix>();
/** Matrices already checked to hold unit rows, so a second pass over the same source skips the check. */
const checked = new WeakSet<Float32Array>();

/** Wraps rows already in memory; `readAll` hands them back without a copy. */
export function inMemorySource(
  data: Float32Array,
  dimension: number,
  options: { ids?: readonly string[]; batchSize?: number } = {},
): VectorSource {
  if (dimension <= 0 || data.length % dimension !== 0) {
    throw new VisibleError(
      `The vectors hold ${data.length} numbers, not a whole number of ${dimension}-d rows.`,
      'invalid_vectors',
    );
  }
  const count = data.length / dimension;
  const batchSize = options.batchSize ?? 4096;
  const source: VectorSource = {
    count,
    dimension,
    ids: options.ids,
    async *batches() {
      for (let offset = 0; offset < count; offset += batchSize) {
        const end = Math.min(count, offset + batchSize);
        yield { offset, vectors: data.subarray(offset * dimension, end * dimension) };
      }
    },
  };
  matrixOf.set(source, { count, dimension, data });
  return source;
}

/** Norms further than this from 1 mean the rows were not normalised (f32 rounding stays near 1e-6). */
const NORM_TOLERANCE = 1e-3;

/**
 * Every row of a source in one block, checked to be unit length, since every pass reads dot products as
 * cosines. This block (count x dimension x 4 bytes, 2 GB for 1M 512-d rows) is the memory floor.
 */
export async function readAll(source: VectorSource): Promise<VectorMatrix> {
  const known = matrixOf.get(source);
  const matrix = known ?? (await collect(source));
  if (!checked.has(matrix.data)) checkUnitRows(matrix, source.ids);
  checked.add(matrix.data);
  return matrix;
}

async function collect(source: VectorSource): Promise<VectorMatrix> {
  const { count, dimension } = source;
  const data = new Float32Array(count * dimension);
  let rows = 0;
  for await (const batch of source.batches()) {
    const batchRows = batch.vectors.length / dimension;
    if (!Number.isInteger(batchRows) || batch.offset !== rows || rows + batchRows > count) {
      throw new VisibleError(
        `The vector source sent rows ${batch.offset}..${batch.offset + batchRows - 1} after row ${rows - 1}; ` +
          `it must send its ${count} rows of ${dimension} numbers in order.`,
        'invalid_vectors',
      );
    }
    data.set(batch.vectors, rows * dimension);
    rows += batchRows;
  }
  if (rows !== count) {
    throw new VisibleError(`The vector source promised ${count} rows but sent ${rows}.`, 'invalid_vectors');
  }
  return { count, dimension, data };
}

function checkUnitRows(matrix: VectorMatrix, ids?: readonly string[]): void {
  const { count, dimension, data } = matrix;
  for (let i = 0; i < count; i++) {
    let s = 0;
    const base = i * dimension;
    for (let d = 0; d < dimension; d++) s += data[base + d] * data[base + d];
    if (!(Math.abs(Math.sqrt(s) - 1) <= NORM_TOLERANCE)) {
      const name = ids?.[i] ?? `row ${i}`;
      throw new VisibleError(
        `Vector ${name} has length ${Math.sqrt(s).toPrecision(4)}; curation needs L2-normalised vectors (length 1).`,
        'invalid_vectors',
      );
    }
  }
}

/** The cosine of rows i and j (both unit length). */
export function dot(matrix: VectorMatrix, i: number, j: number): number {
  const { dimension, data } = matrix;
  const a = i * dimension;
  const b = j * dimension;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  // Four accumulators let V8 overlap the multiply-adds.
  for (; d + 3 < dimension; d += 4) {
    s0 += data[a + d] * data[b + d];
    s1 += data[a + d + 1] * data[b + d + 1];
    s2 += data[a + d + 2] * data[b + d + 2];
    s3 += data[a + d + 3] * data[b + d + 3];
  }
  for (; d < dimension; d++) s0 += data[a + d] * data[b + d];
  return s0 + s1 + s2 + s3;
}
