import pLimit from 'p-limit';
import type { Embedder } from '../../embed/types.ts';
import { errorMessage, VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { Store, StoreModel } from '../../store/index.ts';
import type { PrepareOutcome } from '../prepare.ts';
import type { SuppliedVector, VectorProblem, VectorSupply } from './types.ts';

export interface AttachContext {
  store: Store;
  embedder: Embedder;
  log: Logger;
  supply: VectorSupply;
}

/** Sidecar reads in flight per batch. */
const LOOKUPS = 16;

/**
 * Checks the supplied model against the store before anything is read: a dataset holds one model's vectors.
 * Returns the step that gives each prepared image of a batch its supplied vector, or fails it with the reason.
 * Batches pass through in order, so the first one to carry vectors fixes the size for an empty store.
 */
export async function vectorStep(ctx: AttachContext) {
  const stored = await ctx.store.model();
  if (stored && stored.id !== ctx.supply.model) throw mixedModels(stored, ctx.supply.model);
  let dimension = stored?.dimension ?? ctx.supply.dimension;
  const supplied = await ctx.store.suppliedModel();
  let recorded = supplied?.id === ctx.supply.model;
  // Object crops are embedded only by the model itself; supplied vectors cover whole images.
  const embedsCrops = !ctx.embedder.precomputed && ctx.embedder.modelId === ctx.supply.model;

  return async (outcomes: PrepareOutcome[]): Promise<PrepareOutcome[]> => {
    const limit = pLimit(LOOKUPS);
    const supplied = await Promise.all(
      outcomes.map((outcome) =>
        outcome.status === 'prepared' ? limit(() => lookup(ctx.supply, outcome.image.key)) : undefined,
      ),
    );
    dimension ??= commonSize(supplied, ctx.supply.model);
    const checked = outcomes.map((outcome, i) => {
      if (outcome.status !== 'prepared') return outcome;
      const reason = refusal(outcome.image.key, supplied[i], ctx.supply, dimension);
      if (reason !== undefined)
        return {
          status: 'failed' as const,
          key: outcome.image.key,
          sha256: outcome.image.decoded.meta.sha256,
          reason,
        };
      const { image } = outcome;
      if (!embedsCrops && image.objects.length > 0) {
        ctx.log.warn('object boxes not embedded', {
          key: image.key,
          reason: `supplied vectors cover whole images; "${ctx.supply.model}" cannot embed the crops here`,
        });
      }
      const vector = unitLength((supplied[i] as SuppliedVector).vector);
      return { ...outcome, image: { ...image, vector, objects: embedsCrops ? image.objects : [] } };
    });
    if (!recorded && dimension !== undefined && checked.some((outcome) => outcome.status === 'prepared')) {
      await ctx.store.recordSuppliedModel({ id: ctx.supply.model, dimension });
      recorded = true;
    }
    return checked;
  };
}

/** A lookup that throws (S3 down) is the source's fault: thrown on, so the batch is retried, not failed. */
async function lookup(supply: VectorSupply, key: string) {
  try {
    return await supply.get(key);
  } catch (error) {
    throw new VisibleError(
      `cannot read the vector of ${key}: ${errorMessage(error)}`,
      'vectors_unavailable',
      {
        cause: error,
      },
    );
  }
}

type Found = SuppliedVector | VectorProblem | undefined;

function refusal(
  key: string,
  found: Found,
  supply: VectorSupply,
  dimension: number | undefined,
): string | undefined {
  if (found === undefined) return `no vector supplied for this image${supply.missing(key)}`;
  if ('problem' in found) return `its vector is unusable: ${found.problem}`;
  if (found.model !== undefined && found.model !== supply.model)
    return `its vector (${found.where}) is of model "${found.model}", not "${supply.model}"`;
  if (dimension !== undefined && found.vector.length !== dimension)
    return `its vector (${found.where}) has ${found.vector.length} values; "${supply.model}" vectors have ${dimension}`;
  if (!found.vector.some((value) => value !== 0))
    return `its vector (${found.where}) is all zeros: it has no direction`;
  return undefined;
}

/** An empty store takes the size most vectors of the first batch have. */
function commonSize(found: Found[], model: string): number | undefined {
  const counts = new Map<number, number>();
  for (const entry of found) {
    if (!entry || 'problem' in entry || (entry.model !== undefined && entry.model !== model)) continue;
    counts.set(entry.vector.length, (counts.get(entry.vector.length) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/** Stored vectors are unit length, so cosine similarity is a dot product for every check. */
function unitLength(vector: Float32Array): Float32Array {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);
  return vector.map((value) => value / norm);
}

function mixedModels(stored: StoreModel, given: string): VisibleError {
  return new VisibleError(
    `The dataset holds vectors of model "${stored.id}" (${stored.dimension} dimensions), and these are of "${given}": ` +
      'mixing models in one store is refused. Ingest them into another data dir (--data DIR), or replace the ' +
      `dataset's vectors with them: \`viscura reembed <dir> --vectors FILE --model-name ${given}\`.`,
    'model_mismatch',
  );
}
