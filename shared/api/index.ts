export { type ApiApp, type ApiOptions, apiRoutes, createApi } from './app.ts';
export { ApiError, type ErrorBody } from './errors.ts';
export { type ConcurrencyLimits, concurrencyLimit, defaultConcurrency } from './limiter.ts';
export { openApiDocument } from './openapi.ts';
export type {
  ApiPorts,
  AuthPort,
  ExportRequest,
  FileAnswer,
  ImageListRequest,
  Principal,
  QueryPort,
  SimilarRequest,
  TextSearchRequest,
} from './ports.ts';
export { type ApiLimits, DEFAULT_LIMITS, type RouteSpec } from './route.ts';
