import type { Context } from 'hono';
import { mergeFilters } from '../../query/index.ts';
import { ApiError } from '../errors.ts';
import type { SimilarRequest } from '../ports.ts';
import { type RouteDeps, type RouteSpec, route } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { filtersBody, fromBody, parseSearchQuery } from '../schemas/filters.ts';
import {
  type SimilarSource,
  searchResultSchema,
  similarBody,
  similarUploadFields,
  textSearchBody,
} from '../schemas/search.ts';
import { parseJson, parseParams, parseWith } from '../validation.ts';

export const searchRoutes: RouteSpec[] = [
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/search/text',
    summary: 'Text search: visual-semantic when the model has a text tower, blended with full-text search',
    tag: 'search',
    auth: true,
    params: datasetParam,
    body: textSearchBody,
    responses: { 200: searchResultSchema },
    async handle(c, { query }) {
      const { dataset } = parseParams(c, datasetParam);
      const body = await parseJson(c, textSearchBody);
      // The query may carry conditions in the search syntax; only its free text is searched for.
      const parsed = parseSearchQuery(body.query, 'query');
      if (parsed.text === '') {
        throw new ApiError(
          400,
          'invalid_query',
          'The query has conditions but no words to search for: list the matches with GET /v1/datasets/{dataset}/images?q=...',
          'query',
        );
      }
      return c.json(
        await query.searchText(dataset, {
          query: parsed.text,
          limit: body.limit,
          filters: mergeFilters(fromBody(body.filters), parsed.filters),
        }),
      );
    },
  }),
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/search/similar',
    summary:
      'Find similar: by image, image region, object, cluster centroid, or an uploaded image (multipart)',
    tag: 'search',
    auth: true,
    params: datasetParam,
    body: similarBody,
    upload: { file: 'image', fields: similarUploadFields },
    responses: { 200: searchResultSchema },
    async handle(c, deps) {
      const { dataset } = parseParams(c, datasetParam);
      const type = c.req.header('content-type') ?? '';
      const request = /^multipart\/form-data\b/i.test(type)
        ? await uploadRequest(c, deps)
        : await jsonRequest(c);
      return c.json(await deps.query.searchSimilar(dataset, request));
    },
  }),
];

async function jsonRequest(c: Context): Promise<SimilarRequest> {
  const body = await parseJson(c, similarBody);
  let source: SimilarSource;
  if (body.imageId !== undefined) source = { kind: 'image', imageId: body.imageId, box: body.box };
  else if (body.objectId !== undefined) source = { kind: 'object', objectId: body.objectId };
  else if (body.cluster !== undefined) source = { kind: 'cluster', cluster: body.cluster };
  else throw new ApiError(400, 'invalid_input', 'Give exactly one of imageId, objectId or cluster.');
  return { source, limit: body.limit, target: body.target, filters: fromBody(body.filters) };
}

async function uploadRequest(c: Context, deps: RouteDeps): Promise<SimilarRequest> {
  let form: Record<string, string | File | (string | File)[]>;
  try {
    form = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError(400, 'invalid_multipart', 'The multipart body could not be read.');
  }
  const { image, ...fields } = form;
  if (!(image instanceof File)) {
    throw new ApiError(
      400,
      'invalid_input',
      'Upload the query image as the multipart file field "image".',
      'image',
    );
  }
  if (image.size > deps.limits.uploadBytes) throw tooLarge(deps.limits.uploadBytes);
  const parsed = parseWith(similarUploadFields, fields, 'form');
  const filters =
    parsed.filters === undefined ? undefined : parseWith(filtersBody, jsonText(parsed.filters), 'form');
  const bytes = new Uint8Array(await image.arrayBuffer());
  return {
    source: { kind: 'upload', bytes },
    limit: parsed.limit,
    target: parsed.target,
    filters: fromBody(filters),
  };
}

function jsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The "filters" form field is not valid JSON.', 'filters');
  }
}

export function tooLarge(limit: number): ApiError {
  return new ApiError(413, 'too_large', `The request body is larger than the ${limit}-byte limit.`);
}
