import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { createApi } from '../shared/api/index.ts';
import { createNodeQueryPort, keyStoreFor, nodeQueryDeps } from '../shared/api/node/index.ts';
import { loadConfig, type ResolvedConfig } from '../shared/config/index.ts';
import { VisibleError } from '../shared/errors/index.ts';
import { apiKeyRecord, type KeyStore, keyAuth, staticKeyStore } from '../shared/keys/index.ts';
import { retryingOnce } from '../shared/lazy/once.ts';
import { createLogger } from '../shared/log/index.ts';
import { openRuntime } from '../shared/runtime/index.ts';

type LambdaHandler = ReturnType<typeof handle>;

/**
 * The query API on Lambda (API Gateway or a function URL): the same Hono app as `viscura serve`. Keys come from
 * VISCURA_API_KEYS (the JSON array of key records, hashes only) when set, else from the data dir's key file.
 */
export async function createQueryHandler(
  env: Record<string, string | undefined> = process.env,
): Promise<LambdaHandler> {
  const config = loadConfig({ env });
  const log = createLogger(config.logLevel);
  const runtime = await openRuntime(config, log);
  const keys = queryKeyStore(env, config);
  const query = createNodeQueryPort(await nodeQueryDeps(runtime));
  return handle(createApi({ query, auth: keyAuth(keys) }, { log }));
}

/** The key records in VISCURA_API_KEYS when set (the deployed function), else the data dir's key file. */
export function queryKeyStore(env: Record<string, string | undefined>, config: ResolvedConfig): KeyStore {
  const text = env.VISCURA_API_KEYS;
  return text ? staticKeyStore(parseKeys(text)) : keyStoreFor(config);
}

function parseKeys(text: string) {
  try {
    return z.array(apiKeyRecord).parse(JSON.parse(text));
  } catch {
    throw new VisibleError(
      'VISCURA_API_KEYS must be the JSON array of key records of an API key file.',
      'invalid_config',
    );
  }
}

// Opened once per container, on the first invocation, and reused by the ones after it.
const ready = retryingOnce(() => createQueryHandler());

export const handler: LambdaHandler = async (event, context) => (await ready())(event, context);
