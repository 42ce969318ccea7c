/// <reference path="./.sst/platform/config.d.ts" />

// viscura on AWS (and a Cloudflare Worker in front of the query API): one resource per file in stacks/.
// docs/deploy.md says how to deploy it; `npm run typecheck:infra` checks it offline.
export default $config({
  app(input) {
    return {
      name: 'viscura',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
      home: 'aws',
      providers: { aws: '7.48.0', cloudflare: '6.22.1', 'docker-build': '0.0.14' },
    };
  },
  async run() {
    const stacks = await import('./stacks/index.ts');
    return {
      bucket: stacks.bucket.name,
      ingestQueue: stacks.ingestQueue.url,
      deadLetters: stacks.deadLetters.url,
      queryUrl: stacks.queryUrl.functionUrl,
      edgeUrl: stacks.edge?.url,
      curateFunction: stacks.curateFunction.name,
      gpuInstanceProfile: stacks.gpuProfile?.name,
    };
  },
});
