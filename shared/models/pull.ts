import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { downloadFile, UnreachableError } from './download.ts';
import { MANIFEST_FILE, modelDir } from './installed.ts';
import type { ModelFile, ModelManifest } from './manifest.ts';
import { PULL_RECORD, type PullRecord, writeJsonAtomically } from './record.ts';
import { checkFile } from './verify.ts';

export interface PullOptions {
  log: Logger;
  /** Accept files whose manifest publishes no sha256 (their hashes are recorded for later `verify`). */
  allowUnverified?: boolean;
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  onProgress?: (progress: { path: string; received: number; total: number | undefined }) => void;
}

export interface PulledFile {
  path: string;
  bytes: number;
  sha256: string;
  /** downloaded: fetched now; resumed: a .part continued; present: already in place and verified. */
  action: 'downloaded' | 'resumed' | 'present';
  verified: boolean;
}

export interface PullResult {
  id: string;
  dir: string;
  files: PulledFile[];
}

/**
 * Fetches and verifies every file of a manifest into <modelsDir>/<id>/, then writes manifest.json last:
 * the model counts as installed only once every file has passed its checks.
 */
export async function pullModel(
  manifest: ModelManifest,
  modelsDir: string,
  options: PullOptions,
): Promise<PullResult> {
  const unpinned = manifest.files.filter((file) => file.sha256 === null);
  if (unpinned.length > 0 && !options.allowUnverified) {
    throw new VisibleError(
      `Model '${manifest.id}' lists files with no published sha256 (${unpinned.map((f) => f.path).join(', ')}), so they cannot be verified. Re-run with --allow-unverified to accept them as downloaded (their hashes are recorded for \`viscura models verify\`), or add their sha256 to the manifest.`,
      'unverified',
    );
  }
  const dir = modelDir(modelsDir, manifest.id);
  await mkdir(dir, { recursive: true });
  const files: PulledFile[] = [];
  for (const file of manifest.files) files.push(await pullFile(manifest, dir, file, options));
  const record: PullRecord = {
    pulledAt: new Date().toISOString(),
    files: files.map(({ path, bytes, sha256, verified }) => ({ path, bytes, sha256, verified })),
  };
  await writeJsonAtomically(join(dir, PULL_RECORD), record);
  await writeJsonAtomically(join(dir, MANIFEST_FILE), manifest);
  return { id: manifest.id, dir, files };
}

async function pullFile(
  manifest: ModelManifest,
  dir: string,
  file: ModelFile,
  options: PullOptions,
): Promise<PulledFile> {
  const target = join(dir, file.path);
  const verified = file.sha256 !== null;
  const existing = await checkFile(dir, file);
  if (existing.check === 'ok' || (existing.check === 'unknown' && options.allowUnverified)) {
    options.log.info('model file already in place', { model: manifest.id, file: file.path });
    return {
      path: file.path,
      bytes: existing.bytes ?? 0,
      sha256: existing.sha256 ?? '',
      action: 'present',
      verified,
    };
  }
  if (existing.check === 'wrong-hash' || existing.check === 'wrong-size') {
    throw new VisibleError(
      `${target} is there but does not match the manifest (${existing.check === 'wrong-size' ? `${existing.bytes} bytes, expected ${file.bytes}` : `sha256 ${existing.sha256}, expected ${file.sha256}`}): remove it and run the pull again.`,
      'checksum',
    );
  }
  if (!file.url) {
    throw new VisibleError(
      `${file.path} of model '${manifest.id}' has no download URL: put the file at ${target}, then run the pull again.`,
      'no_url',
    );
  }
  await mkdir(dirname(target), { recursive: true });
  options.log.info('downloading model file', { model: manifest.id, file: file.path, url: file.url });
  try {
    const done = await downloadFile(file.url, target, {
      expectedBytes: file.bytes,
      expectedSha256: file.sha256,
      connectTimeoutMs: options.connectTimeoutMs,
      idleTimeoutMs: options.idleTimeoutMs,
      onProgress: (received, total) => options.onProgress?.({ path: file.path, received, total }),
    });
    return {
      path: file.path,
      bytes: done.bytes,
      sha256: done.sha256,
      action: done.resumedFrom > 0 ? 'resumed' : 'downloaded',
      verified,
    };
  } catch (error) {
    if (error instanceof UnreachableError) throw offlineError(manifest, dir, error);
    throw error;
  }
}

/** Offline: say exactly which files to fetch elsewhere and where they go. */
function offlineError(manifest: ModelManifest, dir: string, cause: UnreachableError): VisibleError {
  const lines = manifest.files.map((file) => {
    const facts = [
      file.bytes === null ? 'size unknown' : `${file.bytes} bytes`,
      file.sha256 ? `sha256 ${file.sha256}` : 'no published sha256',
    ];
    return `  ${file.url ?? '(no URL)'}\n    -> ${join(dir, file.path)} (${facts.join(', ')})`;
  });
  return new VisibleError(
    `${cause.message}, so model '${manifest.id}' cannot be downloaded here. On a machine with internet, download:\n${lines.join('\n')}\nput the files at those paths, then run \`viscura models pull ${manifest.id}\` again: files already in place are verified, not downloaded.`,
    'offline',
    { cause },
  );
}
