import { resolve } from 'node:path';
import { VisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { requireInstalled } from '../models/installed.ts';
import { createDescriptorEmbedder, DESCRIPTOR_MODEL_ID } from './descriptor/index.ts';
import { OnnxEmbedder, type ProviderChoice } from './onnx/index.ts';
import type { Embedder } from './types.ts';

export interface CreateEmbedderOptions {
  modelsDir: string;
  provider: ProviderChoice;
  log: Logger;
  batchSize?: number;
  threads?: number;
  /** Where shipped manifests live (tests point it elsewhere). */
  catalogDir?: string;
}

/** Both names select the built-in embedder: the config's default and the id it records with vectors. */
const DESCRIPTOR_NAMES = new Set(['descriptor', DESCRIPTOR_MODEL_ID]);

export function isBuiltInModel(id: string): boolean {
  return DESCRIPTOR_NAMES.has(id);
}

interface Shared {
  embedder: Promise<OnnxEmbedder>;
  users: number;
}

// ONNX sessions are costly (hundreds of MB, seconds to open): one per model folder and provider per process,
// shared by every caller and released when the last one disposes of its handle.
const sessions = new Map<string, Shared>();

/**
 * The embedder for a model id: the built-in descriptor, or an installed ONNX model (see `viscura models`).
 * An unknown or uninstalled model fails with a VisibleError that says how to install it.
 */
export async function createEmbedder(modelId: string, options: CreateEmbedderOptions): Promise<Embedder> {
  if (DESCRIPTOR_NAMES.has(modelId)) return createDescriptorEmbedder();
  const { manifest, dir } = await requireInstalled(options.modelsDir, modelId, options.catalogDir);
  const key = [resolve(dir), options.provider, options.batchSize ?? '', options.threads ?? ''].join('|');
  let shared = sessions.get(key);
  if (!shared) {
    const created: Shared = { users: 0, embedder: OnnxEmbedder.load(manifest, dir, options) };
    created.embedder.catch(() => sessions.delete(key));
    sessions.set(key, created);
    shared = created;
  }
  // Counted before waiting, so a concurrent release cannot close the sessions under this caller.
  shared.users++;
  const entry = shared;
  const embedder = await entry.embedder.catch((error: unknown) => {
    entry.users--;
    throw error;
  });
  return handle(embedder, async () => {
    const entry = sessions.get(key);
    if (!entry || --entry.users > 0) return;
    sessions.delete(key);
    await embedder.dispose();
  });
}

function handle(embedder: OnnxEmbedder, release: () => Promise<void>): Embedder {
  let released = false;
  return {
    modelId: embedder.modelId,
    dimension: embedder.dimension,
    hasTextTower: embedder.hasTextTower,
    embedImages: (rasters) => embedder.embedImages(rasters),
    embedTexts: (texts) => embedder.embedTexts(texts),
    async dispose() {
      if (released) return;
      released = true;
      await release();
    },
  };
}

/**
 * Refuses to mix models in one table: vectors from two models do not share a space, so a search across them
 * would rank nonsense. `stored` is the model id the table records (undefined for an empty table).
 */
export function assertSameModel(stored: string | undefined, current: string, table = 'the dataset'): void {
  if (stored === undefined || stored === current) return;
  throw new VisibleError(
    `${table} was embedded with model '${stored}', but this run uses '${current}': mixing models in one table is refused. Use --model ${stored}, or rebuild the embeddings with \`viscura reembed --model ${current}\`.`,
    'model_mismatch',
  );
}
