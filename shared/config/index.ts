import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { VisibleError } from '../errors/index.ts';
import { safeJson } from '../json/safe.ts';
import { type Config, type ConfigInput, configSchema, type ResolvedConfig } from './schema.ts';

export {
  type Config,
  type ConfigInput,
  configSchema,
  datasetName,
  modelId,
  type ResolvedConfig,
} from './schema.ts';

/** Each environment variable and the setting it fills, so an error can name the variable the user set. */
const envSettings: Record<string, { path: string[]; kind: 'string' | 'number' }> = {
  VISCURA_DATA_DIR: { path: ['dataDir'], kind: 'string' },
  VISCURA_DB: { path: ['dbUri'], kind: 'string' },
  VISCURA_BUCKET: { path: ['bucket'], kind: 'string' },
  VISCURA_INBOX: { path: ['inbox'], kind: 'string' },
  VISCURA_DATASET: { path: ['dataset'], kind: 'string' },
  VISCURA_MODEL: { path: ['model'], kind: 'string' },
  VISCURA_MODELS_DIR: { path: ['modelsDir'], kind: 'string' },
  VISCURA_PROVIDER: { path: ['provider'], kind: 'string' },
  VISCURA_LOG_LEVEL: { path: ['logLevel'], kind: 'string' },
  VISCURA_MAX_BYTES: { path: ['ingest', 'maxBytes'], kind: 'number' },
  VISCURA_MAX_PIXELS: { path: ['ingest', 'maxPixels'], kind: 'number' },
  VISCURA_CONCURRENCY: { path: ['ingest', 'concurrency'], kind: 'number' },
  VISCURA_BATCH_SIZE: { path: ['ingest', 'batchSize'], kind: 'number' },
  VISCURA_CURATE_SCHEDULE: { path: ['curate', 'schedule'], kind: 'string' },
  VISCURA_WEBHOOKS_ALLOW: { path: ['views', 'allowWebhooks'], kind: 'string' },
  VISCURA_S3_ENDPOINT: { path: ['s3', 'endpoint'], kind: 'string' },
  VISCURA_S3_REGION: { path: ['s3', 'region'], kind: 'string' },
  VISCURA_S3_ACCESS_KEY: { path: ['s3', 'accessKeyId'], kind: 'string' },
  VISCURA_S3_SECRET_KEY: { path: ['s3', 'secretAccessKey'], kind: 'string' },
  VISCURA_S3_SESSION_TOKEN: { path: ['s3', 'sessionToken'], kind: 'string' },
  VISCURA_S3_MAX_ATTEMPTS: { path: ['s3', 'maxAttempts'], kind: 'number' },
  VISCURA_WATCH_PREFIXES: { path: ['cloud', 'watchPrefixes'], kind: 'string' },
  VISCURA_COMPACT_EVERY: { path: ['cloud', 'compactEvery'], kind: 'number' },
  VISCURA_VECTORS_MODEL: { path: ['cloud', 'vectorsModel'], kind: 'string' },
  VISCURA_SHARD_FUNCTION: { path: ['cloud', 'fanout', 'functionName'], kind: 'string' },
  VISCURA_LAMBDA_ENDPOINT: { path: ['cloud', 'fanout', 'endpoint'], kind: 'string' },
  AWS_REGION: { path: ['cloud', 'fanout', 'region'], kind: 'string' },
  VISCURA_FANOUT_MIN_ROWS: { path: ['cloud', 'fanout', 'minRows'], kind: 'number' },
  VISCURA_FANOUT_MAX_ROWS: { path: ['cloud', 'fanout', 'maxRows'], kind: 'number' },
  VISCURA_FANOUT_PAIRS_PER_SHARD: { path: ['cloud', 'fanout', 'pairsPerShard'], kind: 'number' },
  VISCURA_FANOUT_MAX_SHARDS: { path: ['cloud', 'fanout', 'maxShards'], kind: 'number' },
  VISCURA_FANOUT_CONCURRENCY: { path: ['cloud', 'fanout', 'concurrency'], kind: 'number' },
  VISCURA_FANOUT_RETRIES: { path: ['cloud', 'fanout', 'retries'], kind: 'number' },
  VISCURA_FANOUT_RETRY_DELAY_MS: { path: ['cloud', 'fanout', 'retryDelayMs'], kind: 'number' },
  VISCURA_FANOUT_BLOCK_ROWS: { path: ['cloud', 'fanout', 'blockRows'], kind: 'number' },
  VISCURA_HOST: { path: ['api', 'host'], kind: 'string' },
  VISCURA_PORT: { path: ['api', 'port'], kind: 'number' },
};

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  /** A JSON config file; defaults to $VISCURA_CONFIG, then ./viscura.config.json when present. */
  file?: string;
  /** Values that win over the file and the environment (command-line flags). */
  overrides?: ConfigInput;
}

