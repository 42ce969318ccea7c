/**
 * A light poll for "did anything change": while the page is visible it asks every `interval` ms, after a failure
 * it waits longer (doubling up to `backoff`), and while the tab is hidden it stops; coming back asks at once.
 * Timers and visibility are injected, so the schedule is tested without a browser.
 */

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface Visibility {
  visible(): boolean;
  /** Calls `listener` when visibility changes; returns the unsubscribe. */
  watch(listener: () => void): () => void;
}

export interface PollOptions<Mark> {
  /** The current mark (counts, run id); throws when the API cannot be read. */
  read(): Promise<Mark>;
  /** Whether two marks differ in a way the page must show; marks of another dataset are never compared. */
  changed(before: Mark, after: Mark): boolean;
  /** Called once per change; the next poll waits until it settles. */
  onChange(before: Mark, after: Mark): Promise<void> | void;
  /** A mark that should not be compared with the last one (another dataset): it becomes the new baseline. */
  comparable?(before: Mark, after: Mark): boolean;
  interval: number;
  backoff: number;
  timers: Timers;
  visibility: Visibility;
}

export interface Poller {
  stop(): void;
  /** Forgets the baseline (another dataset was opened): the next read is not a change. */
  reset(): void;
  /** Ms until the next poll was scheduled, null while stopped or hidden (for tests and debugging). */
  readonly nextDelay: number | null;
}

export function startPoll<Mark>(options: PollOptions<Mark>): Poller {
  const { timers, visibility } = options;
  let baseline: Mark | null = null;
  let timer: unknown = null;
  let delay = options.interval;
  let nextDelay: number | null = null;
  let running = false;
  let stopped = false;

  const cancel = () => {
    if (timer !== null) timers.clear(timer);
    timer = null;
    nextDelay = null;
  };
  const schedule = (ms: number) => {
    cancel();
    if (stopped || !visibility.visible()) return;
    nextDelay = ms;
    timer = timers.set(() => void tick(), ms);
  };

  const tick = async () => {
    timer = null;
    nextDelay = null;
    if (running || stopped || !visibility.visible()) return;
    running = true;
    try {
      const mark = await options.read();
      const before = baseline;
      baseline = mark;
      const comparable = before !== null && (options.comparable?.(before, mark) ?? true);
      if (before !== null && comparable && options.changed(before, mark))
        await options.onChange(before, mark);
      delay = options.interval;
    } catch {
      delay = Math.min(Math.max(delay * 2, options.interval), options.backoff);
    } finally {
      running = false;
    }
    schedule(delay);
  };

  const unwatch = visibility.watch(() => {
    if (!visibility.visible()) return cancel();
    if (!running) void tick();
  });
  void tick();

  return {
    stop() {
      stopped = true;
      unwatch();
      cancel();
    },
    reset() {
      baseline = null;
    },
    get nextDelay() {
      return nextDelay;
    },
  };
}
