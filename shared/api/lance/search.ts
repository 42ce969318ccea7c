import { queryEmbedder } from '../../embed/precomputed.ts';
import { cosine } from '../../linalg/vectors.ts';
import { decodeImage, decodeRegion, isMediaError, type Raster } from '../../media/index.ts';
import { type ImageRow, where } from '../../store/index.ts';
import { ApiError } from '../errors.ts';
import type { SimilarRequest, TextSearchRequest } from '../ports.ts';
import type { ViewFilters } from '../schemas/filters.ts';
import type { SearchHit, SearchResult } from '../schemas/search.ts';
import type { PortContext } from './context.ts';
import { imageSummary, objectSummary } from './convert.ts';
import { clusterRows } from './images.ts';
import { round } from './issues.ts';
import { findOriginal } from './originals.ts';
import { imagePushdown, readsCuration, viewPredicate } from './plan.ts';
import { imagePushdownComplete } from './query-plan.ts';
import { curationOf } from './results.ts';

/** Candidates fetched per search beyond `limit`, so conditions checked after the search still fill the page. */
const OVERFETCH = 4;
const MAX_CANDIDATES = 1_000;
const CENTROID_MEMBERS = 2_000;

/**
 * Text search. With a text tower, the query is embedded and matched against image vectors, and every candidate
 * (from either search) gets both signals: relevance = (max(0, cosine) + text) / 2, text being the full-text
 * score divided by the best one. Without a text tower, relevance is the full-text score alone.
 */
export async function searchText(
  ctx: PortContext,
  dataset: string,
  request: TextSearchRequest,
): Promise<SearchResult> {
  const [active, stored, supplied] = await Promise.all([
    ctx.embedder(),
    ctx.store.model(),
    ctx.store.suppliedModel(),
  ]);
  const embedder = queryEmbedder(active, supplied);
  const where = imagePushdown(request.filters, ctx.thresholds);
  const k = candidates(request.limit, request.filters);
  let notice: string | null = null;
  let queryVector: Float32Array | undefined;
  if (embedder.precomputed) {
    notice = `The vectors of "${embedder.modelId}" were supplied with the images, and viscura has no text tower for that model, so visual-semantic matching is unavailable: hits are full-text matches over labels, captions, tags and keys.`;
  } else if (!embedder.hasTextTower) {
    notice = `The model "${embedder.modelId}" has no text tower, so visual-semantic matching is unavailable: hits are full-text matches over labels, captions, tags and keys.`;
  } else if (stored && stored.id !== embedder.modelId) {
    notice = `The images were embedded with "${stored.id}", not the configured "${embedder.modelId}", so visual-semantic matching is unavailable: hits are full-text matches.`;
  } else {
    queryVector = await ctx.textVectors(embedder, request.query);
  }
  const [semantic, text] = await Promise.all([
    queryVector
      ? ctx.store.images.vectorSearch(dataset, queryVector, { limit: k, where, withVectors: false })
      : [],
    ctx.store.images.textSearch(dataset, request.query, { limit: k, where }),
  ]);
  const best = Math.max(0, ...text.map((hit) => hit.score));
  const scored = new Map<string, { image: ImageRow; semantic: number | null; text: number }>();
  // A vector hit's score is its cosine; a text hit's is computed from its stored vector.
  for (const hit of semantic) scored.set(hit.row.id, { image: hit.row, semantic: hit.score, text: 0 });
  for (const hit of text) {
    const entry = scored.get(hit.row.id) ?? {
      image: hit.row,
      semantic: queryVector ? cosine(queryVector, hit.row.vector) : null,
      text: 0,
    };
    entry.text = best > 0 ? hit.score / best : 0;
    scored.set(hit.row.id, entry);
  }
  const ranked = [...scored.values()]
    .map((entry) => ({
      ...entry,
      score: entry.semantic === null ? entry.text : (Math.max(0, entry.semantic) + entry.text) / 2,
    }))
    .sort((a, b) => b.score - a.score || (a.image.id < b.image.id ? -1 : 1));
  const hits = await finishImageHits(
    ctx,
    dataset,
    request,
    ranked.map((entry) => ({
      image: entry.image,
      score: entry.score,
      semanticScore: entry.semantic,
      textScore: entry.text,
    })),
  );
  return {
    mode: queryVector ? 'semantic+text' : 'text',
    semantic: queryVector !== undefined,
    notice,
    model: stored?.id ?? null,
    hits,
  };
}

