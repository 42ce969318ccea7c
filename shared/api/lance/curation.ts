import { reportKeys } from '../../curate/report/index.ts';
import { type CurationRow, type ObjectRow, type VisualClusterRow, where } from '../../store/index.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import { thumbnailUrl } from '../paths.ts';
import type { FileAnswer } from '../ports.ts';
import type {
  ClusterPage,
  ClustersQuery,
  DuplicateCluster,
  ObjectsQuery,
  VisualCluster,
} from '../schemas/curation.ts';
import type { ObjectPage } from '../schemas/images.ts';
import type { PortContext } from './context.ts';
import { objectSummary } from './convert.ts';
import { CURATION_ISSUES, round, thresholdOf } from './issues.ts';
import { curationOf } from './results.ts';

const BATCH = 1_000;
/** Members listed per duplicate cluster; `size` counts them all. */
const MEMBERS_SHOWN = 50;

export async function clusters(
  ctx: PortContext,
  dataset: string,
  query: ClustersQuery,
): Promise<ClusterPage> {
  const results = await ctx.results(dataset);
  const shape = { kind: query.kind, level: query.kind === 'visual' ? query.level : null };
  const start = decodeCursor(query.cursor, shape)?.offset ?? 0;
  const page = {
    kind: query.kind,
    level: shape.level,
    runId: results.runId,
    total: null,
    items: [],
    nextCursor: null,
  };
  if (!results.full) return page;
  const runId = results.full.runId;
  const next = (offset: number | undefined) =>
    offset === undefined ? null : encodeCursor({ offset, extra: 0, runId }, shape);

  if (query.kind === 'visual') {
    const one = query.id !== undefined;
    const rows = await ctx.curation.clusters(runId, query.level, {
      limit: query.limit,
      offset: one ? 0 : start,
      id: query.id,
    });
    const more = !one && rows.length === query.limit;
    return {
      ...page,
      total: results.full.counts[`visualClusters.level${query.level}`] ?? null,
      items: await visualClusters(ctx, dataset, rows),
      nextCursor: next(more ? start + rows.length : undefined),
    };
  }
  const { items, offset } = await duplicateClusters(ctx, dataset, runId, start, query.limit);
  return { ...page, items, nextCursor: next(offset) };
}

/** The clusters with the preview members that still exist, each with its key and thumbnail. */
async function visualClusters(
  ctx: PortContext,
  dataset: string,
  rows: VisualClusterRow[],
): Promise<VisualCluster[]> {
  const keys = await keysOf(ctx, dataset, [...new Set(rows.flatMap((row) => row.preview))]);
  return rows.map((row) => ({
    id: row.clusterId,
    level: row.level,
    size: row.size,
    preview: row.preview
      .filter((id) => keys.has(id))
      .map((id) => ({ id, key: keys.get(id) as string, thumbnailUrl: thumbnailUrl(dataset, id) })),
    labels: row.labels,
  }));
}

/**
 * Duplicate clusters of the full run, by cluster id: rows are read in cluster order and grouped, and the cursor
 * is the row where the next cluster starts. LanceDB has no GROUP BY, so this is a streaming group.
 */
async function duplicateClusters(
  ctx: PortContext,
  dataset: string,
  runId: string,
  start: number,
  limit: number,
): Promise<{ items: DuplicateCluster[]; offset: number | undefined }> {
  const items: DuplicateCluster[] = [];
  let group: { id: string; rows: CurationRow[]; start: number } | undefined;
  let offset = start;
  const close = () => {
    if (group) items.push(duplicateCluster(dataset, group.id, group.rows));
  };
  for (;;) {
    const rows = await ctx.curation.rows(runId, {
      kind: 'image',
      where: where.notNull('duplicateCluster'),
      orderBy: { column: 'duplicateCluster', ascending: true },
      offset,
      limit: BATCH,
    });
    for (const row of rows) {
      if (group?.id !== row.duplicateCluster) {
        close();
        if (items.length === limit) return { items, offset };
        group = { id: row.duplicateCluster as string, rows: [], start: offset };
      }
      group.rows.push(row);
      offset++;
    }
    if (rows.length < BATCH) {
      close();
      return { items, offset: undefined };
    }
  }
}

