import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256File } from './hash.ts';
import type { ModelFile, ModelManifest } from './manifest.ts';
import { readPullRecord } from './record.ts';

export type FileCheck =
  | 'ok'
  /** Matches the hash recorded when it was pulled; the manifest publishes none to check it against. */
  | 'ok-unpinned'
  /** Present, but neither the manifest nor a pull record has a hash for it. */
  | 'unknown'
  | 'missing'
  | 'wrong-size'
  | 'wrong-hash';

export interface FileReport {
  path: string;
  check: FileCheck;
  bytes?: number;
  sha256?: string;
  expectedSha256?: string;
}

export interface VerifyReport {
  id: string;
  dir: string;
  ok: boolean;
  files: FileReport[];
}

/** Re-hashes every file of a model folder against its manifest (or, for unpinned files, the pull record). */
export async function verifyModel(manifest: ModelManifest, dir: string): Promise<VerifyReport> {
  const record = await readPullRecord(dir);
  const files: FileReport[] = [];
  for (const file of manifest.files) {
    const recorded = record?.files.find((f) => f.path === file.path)?.sha256;
    files.push(await checkFile(dir, file, recorded));
  }
  return {
    id: manifest.id,
    dir,
    ok: files.every((f) => f.check === 'ok' || f.check === 'ok-unpinned'),
    files,
  };
}

export async function checkFile(dir: string, file: ModelFile, recordedSha256?: string): Promise<FileReport> {
  const path = join(dir, file.path);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) return { path: file.path, check: 'missing' };
  if (file.bytes !== null && info.size !== file.bytes)
    return { path: file.path, check: 'wrong-size', bytes: info.size };
  const sha256 = await sha256File(path);
  const expected = file.sha256 ?? recordedSha256;
  const base = { path: file.path, bytes: info.size, sha256 };
  if (expected === undefined) return { ...base, check: 'unknown' };
  if (sha256 !== expected) return { ...base, check: 'wrong-hash', expectedSha256: expected };
  return { ...base, check: file.sha256 ? 'ok' : 'ok-unpinned' };
}
