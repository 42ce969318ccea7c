import { z } from 'zod';
import { apiKeyRecord } from '../../keys/index.ts';

const keyRecords = z.string().transform((text, ctx) => {
  try {
    return z.array(apiKeyRecord).parse(JSON.parse(text));
  } catch {
    ctx.addIssue({
      code: 'custom',
      message: 'must be the JSON array of key records of an API key file (the "keys" of api-keys.json)',
    });
    return z.NEVER;
  }
});

const seconds = z.coerce.number().int().min(0).max(86_400);

/**
 * The Worker's vars and secrets (wrangler.jsonc, `wrangler secret put`). Keys are the same hashed records the
 * query Lambda reads from VISCURA_API_KEYS, so the edge answers 401/403 itself.
 */
export const edgeEnvSchema = z.object({
  /** Name or ARN of the query Lambda (an alias or version may follow a colon). */
  VISCURA_QUERY_FUNCTION: z.string().min(1),
  AWS_REGION: z.string().min(1),
  AWS_ACCESS_KEY_ID: z.string().min(1),
  AWS_SECRET_ACCESS_KEY: z.string().min(1),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
  /** The Lambda API itself; only set for a stand-in (the local cloud). */
  VISCURA_LAMBDA_ENDPOINT: z.url().optional(),
  VISCURA_API_KEYS: keyRecords,
  /** Edge cache lifetime of answers that carry no Cache-Control; 0 turns the cache off. */
  VISCURA_EDGE_CACHE_TTL: seconds.default(60),
  /** Tries per invocation (network failures and throttling are retried). */
  VISCURA_LAMBDA_ATTEMPTS: z.coerce.number().int().min(1).max(5).default(3),
  VISCURA_LAMBDA_TIMEOUT_MS: z.coerce.number().int().min(100).max(900_000).default(30_000),
  VISCURA_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type EdgeConfig = z.output<typeof edgeEnvSchema>;

/** The Worker env, checked once; a sentence naming the bad binding otherwise. */
export function edgeConfig(env: Record<string, unknown>): EdgeConfig {
  const parsed = edgeEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(`The Worker binding ${issue.path.join('.')} is missing or invalid: ${issue.message}.`);
}
