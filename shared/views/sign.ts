import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header a delivery carries: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (Stripe's scheme). */
export const SIGNATURE_HEADER = 'x-viscura-signature';

export function signPayload(secret: string, body: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${hmac(secret, `${t}.${body}`)}`;
}

/**
 * What a receiver runs: true when the signature matches the body and is at most `toleranceS` old. The timestamp
 * is signed too, so an old delivery cannot be replayed later with a fresh time.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | null | undefined,
  options: { now?: Date; toleranceS?: number } = {},
): boolean {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()];
    }),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== 'string') return false;
  const age = (options.now ?? new Date()).getTime() / 1000 - t;
  if (Math.abs(age) > (options.toleranceS ?? 300)) return false;
  const expected = Buffer.from(hmac(secret, `${t}.${body}`), 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('hex');
