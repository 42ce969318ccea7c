export { type Bucket, type BucketEntry, checkKey, checkPrefix, keyProblem } from './bucket.ts';
export { decodeContentVector, encodeContentVector } from './content-vector.ts';
export { openCurationStore } from './curation.ts';
export * from './curation-types.ts';
export {
  type ColumnKind,
  type Columns,
  compileFilter,
  escapeLike,
  type Filter,
  type Range,
  type Scalar,
  stringLiteral,
  where,
} from './filters.ts';
export { ID_PATTERN, imageId, isId, objectId } from './ids.ts';
export { createLocalBucket } from './local-bucket.ts';
export { type OpenStoreOptions, openStore } from './open.ts';
export { type OpenedBucket, openBucket } from './open-bucket.ts';
export { type Origins, readOrigins, recordOrigin } from './origins.ts';
export { isCommitConflict, withCommitRetry } from './retry.ts';
export type { S3Bucket } from './s3-bucket.ts';
export { lanceStorageOptions, type S3Settings } from './s3-settings.ts';
export { isS3Uri, parseS3Uri, type S3Location } from './s3-uri.ts';
export { filterColumns, imagesSpec, objectsSpec, QUALITY_COLUMNS } from './schema.ts';
export * from './types.ts';
