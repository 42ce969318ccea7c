import { z } from 'zod';
import { ApiError } from './errors.ts';

/**
 * Page cursors are opaque to clients: the position to resume at, the curation run the first page used (so a
 * new run landing mid-listing does not reshuffle pages) and a fingerprint of the query they belong to.
 */
export interface Cursor {
  /** Rows of the driving table already read. */
  offset: number;
  /** Rows of a second, in-memory source already merged in (incremental curation results). */
  extra: number;
  runId: string | null;
}

/**
 * LanceDB takes offsets as unsigned 32-bit integers: a larger one would wrap around (2^32 + 5 reads as 5) instead
 * of paging past the end, so a cursor claiming one was not issued here.
 */
export const MAX_CURSOR_OFFSET = 2 ** 32 - 1;

const payload = z.strictObject({
  o: z.int().min(0).max(MAX_CURSOR_OFFSET),
  x: z.int().min(0).max(MAX_CURSOR_OFFSET),
  r: z.string().max(256).nullable(),
  f: z.string().max(16),
});

export function encodeCursor(cursor: Cursor, query: unknown): string {
  const json = JSON.stringify({ o: cursor.offset, x: cursor.extra, r: cursor.runId, f: fingerprint(query) });
  return toBase64Url(new TextEncoder().encode(json));
}

export function decodeCursor(text: string | undefined, query: unknown): Cursor | undefined {
  if (text === undefined) return undefined;
  let parsed: z.output<typeof payload>;
  try {
    parsed = payload.parse(JSON.parse(new TextDecoder().decode(fromBase64Url(text))));
  } catch {
    throw invalid('The cursor is not one this API issued.');
  }
  if (parsed.f !== fingerprint(query)) {
    throw invalid('The cursor belongs to a different query: keep the filters and sort of the first page.');
  }
  return { offset: parsed.o, extra: parsed.x, runId: parsed.r };
}

const invalid = (message: string) => new ApiError(400, 'invalid_cursor', message, 'cursor');

/** FNV-1a over the query's canonical JSON: enough to catch a cursor reused with other filters. */
export function fingerprint(query: unknown): string {
  let hash = 0x811c9dc5;
  for (const char of canonical(query)) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193);
  return (hash >>> 0).toString(36);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonical(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
