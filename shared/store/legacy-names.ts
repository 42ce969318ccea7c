import { lstat } from 'node:fs/promises';

/**
 * The on-disk bytes of a key whose names were not valid UTF-8 when ingested (shared/ingest/names.ts keys them
 * byte for byte as Latin-1). Each segment is taken as UTF-8 when that name exists, else as its Latin-1 bytes;
 * undefined when neither reading names an entry. Only used after the plain UTF-8 path was not found.
 */
export async function legacyPath(root: string, segments: readonly string[]): Promise<Buffer | undefined> {
  let path = Buffer.from(root);
  for (const segment of segments) {
    const utf8 = Buffer.concat([path, SLASH, Buffer.from(segment, 'utf8')]);
    if (await exists(utf8)) {
      path = utf8;
      continue;
    }
    if (!isLatin1(segment)) return undefined;
    const latin1 = Buffer.concat([path, SLASH, Buffer.from(segment, 'latin1')]);
    if (!(await exists(latin1))) return undefined;
    path = latin1;
  }
  return path;
}

const SLASH = Buffer.from('/');

// biome-ignore lint/suspicious/noControlCharactersInRegex: the whole one-byte range is the point.
const isLatin1 = (text: string) => /^[\u0000-\u00ff]*$/.test(text);

async function exists(path: Buffer): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
