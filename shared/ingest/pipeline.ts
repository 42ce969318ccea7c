import { cpus } from 'node:os';
import pLimit from 'p-limit';
import type { Embedder } from '../embed/types.ts';
import { errorMessage } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { resolveSplitTags, type SplitOptions } from '../splits/index.ts';
import type { Bucket, Store } from '../store/index.ts';
import { encodeContentVector, imageId, objectId } from '../store/index.ts';
import type { FailureRow, ImageRow, ObjectRow } from '../store/types.ts';
import { encodeUnjudged } from '../vocabulary/index.ts';
import type { Annotation } from './annotations/index.ts';
import { type MediaLimits, type PreparedImage, type PrepareOutcome, prepareImage } from './prepare.ts';
import type { IngestItem } from './source.ts';
import { storedStates } from './stored.ts';
import { missingVectors, type VectorSupply, vectorStep } from './vectors/index.ts';

export interface IngestSummary {
  ingested: number;
  unchanged: number;
  objects: number;
  failed: { key: string; reason: string }[];
}

export interface IngestProgress {
  done: number;
  /** Known up front for a folder; undefined for an open-ended stream. */
  total?: number;
  key: string;
  status: PrepareOutcome['status'];
}

export interface IngestContext {
  dataset: string;
  store: Store;
  bucket: Bucket;
  embedder: Embedder;
  log: Logger;
  limits: MediaLimits;
  thumbnailSize: number;
  batchSize: number;
  /** Parallel decodes; 0 = one per core. */
  concurrency: number;
  annotationFor(key: string): Annotation;
  /** Precomputed vectors by key (bring your own embeddings); images are then not embedded here. */
  vectors?: VectorSupply;
  /** Where splits come from (default: annotations, then the first folder that names one). */
  splits?: SplitOptions;
  onProgress?(progress: IngestProgress): void;
  now?(): number;
}

export function thumbnailKey(dataset: string, id: string): string {
  return `thumbnails/${dataset}/${id}.webp`;
}

/**
 * Bytes -> rows. Items are decoded in parallel (sharp works on libuv's thread pool, so every core decodes),
 * embedded in batches, and written batch by batch; while one batch is embedded and written, the next decodes.
 * Idempotent: a key whose content hash is already stored is skipped without decoding.
 */
export async function ingestItems(
  items: Iterable<IngestItem> | AsyncIterable<IngestItem>,
  ctx: IngestContext,
  total?: number,
): Promise<IngestSummary> {
  // A model viscura cannot run (supplied vectors) still needs a vector per image: each image without one fails.
  const vectors = ctx.vectors ?? (ctx.embedder.precomputed ? missingVectors(ctx.embedder) : undefined);
  ctx = { ...ctx, vectors };
  // A store holds one model's vectors: refuse up front, with the way out, rather than fail every batch.
  const attach = vectors ? await vectorStep({ ...ctx, supply: vectors }) : undefined;
  if (!attach) await ctx.store.assertModel({ id: ctx.embedder.modelId, dimension: ctx.embedder.dimension });
  const summary: IngestSummary = { ingested: 0, unchanged: 0, objects: 0, failed: [] };
  const limit = pLimit(ctx.concurrency > 0 ? ctx.concurrency : Math.max(1, cpus().length));
  let done = 0;
  let writing: Promise<void> = Promise.resolve();
  const prepareBatch = async (batch: IngestItem[]): Promise<PrepareOutcome[]> => {
    const stored = await storedStates(
      ctx.store,
      ctx.dataset,
      batch.map((item) => item.key),
    );
    return Promise.all(
      batch.map((item) =>
        limit(async () => {
          const outcome = await prepareImage(item, {
            limits: ctx.limits,
            thumbnailSize: ctx.thumbnailSize,
            stored: stored.get(item.key),
            annotation: ctx.annotationFor(item.key),
            log: ctx.log,
          });
          done += 1;
          ctx.onProgress?.({ done, total, key: item.key, status: outcome.status });
          return outcome;
        }),
      ),
    );
  };
  const write = async (outcomes: PrepareOutcome[]) => {
    await writing;
    writing = (attach ? attach(outcomes) : Promise.resolve(outcomes)).then((ready) =>
      writeBatch(ready, ctx, summary),
    );
  };

  // The next batch is queued for decoding before this one is embedded (synchronous work on this thread for the
  // built-in embedder), so the decoders never wait for it; writes stay in order.
  let ahead: Promise<PrepareOutcome[]> | undefined;
  for await (const batch of chunks(items, ctx.batchSize)) {
    const next = prepareBatch(batch);
    // Awaited below; this only keeps a store error here from being reported as unhandled meanwhile.
    next.catch(() => {});
    if (ahead) await write(await ahead);
    ahead = next;
  }
  if (ahead) await write(await ahead);
  await writing;
  return summary;
}

