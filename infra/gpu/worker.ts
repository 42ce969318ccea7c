import type { LambdaHandler, SqsBatchResponse } from '../../shared/adapters/lambda/index.ts';
import { errorMessage } from '../../shared/errors/index.ts';
import type { Logger } from '../../shared/log/index.ts';

/** A received queue message, as SQS gives it. */
export interface Received {
  id: string;
  body: string;
  receipt: string;
  receiveCount: number;
}

/** The queue as the worker needs it: a long-polling receive, and a delete of what was done with. */
export interface QueuePort {
  receive(max: number): Promise<Received[]>;
  delete(messages: readonly Received[]): Promise<void>;
}

export interface WorkerOptions {
  queue: QueuePort;
  handler: LambdaHandler<SqsBatchResponse>;
  log: Logger;
  /** Messages per handler call (the Lambda event source's BatchSize; SQS hands out at most 10 a receive). */
  batchSize?: number;
  /** Resolves the loop after the batch in hand when aborted. */
  signal?: AbortSignal;
}

/**
 * Drains the ingest queue on a GPU host with the Lambda's own handler and contract: each received batch goes
 * in as an SQS event, the messages it does not list in `batchItemFailures` are deleted, and the rest are left
 * to come back after the visibility timeout (and to the dead-letter queue after maxReceiveCount), exactly as
 * the Lambda event source mapping treats a partial batch response. A handler that throws leaves all of them.
 */
export async function runQueueWorker(options: WorkerOptions): Promise<{ batches: number; deleted: number }> {
  const { queue, handler, log, signal } = options;
  const max = Math.min(10, options.batchSize ?? 10);
  let batches = 0;
  let deleted = 0;
  while (!signal?.aborted) {
    const messages = await queue.receive(max);
    if (messages.length === 0) continue;
    batches++;
    let failed: Set<string>;
    try {
      const answer = await handler(sqsEvent(messages));
      failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch (error) {
      log.error('ingest batch failed; its messages come back after the visibility timeout', {
        messages: messages.length,
        error: errorMessage(error),
      });
      continue;
    }
    const done = messages.filter((message) => !failed.has(message.id));
    if (done.length > 0) await queue.delete(done);
    deleted += done.length;
    if (failed.size > 0) log.warn('messages left for redelivery', { ids: [...failed] });
  }
  return { batches, deleted };
}

function sqsEvent(messages: readonly Received[]) {
  return {
    Records: messages.map((message) => ({
      eventSource: 'aws:sqs',
      messageId: message.id,
      receiptHandle: message.receipt,
      body: message.body,
      attributes: { ApproximateReceiveCount: String(message.receiveCount) },
    })),
  };
}
