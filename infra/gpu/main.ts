// The GPU host's embedder: drains the ingest queue with functions/ingest.ts (the Lambda's own handler).
//   VISCURA_QUEUE_URL=https://sqs.<region>.amazonaws.com/<account>/<queue> node bin/run-ts.mjs infra/gpu/main.ts
import { SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { handler } from '../../functions/ingest.ts';
import type { SqsBatchResponse } from '../../shared/adapters/lambda/index.ts';
import { loadConfig } from '../../shared/config/index.ts';
import { createLogger } from '../../shared/log/index.ts';
import { sqsQueue } from './sqs.ts';
import { runQueueWorker } from './worker.ts';

const env = z
  .object({
    VISCURA_QUEUE_URL: z.url(),
    VISCURA_QUEUE_BATCH: z.coerce.number().int().min(1).max(10).default(10),
    AWS_REGION: z.string().min(1).optional(),
  })
  .parse(process.env);
const log = createLogger(loadConfig().logLevel).child({ service: 'gpu-worker' });
const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
process.once('SIGINT', () => stop.abort());
const client = new SQSClient({ region: env.AWS_REGION });
log.info('draining the ingest queue', { queue: env.VISCURA_QUEUE_URL });
const done = await runQueueWorker({
  queue: sqsQueue(client, env.VISCURA_QUEUE_URL, stop.signal),
  handler: (event, context) => handler(event, context) as Promise<SqsBatchResponse>,
  log,
  batchSize: env.VISCURA_QUEUE_BATCH,
  signal: stop.signal,
});
log.info('stopped', done);
client.destroy();
