import { z } from 'zod';
import type { ResponseSpec, RouteSpec } from './route.ts';
import { errorBodySchema } from './schemas/common.ts';

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.1 from the very zod schemas that validate the requests (zod 4's JSON Schema output is draft 2020-12,
 * which 3.1 speaks). Request schemas are described as input (what a client sends), responses as output.
 */
export function openApiDocument(routes: readonly RouteSpec[], version: string): Json {
  const components: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path][route.method] = operation(route, components);
  }
  // Registers the Error component under its id (assigning the result would store a $ref to itself).
  schemaOf(errorBodySchema, 'output', components);
  return {
    openapi: '3.1.0',
    info: {
      title: 'viscura query API',
      version,
      description: 'Search, find-similar and curation filters over a visual dataset. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }, { apiKey: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'an API key from `viscura keys create`' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}

function operation(route: RouteSpec, components: Record<string, Json>): Json {
  const parameters = [
    ...parametersOf(route.params, 'path', components),
    ...parametersOf(route.query, 'query', components),
  ];
  const op: Json = {
    operationId: `${route.method}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    tags: [route.tag],
    parameters,
    responses: responsesOf(route, components),
  };
  if (!route.auth) op.security = [];
  const content: Json = {};
  if (route.body) content['application/json'] = { schema: schemaOf(route.body, 'input', components) };
  if (route.upload) {
    const fields = schemaOf(route.upload.fields, 'input', components);
    const properties = {
      ...((fields.properties as Json) ?? {}),
      [route.upload.file]: { type: 'string', format: 'binary' },
    };
    content['multipart/form-data'] = {
      schema: { type: 'object', required: [route.upload.file], properties },
    };
  }
  if (Object.keys(content).length > 0) op.requestBody = { required: true, content };
  return op;
}

function parametersOf(
  schema: z.ZodType | undefined,
  where: 'path' | 'query',
  components: Record<string, Json>,
): Json[] {
  if (!schema) return [];
  const json = schemaOf(schema, 'input', components);
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties as Record<string, Json>) ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    const repeatable =
      Array.isArray(rest.anyOf) && (rest.anyOf as Json[]).some((option) => option.type === 'array');
    return {
      name,
      in: where,
      required: where === 'path' || (required.has(name) && !('default' in rest)),
      ...(description ? { description } : {}),
      ...(repeatable ? { explode: true, style: 'form' } : {}),
      schema: rest,
    };
  });
}

function responsesOf(route: RouteSpec, components: Record<string, Json>): Json {
  const out: Json = {};
  for (const [status, spec] of Object.entries(route.responses) as [string, ResponseSpec][]) {
    out[status] = isSchema(spec)
      ? {
          description: 'OK',
          content: { 'application/json': { schema: schemaOf(spec, 'output', components) } },
        }
      : { description: spec.description, content: { [spec.contentType]: {} } };
  }
  const error = {
    description: 'error',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
  for (const status of route.auth ? ['400', '401', '403', '404'] : ['400']) out[status] = error;
  return out;
}

const isSchema = (spec: ResponseSpec): spec is z.ZodType => spec instanceof z.ZodType;

/** A schema with its named parts (`.meta({id})`) moved into components and referenced. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, Json>): Json {
  const generated = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  // Named parts land in $defs; OpenAPI keeps them under components.
  const json = JSON.parse(
    JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as Json;
  const { $defs, $schema: _, ...rest } = json as Json & { $defs?: Record<string, Json> };
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= def;
  return rest;
}
