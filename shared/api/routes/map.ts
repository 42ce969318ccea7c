import { type RouteSpec, route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { mapPageSchema, mapQuery } from '../schemas/map.ts';
import { parseParams, parseQuery } from '../validation.ts';

export const mapRoutes: RouteSpec[] = [
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
    async handle(c, { query }) {
      const { dataset } = parseParams(c, datasetParam);
      return c.json(await query.map(dataset, parseQuery(c, mapQuery)));
    },
  }),
];
