import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ApiApp, type ConcurrencyLimits, createApi, type QueryPort } from '../../shared/api/index.ts';
import { createLanceQueryPort } from '../../shared/api/lance/index.ts';
import { generateKey, hashKey, keyAuth, staticKeyStore } from '../../shared/keys/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { createLocalBucket, openCurationStore, type Store } from '../../shared/store/index.ts';
import { benchEmbedder, DATASET } from './data.ts';

/** The API app over a bench store, with one key for every dataset: what the server serves. */
export async function benchApp(
  dir: string,
  store: Store,
  concurrency?: ConcurrencyLimits,
): Promise<{ app: ApiApp; key: string; port: QueryPort; close(): void }> {
  const curation = await openCurationStore(dir, { readOnly: true });
  await mkdir(join(dir, 'bucket'), { recursive: true });
  const embedder = benchEmbedder();
  const { id, key } = generateKey();
  const keys = staticKeyStore([
    { id, name: 'bench', hash: await hashKey(key), datasets: null, createdAt: Date.now(), revokedAt: null },
  ]);
  const query = createLanceQueryPort({
    store,
    curation,
    bucket: createLocalBucket(join(dir, 'bucket')),
    originals: () => [],
    embedder: async () => embedder,
    thresholds: { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 },
    upload: { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000 },
    log: silentLogger,
    version: 'bench',
  });
  // Measured warm, as a server that has been up a while: the run's curation rows are in memory.
  await query.preload([DATASET]);
  const app = createApi({ query, auth: keyAuth(keys) }, { log: silentLogger, concurrency });
  return { app, key, port: query, close: () => curation.close() };
}
