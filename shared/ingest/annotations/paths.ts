import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The real path of a key's folder. Keys are NFC, but a file system may hold the same name decomposed (files
 * copied from macOS): when the direct path is missing, each segment is matched by its NFC form.
 */
export async function resolveDir(root: string, dir: string): Promise<string | undefined> {
  if (dir === '') return root;
  const direct = join(root, ...dir.split('/'));
  if (await listNames(direct)) return direct;
  let current = root;
  for (const segment of dir.split('/')) {
    const names = await listNames(current);
    const real = names?.get(segment);
    if (real === undefined) return undefined;
    current = join(current, real);
  }
  return current;
}

/** NFC name -> name on disk, or undefined when the folder cannot be listed. */
export async function listNames(dir: string): Promise<Map<string, string> | undefined> {
  try {
    const names = await readdir(dir);
    return new Map(names.map((name) => [name.normalize('NFC'), name]));
  } catch {
    return undefined;
  }
}