export async function searchSimilar(
  ctx: PortContext,
  dataset: string,
  request: SimilarRequest,
): Promise<SearchResult> {
  const { vector, exclude } = await queryVector(ctx, dataset, request);
  const k = candidates(request.limit, request.filters);
  const model = (await ctx.store.model())?.id ?? null;
  if (request.target === 'objects') {
    const where = objectWhere(request.filters);
    const found = await ctx.store.objects.vectorSearch(dataset, vector, {
      limit: request.limit,
      where,
      exclude,
      withVectors: false,
    });
    const hits: SearchHit[] = found.map((hit) => ({
      id: hit.row.id,
      key: hit.row.key,
      score: round(hit.score),
      semanticScore: round(hit.score),
      textScore: null,
      object: objectSummary(hit.row, undefined),
    }));
    return { mode: 'similar', semantic: true, notice: null, model, hits };
  }
  const where = imagePushdown(request.filters, ctx.thresholds);
  const found = await ctx.store.images.vectorSearch(dataset, vector, {
    limit: k,
    where,
    exclude,
    withVectors: false,
  });
  const hits = await finishImageHits(
    ctx,
    dataset,
    request,
    found.map((hit) => ({ image: hit.row, score: hit.score, semanticScore: hit.score, textScore: null })),
  );
  return { mode: 'similar', semantic: true, notice: null, model, hits };
}

/** Objects answer label and key-prefix filters; image-level conditions do not apply to them. */
function objectWhere(filters: ViewFilters) {
  const filter = where.and(
    filters.labels.length > 0 ? where.in('label', filters.labels) : undefined,
    filters.prefix === undefined ? undefined : where.prefix('key', filters.prefix),
  );
  return filter.op === 'and' && filter.filters.length === 0 ? undefined : filter;
}

function candidates(limit: number, filters: ViewFilters): number {
  return readsCuration(filters) || !imagePushdownComplete(filters)
    ? Math.min(MAX_CANDIDATES, limit * OVERFETCH)
    : limit;
}

/** Joins curation results, applies the conditions the search could not, keeps the best `limit`. */
async function finishImageHits(
  ctx: PortContext,
  dataset: string,
  request: { limit: number; filters: ViewFilters },
  ranked: { image: ImageRow; score: number; semanticScore: number | null; textScore: number | null }[],
): Promise<SearchHit[]> {
  const results = await ctx.results(dataset);
  const rows = await curationOf(
    ctx.curation,
    results,
    ranked.map((entry) => entry.image.id),
  );
  const matches = viewPredicate(request.filters, ctx.thresholds);
  return ranked
    .filter((entry) => matches({ image: entry.image, row: rows.get(entry.image.id) }))
    .slice(0, request.limit)
    .map((entry) => ({
      id: entry.image.id,
      key: entry.image.key,
      score: round(entry.score),
      semanticScore: entry.semanticScore === null ? null : round(entry.semanticScore),
      textScore: entry.textScore === null ? null : round(entry.textScore),
      image: imageSummary(entry.image, rows.get(entry.image.id), request.filters, ctx.thresholds),
    }));
}

