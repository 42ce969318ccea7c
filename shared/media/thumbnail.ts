import sharp from 'sharp';
import type { Raster } from './types.ts';

/**
 * WebP of the working raster, longest side at most `size` (never upscaled): no second decode of the file.
 * Effort 0: the encode is most of the cost, and more effort saves under 10% of a 256-px thumbnail's bytes.
 * Linear kernel: libvips box-shrinks by the integer factor first, leaving a reduce of under 2x where lanczos3
 * costs ~40% more of the thumbnail's time for no difference visible at 256 px.
 */
export async function makeThumbnail(raster: Raster, size: number): Promise<Uint8Array> {
  const output = await sharp(raster.data, {
    raw: { width: raster.width, height: raster.height, channels: 3 },
  })
    .resize(size, size, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
    .webp({ quality: 80, effort: 0 })
    .toBuffer();
  return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
}
