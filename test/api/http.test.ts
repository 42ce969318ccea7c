import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAfterRefusedBody } from '../../shared/adapters/node/refused-body.ts';
import { createApi } from '../../shared/api/index.ts';

// The HTTP layer over a port that answers every query with an empty page: no store needed.
const empty = new Proxy({}, { get: () => async () => ({ items: [], hits: [], nextCursor: null }) });
const app = createApi({
  query: empty as never,
  auth: { verify: async () => ({ keyId: 'k', datasets: null }) },
});
const auth = { authorization: 'Bearer vsk_0123456789abcdef' };

let server: ReturnType<typeof serve>;
let port: number;
beforeAll(async () => {
  server = serve({ fetch: closeAfterRefusedBody(app.fetch), port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Sent {
  status: number;
  body: string;
  /** The client-side port: the same one means the same TCP connection. */
  localPort: number;
}

function post(agent: http.Agent, body: string): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: 'POST',
        path: '/v1/datasets/pets/search/text',
        headers: { ...auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: text,
            localPort: request.socket?.localPort ?? 0,
          }),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('the API over HTTP', () => {
  it('after a 413 on a 1 MiB JSON body, the next request from the same keep-alive client succeeds', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const small = JSON.stringify({ query: 'cat' });
      const warm = await post(agent, small);
      expect(warm.status).toBe(200);
      const refused = await post(agent, JSON.stringify({ query: 'x'.repeat(1 << 20) }));
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'too_large' });
      const next = await post(agent, small);
      expect(next.status).toBe(200);
      // And keep-alive goes on from there.
      expect((await post(agent, small)).localPort).toBe(next.localPort);
    } finally {
      agent.destroy();
    }
  });

  it('JSON answers say how to cache them and not to sniff them; errors too', async () => {
    for (const [path, status] of [
      ['/v1/datasets/pets/images', 200],
      ['/v1/datasets/pets/images?limit=0x10', 400],
      ['/v1/health', 200],
    ] as const) {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: auth });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control'), path).toBe('private, no-cache');
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      // Only a 200 GET may be kept by the edge's scope-keyed cache.
      expect(response.headers.get('cdn-cache-control'), path).toBe(status === 200 ? 'public' : null);
    }
    const unauthorized = await fetch(`http://127.0.0.1:${port}/v1/datasets/pets/images`);
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('cache-control')).toBe('private, no-cache');
  });
});
