import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from '../errors/index.ts';
import { SIGNATURE_HEADER, signPayload } from './sign.ts';
import type { Alert } from './types.ts';

export interface DeliveryOptions {
  /** Tries per check (the first included); an alert still undelivered is tried again at the next check. */
  attempts: number;
  /** The wait before the second try; it doubles for each one after (with jitter), up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** Tries over all checks before the alert is given up as failed. */
  maxAttempts: number;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** For tests: the sleep between tries. */
  sleep?: (ms: number) => Promise<unknown>;
}

export type DeliveryResult = Pick<Alert, 'status' | 'attempts' | 'lastError' | 'deliveredAt'>;

/** The JSON a receiver gets; `id` is also sent as `Idempotency-Key`, so a receiver drops repeats by it. */
export const alertPayload = (alert: Alert) => ({
  type: 'view.new_matches',
  id: alert.id,
  dataset: alert.dataset,
  view: alert.view,
  query: alert.query,
  trigger: alert.trigger,
  newMatches: alert.newMatches,
  removed: alert.removed,
  total: alert.total,
  ids: alert.ids,
  createdAt: alert.createdAt,
});

/**
 * POSTs the alert, signed, retrying network errors, timeouts, 408, 429 and 5xx with exponential backoff. Any
 * other 4xx is the receiver refusing it: no retry. At least once: a delivery whose answer was lost is sent again
 * with the same idempotency key.
 */
export async function deliver(
  alert: Alert,
  webhook: { url: string; secret: string },
  options: DeliveryOptions,
): Promise<DeliveryResult> {
  const post = options.fetch ?? fetch;
  const wait = options.sleep ?? sleep;
  const body = JSON.stringify(alertPayload(alert));
  let attempts = alert.attempts;
  let lastError: string | null = alert.lastError;
  for (let tryNo = 0; tryNo < options.attempts && attempts < options.maxAttempts; tryNo++) {
    if (tryNo > 0) await wait(backoff(tryNo, options));
    attempts++;
    try {
      const response = await post(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'viscura-webhook/1',
          'idempotency-key': alert.id,
          [SIGNATURE_HEADER]: signPayload(webhook.secret, body),
        },
        body,
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel();
      if (response.ok) return { status: 'delivered', attempts, lastError: null, deliveredAt: now() };
      lastError = `HTTP ${response.status}`;
      if (!retryable(response.status)) return { status: 'failed', attempts, lastError, deliveredAt: null };
    } catch (error) {
      lastError = errorMessage(error);
    }
  }
  const status = attempts >= options.maxAttempts ? 'failed' : 'pending';
  return { status, attempts, lastError, deliveredAt: null };
}

/** base x 2^(n-1), scaled by a random factor in [0.5, 1) so many failing receivers do not retry in step. */
function backoff(tryNo: number, options: DeliveryOptions): number {
  const full = Math.min(options.maxBackoffMs, options.backoffMs * 2 ** (tryNo - 1));
  return full * (0.5 + Math.random() / 2);
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;
const now = () => new Date().toISOString();
