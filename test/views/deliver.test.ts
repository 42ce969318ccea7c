import { describe, expect, it } from 'vitest';
import { type DeliveryOptions, deliver } from '../../shared/views/deliver.ts';
import { checkWebhookUrl, signPayload, verifySignature } from '../../shared/views/index.ts';
import type { Alert } from '../../shared/views/types.ts';

const alert: Alert = {
  id: 'a1',
  dataset: 'd',
  view: 'v',
  query: 'split:test',
  trigger: 'ingest',
  newMatches: 1,
  removed: 0,
  total: 3,
  ids: ['x'],
  createdAt: '2026-12-03T00:00:00.000Z',
  status: 'pending',
  attempts: 0,
  lastError: null,
  deliveredAt: null,
};
const hook = { url: 'https://hooks.example.com/v', secret: 'a-secret-of-some-length' };

/** A fetch that answers the given statuses in turn, recording the waits between tries. */
function scripted(statuses: (number | Error)[]) {
  const waits: number[] = [];
  let calls = 0;
  const options: DeliveryOptions = {
    attempts: 5,
    backoffMs: 100,
    maxBackoffMs: 1_000,
    maxAttempts: 7,
    timeoutMs: 1_000,
    sleep: async (ms) => waits.push(ms),
    fetch: async () => {
      const next = statuses[Math.min(calls++, statuses.length - 1)];
      if (next instanceof Error) throw next;
      return new Response('', { status: next });
    },
  };
  return { options, waits, calls: () => calls };
}

describe('webhook delivery', () => {
  it('retries 5xx, 429 and network errors with doubling waits, then succeeds', async () => {
    const s = scripted([503, new Error('ECONNRESET'), 429, 200]);
    const result = await deliver(alert, hook, s.options);
    expect(result).toMatchObject({ status: 'delivered', attempts: 4, lastError: null });
    expect(s.waits).toHaveLength(3);
    s.waits.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(50 * 2 ** i);
      expect(ms).toBeLessThan(100 * 2 ** i);
    });
  });

  it('does not retry a receiver that refuses with a 4xx', async () => {
    const s = scripted([400]);
    expect(await deliver(alert, hook, s.options)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'HTTP 400',
    });
    expect(s.calls()).toBe(1);
  });

  it('leaves the alert pending after a check of failures, and gives up at maxAttempts in all', async () => {
    const s = scripted([500]);
    const first = await deliver(alert, hook, s.options);
    expect(first).toMatchObject({ status: 'pending', attempts: 5 });
    const second = await deliver({ ...alert, ...first }, hook, s.options);
    expect(second).toMatchObject({ status: 'failed', attempts: 7, lastError: 'HTTP 500' });
  });
});

describe('signatures and allowed URLs', () => {
  it('verifies a signature of the body and its time, and refuses an old or altered one', () => {
    const body = '{"a":1}';
    const at = new Date('2026-12-03T10:00:00Z');
    const header = signPayload('s3cret-s3cret-s3cret', body, at);
    expect(verifySignature('s3cret-s3cret-s3cret', body, header, { now: at })).toBe(true);
    expect(verifySignature('s3cret-s3cret-s3cret', '{"a":2}', header, { now: at })).toBe(false);
    const later = new Date(at.getTime() + 301_000);
    expect(verifySignature('s3cret-s3cret-s3cret', body, header, { now: later })).toBe(false);
    expect(verifySignature('s3cret-s3cret-s3cret', body, 'garbage', { now: at })).toBe(false);
  });

  it('allows only URLs under an allowed prefix, https or loopback http, without credentials', () => {
    const allow = ['https://hooks.example.com/viscura/', 'http://127.0.0.1:9000/in'];
    expect(checkWebhookUrl('https://hooks.example.com/viscura/ci', allow).href).toContain('/viscura/ci');
    expect(checkWebhookUrl('http://127.0.0.1:9000/in/x', allow).port).toBe('9000');
    for (const [url, code] of [
      ['https://hooks.example.com/other', 'webhook_not_allowed'],
      ['https://hooks.example.com.evil.net/viscura/', 'webhook_not_allowed'],
      ['http://127.0.0.1:9001/in', 'webhook_not_allowed'],
      ['http://hooks.example.com/viscura/ci', 'invalid_webhook'],
      ['https://user:pw@hooks.example.com/viscura/', 'invalid_webhook'],
      ['not a url', 'invalid_webhook'],
    ])
      expect(() => checkWebhookUrl(url, allow), url).toThrow(expect.objectContaining({ code }));
  });
});
