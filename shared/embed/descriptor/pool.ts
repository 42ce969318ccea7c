/**
 * Spatial-pyramid pooling of per-pixel soft votes. Every pixel splits a vote between two bins and spreads it
 * bilinearly over the nearest cell centres, so content that moves a little (a crop, a resize, a small
 * rotation) moves its votes gradually between neighbouring cells instead of flipping them.
 */

/** Per pixel of a size x size plane: a vote of `wLo` for bin `lo` and `wHi` for bin `hi`. */
export interface Votes {
  lo: Uint8Array;
  hi: Uint8Array;
  wLo: Float32Array;
  wHi: Float32Array;
}

export function emptyVotes(n: number): Votes {
  return { lo: new Uint8Array(n), hi: new Uint8Array(n), wLo: new Float32Array(n), wHi: new Float32Array(n) };
}

/** Splits `weight` at pixel `p` between the two bins around `f` (bin centres at integers). */
export function softBin(
  votes: Votes,
  p: number,
  f: number,
  bins: number,
  weight: number,
  circular: boolean,
): void {
  const x = circular ? f : Math.min(Math.max(f, 0), bins - 1);
  const b0 = Math.floor(x);
  const w1 = x - b0;
  votes.lo[p] = circular ? (b0 + bins) % bins : b0;
  votes.hi[p] = circular ? (b0 + 1) % bins : Math.min(b0 + 1, bins - 1);
  votes.wLo[p] = weight * (1 - w1);
  votes.wHi[p] = weight * w1;
}

/** Bilinear weight of each coordinate for each of `grid` cell centres; beyond the outer centres it clamps. */
function cellWeights(size: number, grid: number): Float32Array {
  const w = new Float32Array(size * grid);
  for (let x = 0; x < size; x++) {
    const f = Math.min(Math.max(((x + 0.5) * grid) / size - 0.5, 0), grid - 1);
    for (let c = 0; c < grid; c++) w[x * grid + c] = Math.max(0, 1 - Math.abs(f - c));
  }
  return w;
}

/** One histogram per grid in `grids`: G x G cells of `bins`, cells row-major. */
export function poolPyramid(
  votes: Votes,
  size: number,
  bins: number,
  grids: readonly number[],
): Float32Array[] {
  return grids.map((g) => {
    const hist = new Float32Array(g * g * bins);
    const w = cellWeights(size, g);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const p = y * size + x;
        const vLo = votes.wLo[p];
        const vHi = votes.wHi[p];
        if (vLo === 0 && vHi === 0) continue;
        for (let cy = 0; cy < g; cy++) {
          const wy = w[y * g + cy];
          if (wy === 0) continue;
          for (let cx = 0; cx < g; cx++) {
            const wxy = wy * w[x * g + cx];
            if (wxy === 0) continue;
            const o = (cy * g + cx) * bins;
            hist[o + votes.lo[p]] += vLo * wxy;
            hist[o + votes.hi[p]] += vHi * wxy;
          }
        }
      }
    }
    return hist;
  });
}
