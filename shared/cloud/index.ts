export { applyKeys, type IngestTarget, type KeyOutcome } from './apply.ts';
export { bucketItem, type StatBucket, statObject } from './bucket-item.ts';
export { type Compaction, compactionEvery } from './compaction.ts';
export {
  decodeKey,
  type Invocation,
  type ObjectEvent,
  parseInvocation,
  type QueueMessage,
} from './events.ts';
export { createIngestHandler, type IngestHandlerOptions, type IngestReport } from './handler.ts';
export { type LambdaContext, type LambdaHandler, lazyHandler, type SqsBatchResponse } from './lambda.ts';
export { folderLabel, keysInScope, type Rejection, type WatchScope } from './scope.ts';
export { ingestOptions, watchScope } from './setup.ts';
