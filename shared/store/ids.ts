import { createHash } from 'node:crypto';

/** Ids are 32 hex characters (128 bits of sha256): safe in URLs, paths and filters. */
export const ID_PATTERN = /^[0-9a-f]{32}$/;

function hashId(...parts: string[]): string {
  // NUL cannot occur in a dataset name, so ("a", "b\0c") and ("a\0b", "c") never collide.
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32);
}

/** Derived from (dataset, key) only, so a changed file keeps its id and its row is replaced in place. */
export function imageId(dataset: string, key: string): string {
  return hashId('image', dataset, key);
}

/** The `index`-th annotated box of an image. */
export function objectId(imageId: string, index: number): string {
  return hashId('object', imageId, String(index));
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
