import { S3Client } from '@aws-sdk/client-s3';
import { StandardRetryStrategy, type StandardRetryStrategyOptions } from '@smithy/core/retry';
import type { Config } from '../config/index.ts';
import { VisibleError } from '../errors/index.ts';

export type S3Settings = Config['s3'];

type Backoff = NonNullable<StandardRetryStrategyOptions['backoff']>;

/** The longest single wait between two attempts. */
const MAX_DELAY_MS = 20_000;

/**
 * The SDK's standard retry strategy (throttling, 5xx, timeouts and resets; a retry quota per client) with
 * "equal jitter": each wait lies between half and all of its exponential step, so retries never bunch up at
 * zero the way full jitter allows. The SDK picks the base per error: 1 s after throttling, 50 ms otherwise.
 */
export function equalJitterBackoff(): Backoff {
  let base = 50;
  return {
    setDelayBase(ms) {
      base = ms;
    },
    computeNextBackoffDelay(retry) {
      const step = Math.min(MAX_DELAY_MS, base * 2 ** retry);
      return Math.floor(step / 2 + (Math.random() * step) / 2);
    },
  };
}

/** An S3 client for AWS (credentials and region from the environment when not set) or a custom endpoint. */
export function createS3Client(settings: S3Settings): S3Client {
  const custom = settings.endpoint !== undefined;
  return new S3Client({
    endpoint: settings.endpoint,
    region: regionOf(settings),
    forcePathStyle: custom,
    credentials: credentialsOf(settings),
    retryStrategy: new StandardRetryStrategy({
      maxAttempts: settings.maxAttempts,
      backoff: equalJitterBackoff(),
    }),
    // S3-compatible servers vary in which checksum headers they accept; send them only where S3 requires them.
    ...(custom && {
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  });
}

/**
 * LanceDB's object-store options for the same settings. Unset credentials and region are read from the
 * AWS_* environment by LanceDB itself, as on Lambda. Values must be strings (`allow_http: 'true'`).
 */
export function lanceStorageOptions(settings: S3Settings): Record<string, string> {
  const options: Record<string, string> = {};
  const region = regionOf(settings);
  if (region) options.region = region;
  if (settings.endpoint) {
    options.endpoint = settings.endpoint;
    options.aws_virtual_hosted_style_request = 'false';
    if (settings.endpoint.startsWith('http:')) options.allow_http = 'true';
  }
  const credentials = credentialsOf(settings);
  if (credentials) {
    options.aws_access_key_id = credentials.accessKeyId;
    options.aws_secret_access_key = credentials.secretAccessKey;
    if (credentials.sessionToken) options.aws_session_token = credentials.sessionToken;
  }
  // LanceDB's own retries of 5xx and throttling answers, bounded like the SDK's.
  options.client_max_retries = String(Math.max(0, settings.maxAttempts - 1));
  return options;
}

function regionOf(settings: S3Settings): string | undefined {
  return settings.region ?? (settings.endpoint ? 'us-east-1' : undefined);
}

function credentialsOf(settings: S3Settings) {
  const { accessKeyId, secretAccessKey, sessionToken } = settings;
  if (!accessKeyId !== !secretAccessKey) {
    throw new VisibleError(
      'Set both the S3 access key and secret key (VISCURA_S3_ACCESS_KEY, VISCURA_S3_SECRET_KEY), or neither to use the AWS environment.',
      'invalid_config',
    );
  }
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, sessionToken };
}
