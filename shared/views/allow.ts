import { VisibleError } from '../errors/index.ts';

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Webhooks go only where the operator allowed (config `views.allowWebhooks`: URL prefixes), so a key holder
 * cannot make the server POST into the private network. HTTPS is required except to this machine's loopback.
 */
export function checkWebhookUrl(url: string, allowed: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VisibleError(`The webhook "${url}" is not a URL.`, 'invalid_webhook');
  }
  if (parsed.username || parsed.password)
    throw new VisibleError(
      'A webhook URL may not hold credentials; sign with the secret instead.',
      'invalid_webhook',
    );
  const loopback = LOOPBACK.has(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw new VisibleError(
      `The webhook "${url}" must be https:// (plain http only to 127.0.0.1 / localhost).`,
      'invalid_webhook',
    );
  if (!allowed.some((prefix) => startsWithPrefix(parsed, prefix)))
    throw new VisibleError(
      allowed.length === 0
        ? 'No webhook URL is allowed on this server: the operator lists them in the config (views.allowWebhooks).'
        : `The webhook "${url}" is not under an allowed URL (${allowed.join(', ')}).`,
      'webhook_not_allowed',
    );
  return parsed;
}

/** Same scheme, host and port; the path at a segment boundary of the prefix's (so /hooks does not allow /hooksx). */
function startsWithPrefix(url: URL, prefix: string): boolean {
  let base: URL;
  try {
    base = new URL(prefix);
  } catch {
    return false;
  }
  if (base.origin !== url.origin) return false;
  const path = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
  return url.pathname === base.pathname || url.pathname.startsWith(path);
}
