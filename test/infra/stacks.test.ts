import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { edgeConfig } from '../../shared/adapters/worker/config.ts';
import { configSchema, loadConfig } from '../../shared/config/index.ts';
import { type Declared, synthesise } from './sst-stub.ts';

/** The names a reader looks up in the environment it is given (whatever it then makes of the values). */
function namesRead(read: (env: Record<string, string | undefined>) => unknown): Set<string> {
  const names = new Set<string>();
  const env = new Proxy({} as Record<string, string | undefined>, {
    get(_, key) {
      if (typeof key === 'string') names.add(key);
      return undefined;
    },
  });
  try {
    read(env);
  } catch {
    // An empty environment is invalid for some readers; what they looked up is what counts here.
  }
  return names;
}

/** Every environment variable the running code looks up: the config (fan-out included), the query keys, the edge. */
async function namesTheCodeReads(): Promise<Set<string>> {
  const { queryKeyStore } = await import('../../shared/adapters/lambda/query.ts');
  const config = loadConfig({ env: {} });
  return new Set([
    ...namesRead((env) => loadConfig({ env })),
    ...namesRead((env) => queryKeyStore(env, config)),
    ...namesRead((env) => edgeConfig(env)),
  ]);
}

let declared: Declared[];
const functions = () => declared.filter((resource) => resource.type === 'aws.lambda.Function');
const functionNamed = (name: string) => {
  const found = functions().find((resource) => resource.name === name);
  if (!found) throw new Error(`no function ${name}`);
  return found.args as {
    imageConfig: { commands: string[] };
    reservedConcurrentExecutions: number;
    environment: { variables: Record<string, unknown> };
  };
};
/** A function's environment as the deployed function sees it: text (outputs resolved to their names). */
const environmentOf = (name: string) =>
  Object.fromEntries(
    Object.entries(functionNamed(name).environment.variables).map(([key, value]) => [key, String(value)]),
  );
const worker = () => declared.find((resource) => resource.type === 'sst.cloudflare.Worker');

beforeAll(async () => {
  for (const name of Object.keys(process.env))
    if (name.startsWith('VISCURA_DEPLOY_')) delete process.env[name];
  declared = await synthesise();
});

describe('the SST stacks', () => {
  it('start each function at an export of the image entry module', async () => {
    const entries = functions().map((fn) => (fn.args as { imageConfig: { commands: string[] } }).imageConfig);
    const names = entries.map(({ commands }) => /^infra\/lambda\/handlers\.(\w+)$/.exec(commands[0])?.[1]);
    expect(new Set(names)).toEqual(new Set(['ingest', 'curate', 'curateShard', 'query']));
    const handlers: Record<string, unknown> = await import(
      new URL('../../infra/lambda/handlers.mjs', import.meta.url).href
    );
    for (const name of names) expect(typeof handlers[name as string], name).toBe('function');
  });

  it('set only environment variables the code reads', async () => {
    const set = new Set<string>();
    for (const fn of functions())
      for (const name of Object.keys(functionNamed(fn.name).environment.variables)) set.add(name);
    for (const name of Object.keys((worker()?.args.environment ?? {}) as object)) set.add(name);
    expect(set.size).toBeGreaterThan(8);
    const read = await namesTheCodeReads();
    for (const name of set) expect(read.has(name), name).toBe(true);
  });

  it('notify the queue for the prefix the ingest function watches by default', () => {
    const bucket = declared.find((resource) => resource.type === 'sst.aws.Bucket');
    const notify = bucket?.calls.find((call) => call.method === 'notify')?.args[0] as {
      notifications: { filterPrefix: string; events: string[] }[];
    };
    const [prefix] = configSchema.parse({}).cloud.watchPrefixes;
    expect(notify.notifications.map((n) => n.filterPrefix)).toEqual([prefix]);
    expect(environmentOf('Ingest').VISCURA_WATCH_PREFIXES).toBe(prefix);
  });

  it('deploy the edge Worker that wrangler runs, with the same compatibility date', () => {
    const wrangler = readFileSync('infra/edge/wrangler.jsonc', 'utf8');
    const [, main] = /"main":\s*"([^"]+)"/.exec(wrangler) ?? [];
    const [, date] = /"compatibility_date":\s*"([^"]+)"/.exec(wrangler) ?? [];
    const args = worker()?.args as { handler: string; compatibility: { date: string } };
    expect(join('infra/edge', main)).toBe(args.handler);
    expect(args.compatibility.date).toBe(date);
  });

  it('give the curation function one instance and the shard function as many as the fan-out uses', () => {
    expect(functionNamed('Curate').reservedConcurrentExecutions).toBe(1);
    const fanout = loadConfig({ env: environmentOf('Curate') }).cloud.fanout;
    expect(functionNamed('CurateShard').reservedConcurrentExecutions).toBe(fanout.concurrency);
    // The coordinator invokes the shard function the stack made (the name output of that resource).
    expect(fanout.functionName).toBe('CurateShard.name');
  });
});
