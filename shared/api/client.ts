/**
 * A typed client of the query API, for the page and for tests: paths, inputs and answers come from the route
 * declarations (contract.ts), so a call the server would refuse for its shape does not compile. Runs anywhere
 * `fetch` does; it imports only types from the server.
 */
import type { ApiAnswer, ApiRequest, FilePath, JsonPath, RouteAt } from './contract.ts';
import type { Method } from './route.ts';

/** Sends one request: `fetch` with the key added, or `app.request` in tests. */
export type Transport = (url: string, init: RequestInit) => Promise<Response>;

/** A non-2xx answer the transport let through, with the API's error body where it sent one. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Request headers a caller may add (e.g. `cache-control: no-cache` past an edge cache); the key is the transport's. */
interface Extra {
  headers?: Record<string, string>;
}

/** The request argument may be left out where the route needs nothing (no path parameter, no body). */
type Args<R> =
  object extends ApiRequest<R> ? [request?: ApiRequest<R> & Extra] : [request: ApiRequest<R> & Extra];

export interface ApiClient {
  get<P extends JsonPath<'get'>>(
    path: P,
    ...args: Args<RouteAt<'get', P>>
  ): Promise<ApiAnswer<RouteAt<'get', P>>>;
  post<P extends JsonPath<'post'>>(
    path: P,
    ...args: Args<RouteAt<'post', P>>
  ): Promise<ApiAnswer<RouteAt<'post', P>>>;
  delete<P extends JsonPath<'delete'>>(
    path: P,
    ...args: Args<RouteAt<'delete', P>>
  ): Promise<ApiAnswer<RouteAt<'delete', P>>>;
  /** A route that answers bytes (a file, a report page, an export): the response, to read as a blob or stream. */
  file<P extends FilePath>(path: P, ...args: Args<RouteAt<'get', P>>): Promise<Response>;
}

interface AnyRequest extends Extra {
  params?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
}

export function createApiClient(send: Transport): ApiClient {
  const call = async (method: Method, path: string, request: AnyRequest = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...request.headers };
    const init: RequestInit = { method: method.toUpperCase(), headers };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(request.body);
    }
    const response = await send(apiUrl(path, request.params, request.query), init);
    if (!response.ok) throw await callError(response);
    return response;
  };
  // The answer is what the route's response schema declares (the contract tests parse it with that schema).
  const json = async (method: Method, path: string, request?: AnyRequest): Promise<never> =>
    (await call(method, path, request)).json() as Promise<never>;
  return {
    get: (path, ...[request]) => json('get', path, request as AnyRequest),
    post: (path, ...[request]) => json('post', path, request as AnyRequest),
    delete: (path, ...[request]) => json('delete', path, request as AnyRequest),
    file: (path, ...[request]) => call('get', path, request as AnyRequest),
  };
}

/** `/v1/datasets/{dataset}` with its parameters filled in (encoded), and the query (repeated keys for arrays). */
export function apiUrl(
  path: string,
  params: Record<string, string> = {},
  query: Record<string, unknown> = {},
) {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`The path parameter "${name}" of ${path} is missing.`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
  }
  const text = search.toString();
  return text ? `${filled}?${text}` : filled;
}

async function callError(response: Response): Promise<ApiCallError> {
  const fallback = `The server answered ${response.status}.`;
  try {
    const body = (await response.json()) as { code?: string; message?: string };
    return new ApiCallError(response.status, body.code ?? 'unknown', body.message ?? fallback);
  } catch {
    return new ApiCallError(response.status, 'unknown', fallback);
  }
}
