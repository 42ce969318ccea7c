/**
 * The API's contract as types, read from the route table itself (routes/index.ts): every path, what each takes
 * (path parameters, query, JSON body) as a client writes it (zod's input types), and what it answers (the output
 * type of its response schema). `import type` only: a client (the page, tests) ships none of the server.
 */
import type { z } from 'zod';
import type { Method } from './route.ts';
import type { apiRoutes } from './routes/index.ts';

type ApiRoute = (typeof apiRoutes)[number];

/**
 * The route declared for this method and path. A route declared for several paths at once (images.ts maps
 * thumbnail and original onto one declaration) has a union path type: it is found by any one of them.
 */
export type RouteAt<M extends Method, P extends string> = ApiRoute extends infer R
  ? R extends { method: M; path: infer Q }
    ? P extends Q
      ? R
      : never
    : never
  : never;

/** Routes whose success is JSON (a response schema), or bytes (a file, a report page, an archive). */
type IsJson<R> = R extends { responses: infer S }
  ? S extends { 200: z.ZodType } | { 201: z.ZodType }
    ? true
    : false
  : false;
export type JsonPath<M extends Method> =
  Extract<ApiRoute, { method: M }> extends infer R
    ? R extends { path: infer P }
      ? IsJson<R> extends true
        ? P
        : never
      : never
    : never;
export type FilePath =
  Extract<ApiRoute, { method: 'get' }> extends infer R
    ? R extends { path: infer P }
      ? IsJson<R> extends true
        ? never
        : P
      : never
    : never;

/** A query-string value as the client gives it: a number where the schema takes digits, enums as they are. */
type Wire<T> = T extends string
  ? string extends T
    ? string | number
    : T
  : T extends readonly (infer I)[]
    ? readonly Wire<I>[] | Wire<I>
    : T;
type QueryIn<S> = { [K in keyof z.input<S & z.ZodType>]: Wire<z.input<S & z.ZodType>[K]> };

type Part<S> = [NonNullable<S>] extends [never] ? undefined : NonNullable<S>;
type Field<K extends string, T, Optional extends boolean> = [T] extends [undefined]
  ? { [k in K]?: never }
  : Optional extends true
    ? { [k in K]?: T }
    : { [k in K]: T };

/** What a call to the route takes: `params` when the path has any, `query` (optional), `body` when JSON is sent. */
export type ApiRequest<R> = R extends { params?: infer P; query?: infer Q; body?: infer B }
  ? Field<'params', Part<P> extends z.ZodType ? z.input<Part<P>> : undefined, false> &
      Field<'query', Part<Q> extends z.ZodType ? QueryIn<Part<Q>> : undefined, true> &
      Field<'body', Part<B> extends z.ZodType ? z.input<Part<B>> : undefined, false>
  : never;

/** What the route answers on success, as the client reads it (the response schema's output). */
export type ApiAnswer<R> = R extends { responses: infer S }
  ? S extends { 200: infer A extends z.ZodType }
    ? z.output<A>
    : S extends { 201: infer A extends z.ZodType }
      ? z.output<A>
      : never
  : never;
