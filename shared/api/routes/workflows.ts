import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { fromQuery } from '../schemas/filters.ts';
import { imagePageSchema } from '../schemas/images.ts';
import { leakReportSchema, leaksQuery, representativesQuery } from '../schemas/workflows.ts';

export const workflowRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/leaks',
    summary:
      'Split leakage: duplicate clusters whose copies lie in more than one split (train/val/test), with the copy to keep and those to move or drop',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: leaksQuery,
    responses: { 200: leakReportSchema },
    async handle(c, { params, query: page }, { query }) {
      return c.json(await query.leaks(params.dataset, page));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/representatives',
    summary:
      'Select representatives: a typical and diverse subset of `count` images (most typical of each neighbourhood first), paginated',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: representativesQuery,
    responses: { 200: imagePageSchema },
    async handle(c, { params: { dataset }, query: { count, cursor, limit } }, { query }) {
      const filters = {
        ...fromQuery({}),
        ranges: [{ field: 'representativeRank' as const, gte: 0, lt: count }],
      };
      return c.json(await query.listImages(dataset, { filters, sort: 'representativeRank', cursor, limit }));
    },
  }),
] as const;
