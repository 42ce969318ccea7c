import { VisibleError } from '../errors/index.ts';

export interface BucketEntry {
  key: string;
  size: number;
}

/**
 * Object storage for originals, thumbnails and reports: a local folder in embedded mode, S3 in the cloud.
 * Keys are S3-style: '/'-separated, relative, validated by `checkKey` in every implementation.
 */
export interface Bucket {
  put(key: string, bytes: Uint8Array, contentType?: string): Promise<void>;
  /** undefined when there is no such object. */
  get(key: string): Promise<Uint8Array | undefined>;
  getStream?(key: string): Promise<ReadableStream<Uint8Array> | undefined>;
  exists(key: string): Promise<boolean>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): AsyncIterable<BucketEntry>;
  /** A URL a browser can fetch (a signed one on S3); absent where the API must serve the bytes itself. */
  url?(key: string, expiresSeconds?: number): Promise<string>;
}

const MAX_KEY_BYTES = 1024;
/** Names the local bucket uses for writes in progress; never valid as a key segment. */
export const TEMP_PREFIX = '.viscura-tmp-';

/** Refuses keys that could escape the bucket or mean different things on different stores. */
export function checkKey(key: string): string {
  const problem = keyProblem(key);
  if (problem)
    throw new VisibleError(`Invalid bucket key ${JSON.stringify(key)}: ${problem}.`, 'invalid_key');
  return key;
}

/** Why `key` cannot name an object here (empty, over 1,024 bytes, a backslash, climbing out ...), if it cannot. */
export function keyProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'it is empty';
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  if (key.includes('\0')) return 'it contains a NUL character';
  if (key.includes('\\')) return 'it contains a backslash; use "/"';
  if (key.startsWith('/') || /^[a-zA-Z]:/.test(key)) return 'it is absolute';
  for (const segment of key.split('/')) {
    if (segment === '') return 'it has an empty path segment';
    if (segment === '.' || segment === '..') return `it contains a "${segment}" segment`;
    if (segment.startsWith(TEMP_PREFIX)) return `"${TEMP_PREFIX}" is reserved`;
  }
  return undefined;
}

/** A listing prefix may be empty or end in '/', but must not climb out either. */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? `${prefix}x` : prefix);
  return prefix;
}
