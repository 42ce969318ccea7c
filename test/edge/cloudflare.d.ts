// The few `cloudflare:test` exports these tests use. The full declarations need the Workers runtime types, which
// clash with the Node types the rest of the project compiles with.
declare module 'cloudflare:test' {
  interface ExecutionContext {
    waitUntil(promise: Promise<unknown>): void;
    passThroughOnException(): void;
  }
  export const env: Record<string, unknown>;
  export function createExecutionContext(): ExecutionContext;
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
}
