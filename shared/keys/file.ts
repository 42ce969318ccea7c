import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { VisibleError } from '../errors/index.ts';
import {
  type ApiKeyRecord,
  apiKeyRecord,
  generateKey,
  hashKey,
  type KeyStore,
  publicInfo,
  sameHash,
} from './keys.ts';

const fileSchema = z.strictObject({ version: z.literal(1), keys: z.array(apiKeyRecord) });
type KeyFile = z.output<typeof fileSchema>;

const LOCK_WAIT_MS = 5_000;
/** A lock older than this was left by a crashed process. */
const STALE_LOCK_MS = 30_000;

export const KEYS_FILE = 'api-keys.json';

/** The key file of a data directory. */
export function keyStoreFor(dataDir: string): KeyStore {
  return fileKeyStore(join(dataDir, KEYS_FILE));
}

/**
 * Keys in one JSON file (mode 0600) in the data directory. Writes go to a temp file renamed into place under an
 * exclusive lock file, so concurrent `keys create` never lose a key and readers never see half a file. Reads are
 * cached by modification time: a key revoked by another process stops working on the next request.
 */
export function fileKeyStore(path: string): KeyStore {
  let cache: { mtimeMs: number; size: number; file: KeyFile } | undefined;

  async function read(): Promise<KeyFile> {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!info) return { version: 1, keys: [] };
    if (cache && cache.mtimeMs === info.mtimeMs && cache.size === info.size) return cache.file;
    const file = parseFile(await readFile(path, 'utf8'), path);
    cache = { mtimeMs: info.mtimeMs, size: info.size, file };
    return file;
  }

  async function update<T>(change: (file: KeyFile) => T): Promise<T> {
    await mkdir(dirname(path), { recursive: true });
    const release = await lock(`${path}.lock`);
    try {
      cache = undefined;
      const file = await read();
      const result = change(file);
      const temp = join(dirname(path), `.${KEYS_FILE}.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(temp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      await rename(temp, path);
      cache = undefined;
      return result;
    } finally {
      await release();
    }
  }

  return {
    async create({ datasets, name }) {
      const { id, key } = generateKey();
      const record: ApiKeyRecord = apiKeyRecord.parse({
        id,
        name: name ?? '',
        hash: await hashKey(key),
        datasets: datasets === null ? null : [...new Set(datasets)].sort(),
        createdAt: Date.now(),
        revokedAt: null,
      });
      await update((file) => file.keys.push(record));
      return { key, info: publicInfo(record) };
    },

    async list() {
      const { keys } = await read();
      return keys.map(publicInfo).sort((a, b) => b.createdAt - a.createdAt);
    },

    revoke(id) {
      return update((file) => {
        const record = file.keys.find((candidate) => candidate.id === id);
        if (!record) return false;
        record.revokedAt ??= Date.now();
        return true;
      });
    },

    async find(key) {
      const hash = await hashKey(key);
      const { keys } = await read();
      const found = keys.find((record) => record.revokedAt === null && sameHash(record.hash, hash));
      return found ? publicInfo(found) : undefined;
    },
  };
}

function parseFile(text: string, path: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VisibleError(
      `The API key file ${path} is not valid JSON; fix or remove it.`,
      'invalid_keys_file',
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new VisibleError(
      `The API key file ${path} is not in the expected shape; fix or remove it.`,
      'invalid_keys_file',
    );
  }
  return parsed.data;
}

async function lock(path: string): Promise<() => Promise<void>> {
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(path).then(
        (info) => Date.now() - info.mtimeMs,
        () => 0,
      );
      if (age > STALE_LOCK_MS) await rm(path, { force: true });
      else if (Date.now() - started > LOCK_WAIT_MS) {
        throw new VisibleError(
          `The API key file is locked by another process (${path}); try again.`,
          'locked',
        );
      } else await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
}
