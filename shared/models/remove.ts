import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { VisibleError } from '../errors/index.ts';
import { modelDir } from './installed.ts';

export interface RemoveResult {
  id: string;
  dir: string;
  bytesFreed: number;
}

/** Deletes a model folder (installed or half-pulled) from the models directory. */
export async function removeModel(modelsDir: string, id: string): Promise<RemoveResult> {
  const dir = modelDir(modelsDir, id);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory())
    throw new VisibleError(`Model '${id}' is not in ${modelsDir}: nothing to remove.`, 'not_found');
  const bytesFreed = await folderSize(dir);
  await rm(dir, { recursive: true, force: true });
  return { id, dir, bytesFreed };
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? await folderSize(path) : (await stat(path)).size;
  }
  return total;
}
