import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../../errors/index.ts';
import { vectorSidecarKey } from './names.ts';
import { describeIssues, vectorSidecarSchema } from './schema.ts';
import type { SuppliedVector, VectorProblem } from './types.ts';

/** A 16,384-value vector written with full precision is about 400 KB of JSON. */
const MAX_SIDECAR_BYTES = 2 * 1024 * 1024;

type Lookup = (key: string) => Promise<SuppliedVector | VectorProblem | undefined>;

/** `<root>/<key>.embedding.json`, read when asked for; a missing one is no vector, not a problem. */
export function folderSidecars(root: string): Lookup {
  return async (key) => {
    const path = join(root, vectorSidecarKey(key));
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const where = vectorSidecarKey(key);
    if (info.size > MAX_SIDECAR_BYTES) return { problem: `${where} is over ${MAX_SIDECAR_BYTES} bytes` };
    const text = await readFile(path, 'utf8').catch((error: unknown) => error as Error);
    return typeof text === 'string'
      ? parseVectorSidecar(text, where)
      : { problem: `cannot read ${where}: ${errorMessage(text)}` };
  };
}

/** The same next to an object in a bucket. A read that fails is thrown: the store or S3 is at fault, not the image. */
export function bucketSidecars(get: (key: string) => Promise<Uint8Array | undefined>): Lookup {
  return async (key) => {
    const where = vectorSidecarKey(key);
    const bytes = await get(where);
    if (!bytes) return undefined;
    if (bytes.byteLength > MAX_SIDECAR_BYTES)
      return { problem: `${where} is over ${MAX_SIDECAR_BYTES} bytes` };
    return parseVectorSidecar(new TextDecoder().decode(bytes), where);
  };
}

export function parseVectorSidecar(text: string, where: string): SuppliedVector | VectorProblem {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { problem: `${where} is not JSON (${errorMessage(error)})` };
  }
  const parsed = vectorSidecarSchema.safeParse(value);
  if (!parsed.success) return { problem: `${where}: ${describeIssues(parsed.error)}` };
  return { vector: parsed.data.vector, model: parsed.data.model, where };
}
