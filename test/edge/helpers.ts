// Runs inside workerd: requests through the real Worker entry, and to the Node side started by global-setup.ts.
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import worker from '../../shared/adapters/worker/worker.ts';

export const fx = inject('edge');

export interface Call extends RequestInit {
  /** The API key sent as a bearer token: the all-datasets key unless given; null sends none. */
  key?: string | null;
  /** Bindings over the configured ones (made once per distinct set, as an isolate keeps its env). */
  bindings?: Record<string, string>;
}

const envs = new Map<string, Record<string, unknown>>();
function bindingsFor(overrides: Record<string, string> | undefined): Record<string, unknown> {
  if (!overrides) return env;
  const id = JSON.stringify(overrides);
  let made = envs.get(id);
  if (!made) {
    made = { ...env, ...overrides };
    envs.set(id, made);
  }
  return made;
}

function request(base: string, path: string, call: Call, tag?: string): Request {
  const { key, bindings: _, ...init } = call;
  const headers = new Headers(init.headers);
  const chosen = key === undefined ? fx.keys.all : key;
  if (chosen !== null) headers.set('authorization', `Bearer ${chosen}`);
  if (tag) headers.set('x-test-tag', tag);
  return new Request(`${base}${path}`, { ...init, headers });
}

/**
 * One request through the Worker, waiting for what it left running (cache writes). The tag rides along to the
 * Lambda stand-in, which counts the invocations per tag.
 */
export async function viaEdge(path: string, call: Call = {}): Promise<{ response: Response; tag: string }> {
  const tag = crypto.randomUUID();
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    request('https://edge.example', path, call, tag),
    bindingsFor(call.bindings),
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { response, tag };
}

/** The same request to the API served directly on Node. */
export function viaDirect(path: string, call: Call = {}): Promise<Response> {
  return fetch(request(fx.direct, path, call));
}

/** How many times the stand-in ran a function for requests with this tag. */
export async function invocations(tag: string): Promise<{ function: string; path?: string }[]> {
  const response = await fetch(`${fx.lambda}/__test/invocations?tag=${tag}`);
  return (await response.json()) as { function: string; path?: string }[];
}

/** What a client compares: status, media type and the parsed JSON body. */
export async function answer(response: Response): Promise<{ status: number; type: string; body: unknown }> {
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, type, body: await response.json() };
}

export const jsonBody = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
