// The Cloudflare Worker in front of the query function (shared/edge/worker.ts): it checks keys, caches and
// forwards with the Lambda Invoke API, as an IAM user that may invoke the query function and nothing else.
import { apiKeys, queryFunction } from './query.ts';

const invokeQuery = new sst.Linkable('QueryInvoke', {
  properties: { name: queryFunction.name },
  include: [sst.aws.permission({ actions: ['lambda:InvokeFunction'], resources: [queryFunction.arn] })],
});

export const edge = new sst.cloudflare.Worker('Edge', {
  handler: 'shared/edge/worker.ts',
  url: true,
  link: [invokeQuery],
  environment: {
    VISCURA_QUERY_FUNCTION: queryFunction.name,
    AWS_REGION: aws.getRegionOutput().name,
    VISCURA_API_KEYS: apiKeys.value,
    VISCURA_EDGE_CACHE_TTL: '60',
  },
});
