import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.ts';

export interface ConcurrencyLimits {
  /** Requests answered at once; more only make each slower (LanceDB and the embedder share the same cores). */
  maxInFlight: number;
  /** Requests waiting for a turn; one more is refused at once. */
  maxQueue: number;
  /** A request that waited this long is refused: its client would rather retry than wait longer. */
  maxWaitMs: number;
  /** Seconds the 503's Retry-After asks a client to wait. */
  retryAfterSeconds: number;
}

/** What a server's limiter is doing right now (for tests and logs). */
export interface LimiterState {
  inFlight: number;
  queued: number;
  refused: number;
}

export type ConcurrencyLimiter = MiddlewareHandler & { state(): LimiterState };

/**
 * A bounded queue in front of the routes: at most `maxInFlight` requests run, up to `maxQueue` more wait in
 * arrival order, and the rest are answered 503 with Retry-After at once, so overload costs a refused request
 * rather than every client's latency. A response's body streams after its slot is freed.
 */
export function concurrencyLimit(limits: ConcurrencyLimits): ConcurrencyLimiter {
  checkLimits(limits);
  const waiting: { start(): void; timer: ReturnType<typeof setTimeout> }[] = [];
  let inFlight = 0;
  let refused = 0;

  const release = () => {
    const next = waiting.shift();
    if (!next) {
      inFlight--;
      return;
    }
    clearTimeout(next.timer);
    next.start();
  };

  const overloaded = (why: string) => {
    refused++;
    return new ApiError(503, 'overloaded', `The server is busy (${why}); retry in a moment.`);
  };

  const acquire = (): Promise<void> => {
    if (inFlight < limits.maxInFlight) {
      inFlight++;
      return Promise.resolve();
    }
    if (waiting.length >= limits.maxQueue) return Promise.reject(overloaded('queue full'));
    return new Promise<void>((resolve, reject) => {
      const entry = {
        start: resolve,
        timer: setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(overloaded(`waited ${limits.maxWaitMs} ms`));
        }, limits.maxWaitMs),
      };
      waiting.push(entry);
    });
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    try {
      await acquire();
    } catch (error) {
      const answer = error as ApiError;
      return c.json(answer.body(), 503, { 'retry-after': String(limits.retryAfterSeconds) });
    }
    try {
      await next();
    } finally {
      release();
    }
  };
  return Object.assign(middleware, {
    state: () => ({ inFlight, queued: waiting.length, refused }),
  });
}

function checkLimits(limits: ConcurrencyLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    const least = name === 'maxQueue' ? 0 : 1;
    if (!Number.isInteger(value) || value < least)
      throw new Error(`concurrency limit ${name} must be a whole number of at least ${least}; got ${value}`);
  }
}

/** Defaults for a process on `cores` cores: two requests per core run, 64 wait at most 10 s. */
export function defaultConcurrency(cores: number): ConcurrencyLimits {
  return {
    maxInFlight: Math.max(2, 2 * Math.floor(cores)),
    maxQueue: 64,
    maxWaitMs: 10_000,
    retryAfterSeconds: 1,
  };
}
