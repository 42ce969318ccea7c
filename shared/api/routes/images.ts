import { z } from 'zod';
import { notFound } from '../errors.ts';
import { sendFile } from '../respond.ts';
import { route } from '../route.ts';
import { confidenceParam, datasetParam, imageParams } from '../schemas/common.ts';
import { fromQuery } from '../schemas/filters.ts';
import { imageDetailSchema, imagePageSchema, imagesQuery } from '../schemas/images.ts';

const detailQuery = z.strictObject({
  threshold: confidenceParam
    .optional()
    .describe('confidence at or above which an issue is listed (default: configured)'),
});

const bytes = (description: string) => ({ contentType: 'image/*', description });

export const imageRoutes = [
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
    async handle(c, { params, query: { cursor, limit, sort, ...filters } }, { query }) {
      const request = { filters: fromQuery(filters), sort, cursor, limit };
      return c.json(await query.listImages(params.dataset, request));
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
    async handle(c, { params: { dataset, id }, query: { threshold } }, { query }) {
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
      async handle(c, { params: { dataset, id } }, { query }) {
        const answer = await query.imageFile(dataset, id, variant);
        if (!answer) throw notFound(`The ${variant} of image ${id} in dataset "${dataset}"`);
        return sendFile(c, answer);
      },
    }),
  ),
] as const;
