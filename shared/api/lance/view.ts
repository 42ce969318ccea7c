import type { CurationColumn, CurationRow, CurationStore, ImageRow, Store } from '../../store/index.ts';
import type { Cursor } from '../cursor.ts';
import { evalFilter } from './filter-eval.ts';
import type { ViewPlan } from './plan.ts';
import { curationOf, type Results } from './results.ts';

export interface ViewRow {
  image: ImageRow;
  row: CurationRow | undefined;
}

export interface ViewSource {
  store: Store;
  curation: CurationStore;
  dataset: string;
  results: Results;
}

export interface ViewPage {
  rows: ViewRow[];
  /** Where the next page starts; undefined at the end. */
  next: Omit<Cursor, 'runId'> | undefined;
}

/** Rows read from the driving table per query when the driver cannot answer every condition. */
const SCAN_BATCH = 2_000;

/**
 * One page of a view: reads the driving table in order from the cursor, joins the other side, keeps the rows
 * the full predicate accepts. At most `budget` stored rows are read per call, so a view whose conditions match
 * few rows answers a short (even empty) page with a cursor instead of scanning the whole dataset at once.
 */
export async function readView(
  source: ViewSource,
  plan: ViewPlan,
  start: Omit<Cursor, 'runId'>,
  limit: number,
  budget: number,
): Promise<ViewPage> {
  return plan.driver === 'images'
    ? readByImages(source, plan, start.offset, limit, budget)
    : readByCuration(source, plan, start, limit, budget);
}

async function readByImages(
  source: ViewSource,
  plan: ViewPlan,
  offset: number,
  limit: number,
  budget: number,
): Promise<ViewPage> {
  const out: ViewRow[] = [];
  let position = offset;
  let scanned = 0;
  while (out.length < limit && scanned < budget) {
    const size = Math.min(plan.exact ? limit - out.length : Math.max(SCAN_BATCH, limit), budget - scanned);
    const images = await source.store.images.list(source.dataset, {
      where: plan.pushdown,
      limit: size,
      offset: position,
      orderBy: { column: plan.order.column as keyof ImageRow, ascending: plan.order.ascending },
      // No view answer carries vectors: reading them is most of the bytes of a page.
      withVectors: false,
    });
    const rows = await curationOf(
      source.curation,
      source.results,
      images.map((image) => image.id),
    );
    for (let i = 0; i < images.length; i++) {
      const view = { image: images[i], row: rows.get(images[i].id) };
      if (!plan.matches(view)) continue;
      out.push(view);
      if (out.length === limit) return { rows: out, next: { offset: position + i + 1, extra: 0 } };
    }
    position += images.length;
    scanned += images.length;
    if (images.length < size) return { rows: out, next: undefined };
  }
  return { rows: out, next: { offset: position, extra: 0 } };
}

interface Candidate {
  row: CurationRow;
  /** The cursor right after this candidate. */
  after: Omit<Cursor, 'runId'>;
}

/**
 * The full run's rows in order, merged with the incremental rows that override them (held in memory, sorted the
 * same way): a subject's newest row is the one that counts, and appears once.
 */
async function readByCuration(
  source: ViewSource,
  plan: ViewPlan,
  start: Omit<Cursor, 'runId'>,
  limit: number,
  budget: number,
): Promise<ViewPage> {
  const { overrides, full } = source.results;
  const before = comparator(plan.order);
  const extras = [...overrides.values()]
    .filter((row) => row.kind === 'image' && evalFilter(plan.pushdown, recordOf(row)))
    .sort(before);
  const out: ViewRow[] = [];
  let offset = start.offset;
  let extra = start.extra;
  let scanned = 0;
  let fullDone = full === undefined;
  while (out.length < limit && scanned < budget) {
    const candidates: Candidate[] = [];
    if (fullDone) {
      const size = Math.min(SCAN_BATCH, budget - scanned);
      for (const row of extras.slice(extra, extra + size))
        candidates.push({ row, after: { offset, extra: ++extra } });
      if (candidates.length === 0) return { rows: out, next: undefined };
      scanned += candidates.length;
    } else {
      const size = Math.min(
        plan.exact ? Math.max(limit - out.length, 1) : Math.max(SCAN_BATCH, limit),
        budget - scanned,
      );
      const rows = await source.curation.rows((full as NonNullable<typeof full>).runId, {
        kind: 'image',
        where: plan.pushdown,
        limit: size,
        offset,
        orderBy: { column: plan.order.column as CurationColumn, ascending: plan.order.ascending },
      });
      for (const row of rows) {
        while (extra < extras.length && before(extras[extra], row) < 0) {
          candidates.push({ row: extras[extra], after: { offset, extra: extra + 1 } });
          extra++;
        }
        offset++;
        if (!overrides.has(row.id)) candidates.push({ row, after: { offset, extra } });
      }
      scanned += rows.length;
      fullDone = rows.length < size;
    }
    const images = new Map(
      (
        await source.store.images.getMany(
          source.dataset,
          candidates.map((candidate) => candidate.row.id),
        )
      ).map((image) => [image.id, image]),
    );
    for (const candidate of candidates) {
      const image = images.get(candidate.row.id);
      // An image deleted since the run has no place in the view.
      if (!image) continue;
      const view = { image, row: candidate.row };
      if (!plan.matches(view)) continue;
      out.push(view);
      if (out.length === limit) return { rows: out, next: candidate.after };
    }
  }
  return { rows: out, next: { offset, extra } };
}

/** The order LanceDB gives (the column, then the id as tie-break), for rows held in memory. */
function comparator(order: ViewPlan['order']): (a: CurationRow, b: CurationRow) => number {
  const column = order.column as keyof CurationRow;
  const sign = order.ascending ? 1 : -1;
  return (a, b) => {
    const x = a[column] as number | string;
    const y = b[column] as number | string;
    if (x !== y) return (x < y ? -1 : 1) * sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

/** A curation row as its stored columns (visual clusters as cluster0..4), for the in-memory filter. */
function recordOf(row: CurationRow): Record<string, unknown> {
  const record: Record<string, unknown> = { ...row };
  row.visualClusters.forEach((id, level) => {
    record[`cluster${level}`] = id;
  });
  return record;
}
