import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaContext, LambdaHandler } from '../../shared/adapters/lambda/index.ts';

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** What a function call produced: its answer, or the error Lambda would report as FunctionError. */
export type Outcome = { ok: true; result: unknown } | { ok: false; error: Error };

export interface FunctionRegistry {
  /** undefined when there is no functions/<name>.ts exporting `handler`. */
  has(name: string): boolean;
  invoke(name: string, event: unknown): Promise<Outcome>;
}

/**
 * The deployable handlers in `dir` (functions/<name>.ts, export `handler`), each imported on its first call
 * and kept, like a warm Lambda container. Calls run in this process, several at a time.
 */
export function functionRegistry(dir: string): FunctionRegistry {
  const loaded = new Map<string, Promise<LambdaHandler>>();
  const fileOf = (name: string) => join(dir, `${name}.ts`);
  const load = (name: string) => {
    let handler = loaded.get(name);
    if (!handler) {
      handler = import(pathToFileURL(fileOf(name)).href).then((module: { handler?: unknown }) => {
        if (typeof module.handler !== 'function') throw new Error(`functions/${name}.ts exports no handler`);
        return module.handler as LambdaHandler;
      });
      handler.catch(() => loaded.delete(name));
      loaded.set(name, handler);
    }
    return handler;
  };
  return {
    has: (name) => NAME.test(name) && existsSync(fileOf(name)),
    async invoke(name, event) {
      const context: LambdaContext = {
        functionName: name,
        awsRequestId: randomUUID(),
        getRemainingTimeInMillis: () => 900_000,
      };
      try {
        const handler = await load(name);
        return { ok: true, result: await handler(event, context) };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error : new Error(String(error)) };
      }
    },
  };
}

/** "ingest", "ingest:$LATEST", "arn:aws:lambda:us-east-1:123456789012:function:ingest[:alias]" -> "ingest". */
export function functionName(reference: string): string {
  const parts = decodeURIComponent(reference).split(':');
  const at = parts.indexOf('function');
  return at >= 0 ? (parts[at + 1] ?? '') : parts[0];
}
