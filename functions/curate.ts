// Scheduled curation: every pass over the dataset, large kNN graphs fanned out to curate-shard functions,
// the run and its report written to the bucket.
import { z } from 'zod';
import { curateInCloud, fanoutDeps } from '../shared/cloud/fanout/index.ts';
import { lazyHandler } from '../shared/cloud/index.ts';
import { datasetName, loadConfig } from '../shared/config/index.ts';
import { createLogger } from '../shared/log/index.ts';
import { curationDeps } from '../shared/runtime/curation-deps.ts';
import { openRuntime } from '../shared/runtime/index.ts';

/** The schedule's event: {} curates the configured dataset; {"dataset": "name"} another one. */
const curateEvent = z.object({ dataset: datasetName.optional() }).loose();

export const handler = lazyHandler(async () => {
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger(config.logLevel).child({ function: 'curate' }));
  const deps = await curationDeps(runtime);
  const fanout = fanoutDeps(runtime, process.env);
  return async (event) => {
    const { dataset = config.dataset } = curateEvent.parse(event ?? {});
    const result = await curateInCloud(deps, fanout, { dataset });
    return {
      runId: result.run.runId,
      status: result.run.status,
      counts: result.run.counts,
      report: result.report?.dated.html ?? null,
      record: result.recordKey,
      fanout: result.fanout.map(({ kind, rows, shards, retried }) => ({ kind, rows, shards, retried })),
    };
  };
});
