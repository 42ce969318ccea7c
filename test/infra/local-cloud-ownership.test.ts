import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runningHere } from '../../infra/local-cloud/ownership.ts';
import { cloudSettings } from '../../infra/local-cloud/settings.ts';

let dir: string;
let stranger: Server;
let strangerPort: number;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'viscura-own-'));
  // Any HTTP server at all: an S3 server someone else started, another checkout's stand-in.
  stranger = createServer((_, response) => response.end('<ListAllMyBucketsResult/>'));
  await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
  strangerPort = (stranger.address() as { port: number }).port;
});
afterAll(async () => {
  stranger?.close();
  await rm(dir, { recursive: true, force: true });
});

const settings = async (ports: { s3?: number; lambda?: number }) => ({
  ...cloudSettings({}),
  dir,
  s3Port: ports.s3 ?? (await freePort()),
  lambdaPort: ports.lambda ?? (await freePort()),
});

describe('the local cloud reuses only what it started itself', () => {
  it('finds nothing running on free ports', async () => {
    expect(await runningHere(await settings({}))).toEqual({ s3: false, lambda: false });
  });

  it('refuses an S3 server it did not start, naming the port and the way out', async () => {
    await expect(runningHere(await settings({ s3: strangerPort }))).rejects.toThrow(
      `Something already answers on 127.0.0.1:${strangerPort} that this local cloud (${dir}) did not start; stop it, or pick another port with VISCURA_S3_PORT.`,
    );
  });

  it('refuses a Lambda stand-in it did not start', async () => {
    await expect(runningHere(await settings({ lambda: strangerPort }))).rejects.toThrow(
      /VISCURA_LAMBDA_PORT/,
    );
  });
});
