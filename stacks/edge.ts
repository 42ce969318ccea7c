// The Cloudflare Worker in front of the query function (shared/adapters/worker/worker.ts, as in infra/edge/wrangler.jsonc):
// it checks keys, caches and forwards with the Lambda Invoke API, as an IAM user that may invoke the query
// function and nothing else.
import { apiKeys, queryFunction } from './query.ts';
import { settings } from './settings.ts';

function createEdge() {
  const invokeQuery = new sst.Linkable('QueryInvoke', {
    properties: { name: queryFunction.name },
    include: [sst.aws.permission({ actions: ['lambda:InvokeFunction'], resources: [queryFunction.arn] })],
  });
  return new sst.cloudflare.Worker('Edge', {
    handler: 'shared/adapters/worker/worker.ts',
    compatibility: { date: '2026-04-20', flags: ['nodejs_compat'] },
    url: true,
    domain: settings.edge.domain,
    link: [invokeQuery],
    environment: {
      VISCURA_QUERY_FUNCTION: queryFunction.name,
      AWS_REGION: aws.getRegionOutput().name,
      VISCURA_API_KEYS: apiKeys.value,
      VISCURA_EDGE_CACHE_TTL: '60',
    },
  });
}

export const edge = settings.edge.enabled ? createEdge() : undefined;
