import type { Grey } from './grey.ts';

/** Patches per side of A's grid. */
const GRID = 8;
/** Below this standard deviation (of [0, 1] grey) a patch is flat: it carries no evidence either way. */
const FLAT = 0.025;
/** Correlation at which two patches show the same content. */
const AGREE = 0.6;

export interface PatchEvidence {
  /** Patches with texture in at least one picture, and those of them that correlate. */
  textured: number;
  agreeing: number;
  /** Correlation over every covered pixel. */
  ncc: number;
  /** B's mean grey minus A's, and B's contrast over A's, over the covered pixels: how the tone moved. */
  meanShift: number;
  contrastRatio: number;
}

/**
 * Patch by patch, does the warped B show what A shows? Copies agree nearly everywhere (a watermark or a logo
 * costs a few patches); another viewpoint or a moment later agrees where the scene stands still and fails where
 * parallax or motion moves things by more than a patch's detail.
 */
export function patchEvidence(a: Grey, warped: Float32Array): PatchEvidence {
  let textured = 0;
  let agreeing = 0;
  const pw = a.width / GRID;
  const ph = a.height / GRID;
  for (let gy = 0; gy < GRID; gy++) {
    for (let gx = 0; gx < GRID; gx++) {
      const stats = patchStats(
        a,
        warped,
        Math.floor(gx * pw),
        Math.floor(gy * ph),
        Math.floor((gx + 1) * pw),
        Math.floor((gy + 1) * ph),
      );
      if (!stats) continue;
      if (stats.sdA < FLAT && stats.sdB < FLAT) continue;
      textured++;
      if (stats.ncc >= AGREE) agreeing++;
    }
  }
  const all = patchStats(a, warped, 0, 0, a.width, a.height, 0);
  return {
    textured,
    agreeing,
    ncc: all?.ncc ?? -1,
    meanShift: all ? all.meanB - all.meanA : 0,
    contrastRatio: all && all.sdA > 0 ? all.sdB / all.sdA : 1,
  };
}

function patchStats(
  a: Grey,
  warped: Float32Array,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  /** A patch mostly outside B (a crop's margin) says nothing. */
  minCover = 0.75,
): { sdA: number; sdB: number; meanA: number; meanB: number; ncc: number } | undefined {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const q = warped[y * a.width + x];
      if (Number.isNaN(q)) continue;
      const p = a.data[y * a.width + x];
      sa += p;
      sb += q;
      saa += p * p;
      sbb += q * q;
      sab += p * q;
      n++;
    }
  }
  if (n < minCover * (x1 - x0) * (y1 - y0) || n < 4) return undefined;
  const va = Math.max(0, saa / n - (sa / n) ** 2);
  const vb = Math.max(0, sbb / n - (sb / n) ** 2);
  const cov = sab / n - (sa / n) * (sb / n);
  return {
    sdA: Math.sqrt(va),
    sdB: Math.sqrt(vb),
    meanA: sa / n,
    meanB: sb / n,
    ncc: va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0,
  };
}
