import sharp, { type Sharp } from 'sharp';

export type SampleFormat = 'jpeg' | 'png' | 'webp';

/**
 * Edits of encoded images, each returning new encoded bytes in the input's format unless it says otherwise.
 * They make the planted near duplicates and defects of the sample set, and test fixtures for every concern.
 */
export const transformations = {
  encode(bytes: Uint8Array, format: SampleFormat, quality = 90): Promise<Buffer> {
    return encodeAs(sharp(bytes), format, quality);
  },
  /** Scales both sides by `factor`. */
  resize(bytes: Uint8Array, factor: number): Promise<Buffer> {
    return sameFormat(bytes, async (image, meta) =>
      image.resize(
        Math.max(1, Math.round(meta.width * factor)),
        Math.max(1, Math.round(meta.height * factor)),
      ),
    );
  },
  /** Keeps the centred `fraction` of each side (0.85 keeps 72% of the area). */
  crop(bytes: Uint8Array, fraction = 0.85): Promise<Buffer> {
    return sameFormat(bytes, async (image, meta) => {
      const width = Math.max(1, Math.round(meta.width * fraction));
      const height = Math.max(1, Math.round(meta.height * fraction));
      return image.extract({
        left: Math.floor((meta.width - width) / 2),
        top: Math.floor((meta.height - height) / 2),
        width,
        height,
      });
    });
  },
  /** Multiplies brightness (1.15 = 15% brighter): a mild edit, still the same picture. */
  brighten(bytes: Uint8Array, factor = 1.15): Promise<Buffer> {
    return sameFormat(bytes, async (image) => image.modulate({ brightness: factor }));
  },
  /** Scales every value by `factor` (default 0.2): an under-exposed copy that CleanVision calls dark. */
  darken(bytes: Uint8Array, factor = 0.2): Promise<Buffer> {
    return sameFormat(bytes, async (image) => image.linear(factor, 0));
  },
  /** Squeezes every value into the top `range` grey levels (default 8): a washed-out copy CleanVision calls light. */
  overexpose(bytes: Uint8Array, range = 8): Promise<Buffer> {
    return sameFormat(bytes, async (image) => image.linear(range / 255, 255 - range));
  },
  /** Gaussian blur of `sigma` pixels at the image's own size. */
  blur(bytes: Uint8Array, sigma: number): Promise<Buffer> {
    return sameFormat(bytes, async (image) => image.blur(sigma));
  },
  /**
   * A JPEG whose stored pixels are turned so that a viewer applying the EXIF `orientation` (3, 6 or 8) shows the
   * original picture: what a phone writes when held sideways.
   */
  rotateExif(bytes: Uint8Array, orientation: 3 | 6 | 8): Promise<Buffer> {
    const undo = { 3: 180, 6: 270, 8: 90 }[orientation];
    return sharp(bytes).rotate(undo).jpeg({ quality: 92 }).withMetadata({ orientation }).toBuffer();
  },
};

async function sameFormat(
  bytes: Uint8Array,
  edit: (image: Sharp, meta: { width: number; height: number }) => Promise<Sharp>,
): Promise<Buffer> {
  const meta = await sharp(bytes).metadata();
  const format = (['jpeg', 'png', 'webp'] as string[]).includes(meta.format ?? '')
    ? (meta.format as SampleFormat)
    : 'png';
  const edited = await edit(sharp(bytes), { width: meta.width ?? 1, height: meta.height ?? 1 });
  return encodeAs(edited, format, 90);
}

/** Encoder settings tuned for making fixtures quickly: low PNG and WebP effort, same pixels. */
export function encodeAs(image: Sharp, format: SampleFormat, quality: number): Promise<Buffer> {
  if (format === 'png') return image.png({ compressionLevel: 3 }).toBuffer();
  if (format === 'webp') return image.webp({ quality, effort: 2 }).toBuffer();
  return image.jpeg({ quality }).toBuffer();
}
