import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in order, with the status it was answered. */
  received: Received[];
  /** Requests answered 2xx, once per idempotency key: what a receiver that drops repeats acts on. */
  accepted(): Map<string, Received>;
  /** Answer the next `n` requests with `status` (then 200 again). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/** A receiver on 127.0.0.1 (any free port) that can fail its first deliveries on purpose. */
export async function webhookReceiver(path = '/hooks/viscura'): Promise<WebhookReceiver> {
  const received: Received[] = [];
  let failing = 0;
  let failStatus = 503;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const status = failing > 0 ? failStatus : 200;
      if (failing > 0) failing--;
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
        at: Date.now(),
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'try later');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    accepted() {
      const out = new Map<string, Received>();
      for (const r of received) {
        const key = String(r.headers['idempotency-key']);
        if (r.status === 200 && !out.has(key)) out.set(key, r);
      }
      return out;
    },
    failNext(n, status = 503) {
      failing = n;
      failStatus = status;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
