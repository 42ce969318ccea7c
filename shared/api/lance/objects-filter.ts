import type { ViewFilters } from '../schemas/filters.ts';
import type { PortContext } from './context.ts';

/**
 * `has:objects` asks for a join LanceDB cannot do: the ids of the dataset's images with at least one object are
 * read from the objects table (one column, streamed) and the view is filtered on them. Memory grows with the
 * number of annotated images, not with the objects.
 */
export async function resolveObjects<R extends { filters: ViewFilters }>(
  ctx: PortContext,
  dataset: string,
  request: R,
): Promise<R> {
  const wants = request.filters.has?.includes('objects');
  const refuses = request.filters.lacks?.includes('objects');
  if (!wants && !refuses) return request;
  const ids = new Set<string>();
  for await (const batch of ctx.store.objects.scan(dataset, { columns: ['imageId'], batchSize: 8_192 }))
    for (const row of batch) ids.add(row.imageId);
  const imageIds = wants ? { in: ids } : { notIn: ids };
  return { ...request, filters: { ...request.filters, imageIds } };
}
