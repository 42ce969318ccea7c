import { z } from 'zod';
import { datasetName } from '../config/schema.ts';

/**
 * API keys: random, shown once, stored only as their SHA-256, each scoped to datasets (or to all of them).
 * Web Crypto only, so the edge can verify keys with the same code.
 */
export const apiKeyRecord = z.strictObject({
  id: z.string().regex(/^[0-9a-f]{16}$/),
  name: z.string().max(200),
  /** Hex SHA-256 of the key. */
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  /** null: every dataset. */
  datasets: z.array(datasetName).nullable(),
  createdAt: z.int(),
  revokedAt: z.int().nullable(),
});
export type ApiKeyRecord = z.output<typeof apiKeyRecord>;

/** What `list` shows: never the hash. */
export type ApiKeyInfo = Omit<ApiKeyRecord, 'hash'>;

export interface CreatedKey {
  /** The key itself; it cannot be recovered later. */
  key: string;
  info: ApiKeyInfo;
}

export interface KeyStore {
  create(options: { datasets: readonly string[] | null; name?: string }): Promise<CreatedKey>;
  /** Newest first, revoked ones included. */
  list(): Promise<ApiKeyInfo[]>;
  /** false when no key has this id. Revoking twice is not an error. */
  revoke(id: string): Promise<boolean>;
  /** The active record whose hash matches, if any. */
  find(key: string): Promise<ApiKeyInfo | undefined>;
}

export const KEY_PREFIX = 'vsk_';

export function generateKey(): { id: string; key: string } {
  return { id: hex(randomBytes(8)), key: `${KEY_PREFIX}${base64Url(randomBytes(32))}` };
}

export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key));
  return hex(new Uint8Array(digest));
}

export function publicInfo(record: ApiKeyRecord): ApiKeyInfo {
  const { hash: _, ...info } = record;
  return info;
}

/** Equal-length hex strings compared without an early exit. */
export function sameHash(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
