import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Fault {
  /** Which requests it hits, by method and path (bucket and key, query string excluded). */
  method: string;
  path: RegExp;
  status: 500 | 503;
  /** S3's error code: SlowDown is throttling, InternalError a server error. */
  code: 'SlowDown' | 'InternalError';
  /** How many matching requests fail before they pass. */
  times: number;
}

export interface Seen {
  method: string;
  path: string;
  at: number;
  injected?: number;
}

/**
 * A tiny HTTP proxy in front of radosgw on 127.0.0.1 that fails the first matching requests with S3 error
 * answers and forwards everything else untouched (the Host header too, so signatures still verify).
 */
export async function startFaultProxy(target: string, faults: Fault[]) {
  const upstream = new URL(target);
  const seen: Seen[] = [];
  const left = faults.map((fault) => fault.times);
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const at = performance.now();
    const index = faults.findIndex(
      (fault, i) => left[i] > 0 && fault.method === req.method && fault.path.test(path),
    );
    if (index >= 0) {
      left[index] -= 1;
      const fault = faults[index];
      seen.push({ method: req.method ?? '', path, at, injected: fault.status });
      req.resume();
      req.on('end', () => {
        const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected</Message></Error>`;
        res.writeHead(fault.status, { 'content-type': 'application/xml' });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
      return;
    }
    seen.push({ method: req.method ?? '', path, at });
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    seen,
    /** Faults not yet injected, per rule. */
    left: () => [...left],
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive in their pools; the test is over, so they go now.
        server.closeAllConnections();
      }),
  };
}
