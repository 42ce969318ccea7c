/** Frame figures from a list of durations in ms: median, p95 and the shares over one and two 60 Hz frames. */
export interface FrameStats {
  frames: number;
  median: number;
  p95: number;
  /**
   * Share of frames longer than 16.7 ms (missed 60 Hz) and than 33.3 ms (under 30 fps). rAF deltas jitter by a
   * few tenths of a ms around the 16.7 ms vsync, so "longer" means by more than 1 ms.
   */
  over16: number;
  over33: number;
}

const JITTER = 1;

export function frameStats(durations: number[]): FrameStats {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const share = (limit: number) => sorted.filter((d) => d > limit).length / Math.max(1, sorted.length);
  return {
    frames: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    over16: share(1000 / 60 + JITTER),
    over33: share(2000 / 60 + JITTER),
  };
}