/**
 * The one place configuration is read: file < environment < flags, validated with zod.
 * A wrong value fails here with the setting's name, where it came from, and what is allowed.
 */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const file =
    options.file ??
    env.VISCURA_CONFIG ??
    (existsSync('viscura.config.json') ? 'viscura.config.json' : undefined);
  const sources = new Map<string, string>();
  const merged: Record<string, unknown> = {};

  if (file) {
    const fromFile = readConfigFile(file);
    deepMerge(merged, fromFile);
    for (const path of leafPaths(fromFile)) sources.set(path, `${path} in ${file}`);
  }
  for (const [name, setting] of Object.entries(envSettings)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = setting.kind === 'number' && /^-?\d+(\.\d+)?(e\d+)?$/i.test(raw.trim()) ? Number(raw) : raw;
    setAt(merged, setting.path, value);
    sources.set(setting.path.join('.'), name);
  }
  if (options.overrides) {
    const flags = stripUndefined(options.overrides);
    deepMerge(merged, flags);
    for (const path of leafPaths(flags)) sources.set(path, `--${path.split('.').at(-1)}`);
  }

  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.join('.');
      const where = sourceOf(sources, issue.path.map(String)) ?? path;
      return `  ${where}: ${issue.message}${where === path ? '' : ` (setting "${path}")`}`;
    });
    throw new VisibleError(`Invalid configuration:\n${lines.join('\n')}`, 'invalid_config');
  }
  return resolvePaths(parsed.data);
}

/** Where a setting came from; an item of a list (`a.b.0`) came from wherever the list did. */
function sourceOf(sources: Map<string, string>, path: string[]): string | undefined {
  for (let length = path.length; length > 0; length--) {
    const found = sources.get(path.slice(0, length).join('.'));
    if (found) return found;
  }
  return undefined;
}

/** Resolved locations derived from dataDir, so callers never repeat the defaults. */
function resolvePaths(config: Config): ResolvedConfig {
  const dataDir = resolve(config.dataDir);
  const local = (value: string | undefined, fallback: string) =>
    value === undefined ? resolve(dataDir, fallback) : isRemote(value) ? value : resolve(value);
  return {
    ...config,
    dataDir,
    dbUri: local(config.dbUri, 'db'),
    bucket: local(config.bucket, 'bucket'),
    inbox: local(config.inbox, 'inbox'),
    modelsDir: resolve(config.modelsDir),
  };
}

export function isRemote(uri: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(uri);
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VisibleError(`Cannot read config file ${file}: ${(error as Error).message}`, 'invalid_config');
  }
  const parsed = z.record(z.string(), z.unknown()).safeParse(safeJson(text));
  if (!parsed.success) {
    throw new VisibleError(`Config file ${file} must hold one JSON object`, 'invalid_config');
  }
  return parsed.data;
}

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(source)) {
    if (isPlainObject(value) && isPlainObject(target[key]))
      deepMerge(target[key] as Record<string, unknown>, value);
    else target[key] = isPlainObject(value) ? structuredClone(value) : value;
  }
}

function leafPaths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]) =>
    isPlainObject(child) ? leafPaths(child, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function stripUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
