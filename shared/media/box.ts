import { MediaError } from './errors.ts';
import type { Box } from './types.ts';

export interface PixelRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Pixel rectangle of a normalised box, clamped to the image; a box with no area left is refused. */
export function boxToPixels(box: Box, width: number, height: number): PixelRegion {
  const values = [box.x, box.y, box.w, box.h];
  if (!values.every(Number.isFinite))
    throw new MediaError('invalid-box', `The box ${JSON.stringify(box)} has a value that is not a number.`);
  const left = Math.max(0, Math.floor(box.x * width));
  const top = Math.max(0, Math.floor(box.y * height));
  const right = Math.min(width, Math.ceil((box.x + box.w) * width));
  const bottom = Math.min(height, Math.ceil((box.y + box.h) * height));
  if (right <= left || bottom <= top) {
    throw new MediaError(
      'invalid-box',
      `The box {x: ${box.x}, y: ${box.y}, w: ${box.w}, h: ${box.h}} covers no pixels of the ${width} x ${height} image.`,
    );
  }
  return { left, top, width: right - left, height: bottom - top };
}
