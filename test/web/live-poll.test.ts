import { describe, expect, it } from 'vitest';
import { type Mark, markChanged, sameDataset } from '../../web/src/live/mark.ts';
import { startPoll, type Timers, type Visibility } from '../../web/src/live/poll.ts';
import { liveWords } from '../../web/src/words/live.ts';

/** A clock the test moves by hand: `advance` runs the timers that fall due. */
function fakeTimers() {
  let now = 0;
  let next = 1;
  const due = new Map<number, { at: number; run: () => void }>();
  const timers: Timers = {
    set(run, ms) {
      const id = next++;
      due.set(id, { at: now + ms, run });
      return id;
    },
    clear: (id) => void due.delete(id as number),
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    timers,
    pending: () => due.size,
    async advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const first = [...due.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!first || first[1].at > until) break;
        due.delete(first[0]);
        now = first[1].at;
        first[1].run();
        await settle();
      }
      now = until;
      await settle();
    },
  };
}

function fakeVisibility() {
  let shown = true;
  const listeners = new Set<() => void>();
  const visibility: Visibility = {
    visible: () => shown,
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    visibility,
    set(value: boolean) {
      shown = value;
      for (const listener of listeners) listener();
    },
  };
}

const mark = (images: number, run: Mark['run'] = null, dataset = 'pets'): Mark => ({ dataset, images, run });
const finished = (runId: string, at: string): Mark['run'] => ({
  runId,
  status: 'finished',
  startedAt: at,
  finishedAt: at,
});

function setup(read: () => Promise<Mark>) {
  const clock = fakeTimers();
  const tab = fakeVisibility();
  const changes: [Mark, Mark][] = [];
  let reads = 0;
  const poller = startPoll<Mark>({
    read: () => {
      reads++;
      return read();
    },
    changed: markChanged,
    comparable: sameDataset,
    onChange: (before, after) => void changes.push([before, after]),
    interval: 10_000,
    backoff: 60_000,
    timers: clock.timers,
    visibility: tab.visibility,
  });
  return { clock, tab, changes, poller, reads: () => reads };
}

describe('the live poll', () => {
  it('reads a baseline at once, then every 10 s, and reports a change once', async () => {
    let current = mark(60);
    const { clock, changes, poller, reads } = setup(async () => current);
    await clock.advance(0);
    expect(reads()).toBe(1);
    expect(poller.nextDelay).toBe(10_000);
    await clock.advance(10_000);
    expect(reads()).toBe(2);
    expect(changes).toEqual([]);
    current = mark(72, finished('r2', '2026-12-04T14:02:00Z'));
    await clock.advance(10_000);
    expect(changes).toEqual([[mark(60), current]]);
    await clock.advance(10_000);
    expect(changes).toHaveLength(1);
    poller.stop();
  });

  it('backs off (20, 40, 60 s) while the API fails and returns to 10 s after a success', async () => {
    let failing = true;
    const { clock, poller } = setup(async () => {
      if (failing) throw new Error('offline');
      return mark(60);
    });
    await clock.advance(0);
    expect(poller.nextDelay).toBe(20_000);
    await clock.advance(20_000);
    expect(poller.nextDelay).toBe(40_000);
    await clock.advance(40_000);
    expect(poller.nextDelay).toBe(60_000);
    await clock.advance(60_000);
    expect(poller.nextDelay).toBe(60_000);
    failing = false;
    await clock.advance(60_000);
    expect(poller.nextDelay).toBe(10_000);
    poller.stop();
  });

  it('stops while the tab is hidden and asks at once when it is shown again', async () => {
    let current = mark(60);
    const { clock, tab, changes, poller, reads } = setup(async () => current);
    await clock.advance(0);
    tab.set(false);
    expect(clock.pending()).toBe(0);
    expect(poller.nextDelay).toBeNull();
    current = mark(61);
    await clock.advance(120_000);
    expect(reads()).toBe(1);
    tab.set(true);
    await clock.advance(0);
    expect(reads()).toBe(2);
    expect(changes).toEqual([[mark(60), mark(61)]]);
    expect(poller.nextDelay).toBe(10_000);
    poller.stop();
    expect(clock.pending()).toBe(0);
  });

  it('takes another dataset, or a reset, as a new baseline rather than a change', async () => {
    let current = mark(60);
    const { clock, changes, poller } = setup(async () => current);
    await clock.advance(0);
    current = mark(5, null, 'cars');
    await clock.advance(10_000);
    expect(changes).toEqual([]);
    poller.reset();
    current = mark(7, null, 'cars');
    await clock.advance(10_000);
    expect(changes).toEqual([]);
    current = mark(8, null, 'cars');
    await clock.advance(10_000);
    expect(changes).toHaveLength(1);
    poller.stop();
  });
});

describe('the live notice in words', () => {
  const time = (iso: string) => iso.slice(11, 16);
  it('says how many images arrived and when the run finished', () => {
    const after = mark(72, finished('r2', '2026-12-04T14:02:00Z'));
    expect(liveWords(mark(60, finished('r1', '2026-12-04T03:00:00Z')), after, time)).toBe(
      '12 new images · run finished 14:02',
    );
    expect(liveWords(mark(60), mark(61), time)).toBe('1 new image');
    expect(liveWords(mark(60), mark(57), time)).toBe('3 images removed');
  });

  it('names a run that started or failed, and a run alone', () => {
    const started: Mark['run'] = {
      runId: 'r3',
      status: 'running',
      startedAt: '2026-12-04T14:05:00Z',
      finishedAt: null,
    };
    expect(liveWords(mark(60), mark(60, started), time)).toBe('run started 14:05');
    const failed = { ...started, status: 'failed' as const, finishedAt: '2026-12-04T14:06:00Z' };
    expect(liveWords(mark(60, started), mark(60, failed), time)).toBe('run failed 14:06');
    expect(liveWords(mark(60, started), mark(60, finished('r3', '2026-12-04T14:07:00Z')), time)).toBe(
      'run finished 14:07',
    );
  });
});
