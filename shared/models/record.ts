import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/** What `pull` saw for each file, kept beside the model: the hash of files the manifest could not pin. */
export const PULL_RECORD = 'pulled.json';

const recordSchema = z.object({
  pulledAt: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      sha256: z.string(),
      verified: z.boolean(),
    }),
  ),
});

export type PullRecord = z.infer<typeof recordSchema>;

export async function readPullRecord(dir: string): Promise<PullRecord | undefined> {
  const text = await readFile(join(dir, PULL_RECORD), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Write-then-rename, so a reader never sees half a file. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
