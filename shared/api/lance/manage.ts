import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { create as createTar } from 'tar';
import { type ExportItem, exportTraining } from '../../export/index.ts';
import type { Snapshots } from '../../snapshots/index.ts';
import type { Views } from '../../views/index.ts';
import { ApiError, noView } from '../errors.ts';
import type { DiffAnswer, FileAnswer, Principal, TrainingExportRequest, ViewAnswer } from '../ports.ts';
import type { DiffQuery } from '../schemas/manage.ts';
import type { PortContext } from './context.ts';
import { trainingItems } from './training.ts';

/** Views and snapshots live beside the data tables: opened per request, closed after it. */
export interface ManageDeps {
  views(): Promise<Views>;
  snapshots(): Promise<Snapshots>;
}

export function manageDeps(ctx: PortContext): ManageDeps {
  if (!ctx.manage) throw new ApiError(501, 'not_supported', 'Views and snapshots are not served here.');
  return ctx.manage;
}

export async function withViews<T>(ctx: PortContext, work: (views: Views) => Promise<T>): Promise<T> {
  const views = await manageDeps(ctx).views();
  try {
    return await work(views);
  } finally {
    views.close();
  }
}

export async function withSnapshots<T>(ctx: PortContext, work: (s: Snapshots) => Promise<T>): Promise<T> {
  const snapshots = await manageDeps(ctx).snapshots();
  try {
    return await work(snapshots);
  } finally {
    snapshots.close();
  }
}

/** The key that saved a view, or an all-datasets key, deletes it. */
export function deleteView(
  ctx: PortContext,
  dataset: string,
  name: string,
  by: Principal,
): Promise<ViewAnswer> {
  return withViews(ctx, async (views) => {
    const view = await views.get(dataset, name);
    if (!view) throw noView(dataset, name);
    if (by.datasets !== null && view.owner.keyId !== by.keyId)
      throw new ApiError(
        403,
        'forbidden',
        `View "${name}" was saved by another key; that key or an all-datasets key deletes it.`,
      );
    await views.delete(dataset, name);
    return view;
  });
}

/** The diff with each list cut to `limit` (a diff of a large dataset can list every image); counts cover all. */
export async function snapshotDiff(
  ctx: PortContext,
  dataset: string,
  from: string,
  query: DiffQuery,
): Promise<DiffAnswer> {
  const diff = await withSnapshots(ctx, (s) => s.diff(dataset, from, query.to));
  const cut = <T>(list: T[]) => list.slice(0, query.limit);
  return {
    ...diff,
    counts: {
      added: diff.added.length,
      removed: diff.removed.length,
      relabelled: diff.relabelled.length,
      changed: diff.changed.length,
    },
    added: cut(diff.added),
    removed: cut(diff.removed),
    relabelled: cut(diff.relabelled),
    changed: cut(diff.changed),
    issues: Object.fromEntries(
      Object.entries(diff.issues).map(([issue, { appeared, gone }]) => [
        issue,
        { appeared: cut(appeared), gone: cut(gone) },
      ]),
    ),
  };
}

/**
 * A training export for a client: written into a temporary folder (the same writer as `viscura export`), then
 * streamed as one .tar.gz and the folder removed. Bounded by `maxImages`; with images=copy the originals must be
 * reachable from this server.
 */
export async function trainingExport(
  ctx: PortContext,
  dataset: string,
  request: TrainingExportRequest,
): Promise<FileAnswer> {
  const originals = ctx.originals(dataset);
  if (request.images === 'copy' && originals.length === 0)
    throw new ApiError(
      409,
      'no_originals',
      'The originals of this dataset are not reachable from this server: use images=none.',
    );
  const out = await mkdtemp(join(tmpdir(), 'viscura-export-'));
  try {
    await exportTraining(first(trainingItems(ctx, dataset, request.filters), request.maxImages), {
      format: request.format,
      out: join(out, dataset),
      images: request.images,
      source: {
        get: async (key) => {
          for (const bucket of originals) {
            const bytes = await bucket.get(key);
            if (bytes) return bytes;
          }
          return undefined;
        },
      },
    });
  } catch (error) {
    await rm(out, { recursive: true, force: true });
    throw error;
  }
  // tar streams a minipass: iterate it into a Node stream, and remove the folder once it is read or dropped.
  const archive = createTar({ gzip: true, cwd: out, portable: true }, [dataset]) as AsyncIterable<Uint8Array>;
  const stream = Readable.from(archive, { objectMode: false });
  stream.once('close', () => void rm(out, { recursive: true, force: true }));
  const stamp = new Date().toISOString().slice(0, 10);
  return {
    body: Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>,
    contentType: 'application/gzip',
    filename: `${dataset}-${request.format}-${stamp}.tar.gz`,
  };
}

async function* first(items: AsyncIterable<ExportItem>, n: number): AsyncGenerator<ExportItem> {
  if (n <= 0) return;
  let taken = 0;
  for await (const item of items) {
    yield item;
    if (++taken >= n) return;
  }
}
