/** A promise made on first use and shared by every caller after it, until it fails. */
export interface RetryingOnce<T> {
  (): Promise<T>;
  /** The promise made so far, if any (to release what it holds). */
  readonly current: Promise<T> | undefined;
  /** Drop the promise, so the next call makes a new one. */
  forget(): void;
}

/**
 * Memoise an expensive async setup (a table, an index, a model session, a warm Lambda's handler): every caller
 * shares the one promise, and a failed one is forgotten so the next call tries again instead of failing forever.
 */
export function retryingOnce<T>(make: () => Promise<T>): RetryingOnce<T> {
  let current: Promise<T> | undefined;
  const once = () => {
    current ??= make().catch((error: unknown) => {
      current = undefined;
      throw error;
    });
    return current;
  };
  return Object.assign(once, {
    get current() {
      return current;
    },
    forget() {
      current = undefined;
    },
  }) as RetryingOnce<T>;
}
