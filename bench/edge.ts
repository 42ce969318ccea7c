/**
 * What the edge Worker adds: the same requests through the Worker (wrangler dev: real workerd, real bundle) on a
 * cache miss and a hit, next to invoking the query Lambda stand-in directly with the same event, and to the
 * Node API. Sequential requests, one run: node bin/run-ts.mjs bench/edge.ts [requests per row]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { functionUrlEvent } from '../shared/adapters/worker/index.ts';
import { startEdgeFixture } from '../test/edge/fixture-process.ts';
import type { EdgeFixture } from '../test/edge/fixture-server.ts';

const runs = Number(process.argv[2] ?? 100);
const EDGE_PORT = 8791;

/** `wrangler dev` over infra/edge/wrangler.jsonc, its secrets pointing at the fixture's stand-in. */
async function startWorker(fx: EdgeFixture, dir: string): Promise<ChildProcess> {
  const vars = join(dir, '.dev.vars');
  await writeFile(
    vars,
    [
      `VISCURA_API_KEYS='${fx.keyRecords}'`,
      `VISCURA_LAMBDA_ENDPOINT=${fx.lambda}`,
      'VISCURA_QUERY_FUNCTION=query',
      'AWS_ACCESS_KEY_ID=local',
      'AWS_SECRET_ACCESS_KEY=local',
      'VISCURA_LOG_LEVEL=warn',
    ].join('\n'),
  );
  const args = ['dev', '-c', 'infra/edge/wrangler.jsonc', '--env-file', vars, '--ip', '127.0.0.1'];
  const worker = spawn(
    'node_modules/.bin/wrangler',
    [...args, '--port', String(EDGE_PORT), '--log-level', 'warn'],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  );
  for (let tries = 0; tries < 120; tries++) {
    if (
      await fetch(`http://127.0.0.1:${EDGE_PORT}/v1/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return worker;
    await new Promise((done) => setTimeout(done, 250));
  }
  worker.kill('SIGTERM');
  throw new Error('wrangler dev did not start within 30 s');
}

type Send = () => Promise<void>;

async function measure(send: Send): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await send();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await send();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function bench(fx: EdgeFixture): Promise<void> {
  const edge = `http://127.0.0.1:${EDGE_PORT}`;
  const lambda = new LambdaClient({
    region: 'us-east-1',
    endpoint: fx.lambda,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const auth = { authorization: `Bearer ${fx.keys.all}` };
  const listing = '/v1/datasets/pets/images?issue=duplicates&limit=20';
  const page = (await (await fetch(`${fx.direct}${listing}`, { headers: auth })).json()) as {
    items: { id: string }[];
  };
  const similar = '/v1/datasets/pets/search/similar';
  const search = {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ imageId: page.items[0].id, limit: 10 }),
  };
  const viaFetch =
    (url: string, init: RequestInit = { headers: auth }, status = 200): Send =>
    async () => {
      const response = await fetch(url, init);
      await response.arrayBuffer();
      if (response.status !== status) throw new Error(`${url}: ${response.status}`);
    };
  const viaInvoke =
    (path: string, init: RequestInit = { headers: auth }): Send =>
    async () => {
      const event = await functionUrlEvent(new Request(`https://edge.example${path}`, init));
      const payload = new TextEncoder().encode(JSON.stringify(event));
      const output = await lambda.send(new InvokeCommand({ FunctionName: 'query', Payload: payload }));
      if (output.FunctionError) throw new Error(`${path}: ${output.FunctionError}`);
    };
  const noCache = { headers: { ...auth, 'cache-control': 'no-cache' } };
  const noStore = { headers: { ...auth, 'cache-control': 'no-store' } };
  const rows: [string, [string, Send][]][] = [
    [
      'listing (GET, 20 items)',
      [
        ['Node API', viaFetch(`${fx.direct}${listing}`)],
        ['Lambda invoke', viaInvoke(listing)],
        ['edge, cache bypassed (no-store)', viaFetch(`${edge}${listing}`, noStore)],
        ['edge, cache miss (stored)', viaFetch(`${edge}${listing}`, noCache)],
        ['edge, cache hit', viaFetch(`${edge}${listing}`)],
      ],
    ],
    [
      'find similar by id (POST)',
      [
        ['Node API', viaFetch(`${fx.direct}${similar}`, search)],
        ['Lambda invoke', viaInvoke(similar, search)],
        ['edge', viaFetch(`${edge}${similar}`, search)],
      ],
    ],
    ['no key', [['edge (401, no invocation)', viaFetch(`${edge}${listing}`, {}, 401)]]],
  ];

  console.log('| request | path | p50 ms | p99 ms | p50 / Lambda invoke |');
  console.log('|---|---|---|---|---|');
  for (const [name, paths] of rows) {
    let invoke: number | undefined;
    for (const [path, send] of paths) {
      const { p50, p99 } = await measure(send);
      if (path === 'Lambda invoke') invoke = p50;
      const ratio = invoke === undefined ? '' : `${(p50 / invoke).toFixed(2)}x`;
      console.log(`| ${name} | ${path} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${ratio} |`);
    }
  }
  console.log(`\n${runs} sequential requests per row after 5 warm-up ones; everything on this machine.`);
}

const running = await startEdgeFixture();
const dir = await mkdtemp(join(tmpdir(), 'viscura-edge-bench-'));
let worker: ChildProcess | undefined;
try {
  worker = await startWorker(running.fixture, dir);
  await bench(running.fixture);
} finally {
  worker?.kill('SIGTERM');
  await running.stop();
  await rm(dir, { recursive: true, force: true });
}
