import type { ExportItem } from '../../export/index.ts';
import { splitOf, userTags } from '../../splits/index.ts';
import { where } from '../../store/index.ts';
import type { ViewFilters } from '../schemas/filters.ts';
import type { PortContext } from './context.ts';
import { resolveObjects } from './objects-filter.ts';
import { planView } from './plan.ts';
import { readView } from './view.ts';

const PAGE = 1_000;

/**
 * Every image of a view with its objects, page by page, for a training export: the view's curation results
 * are fixed at the start, and objects are read for a page at a time (one query per page, not per image).
 */
export async function* trainingItems(
  ctx: Pick<PortContext, 'store' | 'curation' | 'results' | 'thresholds'>,
  dataset: string,
  filters: ViewFilters,
): AsyncGenerator<ExportItem> {
  const request = await resolveObjects(ctx as PortContext, dataset, { filters });
  const plan = planView(request.filters, 'key', ctx.thresholds);
  const results = await ctx.results(dataset);
  const source = { store: ctx.store, curation: ctx.curation, dataset, results };
  let position: { offset: number; extra: number } | undefined = { offset: 0, extra: 0 };
  while (position) {
    const page = await readView(source, plan, position, PAGE, Number.POSITIVE_INFINITY);
    position = page.next;
    const ids = page.rows.map(({ image }) => image.id);
    const objects = new Map<string, ExportItem['objects']>();
    if (ids.length > 0) {
      for await (const batch of ctx.store.objects.scan(dataset, {
        columns: ['imageId', 'label', 'box', 'id'],
        where: where.in('imageId', ids),
      })) {
        for (const row of batch.sort((a, b) => (a.id < b.id ? -1 : 1))) {
          const list = objects.get(row.imageId) ?? [];
          list.push({ label: row.label, box: row.box });
          objects.set(row.imageId, list);
        }
      }
    }
    for (const { image } of page.rows) {
      yield {
        key: image.key,
        width: image.width,
        height: image.height,
        label: image.label,
        caption: image.caption,
        tags: userTags(image.tags),
        split: splitOf(image.tags),
        objects: objects.get(image.id) ?? [],
      };
    }
  }
}
