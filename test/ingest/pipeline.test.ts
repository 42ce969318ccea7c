import { mkdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { watchFolder } from '../../shared/ingest/index.ts';
import { useIngestFixture } from './fixture.ts';

/** A textured scene, different per seed, so every file has its own content hash and embedding. */
async function scene(seed: number, format: 'jpeg' | 'png' | 'webp' = 'jpeg', width = 320, height = 240) {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},60%,50%)"/>
    <circle cx="${40 + ((seed * 31) % (width - 80))}" cy="${40 + ((seed * 17) % (height - 80))}" r="30" fill="hsl(${(hue + 180) % 360},70%,40%)"/>
    <rect x="${(seed * 13) % (width - 60)}" y="10" width="50" height="${height - 20}" fill="white" opacity="0.6"/>
  </svg>`;
  return sharp(Buffer.from(svg))[format]().toBuffer();
}

const fx = useIngestFixture('ingest');
const ingest = fx.ingest;

describe('folder ingest', () => {
  it('turns a folder-per-class layout into rows with labels, vectors, quality scores and thumbnails', async () => {
    await mkdir(join(fx.inbox, 'cats'));
    await mkdir(join(fx.inbox, 'dogs'));
    await writeFile(join(fx.inbox, 'cats', 'a.jpg'), await scene(1));
    await writeFile(join(fx.inbox, 'cats', 'b.png'), await scene(2, 'png'));
    await writeFile(join(fx.inbox, 'dogs', 'c.webp'), await scene(3, 'webp'));

    const summary = await ingest();
    expect(summary).toMatchObject({ ingested: 3, unchanged: 0, failed: [] });

    const row = await fx.runtime.store.images.getByKey('default', 'cats/b.png');
    expect(row).toMatchObject({ label: 'cats', format: 'png', width: 320, height: 240 });
    expect(row?.vector.length).toBe((await fx.runtime.embedder()).dimension);
    expect(row?.blur).toBeGreaterThanOrEqual(0);
    expect(row?.blur).toBeLessThanOrEqual(1);
    const thumbnail = await fx.runtime.bucket.get(row?.thumbnailKey as string);
    expect((await sharp(thumbnail).metadata()).format).toBe('webp');
  });

  it('writes nothing new when run twice, replaces a changed file and prunes a deleted one', async () => {
    await writeFile(join(fx.inbox, 'one.jpg'), await scene(1));
    await writeFile(join(fx.inbox, 'two.jpg'), await scene(2));
    expect(await ingest()).toMatchObject({ ingested: 2, unchanged: 0 });
    expect(await ingest()).toMatchObject({ ingested: 0, unchanged: 2 });
    expect(await fx.runtime.store.images.count('default')).toBe(2);

    const before = await fx.runtime.store.images.getByKey('default', 'one.jpg');
    await writeFile(join(fx.inbox, 'one.jpg'), await scene(9));
    expect(await ingest()).toMatchObject({ ingested: 1, unchanged: 1 });
    const after = await fx.runtime.store.images.getByKey('default', 'one.jpg');
    expect(after?.id).toBe(before?.id);
    expect(after?.sha256).not.toBe(before?.sha256);
    expect(await fx.runtime.store.images.count('default')).toBe(2);

    await unlink(join(fx.inbox, 'two.jpg'));
    expect(await ingest({ prune: true })).toMatchObject({ removed: 1, unchanged: 1 });
    expect(await fx.runtime.store.images.getByKey('default', 'two.jpg')).toBeUndefined();
  });

  it('reports every bad file with its reason, skips it, and ingests the rest', async () => {
    const good = await scene(4);
    const bomb = pngBomb(30000, 30000);
    await writeFile(join(fx.inbox, 'empty.jpg'), Buffer.alloc(0));
    await writeFile(join(fx.inbox, 'truncated.jpg'), good.subarray(0, Math.floor(good.length / 3)));
    await writeFile(join(fx.inbox, 'notes.jpg'), 'this is text, not an image');
    await writeFile(join(fx.inbox, 'bomb.png'), bomb);
    await writeFile(join(fx.inbox, 'good one ünïcode.jpg'), good);
    await symlink(fx.inbox, join(fx.inbox, 'loop'));

    const summary = await ingest();
    expect(summary.ingested).toBe(1);
    const reasons = Object.fromEntries(summary.failed.map((failure) => [failure.key, failure.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'bomb.png',
      'empty.jpg',
      'loop',
      'notes.jpg',
      'truncated.jpg',
    ]);
    expect(reasons['bomb.png']).toMatch(/pixel/i);
    expect(reasons['empty.jpg']).toMatch(/empty/i);
    expect(await fx.runtime.store.images.getByKey('default', 'good one ünïcode.jpg')).toBeDefined();
    const recorded = await fx.runtime.store.failures.list('default');
    expect(recorded.map((row) => row.key).sort()).toEqual([
      'bomb.png',
      'empty.jpg',
      'notes.jpg',
      'truncated.jpg',
    ]);
  });

  it('crops and embeds every object box of a sidecar into the objects table', async () => {
    await writeFile(join(fx.inbox, 'street.jpg'), await scene(5, 'jpeg', 400, 300));
    await writeFile(
      join(fx.inbox, 'street.jpg.json'),
      JSON.stringify({
        label: 'street',
        caption: 'a street at noon',
        tags: ['city', 'day'],
        objects: [
          { label: 'car', box: { x: 0.1, y: 0.2, w: 0.3, h: 0.3 } },
          { label: 'sign', bbox: [200, 30, 80, 120] },
        ],
      }),
    );
    expect(await ingest()).toMatchObject({ ingested: 1, objects: 2 });
    const image = await fx.runtime.store.images.getByKey('default', 'street.jpg');
    expect(image).toMatchObject({ label: 'street', caption: 'a street at noon', tags: ['city', 'day'] });
    const objects = await fx.runtime.store.objects.forImage('default', image?.id as string);
    expect(objects.map((object) => object.label).sort()).toEqual(['car', 'sign']);
    const sign = objects.find((object) => object.label === 'sign');
    expect(sign?.box.x).toBeCloseTo(0.5, 5);
    expect(sign?.box.h).toBeCloseTo(0.4, 5);
  });
});

describe('watch mode', () => {
  it('ingests a file that lands and forgets one that is deleted', async () => {
    const watcher = watchFolder(fx.inbox, fx.runtime.ingestContext(await fx.runtime.embedder()), {
      settleMs: 50,
    });
    try {
      await watcher.ready;
      await writeFile(join(fx.inbox, 'dropped.jpg'), await scene(6));
      await eventually(
        async () => (await fx.runtime.store.images.getByKey('default', 'dropped.jpg')) !== undefined,
        watcher,
      );
      await unlink(join(fx.inbox, 'dropped.jpg'));
      await eventually(
        async () => (await fx.runtime.store.images.getByKey('default', 'dropped.jpg')) === undefined,
        watcher,
      );
    } finally {
      await watcher.close();
    }
  });
});

async function eventually(
  check: () => Promise<boolean>,
  watcher: { idle(): Promise<void> },
  timeoutMs = 15_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    await watcher.idle();
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not met in time');
}

/**
 * A real decompression bomb: a 30000 x 30000 1-bit PNG of zeros. Its pixel data deflates to ~100 KB, but
 * decoding it would need 900 megapixels of memory.
 */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(1, 8); // bit depth 1
  header.writeUInt8(0, 9); // grayscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
