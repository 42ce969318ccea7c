import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EdgeFixture } from './fixture-server.ts';

export interface RunningFixture {
  fixture: EdgeFixture;
  stop(): Promise<void>;
}

/** Runs fixture-server.ts in its own Node process until it prints its ports; fails if it exits first. */
export async function startEdgeFixture(): Promise<RunningFixture> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/edge/fixture-server.ts'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const line = await Promise.race([
    new Promise<string>((done) => createInterface({ input: child.stdout }).once('line', done)),
    exited.then((code) => Promise.reject(new Error(`the edge fixture server exited (${code})`))),
  ]);
  return {
    fixture: JSON.parse(line) as EdgeFixture,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
