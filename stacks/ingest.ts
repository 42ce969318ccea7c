// The embedder: the image's ingest handler, fed by the queue in batches, answering partial batch failures.

import { imageFunction } from './functions.ts';
import { bucketGrants } from './role.ts';
import { settings } from './settings.ts';
import { bucket, ingestQueue } from './storage.ts';

const { ingest } = settings;

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
  grants: [
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
  ],
});

export const ingestSource = new aws.lambda.EventSourceMapping('IngestSource', {
  eventSourceArn: ingestQueue.arn,
  functionName: ingestFunction.arn,
  batchSize: ingest.batchSize,
  maximumBatchingWindowInSeconds: ingest.batchWindowS,
  // The handler lists the messages to redeliver; the rest of the batch is deleted.
  functionResponseTypes: ['ReportBatchItemFailures'],
  // Below the reserved concurrency, so the poller never gets throttled (which would count as a receive).
  scalingConfig: { maximumConcurrency: Math.max(2, ingest.reservedConcurrency) },
});
