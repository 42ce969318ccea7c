import { type FanoutDeps, type FanoutSettings, lambdaInvoker } from '../../cloud/fanout/index.ts';
import { VisibleError } from '../../errors/index.ts';
import type { Logger } from '../../log/index.ts';
import type { Bucket } from '../../store/index.ts';

/**
 * The local Lambda stand-in checks no signature, but the SDK signs every request: without AWS credentials
 * in the environment it would look for them on the instance-metadata address.
 */
const STAND_IN_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * The curation function's fan-out: its settings from the config (`cloud.fanout`), invocations through
 * client-lambda. `env` only tells whether AWS credentials are there (see STAND_IN_CREDENTIALS).
 */
export function fanoutDeps(
  parts: { bucket: Bucket; settings: FanoutSettings; log: Logger },
  env: Record<string, string | undefined>,
): FanoutDeps {
  return { ...parts, invoke: invokerFor(parts.settings, env) };
}

function invokerFor(settings: FanoutSettings, env: Record<string, string | undefined>): FanoutDeps['invoke'] {
  const { functionName, endpoint, region } = settings;
  if (!functionName) {
    return async () => {
      throw new VisibleError(
        'No shard function is configured: set VISCURA_SHARD_FUNCTION.',
        'invalid_config',
      );
    };
  }
  const local = endpoint !== undefined && !env.AWS_ACCESS_KEY_ID;
  return lambdaInvoker({
    functionName,
    region,
    endpoint,
    credentials: local ? STAND_IN_CREDENTIALS : undefined,
  });
}
