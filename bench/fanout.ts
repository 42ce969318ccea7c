/**
 * The cost of fanning the kNN graph out, next to the in-process exact graph on the same rows in the same run:
 *   npm run bench -- fanout [rows=8000] [dimension=512] [shards=4]
 * Shards run here one after another through the real shard code and a local bucket (no Lambda), so the
 * difference is the fan-out's own work: the vector snapshot, block streaming, shard objects and the merge.
 * The ns-per-pair figure is what the shard sizing in docs/deploy.md scales from.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fanOutKnn, fanoutSettings, runShard, shardTask } from '../shared/cloud/fanout/index.ts';
import { buildKnnGraph, defaultThreads, inMemorySource } from '../shared/curate/knn/index.ts';
import { silentLogger } from '../shared/log/index.ts';
import { createLocalBucket } from '../shared/store/index.ts';
import { clusteredVectors } from '../test/cloud/fanout-fixtures.ts';

const [rows = 8000, dimension = 512, shards = 4] = process.argv.slice(2).map(Number);
const data = clusteredVectors(rows, dimension);
const source = inMemorySource(data, dimension);
const threads = defaultThreads();

let started = performance.now();
const local = await buildKnnGraph(source, { k: 10, method: 'exact', threads });
const localMs = performance.now() - started;

const root = await mkdtemp(join(tmpdir(), 'viscura-bench-fanout-'));
try {
  const bucket = createLocalBucket(root);
  const blockRows = Math.max(256, Math.ceil(rows / shards / 8));
  const settings = fanoutSettings({
    functionName: 'local',
    blockRows,
    maxShards: shards,
    pairsPerShard: 1,
    concurrency: 1,
  });
  const invoke = (task: unknown) => runShard(bucket, shardTask.parse(task), threads);
  started = performance.now();
  const fanned = await fanOutKnn(
    { bucket, invoke, settings, log: silentLogger },
    source,
    { k: 10 },
    {
      runId: 'bench',
      kind: 'image',
    },
  );
  const fannedMs = performance.now() - started;
  const same =
    fanned.graph.neighbors.every((v, i) => v === local.graph.neighbors[i]) &&
    fanned.graph.similarities.every((v, i) => v === local.graph.similarities[i]);
  const pairs = rows * rows;
  console.table([
    {
      path: 'in-process exact',
      ms: Math.round(localMs),
      'ns/pair (all threads)': +((localMs * 1e6) / pairs).toFixed(2),
    },
    {
      path: `fan-out, ${fanned.fanout.shards} shards in turn`,
      ms: Math.round(fannedMs),
      'ns/pair (all threads)': +((fannedMs * 1e6) / pairs).toFixed(2),
      snapshotMs: fanned.fanout.snapshotMs,
      mergeMs: fanned.fanout.mergeMs,
    },
  ]);
  console.log(
    `rows ${rows}, ${dimension}-d, ${threads} threads, blocks of ${blockRows} rows; ` +
      `fan-out / in-process ${(fannedMs / localMs).toFixed(2)}x; graphs identical: ${same}; ` +
      `CPU ns per pair ~${((localMs * 1e6 * threads) / pairs).toFixed(1)}`,
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
