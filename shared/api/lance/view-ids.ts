import type { ViewFilters } from '../schemas/filters.ts';
import type { PortContext } from './context.ts';
import { resolveObjects } from './objects-filter.ts';
import { planView } from './plan.ts';
import { readView } from './view.ts';

const PAGE = 5_000;

/**
 * Every image id a view's conditions match, a page at a time (what a saved view compares between checks).
 * The same planner and reader as the images route, so a view matches exactly what the page shows for its query.
 */
export async function* viewIds(
  ctx: Pick<PortContext, 'store' | 'curation' | 'results' | 'thresholds'>,
  dataset: string,
  filters: ViewFilters,
): AsyncGenerator<string> {
  const request = await resolveObjects(ctx as PortContext, dataset, { filters });
  const plan = planView(request.filters, 'key', ctx.thresholds);
  const results = await ctx.results(dataset);
  const source = { store: ctx.store, curation: ctx.curation, dataset, results };
  let position: { offset: number; extra: number } | undefined = { offset: 0, extra: 0 };
  while (position) {
    const page = await readView(source, plan, position, PAGE, Number.POSITIVE_INFINITY);
    position = page.next;
    for (const { image } of page.rows) yield image.id;
  }
}
