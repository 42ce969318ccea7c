// The embedder: the image's ingest handler, fed by the queue in batches, answering partial batch failures.
import { imageFunction } from './functions.ts';
import { bucketGrants } from './role.ts';
import { settings } from './settings.ts';
import { bucket, ingestQueue } from './storage.ts';

const { ingest } = settings;

/** The grants of whatever runs the ingest handler: the function, or a GPU host (stacks/gpu.ts). */
export const ingestGrants = [
  ...bucketGrants(bucket.arn, {
    read: [settings.watchPrefix, 'db/', 'thumbnails/'],
    write: ['db/', 'thumbnails/'],
    list: true,
  }),
  {
    actions: [
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ChangeMessageVisibility',
    ],
    resources: [ingestQueue.arn],
  },
];

export const ingestFunction = imageFunction('Ingest', 'ingest', {
  entry: 'ingest',
  memoryMb: ingest.memoryMb,
  timeoutS: ingest.timeoutS,
  reservedConcurrency: ingest.reservedConcurrency,
  environment: {
    VISCURA_DATASET: settings.dataset,
    VISCURA_MODEL: settings.model,
    VISCURA_WATCH_PREFIXES: settings.watchPrefix,
  },
  grants: ingestGrants,
});

/** The queue feeds the function unless GPU hosts drain it (VISCURA_DEPLOY_INGEST_CONSUMER=gpu-host). */
export const ingestSource =
  ingest.consumer === 'lambda'
    ? new aws.lambda.EventSourceMapping('IngestSource', {
        eventSourceArn: ingestQueue.arn,
        functionName: ingestFunction.arn,
        batchSize: ingest.batchSize,
        maximumBatchingWindowInSeconds: ingest.batchWindowS,
        // The handler lists the messages to redeliver; the rest of the batch is deleted.
        functionResponseTypes: ['ReportBatchItemFailures'],
        // At most the reserved concurrency, so the poller is not throttled (a throttled batch counts as a receive).
        scalingConfig: { maximumConcurrency: Math.max(2, ingest.reservedConcurrency) },
      })
    : undefined;
