import type { Table } from '@lancedb/lancedb';
import type * as arrow from 'apache-arrow';
import { VisibleError } from '../errors/index.ts';
import { hitColumns } from './cached-rows.ts';
import { decodeBatch } from './convert.ts';
import { MODEL_METADATA, type TableSpec } from './schema.ts';
import type { StoreModel } from './types.ts';

/**
 * Search effort for an index (a flat search ignores all three); chosen in bench/store-search.ts. Refinement
 * re-ranks candidates by their full vectors, so returned scores are exact even from a quantized index. A factor
 * of 1 re-ranks just the hits: recall@10 stayed 1.000 against exact at 1k and 20k rows, with and without a label
 * filter (0.995 without any refinement), and it costs ~3.5 ms of CPU less per search than 5 (bench/api-profile.ts).
 */
export const SEARCH_TUNING = { nprobes: 20, ef: 100, refineFactor: 1 };

export function modelOfSchema(schema: arrow.Schema): StoreModel | undefined {
  const id = schema.metadata.get(MODEL_METADATA);
  const vector = schema.fields.find((field) => field.name === 'vector');
  if (!id || !vector) return undefined;
  return { id, dimension: (vector.type as arrow.FixedSizeList).listSize };
}

export function modelMismatch(stored: StoreModel, given: StoreModel, uri: string): VisibleError {
  return new VisibleError(
    `The store at ${uri} holds vectors of model "${stored.id}" (${stored.dimension} dimensions), ` +
      `not "${given.id}" (${given.dimension}). Run \`viscura reembed --model ${given.id}\` to re-embed it, ` +
      `or use another data dir for this model.`,
    'model_mismatch',
  );
}

/** The one model of a batch of rows; a batch that mixes models or sizes is refused. */
export function modelOfRows(rows: readonly { model: string; vector: Float32Array }[]): StoreModel {
  const first = { id: rows[0].model, dimension: rows[0].vector.length };
  for (const row of rows) {
    if (row.model !== first.id || row.vector.length !== first.dimension) {
      throw new VisibleError(
        `One write mixes vectors of "${first.id}" (${first.dimension}) and "${row.model}" (${row.vector.length}).`,
        'model_mismatch',
      );
    }
    if (!row.vector.every(Number.isFinite))
      throw new VisibleError(`A vector of "${row.model}" holds NaN or Infinity.`, 'invalid_vectors');
  }
  return first;
}

export function sameModel(a: StoreModel, b: StoreModel): boolean {
  return a.id === b.id && a.dimension === b.dimension;
}

export function checkQueryVector(vector: Float32Array, model: StoreModel | undefined): void {
  if (!vector.every(Number.isFinite))
    throw new VisibleError('The query vector holds NaN or Infinity.', 'invalid_vector');
  if (model && vector.length !== model.dimension) {
    throw new VisibleError(
      `The query vector has ${vector.length} dimensions; the store's model "${model.id}" has ${model.dimension}.`,
      'model_mismatch',
    );
  }
}

export interface VectorQuery {
  vector: Float32Array;
  filter: string | undefined;
  limit: number;
  /** Ids dropped from the answer. Checked on the hits, not in the filter: a `NOT IN` filter reads every id. */
  exclude?: readonly string[];
  /** false: rows come without their `vector` (and search text), which saves reading and decoding them. */
  withVectors?: boolean;
  /** Read only these columns (and the distance): ids, where the rows come from a cache. */
  columns?: readonly string[];
}

/** Cosine search; LanceDB's cosine distance is 1 - similarity, turned back into a similarity here. */
export async function searchVectors(
  table: Table,
  spec: TableSpec,
  request: VectorQuery,
): Promise<{ record: Record<string, unknown>; score: number }[]> {
  const exclude = new Set(request.exclude);
  const limit = request.limit + exclude.size;
  let query = table
    .vectorSearch(request.vector)
    .distanceType('cosine')
    .nprobes(SEARCH_TUNING.nprobes)
    // HNSW needs ef >= the candidates it returns, which refinement multiplies.
    .ef(Math.max(SEARCH_TUNING.ef, limit * SEARCH_TUNING.refineFactor))
    .refineFactor(SEARCH_TUNING.refineFactor)
    .limit(limit);
  if (request.filter) query = query.where(request.filter);
  if (request.columns) query = query.select([...request.columns, '_distance']);
  else if (request.withVectors === false) query = query.select([...hitColumns(spec), '_distance']);
  const hits: { record: Record<string, unknown>; score: number }[] = [];
  for await (const batch of query) {
    for (const record of decodeBatch(batch, spec)) {
      if (exclude.has(record.id as string)) continue;
      const score = Math.max(-1, Math.min(1, 1 - Number(record._distance)));
      if (request.withVectors === false && !request.columns) record.vector = NO_VECTOR;
      hits.push({ record, score });
    }
  }
  // Batches arrive in order, but a search over several fragments is merged: sort to be sure.
  return hits.sort((a, b) => b.score - a.score).slice(0, request.limit);
}

/** What a row read without its vector carries in its place. */
export const NO_VECTOR = new Float32Array(0);
