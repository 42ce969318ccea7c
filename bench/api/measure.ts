import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { ApiApp } from '../../shared/api/index.ts';

export interface Stats {
  p50: number;
  p99: number;
  /** Answered requests per second (2xx only). */
  rps: number;
  /** Requests refused with 503 (the bounded queue was full); 0 for in-process calls. */
  refused: number;
  /** p99 event-loop delay (ms) while measuring in-process: what a synchronous step blocks everyone for. */
  loopDelayP99?: number;
}

export interface HttpRequest {
  path: string;
  method: 'GET' | 'POST';
  body?: Buffer | string;
  headers?: Record<string, string>;
  /** Bodies to cycle through, one per request, instead of repeating `body`. */
  bodies?: string[];
}

/** The body of the next request: `bodies` in turn, else always `body`. */
function cycle(request: HttpRequest): () => Buffer | string | undefined {
  let next = 0;
  const { bodies } = request;
  return bodies ? () => bodies[next++ % bodies.length] : () => request.body;
}

/** `clients` loops calling `fn` back to back for `seconds`, as that many clients would. */
export async function measureLoop(
  fn: () => Promise<unknown>,
  clients: number,
  seconds: number,
): Promise<Stats> {
  const times: number[] = [];
  let refused = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const start = performance.now();
        if ((await fn()) === 'refused') refused++;
        else times.push(performance.now() - start);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), rps: times.length / seconds, refused };
}

/** The app without the network: routing, auth, validation, the limiter, the port and JSON. */
export async function measureApp(
  app: ApiApp,
  key: string,
  request: HttpRequest,
  clients: number,
  seconds: number,
): Promise<Stats> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const body = cycle(request);
  const stats = await measureLoop(
    async () => {
      const response = await app.request(request.path, {
        method: request.method,
        body: body(),
        headers: { authorization: `Bearer ${key}`, ...request.headers },
      });
      await response.arrayBuffer();
      if (response.status === 503) return 'refused';
      if (response.status !== 200) throw new Error(`${request.path}: ${response.status}`);
    },
    clients,
    seconds,
  );
  loop.disable();
  return { ...stats, loopDelayP99: loop.percentile(99) / 1e6 };
}

/** Through HTTP with autocannon; latencies are of every answer, 503s included (they are quick). */
export async function measureHttp(
  url: string,
  key: string,
  request: HttpRequest,
  clients: number,
  seconds: number,
): Promise<Stats> {
  const body = cycle(request);
  const result = await autocannon({
    url: `${url}${request.path}`,
    method: request.method,
    body: request.body,
    headers: { authorization: `Bearer ${key}`, ...request.headers },
    connections: clients,
    duration: seconds,
    ...(request.bodies && { requests: [{ setupRequest: (next) => ({ ...next, body: body() }) }] }),
  });
  const refused = result.statusCodeStats?.['503']?.count ?? 0;
  if (result.errors > 0 || result.non2xx > refused)
    throw new Error(`${request.path}: ${result.non2xx - refused} non-2xx, ${result.errors} errors`);
  const ok = result.requests.total - result.non2xx;
  return { p50: result.latency.p50, p99: result.latency.p99, rps: ok / seconds, refused };
}
