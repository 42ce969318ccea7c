import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { where } from '../../shared/store/filters.ts';
import { openStore } from '../../shared/store/open.ts';
import type { Store } from '../../shared/store/types.ts';
import { imageRow, objectRow, tempStore } from './helpers.ts';

const run = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Each writer upserts its own new key and a key every writer also upserts, in the same commit. */
async function writerLoop(store: Store, name: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const own = imageRow('ds', `${name}-${i}.jpg`);
    await store.images.upsert([own, imageRow('ds', `shared-${i}.jpg`, { label: name })]);
    await store.objects.replaceForImages([own.id], [objectRow(own, 0)]);
  }
}

describe('concurrent writers lose nothing and double nothing', () => {
  it('3 writer loops on one store handle', async () => {
    const { store, cleanup } = await tempStore();
    cleanups.push(cleanup);
    const n = 12;
    await Promise.all(['w0', 'w1', 'w2'].map((name) => writerLoop(store, name, n)));
    expect(await store.images.count('ds')).toBe(3 * n + n);
    expect(await store.objects.count('ds')).toBe(3 * n);
    expect(await store.images.count('ds', where.prefix('key', 'shared-'))).toBe(n);
  });

  it('3 writers on separate connections, also deleting while others write', async () => {
    const { dir, cleanup } = await tempStore();
    cleanups.push(cleanup);
    const stores = await Promise.all([0, 1, 2, 3].map(() => openStore(dir)));
    cleanups.unshift(async () => {
      for (const store of stores) store.close();
    });
    const n = 10;
    await stores[3].images.upsert(Array.from({ length: 30 }, (_, i) => imageRow('ds', `doomed-${i}.jpg`)));
    await Promise.all([
      ...['w0', 'w1', 'w2'].map((name, i) => writerLoop(stores[i], name, n)),
      (async () => {
        for (let i = 0; i < 30; i += 3)
          await stores[3].images.deleteKeys('ds', [`doomed-${i}.jpg`, `doomed-${i + 1}.jpg`]);
      })(),
    ]);
    expect(await stores[0].images.count('ds')).toBe(3 * n + n + 10);
    expect(await stores[0].objects.count('ds')).toBe(3 * n);
  });

  it('2 writer processes upserting the same new keys', async () => {
    const { dir, cleanup } = await tempStore();
    cleanups.push(cleanup);
    const n = 12;
    await Promise.all(
      ['p0', 'p1'].map((name) =>
        run(process.execPath, ['bin/run-ts.mjs', 'test/store/writer-process.ts', dir, name, String(n)]),
      ),
    );
    const store = await openStore(dir);
    expect(await store.images.count('ds')).toBe(2 * n + n);
    store.close();
  });
});
