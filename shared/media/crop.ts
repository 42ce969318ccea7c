import { boxToPixels } from './box.ts';
import type { Box, Raster } from './types.ts';

/** A normalised box cut from a raster already in memory; clamped to it, refused when it covers no pixel. */
export function cropRaster(raster: Raster, box: Box): Raster {
  const { left, top, width, height } = boxToPixels(box, raster.width, raster.height);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * raster.width + left) * 3;
    data.set(raster.data.subarray(from, from + width * 3), y * width * 3);
  }
  return { data, width, height };
}
