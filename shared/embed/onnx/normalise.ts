/** Splits a row-major [rows, dimension] output into L2-normalised vectors (a zero row stays zero). */
export function normalisedRows(data: Float32Array, rows: number, dimension: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let r = 0; r < rows; r++) {
    const row = data.slice(r * dimension, (r + 1) * dimension);
    let sum = 0;
    for (const v of row) sum += v * v;
    const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let i = 0; i < dimension; i++) row[i] *= scale;
    out.push(row);
  }
  return out;
}
