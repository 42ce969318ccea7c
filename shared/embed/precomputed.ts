import { VisibleError } from '../errors/index.ts';
import { DESCRIPTOR_MODEL_ID } from './descriptor/index.ts';
import type { Embedder } from './types.ts';

/** A model whose vectors come with the images: its name and vector size are all viscura knows of it. */
export interface PrecomputedModel {
  id: string;
  dimension: number;
}

/** The built-in embedder's names: supplied vectors may not pass for its own. */
const RESERVED = new Set(['descriptor', DESCRIPTOR_MODEL_ID]);

export function checkPrecomputedName(id: string): void {
  if (RESERVED.has(id)) {
    throw new VisibleError(
      `"${id}" names viscura's built-in embedder; give your own vectors a name of their own (--model-name).`,
      'invalid_model_name',
    );
  }
}

/**
 * The face of a supplied model: it answers for the stored vectors (id, size) and says plainly what it
 * cannot do, so a text search or an upload fails with a sentence rather than deep inside a model call.
 */
export function precomputedEmbedder(model: PrecomputedModel): Embedder {
  return {
    modelId: model.id,
    dimension: model.dimension,
    hasTextTower: false,
    precomputed: true,
    async embedImages() {
      throw new VisibleError(
        `The vectors of model "${model.id}" were supplied with the images (bring your own embeddings): viscura has no image tower for it, so it cannot embed an upload or a new image. Search by a stored image's id or key instead, or ingest the image together with its vector (docs/embeddings.md).`,
        'no_image_tower',
      );
    },
    async embedTexts() {
      throw new VisibleError(
        `The vectors of model "${model.id}" were supplied with the images: viscura has no text tower for it, so there is no visual-semantic text search over them (full-text search over labels, captions, tags and keys still works).`,
        'no_text_tower',
      );
    },
    async dispose() {},
  };
}

/**
 * What can answer for a store whose vectors were supplied: the active embedder when it is that model (an
 * installed model of the same name), else the supplied model's description, which says what it cannot do.
 */
export function queryEmbedder(active: Embedder, supplied: PrecomputedModel | undefined): Embedder {
  return supplied && active.modelId !== supplied.id ? precomputedEmbedder(supplied) : active;
}