async function writeBatch(
  outcomes: PrepareOutcome[],
  ctx: IngestContext,
  summary: IngestSummary,
): Promise<void> {
  const prepared: PreparedImage[] = [];
  const failures: FailureRow[] = [];
  const at = ctx.now?.() ?? Date.now();
  const fail = (key: string, sha256: string | null, reason: string) =>
    failures.push({ dataset: ctx.dataset, key, sha256, reason, at });
  for (const outcome of outcomes) {
    if (outcome.status === 'prepared') prepared.push(outcome.image);
    else if (outcome.status === 'unchanged') summary.unchanged += 1;
    else fail(outcome.key, outcome.sha256, outcome.reason);
  }
  const { images, objects, thumbnails } = await embedEach(prepared, ctx, at, fail);
  await reportFailures(failures, ctx, summary);
  if (images.length === 0) return;

  try {
    await Promise.all(images.map((row, i) => ctx.bucket.put(row.thumbnailKey, thumbnails[i], 'image/webp')));
    // The image row, which carries the content hash, is written last: it is the commit point that makes a
    // re-run skip this key, so a crash before it leaves the key to be retried, never half-stored.
    await ctx.store.objects.replaceForImages(
      images.map((row) => row.id),
      objects,
    );
    await ctx.store.images.upsert(images);
    await ctx.store.failures.clear(
      ctx.dataset,
      images.map((row) => row.key),
    );
    summary.ingested += images.length;
    summary.objects += objects.length;
  } catch (error) {
    // A failure here is the store's, not one file's: report every key of the batch and go on; nothing was
    // marked as stored, so the next run retries them.
    const reason = `not stored: ${errorMessage(error)}`;
    ctx.log.error('batch failed', { keys: images.map((row) => row.key), reason });
    for (const row of images) summary.failed.push({ key: row.key, reason });
  }
}

/** Logged, counted and recorded in the failures table, where `stats` and the API find them. */
async function reportFailures(failures: FailureRow[], ctx: IngestContext, summary: IngestSummary) {
  for (const failure of failures) {
    ctx.log.warn('skipped file', { key: failure.key, reason: failure.reason });
    summary.failed.push({ key: failure.key, reason: failure.reason });
  }
  if (failures.length > 0) await ctx.store.failures.record(failures);
}

/**
 * The batch in one embedder call; if that call fails, each image alone, so the one file the model cannot take
 * fails by itself (with its reason) and never costs the others theirs.
 */
async function embedEach(
  prepared: PreparedImage[],
  ctx: IngestContext,
  at: number,
  fail: (key: string, sha256: string | null, reason: string) => void,
): Promise<{ images: ImageRow[]; objects: ObjectRow[]; thumbnails: Uint8Array[] }> {
  const thumbnails = prepared.map((image) => image.thumbnail);
  if (prepared.length === 0) return { images: [], objects: [], thumbnails };
  try {
    return { ...(await embedRows(prepared, ctx, at)), thumbnails };
  } catch (error) {
    if (prepared.length === 1) {
      const [image] = prepared;
      fail(image.key, image.decoded.meta.sha256, `cannot embed: ${errorMessage(error)}`);
      return { images: [], objects: [], thumbnails: [] };
    }
    ctx.log.warn('batch embedding failed; embedding its images one by one', { reason: errorMessage(error) });
  }
  const out = { images: [] as ImageRow[], objects: [] as ObjectRow[], thumbnails: [] as Uint8Array[] };
  for (const image of prepared) {
    const one = await embedEach([image], ctx, at, fail);
    out.images.push(...one.images);
    out.objects.push(...one.objects);
    out.thumbnails.push(...one.thumbnails);
  }
  return out;
}

/** One embedder call per batch for images and their object crops together: fewer, fuller model calls. */
async function embedRows(prepared: PreparedImage[], ctx: IngestContext, at: number) {
  // Supplied vectors come from a model this process does not have: their content is not embedded either.
  const rasters = prepared.flatMap((image) => [
    ...(image.vector ? [] : [image.decoded.raster]),
    ...(image.vector || !image.content ? [] : [image.content]),
    ...image.objects.map((object) => object.raster),
  ]);
  const vectors = rasters.length > 0 ? await ctx.embedder.embedImages(rasters) : [];
  const model = ctx.vectors?.model ?? ctx.embedder.modelId;
  const images: ImageRow[] = [];
  const objects: ObjectRow[] = [];
  let next = 0;
  for (const image of prepared) {
    const id = imageId(ctx.dataset, image.key);
    const { meta } = image.decoded;
    images.push({
      id,
      dataset: ctx.dataset,
      key: image.key,
      sha256: meta.sha256,
      pixelHash: meta.pixelHash,
      size: meta.bytes,
      width: meta.width,
      height: meta.height,
      format: meta.format,
      label: image.annotation.label,
      caption: image.annotation.caption,
      tags: resolveSplitTags(image.annotation.tags, image.key, ctx.splits),
      thumbnailKey: thumbnailKey(ctx.dataset, id),
      vector: image.vector ?? vectors[next++],
      contentVector: image.vector || !image.content ? null : encodeContentVector(vectors[next++]),
      model,
      ingestedAt: at,
      ...image.quality,
      qualityUnjudged: encodeUnjudged(image.unjudged),
    });
    image.objects.forEach((object, index) => {
      objects.push({
        id: objectId(id, index),
        imageId: id,
        dataset: ctx.dataset,
        key: image.key,
        label: object.label,
        box: object.box,
        vector: vectors[next++],
        model,
      });
    });
  }
  return { images, objects };
}

async function* chunks<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}
