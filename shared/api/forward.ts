import { ApiError } from './errors.ts';
import type { FileAnswer, QueryPort } from './ports.ts';
import { errorBodySchema } from './schemas/common.ts';
import { toBody, toQuery } from './schemas/filters.ts';

export interface ForwardOptions {
  /** Sends a request to the upstream API (the query Lambda through client-lambda, or any fetch). */
  send(request: Request): Promise<Response>;
  /** A key the upstream accepts for every dataset: the caller was authenticated and scoped here already. */
  key: string;
  /** Origin written into the forwarded requests' URLs (default http://upstream). */
  origin?: string;
}

/**
 * A QueryPort that answers by asking another instance of this API: what an edge Worker, which cannot load
 * LanceDB, puts behind the same routes. Each call becomes the canonical request of its route; upstream errors
 * come back as the same ApiError, so the edge answers exactly what the upstream would.
 */
export function createForwardingPort(options: ForwardOptions): QueryPort {
  const origin = options.origin ?? 'http://upstream';
  const call = async (
    method: string,
    path: string,
    init: { query?: [string, string][]; body?: FormData; json?: unknown } = {},
  ) => {
    const url = new URL(`/v1${path}`, origin);
    for (const [name, value] of init.query ?? []) url.searchParams.append(name, value);
    const headers = new Headers({ authorization: `Bearer ${options.key}` });
    let body: FormData | string | undefined = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return options.send(new Request(url, { method, headers, body }));
  };
  // The upstream is this same API: its answers have the shapes the port promises.
  // biome-ignore lint/suspicious/noExplicitAny: typed by the QueryPort method each call answers.
  const json = async (response: Response): Promise<any> => {
    if (!response.ok) throw await upstreamError(response);
    return response.json();
  };
  const orMissing = async <T>(
    response: Response,
    read: (response: Response) => Promise<T>,
  ): Promise<T | undefined> => (response.status === 404 ? undefined : read(response));
  const ds = (dataset: string) => `/datasets/${encodeURIComponent(dataset)}`;
  const optional = (name: string, value: string | number | undefined): [string, string][] =>
    value === undefined ? [] : [[name, String(value)]];

  return {
    health: async () => json(await call('GET', '/health')),
    datasets: async () => (await json(await call('GET', '/datasets'))).items,
    summary: async (dataset) => orMissing(await call('GET', ds(dataset)), json),
    listImages: async (dataset, request) =>
      json(
        await call('GET', `${ds(dataset)}/images`, {
          query: [
            ...toQuery(request.filters),
            ...optional('sort', request.sort),
            ...optional('cursor', request.cursor),
            ['limit', String(request.limit)],
          ],
        }),
      ),
    image: async (dataset, id, { threshold }) =>
      orMissing(
        await call('GET', `${ds(dataset)}/images/${id}`, { query: optional('threshold', threshold) }),
        json,
      ),
    imageFile: async (dataset, id, variant) =>
      orMissing(await call('GET', `${ds(dataset)}/images/${id}/${variant}`), file),
    searchText: async (dataset, request) =>
      json(
        await call('POST', `${ds(dataset)}/search/text`, {
          json: { query: request.query, limit: request.limit, filters: toBody(request.filters) },
        }),
      ),
    async searchSimilar(dataset, request) {
      const { source } = request;
      const path = `${ds(dataset)}/search/similar`;
      if (source.kind === 'upload') {
        const form = new FormData();
        form.set('image', new Blob([source.bytes as Uint8Array<ArrayBuffer>]), 'upload');
        form.set('limit', String(request.limit));
        form.set('target', request.target);
        form.set('filters', JSON.stringify(toBody(request.filters)));
        return json(await call('POST', path, { body: form }));
      }
      const from =
        source.kind === 'image'
          ? { imageId: source.imageId, box: source.box }
          : source.kind === 'object'
            ? { objectId: source.objectId }
            : { cluster: source.cluster };
      return json(
        await call('POST', path, {
          json: { ...from, limit: request.limit, target: request.target, filters: toBody(request.filters) },
        }),
      );
    },
    clusters: async (dataset, query) =>
      json(
        await call('GET', `${ds(dataset)}/clusters`, {
          query: [
            ['kind', query.kind],
            ['level', String(query.level)],
            ['limit', String(query.limit)],
            ...optional('cursor', query.cursor),
          ],
        }),
      ),
    objects: async (dataset, query) =>
      json(
        await call('GET', `${ds(dataset)}/objects`, {
          query: Object.entries(query)
            .filter(([, value]) => value !== undefined)
            .map(([name, value]) => [name, String(value)]),
        }),
      ),
    runs: async (dataset, limit) =>
      (await json(await call('GET', `${ds(dataset)}/runs`, { query: [['limit', String(limit)]] }))).items,
    latestReport: async (dataset, format) =>
      orMissing(await call('GET', `${ds(dataset)}/reports/latest`, { query: [['format', format]] }), file),
    exportView: async (dataset, request) =>
      file(
        await call('GET', `${ds(dataset)}/export`, {
          query: [
            ...toQuery(request.filters),
            ['format', request.format],
            ...optional('sort', request.sort),
            ...optional('maxRows', request.maxRows),
          ],
        }),
      ),
  };
}

async function file(response: Response): Promise<FileAnswer> {
  if (response.status === 302) return { redirect: response.headers.get('location') as string };
  if (!response.ok || !response.body) throw await upstreamError(response);
  const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1];
  const filename = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return {
    body: response.body,
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    ...(maxAge ? { maxAge: Number(maxAge) } : {}),
    ...(filename ? { filename } : {}),
  };
}

/** The upstream's own error, as the same ApiError; anything unreadable is a gateway failure. */
async function upstreamError(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success && parsed.data.status < 500) {
    const { status, code, message, field } = parsed.data;
    return new ApiError(status as 400, code, message, field);
  }
  return new ApiError(502, 'upstream_failed', `The query service answered ${response.status}; try again.`);
}
