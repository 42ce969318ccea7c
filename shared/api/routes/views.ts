import { noView } from '../errors.ts';
import type { Principal } from '../ports.ts';
import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import {
  alertListSchema,
  createdViewSchema,
  newViewBody,
  viewListSchema,
  viewParam,
  viewSchema,
} from '../schemas/manage.ts';

/** Saved views: any key that may read the dataset sees them; the key that saved one (or an all-datasets key) deletes it. */
export const viewRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/views',
    summary: 'Saved views of the dataset (webhook secrets are never shown)',
    tag: 'views',
    auth: true,
    params: datasetParam,
    responses: { 200: viewListSchema },
    async handle(c, { params }, { query }) {
      return c.json({ items: await query.views(params.dataset) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/views',
    summary:
      'Save a query as a view; after every ingest and curation run its new matches are counted, listed in the report and POSTed to its webhook (HMAC-signed, retried, with an Idempotency-Key)',
    tag: 'views',
    auth: true,
    params: datasetParam,
    body: newViewBody,
    responses: { 201: createdViewSchema },
    async handle(c, { params, body }, { query, principal }) {
      return c.json(await query.createView(params.dataset, body, principal as Principal), 201);
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/views/{name}',
    summary: 'One saved view',
    tag: 'views',
    auth: true,
    params: viewParam,
    responses: { 200: viewSchema },
    async handle(c, { params: { dataset, name } }, { query }) {
      return c.json(await required(query.view(dataset, name), dataset, name));
    },
  }),
  route({
    method: 'delete',
    path: '/v1/datasets/{dataset}/views/{name}',
    summary: 'Forget a saved view (the key that saved it, or an all-datasets key)',
    tag: 'views',
    auth: true,
    params: viewParam,
    responses: { 200: viewSchema },
    async handle(c, { params: { dataset, name } }, { query, principal }) {
      return c.json(await query.deleteView(dataset, name, principal as Principal));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/views/{name}/alerts',
    summary: 'The alerts of a view: new matches, delivery status and tries',
    tag: 'views',
    auth: true,
    params: viewParam,
    responses: { 200: alertListSchema },
    async handle(c, { params: { dataset, name } }, { query }) {
      return c.json({ items: await required(query.viewAlerts(dataset, name), dataset, name) });
    },
  }),
] as const;

async function required<T>(found: Promise<T | undefined>, dataset: string, name: string): Promise<T> {
  const view = await found;
  if (view === undefined) throw noView(dataset, name);
  return view;
}
