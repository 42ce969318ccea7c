import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { type FunctionRegistry, functionRegistry } from '../../infra/local-cloud/functions.ts';
import { lambdaApi } from '../../infra/local-cloud/lambda-api.ts';
import { silentLogger } from '../../shared/log/index.ts';

/** Unit rows in a few tight clusters, with some exact copies: the shapes a curation graph sees. */
export function clusteredVectors(count: number, dimension: number, seed = 7): Float32Array {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  const centres = Array.from({ length: 12 }, () => Array.from({ length: dimension }, next));
  const data = new Float32Array(count * dimension);
  for (let i = 0; i < count; i++) {
    const row = data.subarray(i * dimension, (i + 1) * dimension);
    if (i % 97 === 50) {
      row.set(data.subarray((i - 1) * dimension, i * dimension));
      continue;
    }
    const centre = centres[i % centres.length];
    let norm = 0;
    for (let d = 0; d < dimension; d++) {
      row[d] = centre[d] + 0.15 * next();
      norm += row[d] * row[d];
    }
    for (let d = 0; d < dimension; d++) row[d] /= Math.sqrt(norm);
  }
  return data;
}

export interface StandIn {
  endpoint: string;
  /** Shard numbers in the order the curate-shard function was called. */
  shardCalls: number[];
  /** Shards whose next call fails as a crashed function would (FunctionError), and how many times. */
  failing: Map<number, number>;
  close(): Promise<void>;
}

/**
 * The local Lambda Invoke API on 127.0.0.1 running the real handlers of functions/, with a switch that makes
 * chosen curate-shard calls fail before they run.
 */
export async function startStandIn(): Promise<StandIn> {
  const real = functionRegistry(resolve('functions'));
  const shardCalls: number[] = [];
  const failing = new Map<number, number>();
  const functions: FunctionRegistry = {
    has: (name) => real.has(name),
    async invoke(name, event) {
      if (name === 'curate-shard') {
        const shard = (event as { shard: number }).shard;
        shardCalls.push(shard);
        const left = failing.get(shard) ?? 0;
        if (left > 0) {
          failing.set(shard, left - 1);
          return { ok: false, error: new Error(`shard ${shard} was killed`) };
        }
      }
      return real.invoke(name, event);
    },
  };
  const api = lambdaApi({ functions, log: silentLogger, deadLetter: async () => {} });
  const server = await new Promise<ReturnType<typeof serve>>((done) => {
    const started = serve({ fetch: api.app.fetch, hostname: '127.0.0.1', port: 0 }, () => done(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    shardCalls,
    failing,
    close: () => new Promise((done) => server.close(() => done())),
  };
}
