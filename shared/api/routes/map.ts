import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { mapPageSchema, mapQuery } from '../schemas/map.ts';

export const mapRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/map',
    summary:
      'The embedding map of the latest full run (2-D positions, labels, issues, scores), columnar, by pages',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: mapQuery,
    responses: { 200: mapPageSchema },
    async handle(c, { params, query: page }, { query }) {
      return c.json(await query.map(params.dataset, page));
    },
  }),
] as const;
