import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, decodeRegion, isMediaError, type MediaErrorReason } from '../../shared/media/index.ts';
import { pngBomb, scene, textFile, transformations, truncated } from '../helpers/images.ts';

const limits = { maxBytes: 5 * 1024 * 1024, maxPixels: 50_000_000 };

async function failure(bytes: Uint8Array, options = limits) {
  try {
    await decodeImage(bytes, options);
  } catch (error) {
    if (isMediaError(error)) return error;
    throw error;
  }
  throw new Error('decodeImage accepted a file it should have refused');
}

describe('files that are not usable images', () => {
  let bomb: Buffer;
  beforeAll(async () => {
    bomb = await pngBomb();
  });

  const jpeg = () => scene(1, 'circles', 640, 480).then((b) => transformations.encode(b, 'jpeg'));
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>';
  const cases: [string, MediaErrorReason, () => Promise<Uint8Array>, RegExp][] = [
    ['zero bytes', 'empty', async () => new Uint8Array(0), /empty/],
    ['a truncated JPEG', 'corrupt', async () => truncated(await jpeg()), /damaged or truncated/],
    ['a text file renamed .jpg', 'unsupported-format', async () => textFile(), /not a readable image/],
    ['an SVG drawing', 'unsupported-format', async () => Buffer.from(svg), /in SVG format/],
    ['a 30000 x 30000 PNG bomb', 'too-many-pixels', async () => bomb, /30000 x 30000 pixels.*not decoded/],
    [
      'a file over the byte limit',
      'too-large',
      async () => new Uint8Array(limits.maxBytes + 1),
      /ingest\.maxBytes/,
    ],
  ];

  it.each(cases)('refuses %s with reason %s', async (_, reason, make, message) => {
    const error = await failure(await make());
    expect(error.reason).toBe(reason);
    expect(error.code).toBe(reason.replaceAll('-', '_'));
    expect(error.message).toMatch(message);
  });

  it('refuses the bomb from its header, before decoding any of its 900 million pixels', async () => {
    const started = process.cpuUsage();
    const error = await failure(bomb);
    const used = process.cpuUsage(started);
    expect(error.reason).toBe('too-many-pixels');
    // Inflating 900 MB of rows alone takes seconds of CPU; a header read takes none of that.
    expect((used.user + used.system) / 1000).toBeLessThan(500);
  });

  it('checks the byte limit before looking inside the file', async () => {
    const error = await failure(textFile(), { ...limits, maxBytes: 10 });
    expect(error.reason).toBe('too-large');
  });

  it('applies the same checks when decoding a region', async () => {
    const box = { x: 0, y: 0, w: 0.5, h: 0.5 };
    await expect(decodeRegion(bomb, box, limits)).rejects.toMatchObject({ reason: 'too-many-pixels' });
    await expect(decodeRegion(textFile(), box, limits)).rejects.toMatchObject({
      reason: 'unsupported-format',
    });
  });
});
