import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { type Logger, silentLogger } from '../log/index.ts';
import { authenticate } from './auth.ts';
import { ApiError, toApiError } from './errors.ts';
import { defaultHeaders } from './headers.ts';
import { readInput, readParams, tooLarge } from './input.ts';
import { type ConcurrencyLimits, concurrencyLimit } from './limiter.ts';
import { openApiDocument } from './openapi.ts';
import type { ApiPorts, Principal } from './ports.ts';
import { type ApiLimits, DEFAULT_LIMITS, honoPath, type RouteSpec } from './route.ts';
import { apiRoutes as routeTable } from './routes/index.ts';

export interface ApiOptions {
  log?: Logger;
  limits?: Partial<ApiLimits>;
  /** Reported in the OpenAPI document. */
  version?: string;
  /** A bounded queue in front of the data routes (shared/api/limiter.ts); none when absent. */
  concurrency?: ConcurrencyLimits;
}

/** Every route, in the order the OpenAPI document lists them (routes/index.ts). */
export const apiRoutes: readonly RouteSpec[] = routeTable;

type Env = { Variables: { principal: Principal | undefined; params: unknown } };
export type ApiApp = Hono<Env>;

/**
 * The query API as a Hono app over its ports. No native module is imported from here on, so the same app (or
 * its schemas alone) loads in Node, in Lambda and in a Worker.
 */
export function createApi(ports: ApiPorts, options: ApiOptions = {}): ApiApp {
  const log = options.log ?? silentLogger;
  const limits: ApiLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const version = options.version ?? '0.0.0';
  const app = new Hono<Env>();
  app.use(defaultHeaders());

  app.onError((error, c) => {
    const reference = crypto.randomUUID();
    const { error: answer, bug } = toApiError(error, reference);
    if (bug) {
      log.error('request failed', {
        reference,
        method: c.req.method,
        path: c.req.path,
        error: stackOf(error),
      });
    }
    return c.json(answer.body(), answer.status);
  });
  app.notFound((c) =>
    c.json(
      new ApiError(404, 'not_found', `No route ${c.req.method} ${c.req.path}; see /v1/openapi.json.`).body(),
      404,
    ),
  );

  if (options.concurrency) {
    // Data routes only: health checks and the OpenAPI document answer even under load.
    const limiter = concurrencyLimit(options.concurrency);
    app.use('/v1/*', (c, next) => (c.req.path.startsWith('/v1/datasets') ? limiter(c, next) : next()));
  }

  for (const spec of apiRoutes) {
    const handlers: MiddlewareHandler<Env>[] = [guard(spec, ports)];
    if (spec.method === 'post') {
      // Multipart framing adds a little around the file itself.
      const maxSize = spec.upload ? limits.uploadBytes + 64 * 1024 : limits.jsonBytes;
      handlers.push(bodyLimit({ maxSize, onError: () => Promise.reject(tooLarge(maxSize)) }));
    }
    handlers.push(async (c) => {
      const input = await readInput(spec, c, c.get('params'), limits);
      return spec.handle(c, input, { query: ports.query, principal: c.get('principal'), limits });
    });
    app.on(spec.method.toUpperCase(), [honoPath(spec.path)], ...handlers);
  }

  let document: unknown;
  app.get('/v1/openapi.json', (c) => {
    document ??= openApiDocument([...apiRoutes, openApiRoute], version);
    return c.json(document);
  });
  return app;
}

/** 401 before anything else is read; then the path parameters (403 for another dataset's key before their 400). */
function guard(spec: RouteSpec, ports: ApiPorts): MiddlewareHandler<Env> {
  return async (c, next) => {
    const principal = spec.auth ? await authenticate(c, ports.auth) : undefined;
    c.set('principal', principal);
    c.set('params', readParams(spec, c, principal));
    await next();
  };
}

const openApiRoute: RouteSpec = {
  method: 'get',
  path: '/v1/openapi.json',
  summary: 'This document',
  tag: 'meta',
  auth: false,
  responses: { 200: { contentType: 'application/json', description: 'OpenAPI 3.1' } },
  handle: () => Promise.reject(new Error('served by the app itself')),
};

function stackOf(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
