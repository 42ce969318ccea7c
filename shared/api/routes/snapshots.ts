import { ApiError } from '../errors.ts';
import type { Principal } from '../ports.ts';
import { sendFile } from '../respond.ts';
import { route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { fromQuery } from '../schemas/filters.ts';
import {
  diffQuery,
  diffSchema,
  MAX_TRAINING_IMAGES,
  newSnapshotBody,
  restoreSchema,
  snapshotListSchema,
  snapshotParam,
  snapshotSchema,
  trainingExportQuery,
} from '../schemas/manage.ts';

export const snapshotRoutes = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/snapshots',
    summary: 'Named states of the dataset, oldest first',
    tag: 'snapshots',
    auth: true,
    params: datasetParam,
    responses: { 200: snapshotListSchema },
    async handle(c, { params }, { query }) {
      return c.json({ items: await query.snapshots(params.dataset) });
    },
  }),
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/snapshots',
    summary: 'Name the current state (a LanceDB tag on each table: no data is copied)',
    tag: 'snapshots',
    auth: true,
    params: datasetParam,
    body: newSnapshotBody,
    responses: { 201: snapshotSchema },
    async handle(c, { params, body }, { query }) {
      return c.json(await query.createSnapshot(params.dataset, body.name), 201);
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/snapshots/{name}/diff',
    summary:
      'Images added, removed, relabelled and changed since the snapshot, and issues that appeared or went away',
    tag: 'snapshots',
    auth: true,
    params: snapshotParam,
    query: diffQuery,
    responses: { 200: diffSchema },
    async handle(c, { params: { dataset, name }, query: page }, { query }) {
      return c.json(await query.snapshotDiff(dataset, name, page));
    },
  }),
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/snapshots/{name}/restore',
    summary: 'Put the dataset back as it was (an undo snapshot is taken first); an all-datasets key only',
    tag: 'snapshots',
    auth: true,
    params: snapshotParam,
    responses: { 200: restoreSchema },
    async handle(c, { params: { dataset, name } }, { query, principal }) {
      if ((principal as Principal).datasets !== null)
        throw new ApiError(
          403,
          'forbidden',
          'Restoring a snapshot rewrites the dataset: it takes an all-datasets key.',
        );
      return c.json(await query.restoreSnapshot(dataset, name));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/export/training',
    summary:
      'The view (filters or `q`) for training as one .tar.gz: COCO (annotations/instances_<split>.json), YOLO (labels/, data.yaml) or a file list, with manifest.jsonl; images copied in with images=copy',
    tag: 'images',
    auth: true,
    params: datasetParam,
    query: trainingExportQuery,
    responses: { 200: { contentType: 'application/gzip', description: 'a tar.gz archive' } },
    async handle(c, { params: { dataset }, query: { format, images, maxImages, ...filters } }, { query }) {
      const cap = MAX_TRAINING_IMAGES[images];
      if (maxImages !== undefined && maxImages > cap)
        throw new ApiError(
          400,
          'invalid_query',
          `maxImages is at most ${cap} with images=${images}.`,
          'maxImages',
        );
      const request = { filters: fromQuery(filters), format, images, maxImages: maxImages ?? cap };
      return sendFile(c, await query.trainingExport(dataset, request));
    },
  }),
] as const;
