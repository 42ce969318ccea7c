import { VisibleError } from '../errors/index.ts';
import { checkPrefix } from './bucket.ts';

/** A bucket and the key prefix everything lives under ('' or ending in '/'). */
export interface S3Location {
  bucket: string;
  prefix: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Uri(uri: string): boolean {
  return uri.startsWith('s3://');
}

/** s3://bucket/some/prefix -> { bucket, prefix: 'some/prefix/' }. */
export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!match || !BUCKET_NAME.test(match[1])) {
    throw new VisibleError(
      `${uri} is not an S3 location: write s3://bucket or s3://bucket/prefix.`,
      'invalid_uri',
    );
  }
  const path = match[2].replace(/\/+$/, '');
  if (path !== '') checkPrefix(`${path}/`);
  return { bucket: match[1], prefix: path === '' ? '' : `${path}/` };
}
