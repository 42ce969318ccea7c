import type { TestProject } from 'vitest/node';
import { startEdgeFixture } from './fixture-process.ts';
import type { EdgeFixture } from './fixture-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    edge: EdgeFixture;
  }
}

/** Starts the Node side (dataset, Lambda stand-in, direct API) in its own process and hands its ports on. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const running = await startEdgeFixture();
  project.provide('edge', running.fixture);
  return running.stop;
}
