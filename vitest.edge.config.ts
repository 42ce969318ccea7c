// The edge Worker's tests, inside real workerd: npx vitest run --project edge (a project of vitest.config.ts)
import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  cacheDir: 'node_modules/.vite/edge',
  plugins: [
    cloudflareTest(({ inject }) => {
      const edge = inject('edge');
      return {
        wrangler: { configPath: './infra/edge/wrangler.jsonc' },
        miniflare: {
          bindings: {
            VISCURA_LAMBDA_ENDPOINT: edge.lambda,
            VISCURA_API_KEYS: edge.keyRecords,
            VISCURA_QUERY_FUNCTION: 'query',
            AWS_REGION: 'us-east-1',
            AWS_ACCESS_KEY_ID: 'local',
            AWS_SECRET_ACCESS_KEY: 'local-secret',
            VISCURA_LOG_LEVEL: 'silent',
          },
        },
      };
    }),
  ],
  test: {
    name: 'edge',
    include: ['test/edge/**/*.test.ts'],
    globalSetup: ['test/edge/global-setup.ts'],
    // Pre-bundled once instead of transformed module by module in every test file's isolate.
    deps: { optimizer: { ssr: { enabled: true, include: ['@aws-sdk/client-lambda', 'hono', 'zod'] } } },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
