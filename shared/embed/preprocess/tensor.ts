export type Triple = readonly [number, number, number];

/**
 * One lookup table per channel from a byte to its normalised float32, rounded the way the reference computes it
 * in float32: ToTensor's v / 255, then Normalize's (x - mean) / std.
 */
export function normalisationTables(mean: Triple, std: Triple): Float32Array[] {
  return [0, 1, 2].map((c) => {
    const table = new Float32Array(256);
    const m = Math.fround(mean[c]);
    const s = Math.fround(std[c]);
    for (let v = 0; v < 256; v++) table[v] = Math.fround(Math.fround(Math.fround(v / 255) - m) / s);
    return table;
  });
}

/** Interleaved RGB bytes of a size x size square into planar float32 (C, H, W) at `offset` of `out`. */
export function writeChw(
  rgb: Uint8Array,
  size: number,
  tables: Float32Array[],
  out: Float32Array,
  offset: number,
): void {
  const plane = size * size;
  const [r, g, b] = tables;
  for (let i = 0, p = 0; i < plane; i++, p += 3) {
    out[offset + i] = r[rgb[p]];
    out[offset + plane + i] = g[rgb[p + 1]];
    out[offset + 2 * plane + i] = b[rgb[p + 2]];
  }
}
