/**
 * Images made by code for every concern's tests: the sample generators, and the awkward files real folders hold
 * (bombs, truncations, CMYK, 16-bit, animations, EXIF rotations). No binary fixtures are committed.
 */
import { createDeflate } from 'node:zlib';
import sharp from 'sharp';
import { renderScene, type SceneKind } from '../../shared/samples/index.ts';

export {
  generateSampleImages,
  planSamples,
  random,
  renderScene,
  type SampleFormat,
  type SampleItem,
  SCENE_KINDS,
  type SceneKind,
  transformations,
} from '../../shared/samples/index.ts';

/** A sharp, varied picture: the usual "normal photo" of a test (default 800 x 600 PNG). */
export function scene(seed: number, kind: SceneKind = 'circles', width = 800, height = 600): Promise<Buffer> {
  return renderScene(seed, kind, width, height);
}

/** One flat colour, no grain: the uniform image blur detectors wrongly flag. */
export function flatImage(width = 640, height = 480, colour = '#5a8f7b'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/** A smooth top-to-bottom sky gradient, JPEG as a camera would write it. */
export function skyGradient(width = 1024, height = 768): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#0b3d91"/><stop offset="1" stop-color="#cfe8ff"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#s)"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

export function encodeAs(
  bytes: Uint8Array,
  format: 'tiff' | 'avif' | 'gif' | 'webp-lossless',
): Promise<Buffer> {
  const image = sharp(bytes);
  if (format === 'webp-lossless') return image.webp({ lossless: true }).toBuffer();
  if (format === 'avif') return image.avif({ quality: 60, effort: 0 }).toBuffer();
  return image.toFormat(format).toBuffer();
}

export function cmykJpeg(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).toColourspace('cmyk').jpeg({ quality: 90 }).toBuffer();
}

export function png16(bytes: Uint8Array): Promise<Buffer> {
  return sharp(bytes).toColourspace('rgb16').png().toBuffer();
}

/** A PNG whose left half is fully transparent. */
export async function halfTransparentPng(width = 200, height = 100, colour = '#cc2222'): Promise<Buffer> {
  const opaque = await sharp({ create: { width: width / 2, height, channels: 4, background: colour } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: opaque, left: width / 2, top: 0 }])
    .png()
    .toBuffer();
}

/** An animated GIF whose frames are flat `colours`, in order. */
export async function animatedGif(colours: string[], width = 60, height = 40): Promise<Buffer> {
  const frames = await Promise.all(
    colours.map((background) =>
      sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
}

/** The first `fraction` of a file: what an interrupted copy leaves. */
export function truncated(bytes: Uint8Array, fraction = 0.5): Buffer {
  return Buffer.from(bytes.subarray(0, Math.floor(bytes.byteLength * fraction)));
}

/** Plain text, as when notes.txt is renamed photo.jpg. */
export function textFile(): Buffer {
  return Buffer.from('These are my holiday notes, not a photo.\n'.repeat(20));
}

/**
 * A complete, valid grey PNG of width x height pixels (30000 x 30000 by default: 900 million pixels) whose zero
 * rows deflate to under 1 MB: a decompression bomb. Built in a fraction of a second.
 */
export async function pngBomb(width = 30_000, height = 30_000): Promise<Buffer> {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, deflate, no filter, no interlace
  const idat = await deflateZeroRows(width + 1, height);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', idat),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function deflateZeroRows(rowBytes: number, rows: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (part: Buffer) => parts.push(part));
  const done = new Promise((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  // About 1 MiB of rows per write, so a 2 x 20,000,000 strip takes as few writes as a square.
  const batch = Math.max(1, Math.ceil(2 ** 20 / rowBytes));
  const zeros = Buffer.alloc(rowBytes * batch);
  for (let row = 0; row < rows; row += batch) {
    const n = Math.min(batch, rows - row);
    if (!deflate.write(n === batch ? zeros : zeros.subarray(0, rowBytes * n))) {
      await new Promise((resolve) => deflate.once('drain', resolve));
    }
  }
  deflate.end();
  await done;
  return Buffer.concat(parts);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A HEIC (HEVC-coded HEIF, as iPhones write) made by Debian's heif-enc from `bytes` (a PNG or a JPEG, whose
 * EXIF orientation heif-enc copies). infra/system-packages.sh installs it; without it this throws, so a test
 * that needs HEIC fails instead of skipping.
 */
export async function heic(bytes: Uint8Array, input: 'png' | 'jpg' = 'png', quality = 70): Promise<Buffer> {
  const { execFile } = await import('node:child_process');
  const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'viscura-heic-'));
  try {
    await writeFile(join(dir, `in.${input}`), bytes);
    await new Promise<void>((resolve, reject) =>
      execFile(
        'heif-enc',
        ['-q', String(quality), '-o', join(dir, 'out.heic'), join(dir, `in.${input}`)],
        (error) =>
          error
            ? reject(
                new Error(
                  `heif-enc failed (${error.message}); install it with apt-get install libheif-examples (infra/system-packages.sh does)`,
                ),
              )
            : resolve(),
      ),
    );
    return await readFile(join(dir, 'out.heic'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
