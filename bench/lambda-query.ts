/**
 * The query Lambda's cold start and warm latency, next to the same request on a warm Node server's app:
 *   node bin/run-ts.mjs bench/lambda-query.ts [rows=20000] [cold starts=5] [warm requests=100]
 * Each cold start is a fresh process running functions/query.ts's handler (as a new container would) over the
 * bench dataset of bench/api.ts (cached under bench/.tmp/api-<rows>), keys from VISCURA_API_KEYS. "import" is
 * loading the handler's modules (here through tsx, which a bundled Lambda does not pay); "first request" is
 * what the first caller waits for: opening the runtime and the store, then answering.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generateKey, hashKey } from '../shared/keys/index.ts';
import { cachedDataset } from './api/cache.ts';
import { DATASET } from './api/data.ts';
import { percentile } from './store-search/common.ts';

const rows = Number(process.argv[2] ?? 20_000);
const colds = Number(process.argv[3] ?? 5);
const warm = Number(process.argv[4] ?? 100);

const { dir, store } = await cachedDataset(rows);
const [probe] = await store.images.list(DATASET, { limit: 1, offset: Math.floor(rows / 3) });
store.close();
const { id, key } = generateKey();
const keys = JSON.stringify([
  { id, name: 'bench', hash: await hashKey(key), datasets: null, createdAt: Date.now(), revokedAt: null },
]);
const dataDir = await mkdtemp(join(tmpdir(), 'viscura-bench-lambda-'));

interface Sample {
  imported: number;
  first: number;
  p50: number;
  p99: number;
}

function coldStart(): Promise<Sample> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.mjs', 'bench/lambda/cold.ts', dir, probe.id, key, String(warm)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        VISCURA_DATA_DIR: dataDir,
        VISCURA_DB: resolve(dir),
        VISCURA_DATASET: DATASET,
        VISCURA_API_KEYS: keys,
        VISCURA_LOG_LEVEL: 'warn',
      },
    },
  );
  return new Promise((done, fail) => {
    createInterface({ input: child.stdout }).once('line', (line) => done(JSON.parse(line)));
    child.once('exit', (code) => code !== 0 && fail(new Error(`cold start exited with ${code}`)));
  });
}

try {
  const samples: Sample[] = [];
  for (let i = 0; i < colds; i++) samples.push(await coldStart());
  const median = (pick: (s: Sample) => number) => percentile(samples.map(pick), 0.5);
  console.log(
    `\nquery Lambda, similar by id over ${rows.toLocaleString('en-US')} rows, ${colds} cold starts`,
  );
  console.log('| phase | median ms |');
  console.log('|---|---:|');
  console.log(`| import the handler (tsx) | ${median((s) => s.imported).toFixed(0)} |`);
  console.log(`| first request (open runtime and store, answer) | ${median((s) => s.first).toFixed(1)} |`);
  console.log(`| warm request p50 | ${median((s) => s.p50).toFixed(1)} |`);
  console.log(`| warm request p99 | ${median((s) => s.p99).toFixed(1)} |`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
