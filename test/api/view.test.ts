import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planView } from '../../shared/api/lance/plan.ts';
import { resultsCache } from '../../shared/api/lance/results.ts';
import { readView, type ViewRow } from '../../shared/api/lance/view.ts';
import { fromQuery, type ViewFilters } from '../../shared/api/schemas/filters.ts';
import type { ImagePage } from '../../shared/api/schemas/images.ts';
import { curateDataset } from '../../shared/curate/index.ts';
import { silentLogger } from '../../shared/log/index.ts';
import { type CurationRow, type CurationStore, openCurationStore } from '../../shared/store/index.ts';
import { type ApiFixture, apiFixture } from './fixture.ts';

let fx: ApiFixture;
let curation: CurationStore;
beforeAll(async () => {
  fx = await apiFixture({ count: 24 });
  curation = await openCurationStore(fx.runtime.config.dbUri, { log: silentLogger });
});
afterAll(async () => {
  curation?.close();
  await fx?.cleanup();
});

const defaults = { duplicates: 0.5, mislabels: 0.5, outliers: 0.5, blur: 0.5, dark: 0.5, bright: 0.5 };
const filters = (query: Record<string, unknown>): ViewFilters => fromQuery(query as never);

async function readAll(
  view: ViewFilters,
  sort: string | undefined,
  limit: number,
  budget: number,
): Promise<ViewRow[]> {
  const results = await resultsCache(curation)('pets');
  const source = { store: fx.runtime.store, curation, dataset: 'pets', results };
  const plan = planView(view, sort as never, defaults);
  const rows: ViewRow[] = [];
  let position: { offset: number; extra: number } | undefined = { offset: 0, extra: 0 };
  let calls = 0;
  while (position) {
    const page = await readView(source, plan, position, limit, budget);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    rows.push(...page.rows);
    position = page.next;
    if (++calls > 1000) throw new Error('no progress');
  }
  return rows;
}

describe('view reading', () => {
  it('gives the same rows whatever the page size and the per-call scan budget', async () => {
    for (const [query, sort] of [
      [{ issue: ['mislabels', 'dark'] }, 'key'],
      [{ issue: ['duplicates'], label: [fx.images.pets[0].label] }, undefined],
      [{ uniquenessMin: 0.2 }, '-ingestedAt'],
      [{ tag: ['indoor'] }, '-mislabelConfidence'],
    ] as const) {
      const whole = (await readAll(filters(query), sort, 1000, Number.POSITIVE_INFINITY)).map(
        (r) => r.image.id,
      );
      const paged = (await readAll(filters(query), sort, 2, 3)).map((r) => r.image.id);
      expect(paged, JSON.stringify(query)).toEqual(whole);
    }
  });

  it('merges incremental results over the full run: the newest row of an image counts, once', async () => {
    const before = await pageOf('issue=mislabels&threshold=0.99&limit=100');
    const full = await curation.latestRun('pets', 'full');
    const target = fx.images.pets.find((image) => !before.items.some((item) => item.id === image.id));
    if (!full || !target) throw new Error('fixture has no full run or every image is a mislabel');
    const [old] = await curation.rowsFor(full.runId, [target.id]);
    const runId = `run-incremental-${Date.now()}`;
    await curation.startRun({
      ...full,
      runId,
      kind: 'incremental',
      startedAt: Date.now(),
      previousRunId: full.runId,
      counts: {},
      timings: {},
    });
    const row: CurationRow = { ...old, runId, mislabelConfidence: 0.995, suggestedLabel: 'noise' };
    await curation.writeRows([row]);
    await curation.finishRun(runId, { status: 'finished', counts: { mislabels: 1 }, timings: {} });
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the results cache lives two seconds

    const after = await pageOf('issue=mislabels&threshold=0.99&limit=100');
    const ids = after.items.map((item) => item.id);
    expect([...ids].sort()).toEqual([target.id, ...before.items.map((item) => item.id)].sort());
    // Merged into the full run's order: most confident first, ties by id.
    const order = after.items.map((item) => [-(item.curation?.mislabelConfidence ?? 0), item.id] as const);
    expect(order).toEqual([...order].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)));
    const merged = after.items.find((item) => item.id === target.id);
    expect(merged?.curation).toMatchObject({ runId, suggestedLabel: 'noise', mislabelConfidence: 0.995 });
    const all = await pageOf('sort=-mislabelConfidence&limit=1000');
    expect(all.items.filter((item) => item.id === target.id)).toHaveLength(1);
  });

  it('refuses a cursor from before a new full run with 409, and an edited query with 400', async () => {
    const first = await pageOf('issue=duplicates&limit=1');
    expect(first.nextCursor).not.toBeNull();
    const edited = await fx.request(
      `/v1/datasets/pets/images?issue=mislabels&limit=1&cursor=${first.nextCursor}`,
    );
    expect(edited.status).toBe(400);
    const deps = {
      store: fx.runtime.store,
      curation,
      bucket: fx.runtime.bucket,
      log: silentLogger,
      config: fx.runtime.config,
    };
    await curateDataset(deps, { dataset: 'pets', kind: 'full' });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const stale = await fx.request(
      `/v1/datasets/pets/images?issue=duplicates&limit=1&cursor=${first.nextCursor}`,
    );
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'stale_cursor', field: 'cursor' });
  });
});

async function pageOf(query: string): Promise<ImagePage> {
  const response = await fx.request(`/v1/datasets/pets/images?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ImagePage;
}
