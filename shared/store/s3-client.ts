import { S3Client } from '@aws-sdk/client-s3';
import { StandardRetryStrategy, type StandardRetryStrategyOptions } from '@smithy/core/retry';
import { credentialsOf, regionOf, type S3Settings } from './s3-settings.ts';

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
