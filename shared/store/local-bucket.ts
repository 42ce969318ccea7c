import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { type Bucket, type BucketEntry, checkKey, checkPrefix, TEMP_PREFIX } from './bucket.ts';
import { legacyPath } from './legacy-names.ts';

/** A folder as a bucket. Writes go to a temp file and are renamed into place, so readers never see half a file. */
export function createLocalBucket(dir: string): Bucket {
  const root = resolve(dir);
  const pathOf = (key: string) => join(root, ...checkKey(key).split('/'));
  /** Reads retry a missing key under its Latin-1 bytes (names that were not UTF-8 on disk). */
  const readPath = async (key: string, error: unknown): Promise<Buffer | undefined> =>
    (error as NodeJS.ErrnoException).code === 'ENOENT' && NON_ASCII.test(key)
      ? legacyPath(root, checkKey(key).split('/'))
      : undefined;

  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
      try {
        await writeFile(temp, bytes);
        await rename(temp, path);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },

    async get(key) {
      try {
        return new Uint8Array(await readFile(pathOf(key)));
      } catch (error) {
        const legacy = await readPath(key, error);
        if (legacy) return new Uint8Array(await readFile(legacy));
        if (isMissing(error)) return undefined;
        throw error;
      }
    },

    async getStream(key) {
      // Open first so a missing key is undefined, not a stream that fails later.
      const handle = await open(pathOf(key), 'r')
        .catch(async (error: unknown) => {
          const legacy = await readPath(key, error);
          if (legacy) return open(legacy, 'r');
          throw error;
        })
        .catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        });
      return handle && (Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>);
    },

    async exists(key) {
      try {
        return (await stat(pathOf(key))).isFile();
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    },

    async delete(key) {
      await rm(pathOf(key), { force: true });
    },

    list(prefix) {
      checkPrefix(prefix);
      // Start at the deepest folder the prefix names; the rest of the prefix filters names below it.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      return walk(root, folder, prefix);
    },
  };
}

async function* walk(root: string, folder: string, prefix: string): AsyncGenerator<BucketEntry> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder ? join(root, ...folder.split('/')) : root, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  // S3 lists in key order; sorting names with '/' appended to folders gives the same order here.
  const named = entries
    .filter((entry) => !entry.name.startsWith(TEMP_PREFIX) && (entry.isFile() || entry.isDirectory()))
    .map((entry) => ({ entry, sortKey: entry.isDirectory() ? `${entry.name}/` : entry.name }))
    .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
  for (const { entry } of named) {
    const key = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (`${key}/`.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* walk(root, key, prefix);
    } else if (key.startsWith(prefix)) {
      const size = (await stat(join(root, ...key.split('/')))).size;
      yield { key, size };
    }
  }
}

// Only a key with a character past ASCII can have other bytes on disk than its UTF-8.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range is the point.
const NON_ASCII = /[^\u0000-\u007f]/;

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}
