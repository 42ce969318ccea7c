import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { createApi } from '../../api/index.ts';
import { createLanceQueryPort } from '../../api/lance/index.ts';
import { loadConfig, type ResolvedConfig } from '../../config/index.ts';
import { VisibleError } from '../../errors/index.ts';
import { keyStoreFor } from '../../keys/file.ts';
import { apiKeyRecord, type KeyStore, keyAuth, staticKeyStore } from '../../keys/index.ts';
import { retryingOnce } from '../../lazy/once.ts';
import { createLogger } from '../../log/index.ts';
import { openRuntime } from '../../runtime/index.ts';
import { lanceQueryDeps } from '../../runtime/query-deps.ts';

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
  const query = createLanceQueryPort(await lanceQueryDeps(runtime));
  return handle(createApi({ query, auth: keyAuth(keys) }, { log }));
}

/** The key records in VISCURA_API_KEYS when set (the deployed function), else the data dir's key file. */
export function queryKeyStore(env: Record<string, string | undefined>, config: ResolvedConfig): KeyStore {
  const text = env.VISCURA_API_KEYS;
  return text ? staticKeyStore(parseKeys(text)) : keyStoreFor(config.dataDir);
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

/** The query function: the app is opened once per container, on the first invocation, and reused after it. */
export function queryFunction(env: Record<string, string | undefined> = process.env): LambdaHandler {
  const ready = retryingOnce(() => createQueryHandler(env));
  return async (event, context) => (await ready())(event, context);
}
