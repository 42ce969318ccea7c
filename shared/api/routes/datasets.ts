import { notFound } from '../errors.ts';
import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { datasetListSchema, datasetSummarySchema, healthSchema } from '../schemas/datasets.ts';

export const datasetRoutes = [
  route({
    method: 'get',
    path: '/v1/health',
    summary: 'Liveness, version and the model of the stored vectors',
    tag: 'meta',
    auth: false,
    responses: { 200: healthSchema },
    handle: async (c, _input, { query }) => c.json(await query.health()),
  }),
  route({
    method: 'get',
    path: '/v1/datasets',
    summary: 'Datasets this key may read, with their image counts',
    tag: 'datasets',
    auth: true,
    responses: { 200: datasetListSchema },
    async handle(c, _input, { query, principal }) {
      const all = await query.datasets();
      const allowed = principal?.datasets;
      const items = allowed ? all.filter((item) => allowed.includes(item.name)) : all;
      return c.json({ items });
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}',
    summary: 'Counts per label and per issue type, and the last curation run',
    tag: 'datasets',
    auth: true,
    params: datasetParam,
    responses: { 200: datasetSummarySchema },
    async handle(c, { params: { dataset } }, { query }) {
      const summary = await query.summary(dataset);
      if (!summary) throw notFound(`Dataset "${dataset}"`);
      return c.json(summary);
    },
  }),
] as const;