async function queryVector(
  ctx: PortContext,
  dataset: string,
  request: SimilarRequest,
): Promise<{ vector: Float32Array; exclude: string[] }> {
  const { source } = request;
  switch (source.kind) {
    case 'image': {
      const missing = () =>
        new ApiError(404, 'not_found', `Image ${source.imageId} was not found.`, 'imageId');
      if (!source.box) {
        // Only the vector is read: the whole row costs a millisecond more per request.
        const vector = await ctx.store.images.vector(dataset, source.imageId);
        if (!vector) throw missing();
        return { vector, exclude: request.target === 'images' ? [source.imageId] : [] };
      }
      const image = await ctx.store.images.get(dataset, source.imageId);
      if (!image) throw missing();
      return { vector: await embedRegion(ctx, image, source.box), exclude: [] };
    }
    case 'object': {
      const object = await ctx.store.objects.get(dataset, source.objectId);
      if (!object)
        throw new ApiError(404, 'not_found', `Object ${source.objectId} was not found.`, 'objectId');
      return { vector: object.vector, exclude: request.target === 'objects' ? [object.id] : [] };
    }
    case 'cluster':
      return { vector: await centroid(ctx, dataset, source.cluster), exclude: [] };
    case 'upload':
      return { vector: await embedUpload(ctx, source.bytes), exclude: [] };
  }
}

/** The box cut from the original (full detail), or from the thumbnail where the original is not reachable. */
async function embedRegion(
  ctx: PortContext,
  image: ImageRow,
  box: { x: number; y: number; width: number; height: number },
): Promise<Float32Array> {
  const found = await findOriginal(ctx, image);
  const bytes = found.status === 'bytes' ? found.bytes : await ctx.bucket.get(image.thumbnailKey);
  if (!bytes)
    throw new ApiError(
      404,
      'not_found',
      `Neither the original nor the thumbnail of image ${image.id} is available.`,
    );
  // A stored file already passed the ingest limits; only the region is decoded.
  const limits = {
    maxBytes: Math.max(ctx.upload.maxBytes, bytes.byteLength),
    maxPixels: Number.MAX_SAFE_INTEGER,
  };
  const raster = await decodeRegion(bytes, { x: box.x, y: box.y, w: box.width, h: box.height }, limits);
  return embed(ctx, raster);
}

async function embedUpload(ctx: PortContext, bytes: Uint8Array): Promise<Float32Array> {
  const decoded = await decodeImage(bytes, ctx.upload).catch((error: unknown) => {
    if (isMediaError(error) && error.reason === 'too-many-pixels') {
      throw new ApiError(
        413,
        'too_many_pixels',
        `The uploaded image has more than ${ctx.upload.maxPixels.toLocaleString('en-US')} pixels; it was refused from its header, before decoding. Send a smaller rendition.`,
      );
    }
    throw error;
  });
  return embed(ctx, decoded.raster);
}

async function embed(ctx: PortContext, raster: Raster): Promise<Float32Array> {
  // Over supplied vectors this throws no_image_tower (422): there is no model here to embed with.
  const embedder = queryEmbedder(await ctx.embedder(), await ctx.store.suppliedModel());
  await ctx.store.assertModel({ id: embedder.modelId, dimension: embedder.dimension });
  const [vector] = await embedder.embedImages([raster]);
  return vector;
}

/** The normalised mean of the cluster's member vectors (at most CENTROID_MEMBERS of them). */
async function centroid(
  ctx: PortContext,
  dataset: string,
  cluster: { kind: 'visual'; level: number; id: number } | { kind: 'duplicates'; id: string },
): Promise<Float32Array> {
  const filter =
    cluster.kind === 'visual'
      ? { column: `cluster${cluster.level}`, value: cluster.id }
      : { column: 'duplicateCluster', value: cluster.id };
  const members = await clusterRows(ctx, dataset, filter, CENTROID_MEMBERS);
  const images = await ctx.store.images.getMany(
    dataset,
    members.map((row) => row.id),
  );
  if (images.length === 0)
    throw new ApiError(404, 'not_found', 'The cluster has no members in the current results.', 'cluster');
  const sum = new Float32Array(images[0].vector.length);
  for (const image of images) for (let i = 0; i < sum.length; i++) sum[i] += image.vector[i];
  const norm = Math.hypot(...sum) || 1;
  return sum.map((value) => value / norm);
}
