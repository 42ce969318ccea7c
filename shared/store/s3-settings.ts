import type { Config } from '../config/index.ts';
import { VisibleError } from '../errors/index.ts';

/** The S3 settings of the config: endpoint, region, credentials, attempts. */
export type S3Settings = Config['s3'];

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

export function regionOf(settings: S3Settings): string | undefined {
  return settings.region ?? (settings.endpoint ? 'us-east-1' : undefined);
}

export function credentialsOf(settings: S3Settings) {
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
