import { runShard, shardTask } from '../../cloud/fanout/index.ts';
import { loadConfig } from '../../config/index.ts';
import { openBucket } from '../../store/index.ts';
import { lazyHandler } from './lambda.ts';

/**
 * A shard of the curation kNN graph: rows of the run's vector snapshot in the bucket -> their neighbours.
 * It reads and writes the bucket only, so it opens neither the store nor a model.
 */
export function curateShardFunction(env: Record<string, string | undefined> = process.env) {
  return lazyHandler(async () => {
    const config = loadConfig({ env });
    const { bucket } = await openBucket(config.bucket, config.s3);
    return (event) => runShard(bucket, shardTask.parse(event));
  });
}
