import type { TestProject } from 'vitest/node';
import { type CloudInfo, startLocalCloud } from '../../infra/local-cloud/cloud.ts';
import { cloudSettings } from '../../infra/local-cloud/settings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: CloudInfo;
  }
}

/**
 * The local cloud for the integration tests: reused when it is running (npm run cloud:up), started otherwise
 * and then stopped afterwards. Nothing here skips: if radosgw cannot start, the run fails with the reason.
 */
export default async function setup(project: TestProject) {
  const { info, stop } = await startLocalCloud(cloudSettings());
  project.provide('cloud', info);
  return stop;
}
