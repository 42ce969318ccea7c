import { defaultThreads } from '../../curate/knn/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { Bucket } from '../../store/index.ts';
import { encodePartial } from './codec.ts';
import { shardKey } from './keys.ts';
import { readBlock, readManifest, type SnapshotManifest } from './snapshot.ts';
import type { ShardResult, ShardTask } from './task.ts';
import { type DataBlock, shardTopK } from './topk.ts';

/**
 * One shard worker: the exact k nearest neighbours of rows `start .. end - 1` against every row of the run's
 * snapshot, written to `<prefix>/shard-<i>.bin`. Running it again rewrites the same object, so a retried
 * shard leaves nothing behind twice.
 */
export async function runShard(
  bucket: Bucket,
  task: ShardTask,
  threads: number = defaultThreads(),
): Promise<ShardResult> {
  const started = performance.now();
  const manifest = await readManifest(bucket, task.prefix);
  const { count, dimension, blockRows } = manifest;
  if (task.start % blockRows !== 0 || task.end > count || task.end <= task.start) {
    throw new VisibleError(
      `Shard ${task.shard} asks for rows ${task.start}..${task.end - 1}, which is not a block-aligned range of ` +
        `the ${count}-row snapshot at ${task.prefix}.`,
      'shard_failed',
    );
  }
  const first = task.start / blockRows;
  const last = Math.ceil(task.end / blockRows);
  const own = new Map<number, Float32Array>();
  for (let b = first; b < last; b++) own.set(b, await readBlock(bucket, manifest, b));
  const queries = concat([...own.values()], (task.end - task.start) * dimension);
  const partial = await shardTopK(
    queries,
    task.start,
    dimension,
    task.k,
    streamBlocks(bucket, manifest, own),
    threads,
  );
  const key = shardKey(task.prefix, task.shard);
  await bucket.put(key, encodePartial(partial), 'application/octet-stream');
  return {
    shard: task.shard,
    key,
    rows: partial.rows,
    pairs: partial.rows * count,
    ms: Math.round(performance.now() - started),
  };
}

/** Every block in order, the next one fetched while the current one is scored. */
async function* streamBlocks(
  bucket: Bucket,
  manifest: SnapshotManifest,
  own: Map<number, Float32Array>,
): AsyncGenerator<DataBlock> {
  const fetch = (b: number) => {
    const held = own.get(b);
    return held ? Promise.resolve(held) : readBlock(bucket, manifest, b);
  };
  const total = manifest.blocks.length;
  let next = fetch(0);
  for (let b = 0; b < total; b++) {
    const vectors = await next;
    if (b + 1 < total) {
      next = fetch(b + 1);
      // Keeps a failed prefetch from being reported as unhandled before it is awaited.
      next.catch(() => undefined);
    }
    yield { start: manifest.blocks[b].start, vectors };
  }
}

function concat(parts: Float32Array[], length: number): Float32Array {
  if (parts.length === 1 && parts[0].length === length) return parts[0];
  const out = new Float32Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
