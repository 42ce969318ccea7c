import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type Bucket, type BucketEntry, checkKey, checkPrefix } from './bucket.ts';
import type { S3Location } from './s3-uri.ts';

/** The S3 bucket also answers what an object's size is without reading it (one HEAD). */
export interface S3Bucket extends Bucket {
  readonly location: S3Location;
  stat(key: string): Promise<BucketEntry | undefined>;
}

/** Parts above this size go up as a multipart upload, four parts in flight. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Objects in S3 under the location's prefix. Reads stream, writes over 8 MiB are multipart (lib-storage),
 * listings follow continuation tokens. Retries of throttling and 5xx answers are the client's (see s3-client.ts).
 */
export function createS3Bucket(
  client: S3Client,
  location: S3Location,
  options: { listPageSize?: number } = {},
): S3Bucket {
  const pageSize = options.listPageSize ?? 1000;
  const Bucket = location.bucket;
  const objectKey = (key: string) => `${location.prefix}${checkKey(key)}`;

  const getObject = async (key: string) => {
    try {
      return await client.send(new GetObjectCommand({ Bucket, Key: objectKey(key) }));
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };

  const stat = async (key: string): Promise<BucketEntry | undefined> => {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) }));
      return { key, size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };

  return {
    location,
    stat,

    async put(key, bytes, contentType) {
      const upload = new Upload({
        client,
        params: { Bucket, Key: objectKey(key), Body: bytes, ContentType: contentType },
        partSize: PART_BYTES,
        queueSize: 4,
        leavePartsOnError: false,
      });
      await upload.done();
    },

    async get(key) {
      const object = await getObject(key);
      return object?.Body ? object.Body.transformToByteArray() : undefined;
    },

    async getStream(key) {
      const object = await getObject(key);
      return object?.Body ? (object.Body.transformToWebStream() as ReadableStream<Uint8Array>) : undefined;
    },

    async exists(key) {
      return (await stat(key)) !== undefined;
    },

    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
    },

    list(prefix) {
      return listObjects(client, location, checkPrefix(prefix), pageSize);
    },
  };
}

async function* listObjects(
  client: S3Client,
  location: S3Location,
  prefix: string,
  pageSize: number,
): AsyncGenerator<BucketEntry> {
  const pages = paginateListObjectsV2(
    { client, pageSize },
    { Bucket: location.bucket, Prefix: `${location.prefix}${prefix}` },
  );
  for await (const page of pages) {
    for (const object of page.Contents ?? []) {
      if (object.Key === undefined) continue;
      yield { key: object.Key.slice(location.prefix.length), size: object.Size ?? 0 };
    }
  }
}

function isMissing(error: unknown): boolean {
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404;
}
