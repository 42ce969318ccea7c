import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, symlink, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { errorMessage } from '../errors/index.ts';
import type { ImageMode, OriginalSource } from './types.ts';

/** Writes a file under the export folder, creating its folders. */
export async function writeUnder(out: string, path: string, content: string | Uint8Array): Promise<void> {
  const target = join(out, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
}

/** Puts one image into the export; returns why it could not, if it could not. */
export async function placeImage(
  out: string,
  path: string,
  key: string,
  mode: ImageMode,
  source: OriginalSource,
): Promise<string | undefined> {
  if (mode === 'none') return undefined;
  const target = join(out, path);
  await mkdir(dirname(target), { recursive: true });
  try {
    if (mode === 'link') {
      const original = source.path?.(key);
      if (!original)
        return 'the originals are not on this machine, so they cannot be linked: copy them instead';
      await unlink(target).catch(() => {});
      await symlink(original, target);
      return undefined;
    }
    const bytes = await source.get(key);
    if (!bytes) return 'the original is gone';
    await writeFile(target, bytes);
    return undefined;
  } catch (error) {
    return errorMessage(error);
  }
}

/** A text file written line by line, so an export of millions of images never holds them all. */
export async function lineWriter(
  out: string,
  path: string,
): Promise<{ write(line: string): Promise<void>; close(): Promise<void> }> {
  const target = join(out, path);
  await mkdir(dirname(target), { recursive: true });
  const stream = createWriteStream(target);
  return {
    write: (line) => writeLine(stream, `${line}\n`),
    close: () =>
      new Promise((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      ),
  };
}

function writeLine(stream: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (stream.write(text)) resolve();
    else stream.once('drain', resolve).once('error', reject);
  });
}
