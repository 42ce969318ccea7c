import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startSchedule } from '../../shared/curate/schedule.ts';
import { isVisibleError } from '../../shared/errors/index.ts';
import { createLogger } from '../../shared/log/index.ts';

function capture() {
  const lines: { level: string; msg: string }[] = [];
  return { lines, log: createLogger('debug', (line) => lines.push(JSON.parse(line))) };
}

describe('startSchedule', () => {
  it('is off for "off" and names the next run otherwise (nightly at 03:00 UTC)', () => {
    const { log } = capture();
    expect(startSchedule('off', async () => {}, log)).toBeUndefined();
    const schedule = startSchedule('0 3 * * *', async () => {}, log);
    const next = schedule?.next();
    schedule?.stop();
    expect(next?.getUTCHours()).toBe(3);
    expect(next?.getUTCMinutes()).toBe(0);
    expect((next?.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
  });

  it('refuses an expression that is not cron, naming the setting', () => {
    const { log } = capture();
    try {
      startSchedule('every night', async () => {}, log);
      expect.unreachable();
    } catch (error) {
      expect(isVisibleError(error)).toBe(true);
      expect((error as Error).message).toMatch(/"every night" is not a cron expression/);
    }
  });

  it('keeps running after a failed run, and skips a run while the previous one is still going', async () => {
    const { lines, log } = capture();
    let calls = 0;
    const schedule = startSchedule(
      '* * * * * *',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('store unreachable');
        await sleep(1500);
      },
      log,
    );
    await sleep(3300);
    schedule?.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.level === 'error' && l.msg === 'scheduled curation failed')).toBe(true);
    expect(lines.some((l) => l.level === 'warn' && /still going/.test(l.msg))).toBe(true);
  });
});
