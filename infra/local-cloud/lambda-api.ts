import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import type { Logger } from '../../shared/log/index.ts';
import { type FunctionRegistry, functionName } from './functions.ts';
import { defaultQueueOptions, type Queue, type QueueOptions, queueMapping } from './queue.ts';

export interface LambdaApiOptions {
  functions: FunctionRegistry;
  log: Logger;
  deadLetter: QueueOptions['deadLetter'];
  queue?: Partial<Omit<QueueOptions, 'deadLetter' | 'log'>>;
  /** Waits before the retries of a failed Event invocation (Lambda waits 1 and 2 minutes; shortened here). */
  eventRetryMs?: number[];
}

export interface LambdaApi {
  app: Hono;
  /** Resolves when every Event invocation and queued message accepted so far is done with. */
  drain(): Promise<void>;
}

const ACCOUNT = '000000000000';

/**
 * A local stand-in for the Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) that runs the real
 * handlers from functions/, plus a queue per function that bucket notifications push to (POST /queues/{name}),
 * standing in for S3 -> SQS -> Lambda.
 */
export function lambdaApi(options: LambdaApiOptions): LambdaApi {
  const { functions, log } = options;
  const app = new Hono();
  const inflight = new Set<Promise<void>>();
  const queues = new Map<string, Queue>();
  const received = new Map<string, number>();
  const retryMs = options.eventRetryMs ?? [1_000, 2_000];

  const runEvent = async (name: string, event: unknown) => {
    for (let attempt = 0; ; attempt++) {
      const outcome = await functions.invoke(name, event);
      if (outcome.ok) return;
      log.error('event invocation failed', {
        function: name,
        attempt: attempt + 1,
        error: outcome.error.message,
      });
      if (attempt >= retryMs.length) {
        await options.deadLetter({
          function: name,
          body: JSON.stringify(event),
          reason: outcome.error.message,
        });
        return;
      }
      await sleep(retryMs[attempt]);
    }
  };

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.post('/2015-03-31/functions/:name/invocations', async (c) => {
    const name = functionName(c.req.param('name'));
    if (!functions.has(name)) return notFound(name);
    const text = await c.req.text();
    let event: unknown = {};
    if (text.trim() !== '') {
      try {
        event = JSON.parse(text);
      } catch {
        return awsError(400, 'InvalidRequestContentException', 'Could not parse request body into json');
      }
    }
    const type = c.req.header('x-amz-invocation-type') ?? 'RequestResponse';
    if (type === 'DryRun') return new Response(null, { status: 204 });
    if (type === 'Event') {
      const run = runEvent(name, event).finally(() => inflight.delete(run));
      inflight.add(run);
      return new Response(null, { status: 202 });
    }
    if (type !== 'RequestResponse') {
      return awsError(400, 'InvalidParameterValueException', `Unknown invocation type ${type}`);
    }
    const outcome = await functions.invoke(name, event);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amz-executed-version': '$LATEST',
    };
    if (outcome.ok) return new Response(JSON.stringify(outcome.result ?? null), { status: 200, headers });
    log.error('invocation failed', { function: name, error: outcome.error.message });
    const { name: errorType, message: errorMessage, stack = '' } = outcome.error;
    const body = {
      errorType,
      errorMessage,
      trace: stack
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { ...headers, 'x-amz-function-error': 'Unhandled' },
    });
  });

  app.get('/queues/:name', (c) => c.json({ received: received.get(c.req.param('name')) ?? 0 }));

  app.post('/queues/:name', async (c) => {
    const name = c.req.param('name');
    if (!functions.has(name)) return notFound(name);
    received.set(name, (received.get(name) ?? 0) + 1);
    let queue = queues.get(name);
    if (!queue) {
      queue = queueMapping(name, functions, {
        ...defaultQueueOptions,
        ...options.queue,
        deadLetter: options.deadLetter,
        log,
      });
      queues.set(name, queue);
    }
    const body = await c.req.text();
    log.debug('notification received', { function: name, bytes: body.length });
    // Acknowledged once queued: radosgw waits for this answer before it completes the upload.
    queue.send(body);
    return c.text('queued', 202);
  });

  return {
    app,
    async drain() {
      while (inflight.size > 0) await Promise.all(inflight);
      await Promise.all([...queues.values()].map((queue) => queue.drain()));
    },
  };
}

function notFound(name: string): Response {
  return awsError(
    404,
    'ResourceNotFoundException',
    `Function not found: arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`,
  );
}

function awsError(status: number, type: string, message: string): Response {
  return new Response(JSON.stringify({ Type: 'User', message }), {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': type },
  });
}
