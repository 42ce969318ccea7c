// The S3 face of the store: the client and the bucket over it. Importing it loads the AWS SDK; the store's
// index does not, and opens S3 through `openBucket` only when a location asks for it.
export { createS3Bucket, type S3Bucket } from './s3-bucket.ts';
export { createS3Client, equalJitterBackoff } from './s3-client.ts';
export { lanceStorageOptions, type S3Settings } from './s3-settings.ts';
export { isS3Uri, parseS3Uri, type S3Location } from './s3-uri.ts';
