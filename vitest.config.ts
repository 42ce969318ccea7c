import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'shared/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native modules (sharp, LanceDB, onnxruntime) are safest in forked processes.
    pool: 'forks',
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
  },
});
