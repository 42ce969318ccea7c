import { describe, expect, it } from 'vitest';
import type { FunctionRegistry, Outcome } from '../../infra/local-cloud/functions.ts';
import { lambdaApi } from '../../infra/local-cloud/lambda-api.ts';
import { silentLogger } from '../../shared/log/index.ts';

type Records = {
  Records: { messageId: string; body: string; attributes: { ApproximateReceiveCount: string } }[];
};

/** A function that records each event it gets and answers with `answer(event)`. */
function fakeFunction(answer: (event: Records) => Outcome) {
  const calls: Records[] = [];
  const functions: FunctionRegistry = {
    has: (name) => name === 'ingest',
    invoke: async (_name, event) => {
      calls.push(event as Records);
      return answer(event as Records);
    },
  };
  return { functions, calls };
}

function setup(answer: (event: Records) => Outcome) {
  const { functions, calls } = fakeFunction(answer);
  const deadLetters: { body: string; reason: string }[] = [];
  const api = lambdaApi({
    functions,
    log: silentLogger,
    deadLetter: async (entry) => {
      deadLetters.push(entry);
    },
    queue: { batchSize: 10, windowMs: 30, concurrency: 1, maxReceives: 3, retryMs: 40 },
    eventRetryMs: [10, 10],
  });
  const push = async (body: string) =>
    (await api.app.request('/queues/ingest', { method: 'POST', body })).status;
  return { api, calls, deadLetters, push };
}

const bodies = (call: Records) => call.Records.map((record) => record.body);
const receives = (call: Records) => call.Records.map((record) => record.attributes.ApproximateReceiveCount);

/** Fails the messages with these bodies on their first delivery only. */
const failingOnce =
  (failing: string[]) =>
  (event: Records): Outcome => ({
    ok: true,
    result: {
      batchItemFailures: event.Records.filter(
        (record) => failing.includes(record.body) && record.attributes.ApproximateReceiveCount === '1',
      ).map((record) => ({ itemIdentifier: record.messageId })),
    },
  });

describe('the notification queue in front of a function', () => {
  it('batches notifications into one SQS event and delivers again only what the function reports failed', async () => {
    const { api, calls, push } = setup(failingOnce(['b']));
    expect(await Promise.all(['a', 'b', 'c'].map(push))).toEqual([202, 202, 202]);
    const started = performance.now();
    await api.drain();
    expect(calls.map(bodies)).toEqual([['a', 'b', 'c'], ['b']]);
    expect(calls.map(receives)).toEqual([['1', '1', '1'], ['2']]);
    // The failed message comes back only after the visibility wait.
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('dead-letters a message that keeps failing, after counting its receives', async () => {
    const { api, calls, deadLetters, push } = setup((event) => ({
      ok: true,
      result: { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) },
    }));
    await push('poison');
    await api.drain();
    expect(calls.map(receives)).toEqual([['1'], ['2'], ['3']]);
    expect(deadLetters).toEqual([{ function: 'ingest', body: 'poison', reason: 'failed 3 times' }]);
  });

  it('delivers the whole batch again when the function throws or answers nonsense', async () => {
    for (const first of [
      { ok: false, error: new Error('boom') },
      { ok: true, result: { nope: 1 } },
    ] as Outcome[]) {
      let n = 0;
      const { api, calls, push } = setup(() => (n++ === 0 ? first : { ok: true, result: null }));
      await Promise.all(['x', 'y'].map(push));
      await api.drain();
      expect(calls.map(bodies)).toEqual([
        ['x', 'y'],
        ['x', 'y'],
      ]);
    }
  });

  it('retries a failed Event invocation, then dead-letters it', async () => {
    const { api, calls, deadLetters } = setup(() => ({ ok: false, error: new Error('still broken') }));
    const response = await api.app.request('/2015-03-31/functions/ingest/invocations', {
      method: 'POST',
      headers: { 'x-amz-invocation-type': 'Event' },
      body: '{"hello": 1}',
    });
    expect(response.status).toBe(202);
    await api.drain();
    expect(calls).toHaveLength(3);
    expect(deadLetters).toEqual([{ function: 'ingest', body: '{"hello":1}', reason: 'still broken' }]);
  });
});
