import { resolve } from 'node:path';

/** Where the local cloud lives and listens; each value can be moved with an environment variable. */
export interface CloudSettings {
  /** State, logs, pids (CLOUD_DIR, default .viscura/cloud). */
  dir: string;
  s3Port: number;
  monPort: number;
  /** The Lambda Invoke API stand-in. */
  lambdaPort: number;
  /** The bucket whose notifications push to the stand-in. */
  bucket: string;
  accessKey: string;
  secretKey: string;
  /** Prefixes under which uploads are ingested. */
  watch: string[];
}

export function cloudSettings(env: NodeJS.ProcessEnv = process.env): CloudSettings {
  return {
    dir: resolve(env.CLOUD_DIR ?? '.viscura/cloud'),
    s3Port: Number(env.VISCURA_S3_PORT ?? 7480),
    monPort: Number(env.VISCURA_MON_PORT ?? 3300),
    lambdaPort: Number(env.VISCURA_LAMBDA_PORT ?? 9001),
    bucket: env.VISCURA_CLOUD_BUCKET ?? 'viscura',
    accessKey: env.VISCURA_S3_ACCESS_KEY ?? 'viscura',
    secretKey: env.VISCURA_S3_SECRET_KEY ?? 'viscura-secret',
    watch: (env.VISCURA_WATCH_PREFIXES ?? 'images/').split(',').map((prefix) => prefix.trim()),
  };
}

export const s3Endpoint = (settings: CloudSettings) => `http://127.0.0.1:${settings.s3Port}`;
export const lambdaEndpoint = (settings: CloudSettings) => `http://127.0.0.1:${settings.lambdaPort}`;

/**
 * The environment every function gets, as Lambda's function configuration would give it: the tables and
 * files in the bucket, the S3 server, and (for functions that invoke others) the Lambda endpoint.
 */
export function functionEnv(settings: CloudSettings): Record<string, string> {
  return {
    VISCURA_DB: `s3://${settings.bucket}/db`,
    VISCURA_BUCKET: `s3://${settings.bucket}`,
    VISCURA_S3_ENDPOINT: s3Endpoint(settings),
    VISCURA_S3_REGION: 'us-east-1',
    VISCURA_S3_ACCESS_KEY: settings.accessKey,
    VISCURA_S3_SECRET_KEY: settings.secretKey,
    VISCURA_WATCH_PREFIXES: settings.watch.join(','),
    VISCURA_LAMBDA_ENDPOINT: lambdaEndpoint(settings),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
