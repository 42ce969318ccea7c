/**
 * The page's API client: the typed client of shared/api/client.ts (paths, inputs and answers from the route
 * declarations, `import type` only, so no zod or server code reaches the bundle) over a transport that adds the
 * key. A 401 raises `KeyRequired` so the page asks for one; any other failure is an `ApiFailure` with the API's
 * message.
 */
import { type ApiClient, apiUrl, createApiClient, type Transport } from '../../shared/api/client.ts';
import type { ApiAnswer, ApiRequest, FilePath, RouteAt } from '../../shared/api/contract.ts';

export class KeyRequired extends Error {}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A file the API answered, with the name its content-disposition suggests. */
export interface Download {
  blob: Blob;
  filename: string | null;
}

const SIMILAR = '/v1/datasets/{dataset}/search/similar';
type SimilarAnswer = ApiAnswer<RouteAt<'post', typeof SIMILAR>>;

export interface Client extends ApiClient {
  /** Bytes at a URL the API handed out in an answer (`thumbnailUrl`, `originalUrl`): not a route path to type. */
  blob(url: string): Promise<Download>;
  /**
   * "Find similar" by an uploaded image: the one multipart request, which the JSON client cannot send. Same
   * route and answer type as `post(SIMILAR)`; the form's fields are the route's `upload` declaration.
   */
  similarToUpload(dataset: string, form: FormData): Promise<SimilarAnswer>;
}

export function createClient(getKey: () => string | null): Client {
  const send: Transport = async (url, init) => {
    const key = getKey();
    if (!key) throw new KeyRequired('An API key is needed.');
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    const response = await fetch(url, { ...init, headers });
    if (response.status === 401) throw new KeyRequired(await messageOf(response));
    if (!response.ok) throw new ApiFailure(response.status, await messageOf(response));
    return response;
  };
  return {
    ...createApiClient(send),
    blob: async (url) => readDownload(await send(url, {})),
    async similarToUpload(dataset, form) {
      const response = await send(apiUrl(SIMILAR, { dataset }), { method: 'POST', body: form });
      return (await response.json()) as SimilarAnswer;
    },
  };
}

/** A file route's URL with its path parameters filled in: for the image loader, which fetches and caches by URL. */
export const fileUrl = <P extends FilePath>(
  path: P,
  params: ApiRequest<RouteAt<'get', P>>['params'],
): string => apiUrl(path, params);

/** Reads a file route's response (`client.file(...)`) as a blob and its suggested file name. */
export async function readDownload(response: Response): Promise<Download> {
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

async function messageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}
