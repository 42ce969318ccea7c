import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * Which folders each dataset was ingested from (embedded mode), so the API looks for a dataset's originals
 * there and only there. Keys are relative to one of them; the API checks each candidate against the stored hash.
 */
const ORIGINS_FILE = 'originals.json';
const originsSchema = z.record(z.string(), z.array(z.string()));
export type Origins = z.output<typeof originsSchema>;

/** {} when nothing was recorded, or the record cannot be read (the API then serves no original it cannot check). */
export async function readOrigins(dataDir: string): Promise<Origins> {
  try {
    const parsed = originsSchema.safeParse(JSON.parse(await readFile(join(dataDir, ORIGINS_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Adds `folder` to the dataset's origins (first ingest of a folder); a temp file and a rename, never half written. */
export async function recordOrigin(dataDir: string, dataset: string, folder: string): Promise<void> {
  const origins = await readOrigins(dataDir);
  const root = resolve(folder);
  const known = origins[dataset] ?? [];
  if (known.includes(root)) return;
  origins[dataset] = [...known, root];
  await mkdir(dataDir, { recursive: true });
  const temp = join(dataDir, `.${ORIGINS_FILE}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, `${JSON.stringify(origins, null, 2)}\n`);
    await rename(temp, join(dataDir, ORIGINS_FILE));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
