import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type CloudInfo, startLocalCloud } from '../../infra/local-cloud/cloud.ts';
import { freePort } from '../../infra/local-cloud/ownership.ts';
import { cloudSettings } from '../../infra/local-cloud/settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: CloudInfo;
  }
}

/**
 * A local cloud of the run's own: radosgw, its monitor and the Lambda stand-in on free ports, state in a fresh
 * folder, stopped afterwards. Nothing already running (`npm run cloud:up`, another checkout's cloud) is reused,
 * so the tests never write into, or read from, a server they did not start. Nothing here skips: if radosgw
 * cannot start, the run fails with the reason.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'viscura-cloud-'));
  const settings = {
    ...cloudSettings(),
    dir,
    s3Port: await freePort(),
    monPort: await freePort(),
    lambdaPort: await freePort(),
  };
  const { info, stop } = await startLocalCloud(settings).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  project.provide('cloud', info);
  return async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  };
}
