import { type Mark, runMoved } from '../live/mark.ts';
import { plural } from './counts.ts';

/** A time of day as the notice shows it: 14:02 (24-hour, the reader's time zone). */
export const clock = (iso: string): string =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** What changed between two polls, in a few words: "12 new images · run finished 14:02". */
export function liveWords(before: Mark, after: Mark, time: (iso: string) => string = clock): string {
  const parts: string[] = [];
  const added = after.images - before.images;
  if (added > 0) parts.push(`${plural(added, 'new image')}`);
  if (added < 0) parts.push(`${plural(-added, 'image')} removed`);
  const run = after.run;
  if (run && runMoved(before, after)) {
    if (run.status === 'finished') parts.push(`run finished ${time(run.finishedAt ?? run.startedAt)}`);
    else if (run.status === 'failed') parts.push(`run failed ${time(run.finishedAt ?? run.startedAt)}`);
    else parts.push(`run started ${time(run.startedAt)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : 'updated';
}
