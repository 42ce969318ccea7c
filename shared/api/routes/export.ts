import { sendFile } from '../respond.ts';
import { type RouteSpec, route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { exportQuery } from '../schemas/export.ts';
import { fromQuery } from '../schemas/filters.ts';
import { parseParams, parseQuery } from '../validation.ts';

export const exportRoutes: RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/export',
    summary: 'The current view (the images filters and sort), every row, streamed as JSONL, CSV or Parquet',
    tag: 'images',
    auth: true,
    params: datasetParam,
    query: exportQuery,
    responses: {
      200: {
        contentType: 'application/x-ndjson',
        description: 'or text/csv, application/vnd.apache.parquet',
      },
    },
    async handle(c, { query }) {
      const { dataset } = parseParams(c, datasetParam);
      const { format, sort, maxRows, ...filters } = parseQuery(c, exportQuery);
      return sendFile(
        c,
        await query.exportView(dataset, { filters: fromQuery(filters), sort, format, maxRows }),
      );
    },
  }),
];
