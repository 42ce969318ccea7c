// The bucket (uploads, thumbnails, the LanceDB tables, reports, curation scratch), the ingest queue its
// object events go to, and the dead-letter queue for events the embedder gives up on.
import { settings } from './settings.ts';

export const bucket = new sst.aws.Bucket('Media', {
  lifecycle: [
    { id: 'curation-scratch', prefix: 'curation/', expiresIn: `${settings.curation.keepDays} days` },
  ],
});

export const deadLetters = new sst.aws.Queue('IngestDeadLetters', {
  transform: { queue: { messageRetentionSeconds: 14 * 24 * 3600 } },
});

export const ingestQueue = new sst.aws.Queue('IngestQueue', {
  // AWS's rule for Lambda consumers: at least six times the function's timeout, so a message is not handed to
  // a second embedder while the first is still working on it.
  visibilityTimeout: `${settings.ingest.timeoutS * 6} seconds`,
  dlq: { queue: deadLetters.arn, retry: settings.ingest.maxReceives },
});

bucket.notify({
  notifications: [
    {
      name: 'Uploads',
      queue: ingestQueue,
      events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
      filterPrefix: settings.watchPrefix,
    },
  ],
});
