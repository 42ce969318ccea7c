import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage, VisibleError } from '../errors/index.ts';
import { readCatalog, readManifestFile } from './catalog.ts';
import type { ModelFile, ModelManifest } from './manifest.ts';

export const MANIFEST_FILE = 'manifest.json';

/** A model folder: <modelsDir>/<id>/, holding manifest.json once a pull or build has completed. */
export function modelDir(modelsDir: string, id: string): string {
  return join(modelsDir, id);
}

export type FileState = 'present' | 'missing' | 'wrong-size';
export type ModelState = 'installed' | 'incomplete' | 'available';

export interface ModelEntry {
  manifest: ModelManifest;
  dir: string;
  /** installed: manifest in the models folder and every file there at its size; available: only in the catalog. */
  state: ModelState;
  /** Where the manifest came from. */
  origin: 'installed' | 'catalog';
  files: Array<{ path: string; state: FileState }>;
}

export interface ModelListing {
  models: ModelEntry[];
  /** Manifests in the models folder that could not be read, with the reason. */
  problems: Array<{ path: string; reason: string }>;
}

/** Catalog and installed models together; an installed manifest wins over the catalog entry of the same id. */
export async function listModels(modelsDir: string, catalogDir?: string): Promise<ModelListing> {
  const { manifests: installed, problems } = await readInstalled(modelsDir);
  const catalog = await readCatalog(catalogDir);
  const models: ModelEntry[] = [];
  for (const manifest of installed)
    models.push(await describe(manifest, modelDir(modelsDir, manifest.id), 'installed'));
  for (const manifest of catalog) {
    if (installed.some((m) => m.id === manifest.id)) continue;
    models.push(await describe(manifest, modelDir(modelsDir, manifest.id), 'catalog'));
  }
  models.sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  return { models, problems };
}

async function readInstalled(
  modelsDir: string,
): Promise<{ manifests: ModelManifest[]; problems: ModelListing['problems'] }> {
  const names = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const manifests: ModelManifest[] = [];
  const problems: ModelListing['problems'] = [];
  for (const entry of names) {
    if (!entry.isDirectory()) continue;
    const path = join(modelsDir, entry.name, MANIFEST_FILE);
    if (!(await exists(path))) continue;
    try {
      const manifest = await readManifestFile(path);
      if (manifest.id !== entry.name)
        throw new Error(`its id "${manifest.id}" differs from its folder name "${entry.name}"`);
      manifests.push(manifest);
    } catch (error) {
      problems.push({ path, reason: errorMessage(error) });
    }
  }
  return { manifests, problems };
}

async function describe(
  manifest: ModelManifest,
  dir: string,
  origin: ModelEntry['origin'],
): Promise<ModelEntry> {
  const files = await Promise.all(
    manifest.files.map(async (file) => ({ path: file.path, state: await fileState(dir, file) })),
  );
  const complete = files.every((file) => file.state === 'present');
  const state: ModelState =
    origin === 'installed' && complete
      ? 'installed'
      : files.some((f) => f.state !== 'missing') || origin === 'installed'
        ? 'incomplete'
        : 'available';
  return { manifest, dir, state, origin, files };
}

export async function fileState(dir: string, file: ModelFile): Promise<FileState> {
  const info = await stat(join(dir, file.path)).catch(() => undefined);
  if (!info?.isFile()) return 'missing';
  return file.bytes === null || info.size === file.bytes ? 'present' : 'wrong-size';
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** The installed model `id`, or a VisibleError that says how to get it. */
export async function requireInstalled(
  modelsDir: string,
  id: string,
  catalogDir?: string,
): Promise<ModelEntry> {
  const { models } = await listModels(modelsDir, catalogDir);
  const entry = models.find((m) => m.manifest.id === id);
  if (!entry) {
    const known = models.map((m) => m.manifest.id).join(', ') || 'none';
    throw new VisibleError(
      `Unknown model '${id}' (known: descriptor, ${known}). Run \`viscura models list\`, or add a manifest as ${join(modelDir(modelsDir, id), MANIFEST_FILE)} (see docs/models.md).`,
      'unknown_model',
    );
  }
  if (entry.state !== 'installed') {
    const missing = entry.files.filter((f) => f.state !== 'present').map((f) => f.path);
    throw new VisibleError(
      `Model '${id}' is not installed${missing.length > 0 && entry.state === 'incomplete' ? ` (missing or incomplete: ${missing.join(', ')})` : ''}: run \`viscura models pull ${id}\`.`,
      'model_not_installed',
    );
  }
  return entry;
}
