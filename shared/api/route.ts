import type { Context } from 'hono';
import type { z } from 'zod';
import type { Principal, QueryPort } from './ports.ts';

/** What a response carries, for the OpenAPI document. */
export type ResponseSpec = z.ZodType | { contentType: string; description: string };
export type Responses = Partial<Record<200 | 201 | 302, ResponseSpec>>;

export type Method = 'get' | 'post' | 'delete';
/** A request part's schema, or undefined where the route takes none. */
export type PartSchema = z.ZodType | undefined;

/** A multipart upload: the name of its file field and the schema of its other fields. */
export interface UploadSpec<F extends z.ZodType = z.ZodType> {
  file: string;
  fields: F;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What the app hands a handler: every declared part already parsed (and refused with a 4xx if it failed). */
export type RouteInput<P extends PartSchema, Q extends PartSchema, B extends PartSchema, U> = {
  params: Out<P>;
  query: Out<Q>;
} & BodyInput<B, U>;

/** With an upload declared, exactly one of body and upload is set, by the request's content type. */
type BodyInput<B, U> =
  U extends UploadSpec<infer F>
    ? { body: undefined; upload: UploadInput<z.output<F>> } | { body: Out<B>; upload: undefined }
    : { body: Out<B>; upload: undefined };

export interface UploadInput<F> {
  file: File;
  fields: F;
}

/**
 * One route, declared once: its method, path and schemas validate the request (shared/api/input.ts), describe
 * it in OpenAPI (openapi.ts), type the handler's input, and type the client (contract.ts). The app, the document
 * and the client are all built from the list of these, so they cannot disagree.
 */
export interface RouteSpec<
  M extends Method = Method,
  Path extends string = string,
  P extends PartSchema = PartSchema,
  Q extends PartSchema = PartSchema,
  B extends PartSchema = PartSchema,
  U extends UploadSpec | undefined = UploadSpec | undefined,
  R extends Responses = Responses,
> {
  method: M;
  /** OpenAPI style: /v1/datasets/{dataset}. */
  path: Path;
  summary: string;
  tag: string;
  /** false for the few public routes (health, OpenAPI). */
  auth: boolean;
  params?: P;
  query?: Q;
  body?: B;
  upload?: U;
  responses: R;
  // Method syntax on purpose: a table of routes with different schemas is then one RouteSpec[].
  handle(c: Context, input: RouteInput<P, Q, B, U>, deps: RouteDeps): Promise<Response>;
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

/** Declares a route; the generics keep its literal path and its schemas' types for the handler and the client. */
export function route<
  const M extends Method,
  const Path extends string,
  P extends PartSchema = undefined,
  Q extends PartSchema = undefined,
  B extends PartSchema = undefined,
  U extends UploadSpec | undefined = undefined,
  R extends Responses = Responses,
>(spec: RouteSpec<M, Path, P, Q, B, U, R>): RouteSpec<M, Path, P, Q, B, U, R> {
  return spec;
}
