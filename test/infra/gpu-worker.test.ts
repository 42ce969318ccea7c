import { describe, expect, it } from 'vitest';
import { type QueuePort, type Received, runQueueWorker } from '../../infra/gpu/worker.ts';
import { parseInvocation } from '../../shared/cloud/index.ts';
import { silentLogger } from '../../shared/log/index.ts';

/** A queue that hands out its messages in receive-sized batches, then aborts the worker when drained. */
function fakeQueue(bodies: string[], stop: AbortController) {
  const waiting: Received[] = bodies.map((body, i) => ({
    id: `m${i}`,
    body,
    receipt: `r${i}`,
    receiveCount: 1,
  }));
  const deleted: string[] = [];
  const port: QueuePort = {
    async receive(max) {
      const batch = waiting.splice(0, max);
      if (batch.length === 0) stop.abort();
      return batch;
    },
    async delete(messages) {
      deleted.push(...messages.map((message) => message.id));
    },
  };
  return { port, deleted };
}

const s3Body = (key: string) =>
  JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: { bucket: { name: 'b' }, object: { key } },
      },
    ],
  });

describe('the GPU host queue worker', () => {
  it('hands each batch to the handler as an SQS event and deletes only what it did not report failed', async () => {
    const stop = new AbortController();
    const queue = fakeQueue(['images/a.png', 'images/b.png', 'images/c.png'].map(s3Body), stop);
    const seen: string[][] = [];
    const done = await runQueueWorker({
      queue: queue.port,
      log: silentLogger,
      batchSize: 2,
      signal: stop.signal,
      handler: async (event) => {
        const invocation = parseInvocation(event);
        if (invocation.kind !== 'queue') throw new Error('not an SQS event');
        seen.push(invocation.messages.flatMap((message) => message.events.map((e) => e.key)));
        return {
          batchItemFailures: invocation.messages
            .filter((m) => m.id === 'm1')
            .map((m) => ({ itemIdentifier: m.id })),
        };
      },
    });
    expect(seen).toEqual([['images/a.png', 'images/b.png'], ['images/c.png']]);
    expect(queue.deleted).toEqual(['m0', 'm2']);
    expect(done).toEqual({ batches: 2, deleted: 2 });
  });

  it('leaves a whole batch for redelivery when the handler throws', async () => {
    const stop = new AbortController();
    const queue = fakeQueue([s3Body('images/a.png')], stop);
    const done = await runQueueWorker({
      queue: queue.port,
      log: silentLogger,
      signal: stop.signal,
      handler: async () => {
        throw new Error('model failed to load');
      },
    });
    expect(queue.deleted).toEqual([]);
    expect(done).toEqual({ batches: 1, deleted: 0 });
  });
});
