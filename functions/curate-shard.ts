// A shard of the curation kNN graph: rows of the run's vector snapshot in the bucket -> their neighbours.
import { curateShardFunction } from '../shared/adapters/lambda/curate-shard.ts';

export const handler = curateShardFunction();
