import type { Context } from 'hono';
import type { z } from 'zod';
import type { Principal, QueryPort } from './ports.ts';

/** What a response carries, for the OpenAPI document. */
export type ResponseSpec = z.ZodType | { contentType: string; description: string };

/**
 * One route: its method, path and schemas (which both validate requests and describe them in OpenAPI) and the
 * handler. The app and the OpenAPI document are both built from the list of these, so they cannot disagree.
 */
export interface RouteSpec {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI style: /v1/datasets/{dataset}. */
  path: string;
  summary: string;
  tag: string;
  /** false for the few public routes (health, OpenAPI). */
  auth: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A multipart upload: the name of its file field and the schema of its other fields. */
  upload?: { file: string; fields: z.ZodType };
  responses: Partial<Record<200 | 201 | 302, ResponseSpec>>;
  handle(c: Context, deps: RouteDeps): Promise<Response>;
}

export interface RouteDeps {
  query: QueryPort;
  principal: Principal | undefined;
  limits: ApiLimits;
}

export interface ApiLimits {
  /** JSON request bodies. */
  jsonBytes: number;
  /** Multipart image uploads. */
  uploadBytes: number;
  /** Decompression-bomb guard for uploads: width x height above this is refused from the header. */
  uploadPixels: number;
}

export const DEFAULT_LIMITS: ApiLimits = {
  jsonBytes: 64 * 1024,
  uploadBytes: 20 * 1024 * 1024,
  uploadPixels: 40_000_000,
};

/** OpenAPI's {name} becomes Hono's :name. */
export const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function route(spec: RouteSpec): RouteSpec {
  return spec;
}
