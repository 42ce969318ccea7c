import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';
import type { EdgeFixture } from './fixture-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    edge: EdgeFixture;
  }
}

/** Starts the Node side (dataset, Lambda stand-in, direct API) in its own process and hands its ports on. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/edge/fixture-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const line = await Promise.race([
    new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done)),
    exited.then((code) => Promise.reject(new Error(`the edge fixture server exited (${code})`))),
  ]);
  project.provide('edge', JSON.parse(line) as EdgeFixture);
  return async () => {
    child.kill('SIGTERM');
    await exited;
  };
}
