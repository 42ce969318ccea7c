import pLimit from 'p-limit';
import type { Embedder } from '../embed/types.ts';
import { errorMessage } from '../errors/index.ts';
import {
  bucketSidecars,
  emptyAnnotation,
  type IngestContext,
  type IngestProgress,
  ingestItems,
  thumbnailKey,
  type VectorSupply,
  vectorSidecarKey,
} from '../ingest/index.ts';
import type { BucketEntry, Store } from '../store/index.ts';
import { imageId } from '../store/index.ts';
import { bucketItem, type StatBucket, statObject } from './bucket-item.ts';

/** Where and how keys are ingested: the pipeline's settings, with the embedder loaded only when needed. */
export interface IngestTarget
  extends Omit<IngestContext, 'annotationFor' | 'embedder' | 'bucket' | 'onProgress'> {
  bucket: StatBucket;
  embedder(): Promise<Embedder>;
  labelFor(key: string): string | null;
}

export type KeyOutcome =
  | { status: 'ingested' | 'unchanged' | 'removed' }
  /** The object itself is at fault (corrupt, too large): recorded in the failures table, not retried. */
  | { status: 'failed'; reason: string }
  /** The store, the model or S3 failed: nothing was marked done, so delivering the event again completes it. */
  | { status: 'retry'; reason: string };

/** Parallel HEADs per call. */
const STAT_CONCURRENCY = 8;

/**
 * Brings each key's rows in line with the bucket as it is now: present objects are ingested (a stored
 * content hash makes a redelivery a no-op), missing ones lose their rows and thumbnail. Acting on the current
 * state rather than the event's name makes duplicated or reordered events converge.
 */
export async function applyKeys(
  keys: readonly string[],
  target: IngestTarget,
): Promise<Map<string, KeyOutcome>> {
  const outcomes = new Map<string, KeyOutcome>();
  const limit = pLimit(STAT_CONCURRENCY);
  const present: BucketEntry[] = [];
  const absent: string[] = [];
  await Promise.all(
    keys.map((key) =>
      limit(async () => {
        try {
          const entry = await statObject(target.bucket, key);
          if (entry) present.push(entry);
          else absent.push(key);
        } catch (error) {
          outcomes.set(key, { status: 'retry', reason: `cannot look the object up: ${errorMessage(error)}` });
        }
      }),
    ),
  );
  const gone = await ingestPresent(present, target, outcomes);
  const deletedMeanwhile = await stillThere(target.bucket, outcomes);
  await removeKeys([...absent, ...gone, ...deletedMeanwhile], target, outcomes);
  return outcomes;
}

/**
 * Looks again at each key just written. An object deleted after it was read, whose removal was handled before
 * these rows were committed, would otherwise keep rows for ever; S3 is strongly consistent, so a key present now
 * gets its own removal event later, handled after this commit.
 */
async function stillThere(bucket: StatBucket, outcomes: Map<string, KeyOutcome>): Promise<string[]> {
  const written = [...outcomes].filter(([, outcome]) => outcome.status === 'ingested').map(([key]) => key);
  const limit = pLimit(STAT_CONCURRENCY);
  const deleted: string[] = [];
  await Promise.all(
    written.map((key) =>
      limit(async () => {
        try {
          if (!(await statObject(bucket, key))) deleted.push(key);
        } catch (error) {
          outcomes.set(key, {
            status: 'retry',
            reason: `cannot look the object up again: ${errorMessage(error)}`,
          });
        }
      }),
    ),
  );
  return deleted;
}

/** Returns the keys that were deleted between the lookup and the read. */
async function ingestPresent(
  entries: BucketEntry[],
  target: IngestTarget,
  outcomes: Map<string, KeyOutcome>,
): Promise<string[]> {
  if (entries.length === 0) return [];
  const gone = new Set<string>();
  const unreadable = new Set<string>();
  const recorded = new Set<string>();
  const progress = new Map<string, IngestProgress['status']>();
  const items = entries.map((entry) =>
    bucketItem(target.bucket, entry, target.limits.maxBytes, {
      onGone: (key) => gone.add(key),
      onError: (key) => unreadable.add(key),
    }),
  );
  try {
    const { labelFor, ...settings } = target;
    const embedder = await target.embedder();
    const summary = await ingestItems(items, {
      ...settings,
      store: recordingFailures(target.store, recorded),
      embedder,
      vectors: target.vectors ?? (embedder.precomputed ? sidecarVectors(target.bucket, embedder) : undefined),
      annotationFor: (key) => ({ ...emptyAnnotation(), label: labelFor(key) }),
      onProgress: (step) => progress.set(step.key, step.status),
    });
    const failed = new Map(summary.failed.map((failure) => [failure.key, failure.reason]));
    for (const { key } of entries) {
      if (gone.has(key)) continue;
      const reason = failed.get(key);
      if (reason === undefined)
        outcomes.set(key, { status: progress.get(key) === 'unchanged' ? 'unchanged' : 'ingested' });
      // A file failure is the file's fault only when the pipeline recorded it and the read itself went through.
      else if (recorded.has(key) && !unreadable.has(key)) outcomes.set(key, { status: 'failed', reason });
      else outcomes.set(key, { status: 'retry', reason });
    }
  } catch (error) {
    const reason = `not stored: ${errorMessage(error)}`;
    target.log.error('ingest failed', { keys: entries.map((entry) => entry.key), reason });
    for (const { key } of entries) if (!gone.has(key)) outcomes.set(key, { status: 'retry', reason });
  }
  return [...gone];
}

async function removeKeys(
  keys: string[],
  target: IngestTarget,
  outcomes: Map<string, KeyOutcome>,
): Promise<void> {
  if (keys.length === 0) return;
  const { store, dataset, bucket } = target;
  try {
    await store.images.deleteKeys(dataset, keys);
    await store.failures.clear(dataset, keys);
    // Rows first: once they are gone nothing points at the thumbnail, and a retry deletes it again.
    await Promise.all(keys.map((key) => bucket.delete(thumbnailKey(dataset, imageId(dataset, key)))));
    for (const key of keys) outcomes.set(key, { status: 'removed' });
  } catch (error) {
    const reason = `not removed: ${errorMessage(error)}`;
    target.log.error('remove failed', { keys, reason });
    for (const key of keys) outcomes.set(key, { status: 'retry', reason });
  }
}

/** Vectors from `<key>.embedding.json` beside each image, for a model viscura cannot run. */
export function sidecarVectors(
  bucket: StatBucket,
  model: { modelId: string; dimension?: number },
): VectorSupply {
  return {
    model: model.modelId,
    dimension: model.dimension,
    missing: (key) =>
      `: "${model.modelId}" vectors come with the images; upload ${vectorSidecarKey(key)}, and the image is ingested when it lands`,
    get: bucketSidecars((key) => bucket.get(key)),
  };
}

/** The store, noting which keys the pipeline records as failed files (the others it reports were not stored). */
function recordingFailures(store: Store, recorded: Set<string>): Store {
  const failures = {
    ...store.failures,
    record: (rows: Parameters<Store['failures']['record']>[0]) => {
      for (const row of Array.isArray(rows) ? rows : [rows]) recorded.add(row.key);
      return store.failures.record(rows);
    },
  };
  return { ...store, failures };
}
