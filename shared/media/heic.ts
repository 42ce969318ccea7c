import exifReader from 'exif-reader';
import sharp, { type Sharp } from 'sharp';
import { decodeHeicInThread } from './heic-thread.ts';

/**
 * HEVC-coded HEIF (every iPhone's default), which this sharp build reads the header of but cannot decode:
 * libheif compiled to WebAssembly (heic-decode / libheif-js) decodes it to RGBA in a worker thread, and sharp
 * takes it from there.
 * The header checks (bytes, sides, aspect, pixels) have run before this is called.
 */
export async function heicPixels(input: Buffer, exif: Buffer | undefined): Promise<Sharp> {
  const { width, height, data } = await decodeHeicInThread(input);
  const raw = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const image = sharp(raw, { raw: { width, height, channels: 4 } });
  const orientation = exifOrientation(input, exif);
  if (orientation === 1) return image;
  // Materialised once so the caller's extract and resize see the displayed image, not the stored one.
  const oriented = await orient(image, orientation).raw().toBuffer({ resolveWithObject: true });
  return sharp(oriented.data, {
    raw: { width: oriented.info.width, height: oriented.info.height, channels: 4 },
  });
}

/** The displayed size, for a header whose EXIF orientation libheif does not apply. */
export function heicDisplaySize(
  input: Buffer,
  exif: Buffer | undefined,
  width: number,
  height: number,
): { width: number; height: number } {
  return exifOrientation(input, exif) >= 5 ? { width: height, height: width } : { width, height };
}

/**
 * HEIF orients with irot/imir boxes, which libheif applies; a file without them may still carry an EXIF
 * orientation (encoders that copy a camera JPEG's EXIF, such as heif-enc), which is then the only orientation
 * it has. Never both: that would turn an iPhone photo twice.
 */
function exifOrientation(input: Buffer, exif: Buffer | undefined): number {
  if (!exif || hasTransformBoxes(input)) return 1;
  try {
    const value = exifReader(exif).Image?.Orientation;
    return typeof value === 'number' && value >= 1 && value <= 8 ? value : 1;
  } catch {
    return 1;
  }
}

/** EXIF orientation 2-8 as sharp operations (sharp mirrors before it rotates). */
function orient(image: Sharp, orientation: number): Sharp {
  switch (orientation) {
    case 2:
      return image.flop();
    case 3:
      return image.rotate(180);
    case 4:
      return image.flip();
    case 5:
      return image.flip().rotate(90);
    case 6:
      return image.rotate(90);
    case 7:
      return image.flop().rotate(90);
    case 8:
      return image.rotate(270);
    default:
      return image;
  }
}

/** Whether the item properties (meta > iprp > ipco) hold an irot or imir box. */
function hasTransformBoxes(input: Buffer): boolean {
  const meta = findBox(input, 0, input.byteLength, 'meta');
  // meta is a full box: 4 bytes of version and flags before its children.
  const iprp = meta && findBox(input, meta.start + 4, meta.end, 'iprp');
  const ipco = iprp && findBox(input, iprp.start, iprp.end, 'ipco');
  if (!ipco) return false;
  return (
    findBox(input, ipco.start, ipco.end, 'irot') !== undefined ||
    findBox(input, ipco.start, ipco.end, 'imir') !== undefined
  );
}

/** The first child box of `type` between `from` and `to`: its content's range. */
function findBox(
  bytes: Buffer,
  from: number,
  to: number,
  type: string,
): { start: number; end: number } | undefined {
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= to) {
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) size = to - at;
    if (size < header || at + size > to) return undefined;
    if (bytes.toString('latin1', at + 4, at + 8) === type) return { start: at + header, end: at + size };
    at += size;
  }
  return undefined;
}
