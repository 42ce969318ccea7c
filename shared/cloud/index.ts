export { applyKeys, type IngestTarget, type KeyOutcome, sidecarVectors } from './apply.ts';
export { bucketItem, type StatBucket, statObject } from './bucket-item.ts';
export { type Compaction, compactionEvery } from './compaction.ts';
export {
  decodeKey,
  type Invocation,
  type ObjectEvent,
  parseInvocation,
  type QueueMessage,
} from './events.ts';
export { folderLabel, keysInScope, type Rejection, type WatchScope, watchScope } from './scope.ts';
