import { sendFile } from '../respond.ts';
import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { exportQuery } from '../schemas/export.ts';
import { fromQuery } from '../schemas/filters.ts';

export const exportRoutes = [
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
    async handle(c, { params, query: { format, sort, maxRows, ...filters } }, { query }) {
      const request = { filters: fromQuery(filters), sort, format, maxRows };
      return sendFile(c, await query.exportView(params.dataset, request));
    },
  }),
] as const;
