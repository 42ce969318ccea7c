export { decodePartial, encodePartial } from './codec.ts';
export {
  type FanoutDeps,
  type FanoutStats,
  fanOutKnn,
  fanoutKnnBuilder,
  type KnnBuilder,
} from './coordinator.ts';
export { type CloudCurateResult, curateInCloud } from './curate.ts';
export { dispatchShards } from './dispatch.ts';
export { FunctionFailed, type Invoke, type LambdaInvokerOptions, lambdaInvoker } from './invoke.ts';
export { blockKey, fanoutPrefix, manifestKey, runRecordKey, shardKey } from './keys.ts';
export { mergePartials } from './merge.ts';
export { planShards, type ShardRange, shouldFanOut } from './plan.ts';
export {
  type FanoutSettings,
  type FanoutSettingsInput,
  fanoutSettings,
  fanoutSettingsSchema,
} from './settings.ts';
export { runShard } from './shard.ts';
export { readManifest, type SnapshotManifest, writeSnapshot } from './snapshot.ts';
export { type ShardResult, type ShardTask, shardResult, shardTask } from './task.ts';
export { type PartialGraph, shardTopK } from './topk.ts';
