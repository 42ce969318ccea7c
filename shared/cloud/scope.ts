import { errorMessage, VisibleError } from '../errors/index.ts';
import { isAnnotationFile } from '../ingest/annotations/index.ts';
import { thumbnailKey } from '../ingest/index.ts';
import { imageKeyOfVectorSidecar, isVectorFile } from '../ingest/vectors/names.ts';
import { checkKey, isS3Uri, parseS3Uri } from '../store/index.ts';
import type { ObjectEvent } from './events.ts';

/** Which objects the function ingests: one bucket, keys under its prefix and one of the watched prefixes. */
export interface WatchScope {
  bucket: string;
  /** The prefix the Bucket port is rooted at ('' or ending in '/'); event keys are stripped of it. */
  prefix: string;
  /** Relative to `prefix`, each ending in '/'. */
  watch: readonly string[];
}

export interface Rejection {
  key: string;
  reason: string;
}

/** Event names that change what a key holds; the object's current state decides what to do. */
const OBJECT_CHANGE = /^(ObjectCreated|ObjectRemoved|LifecycleExpiration):/;

/**
 * Object events -> the distinct bucket keys to bring up to date, and the events refused (with why).
 * Nothing here touches storage: a refused event has no side effect.
 */
export function keysInScope(
  events: readonly ObjectEvent[],
  scope: WatchScope,
): { keys: string[]; rejected: Rejection[] } {
  const keys = new Set<string>();
  const rejected: Rejection[] = [];
  for (const event of events) {
    const problem = outOfScope(event, scope);
    if (problem) rejected.push({ key: event.key, reason: problem });
    else {
      // A vector sidecar stands for its image: whichever of the two lands last completes the ingest.
      const key = event.key.slice(scope.prefix.length);
      keys.add(imageKeyOfVectorSidecar(key) ?? key);
    }
  }
  return { keys: [...keys], rejected };
}

function outOfScope(event: ObjectEvent, scope: WatchScope): string | undefined {
  if (!OBJECT_CHANGE.test(event.name)) return `${event.name} is not an object change`;
  if (event.bucket !== scope.bucket)
    return `bucket ${event.bucket} is not the watched bucket ${scope.bucket}`;
  if (!event.key.startsWith(scope.prefix)) return `the key is outside s3://${scope.bucket}/${scope.prefix}`;
  const key = event.key.slice(scope.prefix.length);
  try {
    checkKey(key);
  } catch (error) {
    return errorMessage(error);
  }
  if (!scope.watch.some((prefix) => key.startsWith(prefix))) {
    return `the key is outside the watched prefixes (${scope.watch.join(', ')})`;
  }
  const name = key.slice(key.lastIndexOf('/') + 1);
  if (name.startsWith('.')) return 'hidden files are not ingested';
  if (imageKeyOfVectorSidecar(key) !== undefined) return undefined;
  if (isVectorFile(key))
    return 'vector files are read by `viscura ingest`; the function reads <image>.embedding.json sidecars';
  if (isAnnotationFile(key)) return 'annotation files are not read by the ingest function';
  return undefined;
}

/** Folder-per-class: images/cat/1.jpg under the watched prefix images/ is labelled "cat". */
export function folderLabel(key: string, watch: readonly string[]): string | null {
  const prefix = watch.find((candidate) => key.startsWith(candidate));
  if (prefix === undefined) return null;
  const parts = key.slice(prefix.length).split('/');
  return parts.length >= 2 ? (parts.at(-2) as string) : null;
}

/**
 * The scope, refused when the function's own writes would land in a watched prefix: every thumbnail or
 * table write would then trigger the function again, for ever.
 */
export function watchScope(bucketUri: string, dbUri: string, watch: readonly string[]): WatchScope {
  if (!isS3Uri(bucketUri)) {
    throw new VisibleError(
      `The ingest function reads S3 events, but the bucket is ${bucketUri}: set VISCURA_BUCKET to s3://bucket or s3://bucket/prefix.`,
      'invalid_config',
    );
  }
  const location = parseS3Uri(bucketUri);
  const ownWrites = [`${location.prefix}${thumbnailKey('x', 'x')}`];
  if (isS3Uri(dbUri)) {
    const db = parseS3Uri(dbUri);
    if (db.bucket === location.bucket) ownWrites.push(`${db.prefix}x`);
  }
  for (const prefix of watch) {
    const clash = ownWrites.find((key) => key.startsWith(`${location.prefix}${prefix}`));
    if (clash) {
      throw new VisibleError(
        `The watched prefix ${prefix} also holds the function's own writes (${clash.replace(/x$/, '…')}); watch a prefix of its own, such as images/.`,
        'invalid_config',
      );
    }
  }
  return { bucket: location.bucket, prefix: location.prefix, watch };
}
