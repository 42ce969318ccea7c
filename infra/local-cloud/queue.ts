import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Logger } from '../../shared/log/index.ts';
import type { FunctionRegistry } from './functions.ts';

export interface QueueOptions {
  /** Messages per invocation (SQS event source BatchSize). */
  batchSize: number;
  /** How long the first message waits for others to join its batch (MaximumBatchingWindow). */
  windowMs: number;
  /** Invocations in flight at once (the function's reserved concurrency). */
  concurrency: number;
  /** Failed deliveries of one message before it goes to the dead letters (maxReceiveCount). */
  maxReceives: number;
  /** The first redelivery's delay (the visibility timeout), doubling with each further failure. */
  retryMs: number;
  deadLetter(entry: { function: string; body: string; reason: string }): Promise<void>;
  log: Logger;
}

export const defaultQueueOptions = {
  batchSize: 10,
  windowMs: 100,
  concurrency: 2,
  maxReceives: 5,
  retryMs: 500,
};

interface Pending {
  id: string;
  body: string;
  resolve(acknowledged: boolean): void;
}

/** Resolves true when the message is done with (processed or dead-lettered), false to have it delivered again. */
export type Deliver = (body: string) => Promise<boolean>;

const batchResponse = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })),
});

/**
 * The SQS event source mapping, with radosgw's persistent notification queue as the durable queue: each push
 * is one message; pushes are batched into an SQS-shaped event; the HTTP answer to a push is held until its
 * batch is done, and is an error for the messages the function reports failed, so radosgw delivers them again.
 */
export function queueMapping(name: string, functions: FunctionRegistry, options: QueueOptions): Deliver {
  const pending: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = 0;
  const ready: Pending[][] = [];
  const failures = new Map<string, number>();

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    while (pending.length > 0) ready.push(pending.splice(0, options.batchSize));
    pump();
  };
  const pump = () => {
    while (running < options.concurrency && ready.length > 0) {
      const batch = ready.shift() as Pending[];
      running += 1;
      run(batch).finally(() => {
        running -= 1;
        pump();
      });
    }
  };
  const run = async (batch: Pending[]) => {
    const event = sqsEvent(name, batch, (body) => (failures.get(digest(body)) ?? 0) + 1);
    const outcome = await functions.invoke(name, event);
    const failed = outcome.ok
      ? failedIds(outcome.result, batch)
      : new Set(batch.map((message) => message.id));
    if (!outcome.ok) options.log.error('function failed', { function: name, error: outcome.error.message });
    for (const message of batch) void settle(message, failed.has(message.id));
  };
  const settle = async (message: Pending, failed: boolean) => {
    const key = digest(message.body);
    if (!failed) {
      failures.delete(key);
      return message.resolve(true);
    }
    const count = (failures.get(key) ?? 0) + 1;
    failures.set(key, count);
    if (count >= options.maxReceives) {
      failures.delete(key);
      await options.deadLetter({ function: name, body: message.body, reason: `failed ${count} times` });
      return message.resolve(true);
    }
    // The visibility timeout: a failed message is seen again only after a wait that grows with each failure.
    await sleep(Math.min(30_000, options.retryMs * 2 ** (count - 1)));
    message.resolve(false);
  };

  return (body) =>
    new Promise<boolean>((resolve) => {
      pending.push({ id: randomUUID(), body, resolve });
      if (pending.length >= options.batchSize) flush();
      else timer ??= setTimeout(flush, options.windowMs);
    });
}

/** Lambda's rule: no answer or an empty list is success; an answer it cannot read fails the whole batch. */
function failedIds(result: unknown, batch: Pending[]): Set<string> {
  if (result === undefined || result === null) return new Set();
  const parsed = batchResponse.safeParse(result);
  if (!parsed.success) return new Set(batch.map((message) => message.id));
  return new Set(parsed.data.batchItemFailures.map((failure) => failure.itemIdentifier));
}

function sqsEvent(name: string, batch: Pending[], receiveCount: (body: string) => number) {
  return {
    Records: batch.map((message) => ({
      messageId: message.id,
      receiptHandle: message.id,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(receiveCount(message.body)),
        SentTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${name}-queue`,
      awsRegion: 'us-east-1',
    })),
  };
}

function digest(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}
