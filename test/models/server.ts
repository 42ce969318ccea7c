import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local file server with Range support that can cut a response short, like a dropped connection. */
export interface FileServer {
  url(path: string): string;
  /** Range headers seen per path, in order ('' for a plain GET). */
  requests: Map<string, string[]>;
  /** The next response for `path` stops after this many body bytes and drops the socket. */
  breakNext(path: string, afterBytes: number): void;
  close(): Promise<void>;
}

export async function startFileServer(files: Record<string, Uint8Array>): Promise<FileServer> {
  const requests = new Map<string, string[]>();
  const breaks = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body = files[path];
    requests.set(path, [...(requests.get(path) ?? []), req.headers.range ?? '']);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    const range = req.headers.range?.match(/^bytes=(\d+)-$/);
    const start = range ? Number(range[1]) : 0;
    if (start >= body.length && range) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    const slice = body.subarray(start);
    res.writeHead(range ? 206 : 200, {
      'content-length': slice.length,
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    const cut = breaks.get(path);
    if (cut === undefined) {
      res.end(slice);
      return;
    }
    breaks.delete(path);
    // Part of the body, then, a moment later, the connection drops: the client has read those bytes and then sees
    // a short read. (Closing in the same tick can let the client discard bytes it had not handed on yet.)
    res.write(slice.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 100));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    breakNext: (path, afterBytes) => breaks.set(path, afterBytes),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port that refuses connections: listen, note the port, close. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
