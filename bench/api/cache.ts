import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { connect } from '@lancedb/lancedb';
import { imageRecord } from '../../shared/store/convert.ts';
import { type ImageRow, openCurationStore, openStore, type Store } from '../../shared/store/index.ts';
import { benchEmbedder, DATASET, writeDataset } from './data.ts';

/** Where the bench datasets live between runs (git-ignored): a 1M-row one takes an hour to write and index. */
export const CACHE_DIR = 'bench/.tmp';

/**
 * The bench dataset of n images under bench/.tmp/api-<n>, written (and optimized: full-text, vector and scalar
 * indexes) when missing or of another size; optimize() runs on every open, which is quick when nothing changed
 * and brings an older cached store's indexes up to date.
 */
export async function cachedDataset(
  n: number,
  dir = join(CACHE_DIR, `api-${n}`),
): Promise<{ dir: string; store: Store }> {
  await mkdir(dir, { recursive: true });
  let store = await openStore(dir, { indexInBackground: false });
  const fits = (await store.model())?.dimension === benchEmbedder().dimension;
  if (!fits || (await store.images.count(DATASET)) !== n) {
    store.close();
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    store = await openStore(dir, { indexInBackground: false });
    console.error(`writing ${n} images and a curation run to ${dir}`);
    const curation = await openCurationStore(dir);
    // Past 100,000 rows the images are appended (the rows are new): upserts would re-read every id per batch.
    const db = n > 100_000 ? await connect(dir) : undefined;
    const append = db
      ? async (images: ImageRow[]) => {
          await (await db.openTable('images')).add(images.map(imageRecord));
        }
      : undefined;
    const started = performance.now();
    await writeDataset(store, curation, n, append);
    console.error(`${n}: written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    db?.close();
    curation.close();
  }
  const started = performance.now();
  const curation = await openCurationStore(dir);
  await curation.optimize();
  curation.close();
  const report = await store.optimize();
  const built = report.tables.flatMap((table) => table.indexed.map((name) => `${table.table}.${name}`));
  if (built.length > 0)
    console.error(
      `${n}: built ${built.join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  return { dir, store };
}
