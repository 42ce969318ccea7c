import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { VisibleError } from '../../errors/index.ts';
import type { AnnotationLimits } from './types.ts';

const MiB = 1024 * 1024;

/**
 * Sidecars are small by nature; manifests stream line by line; COCO files are parsed whole, and V8 cannot hold a
 * string much past 512 MiB, so their default stays well under that.
 */
export const defaultLimits: AnnotationLimits = {
  sidecarBytes: 1 * MiB,
  manifestBytes: 256 * MiB,
  cocoBytes: 256 * MiB,
};

export async function checkSize(path: string, limit: number, what: string): Promise<void> {
  const { size } = await stat(path);
  if (size > limit) {
    throw new VisibleError(
      `the file is ${formatBytes(size)}; ${what} files are read up to ${formatBytes(limit)}: ` +
        'split it or raise the annotation limit',
      'too_large',
    );
  }
}

export async function readTextBounded(path: string, limit: number, what: string): Promise<string> {
  await checkSize(path, limit, what);
  return stripBom(await readFile(path, 'utf8'));
}

/** Lines with their 1-based numbers, without holding the file in memory. */
export async function* readLinesBounded(
  path: string,
  limit: number,
  what: string,
): AsyncGenerator<{ line: string; number: number }> {
  await checkSize(path, limit, what);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    yield { line: number === 1 ? stripBom(line) : line, number };
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MiB) return `${(bytes / (1024 * MiB)).toFixed(1)} GiB`;
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
