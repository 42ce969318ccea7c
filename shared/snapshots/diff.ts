import type { Connection } from '@lancedb/lancedb';
import { stringLiteral } from '../store/filters.ts';
import { rowsOf, tableAt } from './read.ts';
import { tagOf } from './registry.ts';
import type { Snapshot, SnapshotDiff } from './types.ts';

interface State {
  images: Map<string, { key: string; label: string | null; sha256: string }>;
  issues: Map<string, Set<string>>;
}

const QUALITY = ['blur', 'dark', 'bright'] as const;

/**
 * Images added, removed, relabelled or changed between two states, and the issues that appeared or went away
 * (quality flags from the images; duplicates, mislabels and outliers from each state's latest full run).
 * Memory and time grow with the dataset: every id of both states is read once.
 */
export async function diffImages(
  conn: Connection,
  dataset: string,
  from: Snapshot,
  to: Snapshot | undefined,
  thresholds: Partial<Record<string, number>>,
): Promise<SnapshotDiff> {
  const a = await stateAt(conn, dataset, from, thresholds);
  const b = await stateAt(conn, dataset, to, thresholds);
  const diff: SnapshotDiff = {
    dataset,
    from: from.name,
    to: to?.name ?? 'current',
    added: [],
    removed: [],
    relabelled: [],
    changed: [],
    issues: {},
  };
  for (const [id, now] of b.images) {
    const before = a.images.get(id);
    if (!before) diff.added.push({ id, key: now.key });
    else {
      if (before.label !== now.label)
        diff.relabelled.push({ id, key: now.key, from: before.label, to: now.label });
      if (before.sha256 !== now.sha256) diff.changed.push({ id, key: now.key });
    }
  }
  for (const [id, before] of a.images) if (!b.images.has(id)) diff.removed.push({ id, key: before.key });
  for (const issue of new Set([...a.issues.keys(), ...b.issues.keys()])) {
    const was = a.issues.get(issue) ?? new Set();
    const is = b.issues.get(issue) ?? new Set();
    diff.issues[issue] = {
      appeared: [...is].filter((id) => !was.has(id)).sort(),
      gone: [...was].filter((id) => !is.has(id)).sort(),
    };
  }
  for (const list of [diff.added, diff.removed, diff.relabelled, diff.changed])
    list.sort((x, y) => (x.key < y.key ? -1 : 1));
  return diff;
}

async function stateAt(
  conn: Connection,
  dataset: string,
  snapshot: Snapshot | undefined,
  thresholds: Partial<Record<string, number>>,
): Promise<State> {
  const tag = snapshot ? tagOf(dataset, snapshot.name) : undefined;
  const version = (name: keyof Snapshot['versions']) => (snapshot ? snapshot.versions[name] : 0);
  const t = (issue: string) => thresholds[issue] ?? 0.5;
  const state: State = { images: new Map(), issues: new Map() };
  const flag = (issue: string, id: string) => {
    const set = state.issues.get(issue) ?? new Set<string>();
    set.add(id);
    state.issues.set(issue, set);
  };
  const images = await tableAt(conn, 'images', tag, version('images'));
  for await (const row of rowsOf(images, dataset, ['id', 'key', 'label', 'sha256', ...QUALITY])) {
    const id = row.id as string;
    state.images.set(id, {
      key: row.key as string,
      label: (row.label as string | null) ?? null,
      sha256: row.sha256 as string,
    });
    for (const issue of QUALITY) if ((row[issue] as number) >= t(issue)) flag(issue, id);
  }
  const runs = await tableAt(conn, 'runs', tag, version('runs'));
  let runId: string | undefined;
  let started = Number.NEGATIVE_INFINITY;
  for await (const run of rowsOf(
    runs,
    dataset,
    ['runId', 'startedAt'],
    "kind = 'full' AND status = 'finished'",
  )) {
    if (Number(run.startedAt) > started) {
      started = Number(run.startedAt);
      runId = run.runId as string;
    }
  }
  if (!runId) return state;
  const curation = await tableAt(conn, 'curation', tag, version('curation'));
  const columns = [
    'id',
    'duplicateCluster',
    'representative',
    'duplicateScore',
    'mislabelConfidence',
    'outlierConfidence',
    'datasetOutlierConfidence',
  ];
  for await (const row of rowsOf(
    curation,
    dataset,
    columns,
    `runId = ${stringLiteral(runId)} AND kind = 'image'`,
  )) {
    const id = row.id as string;
    if (!state.images.has(id)) continue;
    const keeper = row.representative === true && row.duplicateCluster !== null;
    if ((row.duplicateScore as number) >= t('duplicates') && !keeper) flag('duplicates', id);
    if ((row.mislabelConfidence as number) >= t('mislabels')) flag('mislabels', id);
    if (Math.max(row.outlierConfidence as number, row.datasetOutlierConfidence as number) >= t('outliers'))
      flag('outliers', id);
  }
  return state;
}
