/**
 * The peers, re-implemented from their sources on the full decoded file: CleanVision's dark / light / blurry
 * rules (cleanlab/cleanvision src/cleanvision/issue_managers/image_property.py and the defaults in
 * image_property_issue_manager.py) and the common variance-of-Laplacian blur rule (OpenCV's 3x3 Laplacian,
 * blurry below 100). Each returns a score where higher means "more of the issue" and the rule's own verdict.
 */
import sharp from 'sharp';
import type { Raster } from '../../shared/media/types.ts';

export interface PeerVerdict {
  score: number;
  flagged: boolean;
}

export interface PeerScores {
  cleanvisionDark: PeerVerdict;
  cleanvisionLight: PeerVerdict;
  cleanvisionBlurry: PeerVerdict;
  laplacian: PeerVerdict;
}

/** np.percentile (linear interpolation) of CleanVision's per-pixel brightness. */
function brightnessPercentiles(image: Raster, qs: number[]): number[] {
  const values = new Float64Array(image.width * image.height);
  const { data } = image;
  for (let i = 0, p = 0; i < values.length; i++, p += 3) {
    values[i] = Math.sqrt(0.241 * data[p] ** 2 + 0.691 * data[p + 1] ** 2 + 0.068 * data[p + 2] ** 2) / 255;
  }
  values.sort();
  return qs.map((q) => {
    const rank = (q / 100) * (values.length - 1);
    const lo = Math.floor(rank);
    const hi = Math.min(values.length - 1, lo + 1);
    return values[lo] + (values[hi] - values[lo]) * (rank - lo);
  });
}

/** PIL's convert('L'): ITU-R 601-2 luma in fixed point, rounded. */
function pilGrey(image: Raster): Uint8Array {
  const out = new Uint8Array(image.width * image.height);
  const { data } = image;
  for (let i = 0, p = 0; i < out.length; i++, p += 3) {
    out[i] = (data[p] * 19595 + data[p + 1] * 38470 + data[p + 2] * 7471 + 0x8000) >> 16;
  }
  return out;
}

/** PIL's FIND_EDGES (8 at the centre, -1 around, clipped to 0..255); PIL copies the border pixels unchanged. */
function findEdges(g: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(g);
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      let sum = 9 * g[i];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) sum -= g[i + dy * w + dx];
      out[i] = Math.min(255, Math.max(0, sum));
    }
  }
  return out;
}

function std(values: ArrayLike<number>): number {
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sum2 += values[i] * values[i];
  }
  const mean = sum / values.length;
  return Math.sqrt(Math.max(0, sum2 / values.length - mean * mean));
}

/** CleanVision's blurry rule: at most 64 px, edge std and grey-histogram std, issue when the score < 0.29. */
async function cleanvisionBlurry(image: Raster): Promise<PeerVerdict> {
  const ratio = Math.max(image.width, image.height) / 64;
  let small = image;
  if (ratio > 1) {
    const width = Math.max(1, Math.floor(image.width / ratio));
    const height = Math.max(1, Math.floor(image.height / ratio));
    const { data } = await sharp(image.data, {
      raw: { width: image.width, height: image.height, channels: 3 },
    })
      .resize(width, height, { fit: 'fill', kernel: 'cubic' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    small = { data: new Uint8Array(data), width, height };
  }
  const grey = pilGrey(small);
  const blurriness = std(findEdges(grey, small.width, small.height));
  const histogram = new Float64Array(256);
  for (const v of grey) histogram[v]++;
  const blurScore = 1 - Math.exp(-0.01 * blurriness);
  const stdScore = 1 - Math.exp(-0.01 * std(histogram));
  const score = Math.min(1, blurScore + (stdScore > 0.18 ? stdScore : 0));
  return { score: 1 - score, flagged: score < 0.29 };
}

/** Variance of OpenCV's Laplacian (ksize 1: 4-neighbour, reflect-101 border) of the grey image; blurry below 100. */
function laplacian(image: Raster): PeerVerdict {
  const { width: w, height: h } = image;
  const g = pilGrey(image);
  const at = (x: number, y: number) => {
    const xx = x < 0 ? -x : x >= w ? 2 * w - 2 - x : x;
    const yy = y < 0 ? -y : y >= h ? 2 * h - 2 - y : y;
    return g[yy * w + xx];
  };
  const values = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      values[y * w + x] = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * g[y * w + x];
    }
  }
  const variance = std(values) ** 2;
  // Higher means blurrier, on a log scale so AUROC and fitted cut-offs see the rule's own ordering.
  return { score: -Math.log10(variance + 1e-9), flagged: variance < 100 };
}

export async function peerScores(file: string): Promise<PeerScores> {
  const { data, info } = await sharp(file)
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const image = { data: new Uint8Array(data), width: info.width, height: info.height };
  const [p5, p99] = brightnessPercentiles(image, [5, 99]);
  return {
    cleanvisionDark: { score: 1 - p99, flagged: p99 < 0.32 },
    cleanvisionLight: { score: p5, flagged: 1 - p5 < 0.05 },
    cleanvisionBlurry: await cleanvisionBlurry(image),
    laplacian: laplacian(image),
  };
}
