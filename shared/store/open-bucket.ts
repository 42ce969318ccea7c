import type { Bucket } from './bucket.ts';
import { createLocalBucket } from './local-bucket.ts';
import type { S3Settings } from './s3-settings.ts';
import { isS3Uri, parseS3Uri } from './s3-uri.ts';

export interface OpenedBucket {
  bucket: Bucket;
  /** Releases the S3 client's sockets (nothing to release for a folder). */
  close(): void;
}

/**
 * The bucket at `uri`: a local folder, or S3 for s3:// locations. The AWS SDK is imported only here, on the
 * first s3:// location, so a process that works on folders never loads it.
 */
export async function openBucket(uri: string, s3: S3Settings): Promise<OpenedBucket> {
  if (!isS3Uri(uri)) return { bucket: createLocalBucket(uri), close() {} };
  const { createS3Bucket, createS3Client } = await import('./s3.ts');
  const client = createS3Client(s3);
  return { bucket: createS3Bucket(client, parseS3Uri(uri)), close: () => client.destroy() };
}
