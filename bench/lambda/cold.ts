/**
 * One cold query-Lambda container, for bench/lambda-query.ts: imports functions/query.ts, answers a first
 * similar-by-id event (init + request), then `warm` more, and prints one JSON line of timings.
 *   node bin/run-ts.mjs bench/lambda/cold.ts <store dir> <image id> <key> <warm>
 */
import { functionUrlEvent } from '../../shared/adapters/worker/index.ts';

const [dir, imageId, key, warmArg] = process.argv.slice(2);
const warm = Number(warmArg);
const started = performance.now();
const { handler } = await import('../../functions/query.ts');
const imported = performance.now() - started;
const context = { functionName: 'query', awsRequestId: 'bench' } as never;

async function invoke(): Promise<number> {
  const request = new Request('https://q.lambda-url.example/v1/datasets/bench/search/similar', {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ imageId, limit: 20 }),
  });
  const event = await functionUrlEvent(request);
  const at = performance.now();
  const result = (await handler(event as never, context)) as { statusCode: number; body: string };
  if (result.statusCode !== 200)
    throw new Error(`${result.statusCode} ${result.body.slice(0, 200)} (${dir})`);
  return performance.now() - at;
}

const first = await invoke();
const times: number[] = [];
for (let i = 0; i < warm; i++) times.push(await invoke());
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
process.stdout.write(`${JSON.stringify({ imported, first, p50: at(0.5), p99: at(0.99) })}\n`);
process.exit(0);
