import { VisibleError } from '../../errors/index.ts';
import type { VectorRows } from './types.ts';

/** Sum of each class's vectors (classCount x dim), in one streaming pass: memory is per class, not per image. */
export async function classSums(
  vectors: VectorRows,
  codes: Int32Array,
  classCount: number,
): Promise<{ sums: Float64Array; dim: number }> {
  let sums = new Float64Array(0);
  let dim = 0;
  let i = 0;
  for await (const v of vectors()) {
    if (i === 0) {
      dim = v.length;
      sums = new Float64Array(classCount * dim);
    }
    checkRow(v, i, dim, codes.length);
    const code = codes[i++];
    if (code < 0) continue;
    const base = code * dim;
    for (let d = 0; d < dim; d++) sums[base + d] += v[d];
  }
  if (i !== codes.length)
    throw new VisibleError(`Got ${i} vectors for ${codes.length} labels; they must match.`);
  return { sums, dim };
}

/**
 * Cosine of each labelled vector to its class centroid with itself left out (so a small class's members are not
 * pulled towards themselves), in a second streaming pass. NaN when the class has no other member.
 */
export async function centroidSimilarity(
  vectors: VectorRows,
  codes: Int32Array,
  sums: Float64Array,
  dim: number,
): Promise<Float64Array> {
  const classCount = dim > 0 ? sums.length / dim : 0;
  const norms2 = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += sums[c * dim + d] ** 2;
    norms2[c] = s;
  }
  const out = new Float64Array(codes.length).fill(Number.NaN);
  let i = 0;
  for await (const v of vectors()) {
    checkRow(v, i, dim, codes.length);
    const code = codes[i];
    if (code >= 0) {
      let dot = 0;
      let self = 0;
      const base = code * dim;
      for (let d = 0; d < dim; d++) {
        dot += v[d] * sums[base + d];
        self += v[d] * v[d];
      }
      // |S - x|^2 = |S|^2 - 2 x.S + |x|^2, so leaving x out needs no second sum.
      const rest2 = norms2[code] - 2 * dot + self;
      if (rest2 > 1e-12) out[i] = (dot - self) / (Math.sqrt(rest2) * Math.sqrt(self));
    }
    i++;
  }
  return out;
}

function checkRow(v: Float32Array, i: number, dim: number, n: number): void {
  if (i >= n) throw new VisibleError(`Got more vectors than the ${n} labels; they must match one to one.`);
  if (v.length !== dim) throw new VisibleError(`Vector ${i} has ${v.length} dimensions, expected ${dim}.`);
}