function duplicateCluster(dataset: string, id: string, rows: CurationRow[]): DuplicateCluster {
  const member = (row: CurationRow) => ({
    id: row.id,
    key: row.key,
    label: row.label,
    thumbnailUrl: thumbnailUrl(dataset, row.id),
  });
  const sorted = [...rows].sort(
    (a, b) => Number(b.representative) - Number(a.representative) || b.duplicateScore - a.duplicateScore,
  );
  return {
    id,
    size: rows.length,
    representative: member(sorted[0]),
    members: sorted.slice(0, MEMBERS_SHOWN).map((row) => ({
      ...member(row),
      representative: row.representative,
      duplicateScore: round(row.duplicateScore),
      exactDuplicate: row.exactDuplicate,
      duplicateMatch: row.duplicateMatch ?? null,
      keptBecause: row.keptBecause ?? null,
    })),
  };
}

async function keysOf(ctx: PortContext, dataset: string, ids: string[]): Promise<Map<string, string>> {
  const images = await ctx.store.images.getMany(dataset, ids);
  return new Map(images.map((image) => [image.id, image.key]));
}

/**
 * Objects: with an issue, read from the object-level results of the full run (most confident first); without,
 * straight from the objects table in stored order.
 */
export async function objects(ctx: PortContext, dataset: string, query: ObjectsQuery): Promise<ObjectPage> {
  const { cursor, limit, ...shape } = query;
  const start = decodeCursor(cursor, shape)?.offset ?? 0;
  const results = await ctx.results(dataset, 'object');
  const own = where.and(
    query.label === undefined ? undefined : where.eq('label', query.label),
    query.imageId === undefined ? undefined : where.eq('imageId', query.imageId),
    query.prefix === undefined ? undefined : where.prefix('key', query.prefix),
  );
  const page = (
    rows: ObjectRow[],
    scores: Map<string, CurationRow>,
    next: number | undefined,
  ): ObjectPage => ({
    items: rows.map((row) => objectSummary(row, scores.get(row.id))),
    nextCursor:
      next === undefined ? null : encodeCursor({ offset: next, extra: 0, runId: results.runId }, shape),
    runId: results.runId,
  });
  if (query.issue === undefined) {
    const rows: ObjectRow[] = [];
    let seen = 0;
    for await (const batch of ctx.store.objects.scan(dataset, {
      columns: ['id', 'imageId', 'dataset', 'key', 'label', 'box', 'model'],
      where: own,
    })) {
      for (const row of batch) {
        if (seen++ < start) continue;
        if (rows.length === limit) return page(rows, await scoresOf(ctx, results, rows), start + rows.length);
        rows.push(row as ObjectRow);
      }
    }
    return page(rows, await scoresOf(ctx, results, rows), undefined);
  }
  if (!results.full) return page([], new Map(), undefined);
  const spec = CURATION_ISSUES[query.issue];
  const threshold = thresholdOf(query.issue, query.threshold, ctx.thresholds);
  const scored = await ctx.curation.rows(results.full.runId, {
    kind: 'object',
    where: where.and(
      spec.filter(threshold),
      query.imageId === undefined ? undefined : where.eq('imageId', query.imageId),
      query.prefix === undefined ? undefined : where.prefix('key', query.prefix),
    ),
    orderBy: { column: spec.order[0], ascending: false },
    offset: start,
    limit,
  });
  const found = await objectsById(
    ctx,
    dataset,
    scored.map((row) => row.id),
  );
  const rows = scored
    .map((row) => found.get(row.id))
    .filter(
      (row): row is ObjectRow =>
        row !== undefined && (query.label === undefined || row.label === query.label),
    );
  return page(
    rows,
    new Map(scored.map((row) => [row.id, row])),
    scored.length === limit ? start + limit : undefined,
  );
}

async function scoresOf(
  ctx: PortContext,
  results: Awaited<ReturnType<PortContext['results']>>,
  rows: ObjectRow[],
) {
  return curationOf(
    ctx.curation,
    results,
    rows.map((row) => row.id),
    'object',
  );
}

async function objectsById(
  ctx: PortContext,
  dataset: string,
  ids: string[],
): Promise<Map<string, ObjectRow>> {
  const out = new Map<string, ObjectRow>();
  if (ids.length === 0) return out;
  for await (const batch of ctx.store.objects.scan(dataset, {
    columns: ['id', 'imageId', 'dataset', 'key', 'label', 'box', 'model'],
    where: where.in('id', ids),
  })) {
    for (const row of batch) out.set(row.id, row as ObjectRow);
  }
  return out;
}

export async function latestReport(
  ctx: PortContext,
  dataset: string,
  format: 'json' | 'html',
): Promise<FileAnswer | undefined> {
  const keys = reportKeys(dataset, 'latest');
  const body = await ctx.bucket.get(format === 'json' ? keys.json : keys.html);
  if (!body) return undefined;
  const contentType = format === 'json' ? 'application/json' : 'text/html; charset=utf-8';
  return { body, contentType, maxAge: 60 };
}
