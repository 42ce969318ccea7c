// The Node side of the edge tests, as its own process (native modules stay out of the Workers pool):
//   node bin/run-ts.mjs test/edge/fixture-server.ts
// A real dataset ingested and curated, the Lambda Invoke API stand-in running functions/query.ts over it, and
// the same API served directly. Prints one JSON line (ports, keys) and serves until SIGTERM.
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { functionRegistry } from '../../infra/local-cloud/functions.ts';
import { lambdaApi } from '../../infra/local-cloud/lambda-api.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { apiFixture } from '../api/fixture.ts';

export interface EdgeFixture {
  /** The Lambda Invoke API stand-in; GET /__test/invocations?tag= lists the events it ran. */
  lambda: string;
  /** The same API served directly on Node. */
  direct: string;
  /** The key file's records (hashes only): the Worker's and the Lambda's VISCURA_API_KEYS. */
  keyRecords: string;
  keys: { all: string; pets: string; other: string; revoked: string };
}

const fx = await apiFixture({ count: 20 });
const keyRecords = JSON.stringify(JSON.parse(await readFile(join(fx.dir, 'api-keys.json'), 'utf8')).keys);
// What the query Lambda's function configuration would hold.
Object.assign(process.env, {
  VISCURA_DATA_DIR: fx.dir,
  VISCURA_DATASET: 'pets',
  VISCURA_LOG_LEVEL: 'silent',
  VISCURA_API_KEYS: keyRecords,
  AWS_EC2_METADATA_DISABLED: 'true',
});

/** Each invocation with the x-test-tag its request carried, so tests count their own requests only. */
const invocations: { function: string; tag?: string; method?: string; path?: string }[] = [];
const registry = functionRegistry(resolve('functions'));
const stand = lambdaApi({
  functions: {
    has: (name) => registry.has(name),
    invoke(name, event) {
      const { headers, requestContext } = event as {
        headers?: Record<string, string>;
        requestContext?: { http?: { method?: string; path?: string } };
      };
      const http = requestContext?.http;
      invocations.push({
        function: name,
        tag: headers?.['x-test-tag'],
        method: http?.method,
        path: http?.path,
      });
      return registry.invoke(name, event);
    },
  },
  log: silentLogger,
  deadLetter: async () => {},
});
const lambdaApp = new Hono();
lambdaApp.get('/__test/invocations', (c) =>
  c.json(invocations.filter((invocation) => invocation.tag === c.req.query('tag'))),
);
lambdaApp.route('/', stand.app);

const listen = (fetch: (request: Request) => Response | Promise<Response>) =>
  new Promise<{ url: string; close(): void }>((done) => {
    const server = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as AddressInfo;
      done({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
const lambda = await listen(lambdaApp.fetch);
const direct = await listen((request) => fx.app.fetch(request));

const ready: EdgeFixture = { lambda: lambda.url, direct: direct.url, keyRecords, keys: fx.key };
process.stdout.write(`${JSON.stringify(ready)}\n`);

process.once('SIGTERM', async () => {
  lambda.close();
  direct.close();
  await fx.cleanup();
  process.exit(0);
});
