/**
 * The API server of bench/api.ts, in its own process so the load generator does not share its event loop:
 *   node bin/run-ts.mjs bench/api/server.ts <store dir>
 * Prints one JSON line {url, key} when listening.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApi } from '../../shared/api/index.ts';
import { createNodeQueryPort } from '../../shared/api/node/index.ts';
import { generateKey, hashKey, keyAuth, staticKeyStore } from '../../shared/keys/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { createLocalBucket, openCurationStore, openStore } from '../../shared/store/index.ts';
import { benchEmbedder } from './data.ts';

const dir = process.argv[2];
const store = await openStore(dir);
const curation = await openCurationStore(dir, { readOnly: true });
await mkdir(join(dir, 'bucket'), { recursive: true });
const embedder = benchEmbedder();
const { id, key } = generateKey();
const keys = staticKeyStore([
  { id, name: 'bench', hash: await hashKey(key), datasets: null, createdAt: Date.now(), revokedAt: null },
]);
const query = createNodeQueryPort({
  store,
  curation,
  bucket: createLocalBucket(join(dir, 'bucket')),
  originals: () => undefined,
  embedder: async () => embedder,
  thresholds: { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 },
  upload: { maxBytes: 20 * 1024 * 1024, maxPixels: 40_000_000 },
  log: silentLogger,
  version: 'bench',
});
const app = createApi({ query, auth: keyAuth(keys) }, { log: silentLogger });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, key })}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  store.close();
  curation.close();
  process.exit(0);
});
