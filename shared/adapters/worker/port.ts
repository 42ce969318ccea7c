import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ApiError, type FileAnswer, type QueryPort } from '../../api/index.ts';
import { errorBodySchema } from '../../api/schemas/common.ts';

/**
 * The query port at the edge. The routes call it once they have authenticated and validated the request, with
 * the arguments they parsed; it ignores them and lets `forward` send the original request to the query Lambda,
 * which parses it again with the same code. Answers become the values the routes send, the Lambda's error
 * bodies become the same errors.
 */
export function passThroughPort(forward: () => Promise<Response>): QueryPort {
  const json = async <T>(): Promise<T> => {
    const response = await forward();
    if (!response.ok) throw await upstreamError(response);
    return (await response.json()) as T;
  };
  const items = async <T>(): Promise<T[]> => (await json<{ items: T[] }>()).items;
  const file = async (): Promise<FileAnswer> => {
    const response = await forward();
    const location = response.headers.get('location');
    if (response.status === 302 && location) return { redirect: location };
    if (!response.ok) throw await upstreamError(response);
    // The inverse of what sendFile wrote.
    const disposition = response.headers.get('content-disposition') ?? '';
    const maxAge = /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1];
    return {
      body: response.body ?? new Uint8Array(),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
      filename: /filename="([^"]*)"/.exec(disposition)?.[1],
      maxAge: maxAge === undefined ? undefined : Number(maxAge),
    };
  };
  return {
    health: json,
    datasets: items,
    summary: json,
    listImages: json,
    image: json,
    imageFile: file,
    searchText: json,
    searchSimilar: json,
    clusters: json,
    map: json,
    distributions: json,
    objects: json,
    runs: items,
    latestReport: file,
    exportView: file,
    labelHealth: json,
    leaks: json,
    views: items,
    view: json,
    createView: json,
    deleteView: json,
    viewAlerts: items,
    snapshots: items,
    createSnapshot: json,
    snapshotDiff: json,
    restoreSnapshot: json,
    trainingExport: file,
  };
}

async function upstreamError(response: Response): Promise<ApiError> {
  const parsed = errorBodySchema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success && parsed.data.status === response.status) {
    const { status, code, message, field } = parsed.data;
    return new ApiError(status as ContentfulStatusCode, code, message, field);
  }
  return new ApiError(
    502,
    'upstream_failed',
    `The query service answered ${response.status} without an error body.`,
  );
}
