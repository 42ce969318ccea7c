import { mergeFilters } from '../../query/index.ts';
import { ApiError } from '../errors.ts';
import type { SimilarRequest } from '../ports.ts';
import { route, type UploadInput } from '../route.ts';
import { datasetParam } from '../schemas/common.ts';
import { filtersBody, fromBody, parseSearchQuery } from '../schemas/filters.ts';
import {
  type SimilarBody,
  type SimilarSource,
  type SimilarUploadFields,
  searchResultSchema,
  similarBody,
  similarUploadFields,
  textSearchBody,
} from '../schemas/search.ts';
import { parseWith } from '../validation.ts';

export const searchRoutes = [
  route({
    method: 'post',
    path: '/v1/datasets/{dataset}/search/text',
    summary: 'Text search: visual-semantic when the model has a text tower, blended with full-text search',
    tag: 'search',
    auth: true,
    params: datasetParam,
    body: textSearchBody,
    responses: { 200: searchResultSchema },
    async handle(c, { params, body }, { query }) {
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
        await query.searchText(params.dataset, {
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
    async handle(c, input, { query }) {
      const request = input.upload ? await uploadRequest(input.upload) : jsonRequest(input.body);
      return c.json(await query.searchSimilar(input.params.dataset, request));
    },
  }),
] as const;

function jsonRequest(body: SimilarBody): SimilarRequest {
  let source: SimilarSource;
  if (body.imageId !== undefined) source = { kind: 'image', imageId: body.imageId, box: body.box };
  else if (body.objectId !== undefined) source = { kind: 'object', objectId: body.objectId };
  else if (body.cluster !== undefined) source = { kind: 'cluster', cluster: body.cluster };
  else throw new ApiError(400, 'invalid_input', 'Give exactly one of imageId, objectId or cluster.');
  return { source, limit: body.limit, target: body.target, filters: fromBody(body.filters) };
}

async function uploadRequest(upload: UploadInput<SimilarUploadFields>): Promise<SimilarRequest> {
  const { fields } = upload;
  // A form field is text: the filters arrive as JSON inside it, parsed as the JSON body's filters are.
  const filters =
    fields.filters === undefined ? undefined : parseWith(filtersBody, jsonText(fields.filters), 'form');
  return {
    source: { kind: 'upload', bytes: new Uint8Array(await upload.file.arrayBuffer()) },
    limit: fields.limit,
    target: fields.target,
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
