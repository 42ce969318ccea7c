import type { Context } from 'hono';
import type { FileAnswer } from './ports.ts';

/** Sends bytes (with a private cache lifetime and a download name when given) or redirects to a signed URL. */
export function sendFile(c: Context, answer: FileAnswer): Response {
  if ('redirect' in answer) return c.redirect(answer.redirect, 302);
  const headers: Record<string, string> = {
    'content-type': answer.contentType,
    'x-content-type-options': 'nosniff',
    'cache-control': answer.maxAge ? `private, max-age=${answer.maxAge}` : 'no-store',
  };
  // Report pages carry user text (labels, keys): even if escaping failed, nothing in them could run or load.
  if (answer.contentType.startsWith('text/html'))
    headers['content-security-policy'] = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
  if (answer.filename) headers['content-disposition'] = `attachment; filename="${answer.filename}"`;
  return c.body(answer.body as ReadableStream<Uint8Array>, 200, headers);
}
