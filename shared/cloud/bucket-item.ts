import { VisibleError } from '../errors/index.ts';
import type { IngestItem } from '../ingest/index.ts';
import type { Bucket, BucketEntry } from '../store/index.ts';

/** A bucket that can also say an object's size without reading it (S3's HEAD). */
export type StatBucket = Bucket & { stat?(key: string): Promise<BucketEntry | undefined> };

/** The object's size, or undefined when there is no such object (a one-key listing where HEAD is missing). */
export async function statObject(bucket: StatBucket, key: string): Promise<BucketEntry | undefined> {
  if (bucket.stat) return bucket.stat(key);
  for await (const entry of bucket.list(key)) {
    if (entry.key === key) return entry;
    if (entry.key > key) break;
  }
  return undefined;
}

export interface ReadTrouble {
  /** The object was deleted between the event and the read. */
  onGone(key: string): void;
  /** The read failed for another reason (after the client's retries): worth trying again later. */
  onError(key: string, error: unknown): void;
}

/** An object as an ingest item: streamed, and refused as soon as it passes `maxBytes`. */
export function bucketItem(
  bucket: StatBucket,
  entry: BucketEntry,
  maxBytes: number,
  trouble: ReadTrouble,
): IngestItem {
  const { key } = entry;
  return {
    key,
    size: entry.size,
    async read() {
      let stream: ReadableStream<Uint8Array> | undefined;
      try {
        stream = bucket.getStream ? await bucket.getStream(key) : wrap(await bucket.get(key));
      } catch (error) {
        trouble.onError(key, error);
        throw error;
      }
      if (!stream) {
        trouble.onGone(key);
        throw new VisibleError('the object was deleted before it could be read', 'gone');
      }
      return readCapped(stream, maxBytes, (error) => trouble.onError(key, error));
    },
  };
}

async function readCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  onError: (error: unknown) => void,
): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new VisibleError(`file is larger than the ${maxBytes}-byte limit`, 'too_large');
      }
      parts.push(value);
    }
  } catch (error) {
    if (!(error instanceof VisibleError)) onError(error);
    throw error;
  }
  return Buffer.concat(parts, total);
}

function wrap(bytes: Uint8Array | undefined): ReadableStream<Uint8Array> | undefined {
  if (!bytes) return undefined;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
