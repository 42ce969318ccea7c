import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scene } from '../helpers/images.ts';
import { useIngestFixture } from './fixture.ts';

/** Folders whose listing fails with EACCES, as an unreadable folder does for a user who is not root. */
const unreadable = new Set<string>();
vi.mock('node:fs/promises', async (original) => {
  const fs = await original<typeof import('node:fs/promises')>();
  const readdir = (async (path: string, ...rest: unknown[]) => {
    if (unreadable.has(String(path))) {
      throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
    }
    return (fs.readdir as (...args: unknown[]) => unknown)(path, ...rest);
  }) as typeof fs.readdir;
  return { ...fs, readdir, default: { ...fs, readdir } };
});

const fx = useIngestFixture('prune', async (inbox) => {
  await mkdir(join(inbox, 'cats', 'young'), { recursive: true });
  await mkdir(join(inbox, 'dogs'), { recursive: true });
  for (const [i, key] of ['cats/a.png', 'cats/young/b.png', 'dogs/c.png', 'top.png'].entries()) {
    await writeFile(join(inbox, key), await scene(i, 'circles', 160, 120));
  }
});
afterEach(() => unreadable.clear());

const ingest = () => fx.ingest({ prune: true });
const keys = async () => {
  const stored = await fx.runtime.store.images.existing('default', [
    'cats/a.png',
    'cats/young/b.png',
    'dogs/c.png',
    'top.png',
  ]);
  return [...stored.keys()].sort();
};

describe('ingest --prune forgets only files known to be gone', () => {
  it('keeps the rows of a folder it failed to list, and prunes a file deleted beside it', async () => {
    expect(await ingest()).toMatchObject({ ingested: 4, removed: 0 });
    unreadable.add(join(fx.inbox, 'cats'));
    await rm(join(fx.inbox, 'dogs', 'c.png'));
    const summary = await ingest();
    expect(summary.failed).toEqual([
      { key: 'cats', reason: expect.stringMatching(/cannot list folder: EACCES/) },
    ]);
    expect(summary.removed).toBe(1);
    expect(await keys()).toEqual(['cats/a.png', 'cats/young/b.png', 'top.png']);
  });

  it('prunes nothing when the root itself cannot be listed', async () => {
    await ingest();
    unreadable.add(fx.inbox);
    expect(await ingest()).toMatchObject({ removed: 0 });
    expect(await keys()).toHaveLength(4);
  });

  it('keeps a nested folder it failed to list but prunes its listed parent', async () => {
    await ingest();
    unreadable.add(join(fx.inbox, 'cats', 'young'));
    await rm(join(fx.inbox, 'cats', 'a.png'));
    expect(await ingest()).toMatchObject({ removed: 1 });
    expect(await keys()).toEqual(['cats/young/b.png', 'dogs/c.png', 'top.png']);
  });
});
