import type { ResolvedConfig } from '../config/index.ts';
import { createEmbedder, isBuiltInModel, precomputedEmbedder } from '../embed/index.ts';
import type { Embedder } from '../embed/types.ts';
import { isVisibleError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { Store } from '../store/index.ts';

/** The model is not one viscura can load: its vectors can only have been supplied. */
const NOT_LOADABLE = new Set(['unknown_model', 'model_not_installed']);

/**
 * The embedder for the configured model, except over a store of supplied vectors (bring your own embeddings):
 * there the default model, or the supplied model's own name, gives that model's description, so searches and
 * checks run on the stored vectors and say plainly that nothing can be embedded here. An installed model of
 * the same name (CLIP vectors computed elsewhere) is loaded instead, text tower and all.
 */
export async function resolveEmbedder(config: ResolvedConfig, store: Store, log: Logger): Promise<Embedder> {
  const options = { modelsDir: config.modelsDir, provider: config.provider, log };
  const supplied = await store.suppliedModel();
  if (!supplied || !(isBuiltInModel(config.model) || config.model === supplied.id))
    return createEmbedder(config.model, options);
  if (config.model !== supplied.id) return precomputedEmbedder(supplied);
  try {
    return await createEmbedder(config.model, options);
  } catch (error) {
    if (isVisibleError(error) && NOT_LOADABLE.has(error.code)) return precomputedEmbedder(supplied);
    throw error;
  }
}
