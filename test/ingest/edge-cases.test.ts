import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileItem } from '../../shared/ingest/source.ts';
import { createLocalBucket } from '../../shared/store/index.ts';
import { scene } from '../helpers/images.ts';
import { useIngestFixture } from './fixture.ts';

const fx = useIngestFixture('edge-cases');
const ingest = () => fx.ingest();

describe('the ingest edge cases of the audit', () => {
  it('reads a file that grew after it was listed to its end, not to its listed size', async () => {
    const bytes = await scene(3, 'circles', 320, 240);
    const path = join(fx.inbox, 'growing.png');
    await writeFile(path, bytes);
    // As if listed while the copy was a third done.
    const item = fileItem('growing.png', path, Math.floor(bytes.length / 3), 1 << 20);
    expect(Buffer.from(await item.read()).equals(bytes)).toBe(true);
    // Still bounded: a file grown past the limit is refused without reading it all.
    await expect(fileItem('growing.png', path, 10, bytes.length - 1).read()).rejects.toThrow(/limit/);
  });

  it('re-applies an edited sidecar to an unchanged image, and only then', async () => {
    await writeFile(join(fx.inbox, 'cat.png'), await scene(5, 'circles', 320, 240));
    await writeFile(join(fx.inbox, 'cat.png.json'), JSON.stringify({ label: 'cat', tags: ['indoor'] }));
    expect(await ingest()).toMatchObject({ ingested: 1 });
    expect(await ingest()).toMatchObject({ ingested: 0, unchanged: 1 });

    await writeFile(
      join(fx.inbox, 'cat.png.json'),
      JSON.stringify({
        label: 'tiger',
        caption: 'a big cat',
        tags: ['outdoor'],
        objects: [{ label: 'head', bbox: [10, 10, 100, 80] }],
      }),
    );
    expect(await ingest()).toMatchObject({ ingested: 1, unchanged: 0, objects: 1 });
    const row = await fx.runtime.store.images.getByKey('default', 'cat.png');
    expect(row).toMatchObject({ label: 'tiger', caption: 'a big cat', tags: ['outdoor'] });
    expect(await fx.runtime.store.objects.forImage('default', row?.id as string)).toHaveLength(1);
    // Nothing changed since: nothing is redone, boxes included.
    expect(await ingest()).toMatchObject({ ingested: 0, unchanged: 1 });

    await writeFile(
      join(fx.inbox, 'cat.png.json'),
      JSON.stringify({ label: 'tiger', caption: 'a big cat', tags: ['outdoor'] }),
    );
    expect(await ingest()).toMatchObject({ ingested: 1, objects: 0 });
    expect(await fx.runtime.store.objects.forImage('default', row?.id as string)).toEqual([]);
  });

  it('ingests a file whose name is not valid UTF-8, under a key that keeps its bytes (read as Latin-1)', async () => {
    const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('.png')]);
    const bytes = await scene(7, 'circles', 320, 240);
    await writeFile(Buffer.concat([Buffer.from(`${fx.inbox}/`), name]), bytes);
    const summary = await ingest();
    expect(summary).toMatchObject({ ingested: 1, failed: [] });
    expect(await fx.runtime.store.images.getByKey('default', 'café.png')).toBeDefined();
    expect(Buffer.from('café.png', 'latin1').equals(name)).toBe(true);
    // And its original can be served: the fx.inbox as a bucket finds the key under its Latin-1 bytes.
    const originals = createLocalBucket(fx.inbox);
    expect(Buffer.from((await originals.get('café.png')) as Uint8Array).equals(bytes)).toBe(true);
    expect(await originals.getStream?.('café.png')).toBeDefined();
    expect(await originals.get('cafe.png')).toBeUndefined();
  });

  it('refuses, with the reason, paths that cannot be keys: a backslash, over 1,024 bytes', async () => {
    const bytes = await scene(9, 'circles', 320, 240);
    await writeFile(join(fx.inbox, 'back\\slash.png'), bytes);
    let deep = fx.inbox;
    for (let i = 0; i < 6; i++) {
      deep = join(deep, 'd'.repeat(200) + i);
      await mkdir(deep);
    }
    await writeFile(join(deep, 'deep.png'), bytes);
    await writeFile(join(fx.inbox, 'fine.png'), bytes);
    const summary = await ingest();
    expect(summary.ingested).toBe(1);
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.key.slice(0, 12), f.reason]));
    expect(reasons['back\\slash.p']).toMatch(/cannot be a key \(it contains a backslash.*rename it/);
    expect(Object.values(reasons).some((reason) => /longer than 1024 bytes/.test(reason))).toBe(true);
  });

  it('skips files that are not images and counts them, apart from the failures', async () => {
    const bytes = await scene(11, 'circles', 320, 240);
    await writeFile(join(fx.inbox, 'a.png'), bytes);
    await writeFile(join(fx.inbox, 'notes.txt'), 'shopping list');
    await writeFile(join(fx.inbox, 'clip.mp4'), Buffer.alloc(64));
    await writeFile(join(fx.inbox, 'broken.jpg'), 'not a jpeg at all');
    await writeFile(join(fx.inbox, 'no-extension'), bytes);
    const summary = await ingest();
    expect(summary).toMatchObject({ ingested: 2, notImages: 2 });
    expect(summary.failed.map((f) => f.key)).toEqual(['broken.jpg']);
  });
});
