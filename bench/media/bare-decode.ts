import sharp from 'sharp';
import { DEFAULT_WORKING_SIZE } from '../../shared/media/index.ts';

/**
 * The physical limit of the ingest path, the baseline every ingest benchmark is compared with: decode, orient
 * and resize to the working size (shortest side), with nothing else.
 */
export function bareDecode(file: string): Promise<Buffer> {
  return sharp(file)
    .rotate()
    .resize({
      width: DEFAULT_WORKING_SIZE,
      height: DEFAULT_WORKING_SIZE,
      fit: 'outside',
      withoutEnlargement: true,
    })
    .removeAlpha()
    .raw()
    .toBuffer();
}
