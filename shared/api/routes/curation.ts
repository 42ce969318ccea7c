import { notFound } from '../errors.ts';
import { sendFile } from '../respond.ts';
import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import {
  clusterPageSchema,
  clustersQuery,
  objectsQuery,
  reportQuery,
  runListSchema,
  runsQuery,
} from '../schemas/curation.ts';
import { objectPageSchema } from '../schemas/images.ts';
import { labelHealthAnswerSchema } from '../schemas/labels.ts';

export const curationRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/clusters',
    summary: 'Duplicate clusters (keeper and members) or visual clusters at a level 0-4 (size and preview)',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: clustersQuery,
    responses: { 200: clusterPageSchema },
    async handle(c, { params, query: filters }, { query }) {
      return c.json(await query.clusters(params.dataset, filters));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/objects',
    summary: 'Labelled objects, filtered by label, image, key prefix or object-level issue; paginated',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: objectsQuery,
    responses: { 200: objectPageSchema },
    async handle(c, { params, query: filters }, { query }) {
      return c.json(await query.objects(params.dataset, filters));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/runs',
    summary: 'Curation runs, newest first: parameters, model, counts, timings',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: runsQuery,
    responses: { 200: runListSchema },
    async handle(c, { params, query: { limit } }, { query }) {
      return c.json({ items: await query.runs(params.dataset, limit) });
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/labels/health',
    summary:
      'Per-class label health of the latest full run: how far labels are predictable, issue share per class, confused pairs',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    responses: { 200: labelHealthAnswerSchema },
    async handle(c, { params: { dataset } }, { query }) {
      const health = await query.labelHealth(dataset);
      if (!health) throw notFound(`Label health for dataset "${dataset}" (run \`viscura curate\` first)`);
      return c.json(health);
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/reports/latest',
    summary: 'The latest nightly report, as JSON or as the self-contained HTML page',
    tag: 'curation',
    auth: true,
    params: datasetParam,
    query: reportQuery,
    responses: { 200: { contentType: 'application/json', description: 'the report (or text/html)' } },
    async handle(c, { params: { dataset }, query: { format } }, { query }) {
      const answer = await query.latestReport(dataset, format);
      if (!answer) throw notFound(`A report for dataset "${dataset}"`);
      return sendFile(c, answer);
    },
  }),
] as const;
