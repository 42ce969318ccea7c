import sharp from 'sharp';
import type { Grey } from './grey.ts';
import { prepareForVerify, type VerifyImage } from './verify.ts';

/** Longest side decoded from a thumbnail: the judging level (96) with room for the area-average below it. */
const DECODE_SIDE = 192;

/** A stored thumbnail (any format sharp reads) as the verifier's pyramid. */
export async function verifyImageFromBytes(bytes: Uint8Array): Promise<VerifyImage> {
  const { data, info } = await sharp(bytes)
    .resize(DECODE_SIDE, DECODE_SIDE, { fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey: Grey = { width: info.width, height: info.height, data: new Float32Array(data.length) };
  for (let i = 0; i < data.length; i++) grey.data[i] = data[i * info.channels] / 255;
  return prepareForVerify(grey);
}
