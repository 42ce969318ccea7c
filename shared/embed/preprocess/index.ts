import sharp from 'sharp';
import type { Raster } from '../../media/types.ts';
import { planResize, type ResizeMode } from './geometry.ts';
import { normalisationTables, type Triple, writeChw } from './tensor.ts';

export { planResize, type ResizeMode, type ResizePlan, roundHalfEven } from './geometry.ts';
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
 * planar float32. Resampling is libvips' (sharp) cubic or linear kernel where the reference uses PIL's; see
 * docs/models.md for the measured difference.
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
