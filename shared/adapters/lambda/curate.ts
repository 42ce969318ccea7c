import { z } from 'zod';
import { curateInCloud } from '../../cloud/fanout/index.ts';
import { datasetName, loadConfig } from '../../config/index.ts';
import { createLogger } from '../../log/index.ts';
import { curationDeps } from '../../runtime/curation-deps.ts';
import { openRuntime } from '../../runtime/index.ts';
import { fanoutDeps } from './fanout.ts';
import { lazyHandler } from './lambda.ts';

/** The schedule's event: {} curates the configured dataset; {"dataset": "name"} another one. */
const curateEvent = z.object({ dataset: datasetName.optional() }).loose();

/**
 * Scheduled curation: every pass over the dataset, large kNN graphs fanned out to curate-shard functions,
 * the run and its report written to the bucket.
 */
export function curateFunction(env: Record<string, string | undefined> = process.env) {
  return lazyHandler(async () => {
    const config = loadConfig({ env });
    const runtime = await openRuntime(config, createLogger(config.logLevel).child({ function: 'curate' }));
    const deps = await curationDeps(runtime);
    const fanout = fanoutDeps(
      { bucket: runtime.bucket, settings: config.cloud.fanout, log: runtime.log },
      env,
    );
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
}
