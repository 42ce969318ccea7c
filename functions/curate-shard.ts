// A shard of the curation kNN graph: rows of the run's vector snapshot in the bucket -> their neighbours.

import { runShard, shardTask } from '../shared/cloud/fanout/index.ts';
import { lazyHandler } from '../shared/cloud/index.ts';
import { loadConfig } from '../shared/config/index.ts';
import { createLogger } from '../shared/log/index.ts';
import { openRuntime } from '../shared/runtime/index.ts';

export const handler = lazyHandler(async () => {
  const config = loadConfig();
  const runtime = await openRuntime(
    config,
    createLogger(config.logLevel).child({ function: 'curate-shard' }),
  );
  return (event) => runShard(runtime.bucket, shardTask.parse(event));
});
