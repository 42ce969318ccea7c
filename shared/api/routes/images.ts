import { z } from 'zod';
import { notFound } from '../errors.ts';
import { sendFile } from '../respond.ts';
import { type RouteSpec, route } from '../route.ts';
import { confidenceParam, datasetParam, imageParams } from '../schemas/common.ts';
import { fromQuery } from '../schemas/filters.ts';
import { imageDetailSchema, imagePageSchema, imagesQuery } from '../schemas/images.ts';
import { parseParams, parseQuery } from '../validation.ts';

const detailQuery = z.strictObject({
  threshold: confidenceParam
    .optional()
    .describe('confidence at or above which an issue is listed (default: configured)'),
});

const bytes = (description: string) => ({ contentType: 'image/*', description });

export const imageRoutes: RouteSpec[] = [
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/images',
    summary:
      'Images of the dataset, filtered by issue, scores, label, tag, prefix or cluster; sorted; paginated',
    tag: 'images',
    auth: true,
    params: datasetParam,
    query: imagesQuery,
    responses: { 200: imagePageSchema },
    async handle(c, { query }) {
      const { dataset } = parseParams(c, datasetParam);
      const { cursor, limit, sort, ...filters } = parseQuery(c, imagesQuery);
      return c.json(await query.listImages(dataset, { filters: fromQuery(filters), sort, cursor, limit }));
    },
  }),
  route({
    method: 'get',
    path: '/v1/datasets/{dataset}/images/{id}',
    summary: 'One image: metadata, annotations, every score, its duplicate cluster and nearest neighbours',
    tag: 'images',
    auth: true,
    params: imageParams,
    query: detailQuery,
    responses: { 200: imageDetailSchema },
    async handle(c, { query }) {
      const { dataset, id } = parseParams(c, imageParams);
      const { threshold } = parseQuery(c, detailQuery);
      const detail = await query.image(dataset, id, { threshold });
      if (!detail) throw notFound(`Image ${id} in dataset "${dataset}"`);
      return c.json(detail);
    },
  }),
  ...(['thumbnail', 'original'] as const).map((variant) =>
    route({
      method: 'get',
      path: `/v1/datasets/{dataset}/images/{id}/${variant}`,
      summary: `The ${variant === 'thumbnail' ? 'WebP thumbnail' : 'original file'} (bytes, or a redirect to a signed URL)`,
      tag: 'images',
      auth: true,
      params: imageParams,
      responses: {
        200: bytes(`the ${variant}`),
        302: { contentType: 'text/plain', description: 'signed URL' },
      },
      async handle(c, { query }) {
        const { dataset, id } = parseParams(c, imageParams);
        const answer = await query.imageFile(dataset, id, variant);
        if (!answer) throw notFound(`The ${variant} of image ${id} in dataset "${dataset}"`);
        return sendFile(c, answer);
      },
    }),
  ),
];
