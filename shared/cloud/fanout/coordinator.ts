import pLimit from 'p-limit';
import {
  buildKnnGraph,
  type KnnBuild,
  type KnnOptions,
  readAll,
  type VectorSource,
} from '../../curate/knn/index.ts';
import { errorMessage, VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { Bucket, SubjectKind } from '../../store/index.ts';
import { decodePartial } from './codec.ts';
import { dispatchShards } from './dispatch.ts';
import type { Invoke } from './invoke.ts';
import { fanoutPrefix } from './keys.ts';
import { mergePartials } from './merge.ts';
import { planShards, shouldFanOut } from './plan.ts';
import type { FanoutSettings } from './settings.ts';
import { deleteSnapshot, writeSnapshot } from './snapshot.ts';
import type { ShardTask } from './task.ts';

export interface FanoutDeps {
  bucket: Bucket;
  invoke: Invoke;
  settings: FanoutSettings;
  log: Logger;
}

/** What one fanned-out graph cost, for the run record. */
export interface FanoutStats {
  kind: SubjectKind;
  prefix: string;
  rows: number;
  shards: number;
  retried: number;
  pairs: number;
  snapshotMs: number;
  shardsMs: number;
  /** The slowest shard's own time: the floor of `shardsMs` at full concurrency. */
  slowestShardMs: number;
  mergeMs: number;
}

/**
 * The exact kNN graph of `source`, built by shard functions: the vectors go to the bucket in blocks, each
 * shard scores a contiguous range of rows against all of them and writes its rows back, and the rows are
 * merged here. The graph equals the in-process exact graph of the same rows. The vector blocks are deleted
 * after the merge; the shards' rows stay under the run's prefix.
 */
export async function fanOutKnn(
  deps: FanoutDeps,
  source: VectorSource,
  options: KnnOptions,
  context: { runId: string; kind: SubjectKind },
): Promise<KnnBuild & { fanout: FanoutStats }> {
  const { bucket, settings } = deps;
  const k = options.k ?? 10;
  const log = deps.log.child({ runId: context.runId, kind: context.kind });
  const prefix = fanoutPrefix(context.runId, context.kind);
  const matrix = await readAll(source);
  let started = performance.now();
  const manifest = await writeSnapshot(bucket, prefix, matrix, settings.blockRows);
  const snapshotMs = performance.now() - started;
  const ranges = planShards(matrix.count, settings);
  const tasks: ShardTask[] = ranges.map((range) => ({ version: 1, prefix, k, ...range }));
  log.info('kNN graph fanned out', {
    rows: matrix.count,
    shards: tasks.length,
    blockRows: settings.blockRows,
  });
  started = performance.now();
  let dispatched: Awaited<ReturnType<typeof dispatchShards>>;
  try {
    dispatched = await dispatchShards(tasks, deps.invoke, { ...settings, log });
  } finally {
    await deleteSnapshot(bucket, prefix, manifest).catch((error) =>
      log.warn('could not delete the vector snapshot', { prefix, error: errorMessage(error) }),
    );
  }
  const shardsMs = performance.now() - started;
  started = performance.now();
  const limit = pLimit(8);
  const partials = await Promise.all(
    dispatched.results.map((result) =>
      limit(async () => {
        const bytes = await bucket.get(result.key);
        if (!bytes)
          throw new VisibleError(
            `Shard ${result.shard} reported ${result.key}, which is not in the bucket.`,
            'shard_failed',
          );
        return decodePartial(bytes, result.key);
      }),
    ),
  );
  const graph = mergePartials(matrix.count, k, partials);
  const mergeMs = performance.now() - started;
  const fanout: FanoutStats = {
    kind: context.kind,
    prefix,
    rows: matrix.count,
    shards: tasks.length,
    retried: dispatched.retried,
    pairs: dispatched.results.reduce((sum, r) => sum + r.pairs, 0),
    snapshotMs: Math.round(snapshotMs),
    shardsMs: Math.round(shardsMs),
    slowestShardMs: Math.max(...dispatched.results.map((r) => r.ms)),
    mergeMs: Math.round(mergeMs),
  };
  return {
    graph,
    method: 'exact',
    parameters: { k, method: 'exact', fanout: 'lambda', shards: tasks.length, blockRows: settings.blockRows },
    timings: { buildMs: snapshotMs, searchMs: shardsMs + mergeMs },
    fanout,
  };
}

export type KnnBuilder = (
  source: VectorSource,
  options: KnnOptions,
  context: { runId: string; kind: SubjectKind },
) => Promise<KnnBuild>;

/**
 * The curation run's kNN builder: fanned out when the graph is large enough to be worth it
 * (`shouldFanOut`), in-process otherwise. Each fanned-out graph's stats are pushed to `stats`.
 */
export function fanoutKnnBuilder(deps: FanoutDeps, stats: FanoutStats[] = []): KnnBuilder {
  return async (source, options, context) => {
    if (!shouldFanOut(source.count, deps.settings)) return buildKnnGraph(source, options);
    const build = await fanOutKnn(deps, source, options, context);
    stats.push(build.fanout);
    return build;
  };
}
