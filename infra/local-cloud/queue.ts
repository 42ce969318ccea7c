import { createHash, randomUUID } from 'node:crypto';
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
  /** Deliveries of one message before it goes to the dead letters (maxReceiveCount). */
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

export interface Queue {
  send(body: string): void;
  /** Resolves when no message is waiting, in flight or due for redelivery. */
  drain(): Promise<void>;
}

interface Message {
  id: string;
  body: string;
  receives: number;
}

const batchResponse = z.object({
  batchItemFailures: z.array(z.object({ itemIdentifier: z.string() })),
});

/**
 * An SQS queue with its Lambda event source mapping, in memory: messages are batched into an SQS-shaped event,
 * the ones the function reports failed (all of them, when it throws) come back after a growing visibility
 * wait, and a message that fails `maxReceives` times goes to the dead letters. Delivery is at least once.
 */
export function queueMapping(name: string, functions: FunctionRegistry, options: QueueOptions): Queue {
  const waiting: Message[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = 0;
  let delayed = 0;
  let idle: (() => void)[] = [];

  const settled = () => {
    if (waiting.length > 0 || running > 0 || delayed > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };
  const schedule = () => {
    if (waiting.length >= options.batchSize) pump();
    else if (waiting.length > 0) timer ??= setTimeout(pump, options.windowMs);
  };
  const pump = () => {
    clearTimeout(timer);
    timer = undefined;
    while (running < options.concurrency && waiting.length > 0) {
      const batch = waiting.splice(0, options.batchSize);
      running += 1;
      run(batch).finally(() => {
        running -= 1;
        schedule();
        settled();
      });
    }
  };
  const run = async (batch: Message[]) => {
    for (const message of batch) message.receives += 1;
    const outcome = await functions.invoke(name, sqsEvent(name, batch));
    if (!outcome.ok) options.log.error('function failed', { function: name, error: outcome.error.message });
    const failed = outcome.ok
      ? failedIds(outcome.result, batch)
      : new Set(batch.map((message) => message.id));
    for (const message of batch) if (failed.has(message.id)) await retry(message);
  };
  const retry = async (message: Message) => {
    if (message.receives >= options.maxReceives) {
      await options.deadLetter({
        function: name,
        body: message.body,
        reason: `failed ${message.receives} times`,
      });
      return;
    }
    delayed += 1;
    setTimeout(
      () => {
        delayed -= 1;
        waiting.push(message);
        schedule();
      },
      Math.min(30_000, options.retryMs * 2 ** (message.receives - 1)),
    );
  };

  return {
    send(body) {
      waiting.push({ id: randomUUID(), body, receives: 0 });
      schedule();
    },
    drain() {
      return new Promise((resolve) => {
        idle.push(resolve);
        settled();
      });
    },
  };
}

/** Lambda's rule: no answer or an empty list is success; an answer it cannot read fails the whole batch. */
function failedIds(result: unknown, batch: Message[]): Set<string> {
  if (result === undefined || result === null) return new Set();
  const parsed = batchResponse.safeParse(result);
  if (!parsed.success) return new Set(batch.map((message) => message.id));
  return new Set(parsed.data.batchItemFailures.map((failure) => failure.itemIdentifier));
}

function sqsEvent(name: string, batch: Message[]) {
  return {
    Records: batch.map((message) => ({
      messageId: message.id,
      receiptHandle: `${message.id}-${message.receives}`,
      body: message.body,
      attributes: { ApproximateReceiveCount: String(message.receives), SentTimestamp: String(Date.now()) },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${name}-queue`,
      awsRegion: 'us-east-1',
    })),
  };
}
