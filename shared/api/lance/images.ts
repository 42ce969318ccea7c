import { type CurationRow, type ImageRow, where } from '../../store/index.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { ApiError } from '../errors.ts';
import { originalUrl } from '../paths.ts';
import type { FileAnswer, ImageListRequest } from '../ports.ts';
import type { ImageDetail, ImagePage } from '../schemas/images.ts';
import type { PortContext } from './context.ts';
import { curationScores, imageSummary, objectSummary } from './convert.ts';
import { round } from './issues.ts';
import { evidenceOf } from './labels.ts';
import { findOriginal, originalChanged } from './originals.ts';
import { planView } from './plan.ts';
import { curationOf } from './results.ts';
import { readView } from './view.ts';

/** Stored rows one listing request may read before it answers a short page with a cursor. */
export const SCAN_BUDGET = 20_000;
const NEIGHBOURS = 10;
const CLUSTER_MEMBERS = 200;

export async function listImages(
  ctx: PortContext,
  dataset: string,
  request: ImageListRequest,
): Promise<ImagePage> {
  const plan = planView(request.filters, request.sort, ctx.thresholds);
  const shape = { filters: request.filters, order: plan.order };
  const cursor = decodeCursor(request.cursor, shape);
  const results = await ctx.results(dataset);
  if (cursor && plan.needsCuration && cursor.runId !== results.runId) {
    throw new ApiError(
      409,
      'stale_cursor',
      'A new curation run finished since the first page; start the listing again without a cursor.',
      'cursor',
    );
  }
  const page = await readView(
    { store: ctx.store, curation: ctx.curation, dataset, results },
    plan,
    cursor ?? { offset: 0, extra: 0 },
    request.limit,
    SCAN_BUDGET,
  );
  return {
    items: page.rows.map(({ image, row }) => imageSummary(image, row, request.filters, ctx.thresholds)),
    nextCursor: page.next ? encodeCursor({ ...page.next, runId: results.runId }, shape) : null,
    runId: results.runId,
  };
}

export async function imageDetail(
  ctx: PortContext,
  dataset: string,
  id: string,
  threshold: number | undefined,
): Promise<ImageDetail | undefined> {
  const image = await ctx.store.images.get(dataset, id);
  if (!image) return undefined;
  const [results, objectResults] = await Promise.all([ctx.results(dataset), ctx.results(dataset, 'object')]);
  const row = (await curationOf(ctx.curation, results, [id])).get(id);
  const objects = await ctx.store.objects.forImage(dataset, id);
  const objectRows = await curationOf(
    ctx.curation,
    objectResults,
    objects.map((object) => object.id),
    'object',
  );
  const neighbours = await ctx.store.images.vectorSearch(dataset, image.vector, {
    limit: NEIGHBOURS,
    exclude: [id],
    withVectors: false,
  });
  return {
    ...imageSummary(image, row, { threshold }, ctx.thresholds),
    sha256: image.sha256,
    pixelHash: image.pixelHash,
    model: image.model,
    originalUrl: originalUrl(dataset, id),
    objects: objects.map((object) => objectSummary(object, objectRows.get(object.id))),
    duplicates: row?.duplicateCluster ? await duplicateMembers(ctx, dataset, row.duplicateCluster) : null,
    neighbours: neighbours.map((hit) => ({ id: hit.row.id, key: hit.row.key, score: round(hit.score) })),
    labelEvidence: await evidenceOf(ctx, dataset, row),
  };
}

/** The members of a duplicate cluster in the current results (incremental rows win over the full run's). */
export async function clusterRows(
  ctx: PortContext,
  dataset: string,
  filter: { column: string; value: string | number },
  limit: number,
): Promise<CurationRow[]> {
  const results = await ctx.results(dataset);
  const inCluster = (row: CurationRow) =>
    filter.column === 'duplicateCluster'
      ? row.duplicateCluster === filter.value
      : row.visualClusters[Number(filter.column.slice('cluster'.length))] === filter.value;
  const members = new Map<string, CurationRow>();
  if (results.full) {
    const rows = await ctx.curation.rows(results.full.runId, {
      kind: 'image',
      where: where.eq(filter.column, filter.value),
      limit,
    });
    for (const row of rows) if (!results.overrides.has(row.id)) members.set(row.id, row);
  }
  for (const row of results.overrides.values())
    if (row.kind === 'image' && inCluster(row)) members.set(row.id, row);
  return [...members.values()].slice(0, limit);
}

async function duplicateMembers(
  ctx: PortContext,
  dataset: string,
  cluster: string,
): Promise<ImageDetail['duplicates']> {
  const rows = await clusterRows(
    ctx,
    dataset,
    { column: 'duplicateCluster', value: cluster },
    CLUSTER_MEMBERS,
  );
  const members = rows
    .map((row) => {
      const scores = curationScores(row);
      return {
        id: row.id,
        key: row.key,
        label: row.label,
        representative: scores.representative,
        duplicateScore: scores.duplicateScore,
        exactDuplicate: scores.exactDuplicate,
        duplicateMatch: scores.duplicateMatch,
        keptBecause: scores.keptBecause,
      };
    })
    .sort(
      (a, b) => Number(b.representative) - Number(a.representative) || b.duplicateScore - a.duplicateScore,
    );
  return { cluster, members };
}

const MIME: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  tiff: 'image/tiff',
  avif: 'image/avif',
  heif: 'image/heif',
  heic: 'image/heic',
};

export async function imageFile(
  ctx: PortContext,
  dataset: string,
  id: string,
  variant: 'thumbnail' | 'original',
): Promise<FileAnswer | undefined> {
  const image = await ctx.store.images.get(dataset, id);
  if (!image) return undefined;
  if (variant === 'original') return original(ctx, image);
  if (ctx.bucket.url) return { redirect: await ctx.bucket.url(image.thumbnailKey, 300) };
  const body = ctx.bucket.getStream
    ? await ctx.bucket.getStream(image.thumbnailKey)
    : await ctx.bucket.get(image.thumbnailKey);
  return body ? { body, contentType: 'image/webp', maxAge: 3600 } : undefined;
}

async function original(ctx: PortContext, image: ImageRow): Promise<FileAnswer | undefined> {
  const found = await findOriginal(ctx, image);
  if (found.status === 'missing') return undefined;
  if (found.status === 'changed') throw originalChanged(image.id);
  if (found.status === 'redirect') return { redirect: found.url };
  return { body: found.bytes, contentType: MIME[image.format] ?? 'application/octet-stream', maxAge: 3600 };
}
