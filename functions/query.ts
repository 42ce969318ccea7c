// The query API on Lambda (API Gateway or a function URL): the same Hono app as `viscura serve`.
import { queryFunction } from '../shared/adapters/lambda/query.ts';

export const handler = queryFunction();
