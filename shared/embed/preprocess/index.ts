import sharp from 'sharp';
import type { Raster } from '../../media/types.ts';
import { planResize, type ResizeMode, type ResizePlan } from './geometry.ts';
import { pilResize } from './pil-resample.ts';
import { normalisationTables, type Triple, writeChw } from './tensor.ts';

export { planResize, type ResizeMode, type ResizePlan, roundHalfEven } from './geometry.ts';
export { pilResize } from './pil-resample.ts';
export { normalisationTables } from './tensor.ts';

/** The model's input contract, read from its manifest. */
export interface PreprocessSpec {
  size: number;
  resize: ResizeMode;
  interpolation: 'bicubic' | 'bilinear';
  mean: Triple;
  std: Triple;
}

/**
 * CLIP preprocessing on an oriented RGB raster: resize (shortest side to `size`), centre crop, /255, mean/std,
 * planar float32. Reducing uses libvips' (sharp) cubic kernel, within a fraction of a level of PIL's; enlarging
 * uses a port of PIL's bicubic. docs/models.md has the measured differences.
 */
export function createPreprocessor(spec: PreprocessSpec): (rasters: Raster[]) => Promise<Float32Array> {
  const tables = normalisationTables(spec.mean, spec.std);
  const kernel = spec.interpolation === 'bicubic' ? 'cubic' : 'linear';
  const perImage = 3 * spec.size * spec.size;
  return async (rasters) => {
    const out = new Float32Array(rasters.length * perImage);
    const squares = await Promise.all(rasters.map((raster) => cropSquare(raster, spec, kernel)));
    for (const [i, rgb] of squares.entries()) writeChw(rgb, spec.size, tables, out, i * perImage);
    return out;
  };
}

/** The resized, centre-cropped size x size RGB bytes of one raster. */
export async function cropSquare(
  raster: Raster,
  spec: PreprocessSpec,
  kernel: 'cubic' | 'linear',
): Promise<Uint8Array> {
  const plan = planResize(raster.width, raster.height, spec.size, spec.resize);
  if (kernel === 'cubic' && (plan.width > raster.width || plan.height > raster.height)) {
    // Enlarging: libvips samples half a pixel off PIL's grid, so small images go through the PIL port instead.
    return crop(pilResize(raster, plan.width, plan.height), plan, spec.size);
  }
  let image = sharp(raster.data, { raw: { width: raster.width, height: raster.height, channels: 3 } });
  if (plan.width !== raster.width || plan.height !== raster.height) {
    image = image.resize(plan.width, plan.height, { kernel, fit: 'fill' });
  }
  if (plan.width !== spec.size || plan.height !== spec.size) {
    image = image.extract({ left: plan.left, top: plan.top, width: spec.size, height: spec.size });
  }
  const data = await image.raw().toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function crop(raster: Raster, plan: ResizePlan, size: number): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const from = ((plan.top + y) * raster.width + plan.left) * 3;
    out.set(raster.data.subarray(from, from + size * 3), y * size * 3);
  }
  return out;
}
