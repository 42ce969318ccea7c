// The Cloudflare Worker entry (infra/edge/wrangler.jsonc): env -> the edge app, built once per env.
import pkg from '../../../package.json' with { type: 'json' };
import { createLogger } from '../../log/index.ts';
import { createEdgeApp, type EdgeApp } from './app.ts';
import type { EdgeCache } from './cache.ts';
import { edgeConfig } from './config.ts';
import { lambdaInvoker } from './invoke.ts';

interface WorkerEnv extends Record<string, unknown> {
  /** Workers static assets, when the explorer page is deployed with the Worker. */
  ASSETS?: { fetch(request: Request): Promise<Response> };
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

const apps = new WeakMap<object, EdgeApp>();

function build(env: WorkerEnv): EdgeApp {
  const config = edgeConfig(env);
  const log = createLogger(config.VISCURA_LOG_LEVEL, (line) => console.log(line)).child({
    component: 'edge',
  });
  const assets = env.ASSETS;
  return createEdgeApp({
    config,
    log,
    invoke: lambdaInvoker(config, log),
    // Workers declare `caches.default`; the Node types this project compiles with do not.
    cache: (globalThis as unknown as { caches: { default: EdgeCache } }).caches.default,
    pages: assets ? (request) => assets.fetch(request) : undefined,
    version: pkg.version,
  });
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: WorkerContext): Promise<Response> {
    let app = apps.get(env);
    if (!app) {
      try {
        app = build(env);
      } catch (error) {
        console.log(JSON.stringify({ level: 'error', msg: 'edge misconfigured', error: String(error) }));
        const message = 'The edge is misconfigured; its log names the binding to fix.';
        return Response.json({ status: 500, code: 'edge_misconfigured', message }, { status: 500 });
      }
      apps.set(env, app);
    }
    return app.fetch(request, ctx);
  },
};
