import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VisibleError } from '../errors/index.ts';
import { type ModelManifest, parseManifest } from './manifest.ts';

/** The manifests shipped with viscura (models/*.json at the repository root). */
export const CATALOG_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

export async function readCatalog(dir: string = CATALOG_DIR): Promise<ModelManifest[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.json'))
    .sort();
  return Promise.all(names.map((name) => readManifestFile(join(dir, name))));
}

export async function readManifestFile(path: string): Promise<ModelManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new VisibleError(
      `Cannot read model manifest ${path}: ${(error as Error).message}`,
      'invalid_manifest',
      { cause: error },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new VisibleError(
      `Model manifest ${path} is not valid JSON: ${(error as Error).message}`,
      'invalid_manifest',
      {
        cause: error,
      },
    );
  }
  return parseManifest(json, path);
}
