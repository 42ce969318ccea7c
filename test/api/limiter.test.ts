import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApi, defaultConcurrency, type QueryPort } from '../../shared/api/index.ts';
import { concurrencyLimit } from '../../shared/api/limiter.ts';
import { generateKey, hashKey, keyAuth, staticKeyStore } from '../../shared/keys/index.ts';

/** A route whose answers wait until the test lets them go, so requests pile up on purpose. */
function gatedApp(limits: Parameters<typeof concurrencyLimit>[0]) {
  const gates: (() => void)[] = [];
  const limiter = concurrencyLimit(limits);
  const app = new Hono();
  app.use('*', limiter);
  app.get('/work', async (c) => {
    await new Promise<void>((resolve) => gates.push(resolve));
    return c.json({ ok: true });
  });
  const openOne = () => gates.shift()?.();
  return { app, limiter, gates, openOne };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await settle();
}

describe('the bounded request queue', () => {
  it('runs maxInFlight, queues maxQueue, and refuses the rest at once with 503 and Retry-After', async () => {
    const { app, limiter, gates, openOne } = gatedApp({
      maxInFlight: 2,
      maxQueue: 1,
      maxWaitMs: 5_000,
      retryAfterSeconds: 2,
    });
    const pending = [1, 2, 3].map(() => app.request('/work'));
    await settle();
    expect(limiter.state()).toMatchObject({ inFlight: 2, queued: 1 });
    expect(gates).toHaveLength(2);

    const refused = await app.request('/work');
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ status: 503, code: 'overloaded' });

    openOne();
    await settle();
    // The queued request took the freed slot.
    expect(limiter.state()).toMatchObject({ inFlight: 2, queued: 0, refused: 1 });
    openOne();
    openOne();
    const answers = await Promise.all(pending);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('answers 503 to a request that waited maxWaitMs, and its slot goes to the next', async () => {
    const { app, limiter, openOne } = gatedApp({
      maxInFlight: 1,
      maxQueue: 4,
      maxWaitMs: 50,
      retryAfterSeconds: 1,
    });
    const first = app.request('/work');
    const started = Date.now();
    const waited = await app.request('/work');
    expect(waited.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(((await waited.json()) as { message: string }).message).toMatch(/waited 50 ms/);
    openOne();
    expect((await first).status).toBe(200);
    const later = app.request('/work');
    await settle();
    openOne();
    expect((await later).status).toBe(200);
    expect(limiter.state()).toMatchObject({ inFlight: 0, queued: 0, refused: 1 });
  });

  it('frees the slot of a request whose handler failed', async () => {
    const limiter = concurrencyLimit({ maxInFlight: 1, maxQueue: 0, maxWaitMs: 100, retryAfterSeconds: 1 });
    const app = new Hono();
    app.use('*', limiter);
    app.get('/fail', () => Promise.reject(new Error('boom')));
    expect((await app.request('/fail')).status).toBe(500);
    expect(limiter.state().inFlight).toBe(0);
    expect((await app.request('/fail')).status).toBe(500);
  });

  it('refuses limits that are not whole numbers', () => {
    expect(() =>
      concurrencyLimit({ maxInFlight: 0, maxQueue: 1, maxWaitMs: 1, retryAfterSeconds: 1 }),
    ).toThrow(/maxInFlight/);
    expect(defaultConcurrency(2)).toMatchObject({ maxInFlight: 4, maxQueue: 64 });
  });
});

describe('the API with a concurrency limit', () => {
  it('keeps health answering while the data routes are saturated', async () => {
    const gates: (() => void)[] = [];
    const { id, key } = generateKey();
    const keys = staticKeyStore([
      { id, name: 't', hash: await hashKey(key), datasets: null, createdAt: 0, revokedAt: null },
    ]);
    const query = {
      health: async () => ({ status: 'ok', version: 't', model: null }),
      datasets: async () => {
        await new Promise<void>((resolve) => gates.push(resolve));
        return [];
      },
    } as unknown as QueryPort;
    const app = createApi(
      { query, auth: keyAuth(keys) },
      { concurrency: { maxInFlight: 1, maxQueue: 0, maxWaitMs: 1_000, retryAfterSeconds: 1 } },
    );
    const headers = { authorization: `Bearer ${key}` };
    const busy = app.request('/v1/datasets', { headers });
    await until(() => gates.length === 1); // past auth and into the port
    const refused = await app.request('/v1/datasets', { headers });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await app.request('/v1/health')).status).toBe(200);
    expect((await app.request('/v1/openapi.json')).status).toBe(200);
    gates.shift()?.();
    expect((await busy).status).toBe(200);
  });
});
