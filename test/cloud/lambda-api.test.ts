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
  const push = (body: string) => api.app.request('/queues/ingest', { method: 'POST', body });
  return { api, calls, deadLetters, push };
}

const failing =
  (bodies: string[]) =>
  (event: Records): Outcome => ({
    ok: true,
    result: {
      batchItemFailures: event.Records.filter((record) => bodies.includes(record.body)).map((record) => ({
        itemIdentifier: record.messageId,
      })),
    },
  });

describe('the notification queue in front of a function', () => {
  it('batches pushes into one SQS event and sends back only the messages the function reports failed', async () => {
    const { calls, push } = setup(failing(['b']));
    const started = Date.now();
    const answers = await Promise.all(
      ['a', 'b', 'c'].map(async (body) => [body, (await push(body)).status] as const),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].Records.map((record) => record.body)).toEqual(['a', 'b', 'c']);
    expect(answers).toEqual([
      ['a', 200],
      ['b', 500],
      ['c', 200],
    ]);
    // The failed one is answered only after the visibility wait, so the server does not hammer the function.
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
  });

  it('counts receives and dead-letters a message that keeps failing, acknowledging it', async () => {
    const { calls, deadLetters, push } = setup(failing(['poison']));
    expect((await push('poison')).status).toBe(500);
    expect((await push('poison')).status).toBe(500);
    expect((await push('poison')).status).toBe(200);
    expect(calls.map((call) => call.Records[0].attributes.ApproximateReceiveCount)).toEqual(['1', '2', '3']);
    expect(deadLetters).toEqual([{ function: 'ingest', body: 'poison', reason: 'failed 3 times' }]);
  });

  it('fails every message of a batch when the function throws or answers nonsense', async () => {
    for (const outcome of [
      { ok: false, error: new Error('boom') },
      { ok: true, result: { nope: 1 } },
    ] as Outcome[]) {
      const { push } = setup(() => outcome);
      const statuses = await Promise.all(['x', 'y'].map(async (body) => (await push(body)).status));
      expect(statuses).toEqual([500, 500]);
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
