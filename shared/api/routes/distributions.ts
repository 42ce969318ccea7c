import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { distributionsQuery, distributionsSchema } from '../schemas/distributions.ts';

export const distributionRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/distributions',
    summary: 'A fixed-bin histogram of each issue confidence (what the sliders cut), from the latest results',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: distributionsQuery,
    responses: { 200: distributionsSchema },
    async handle(c, { params, query: options }, { query }) {
      return c.json(await query.distributions(params.dataset, options));
    },
  }),
] as const;
