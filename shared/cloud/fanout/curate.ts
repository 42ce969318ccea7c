import { type CurateResult, type CurationDeps, curateDataset } from '../../curate/index.ts';
import { type FanoutDeps, type FanoutStats, fanoutKnnBuilder } from './coordinator.ts';
import { runRecordKey } from './keys.ts';

export interface CloudCurateResult extends CurateResult {
  /** One entry per graph that was fanned out (none when the dataset was small enough for in-process). */
  fanout: FanoutStats[];
  /** curation/<runId>/run.json */
  recordKey: string;
}

/**
 * The scheduled curation of the cloud: `curateDataset` (run, report, pruning) with large kNN graphs built by
 * shard functions, then the run's record written beside the shards' rows in the bucket.
 */
export async function curateInCloud(
  deps: CurationDeps,
  fanout: FanoutDeps,
  options: { dataset: string },
): Promise<CloudCurateResult> {
  const stats: FanoutStats[] = [];
  const result = await curateDataset(
    { ...deps, knn: fanoutKnnBuilder(fanout, stats) },
    { dataset: options.dataset, kind: 'full' },
  );
  const recordKey = runRecordKey(result.run.runId);
  const record = {
    run: result.run,
    report: result.report ? { dated: result.report.dated, latest: result.report.latest } : null,
    pruned: result.pruned,
    fanout: stats,
  };
  await deps.bucket.put(
    recordKey,
    new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`),
    'application/json',
  );
  return { ...result, fanout: stats, recordKey };
}
