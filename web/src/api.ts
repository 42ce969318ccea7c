/** The API client: every request carries the key; a 401 raises `KeyRequired` so the page asks for one. */

export class KeyRequired extends Error {}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Client {
  json<T>(path: string, init?: RequestInit): Promise<T>;
  blob(path: string): Promise<{ blob: Blob; filename: string | null }>;
}

export function createClient(getKey: () => string | null): Client {
  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const key = getKey();
    if (!key) throw new KeyRequired('An API key is needed.');
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    const response = await fetch(path, { ...init, headers });
    if (response.status === 401) throw new KeyRequired(await messageOf(response));
    if (!response.ok) throw new ApiFailure(response.status, await messageOf(response));
    return response;
  };
  return {
    async json<T>(path: string, init?: RequestInit): Promise<T> {
      return (await (await send(path, init)).json()) as T;
    },
    async blob(path: string) {
      const response = await send(path);
      const disposition = response.headers.get('content-disposition') ?? '';
      const filename = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
      return { blob: await response.blob(), filename };
    },
  };
}

async function messageOf(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: string };
    return body.message ?? `The server answered ${response.status}.`;
  } catch {
    return `The server answered ${response.status}.`;
  }
}

export const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
