import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // A page or a server reacts within a second on an idle machine, not on a shared 2-core one under load: polls
    // wait up to 10 s (a failing poll only fails later; nothing asserts that something does not happen by poll).
    expect: { poll: { timeout: 10_000 } },
    // Native modules (sharp, LanceDB, onnxruntime) are safest in forked processes.
    pool: 'forks',
    env: { AWS_EC2_METADATA_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'shared/**/*.test.ts'],
          exclude: ['test/cloud/**', 'test/edge/**'],
        },
      },
      {
        // Against a real S3 server: the global setup starts the local cloud when it is not running (and stops
        // what it started); when it cannot start, the run fails.
        extends: true,
        test: {
          name: 'cloud',
          include: ['test/cloud/**/*.test.ts'],
          globalSetup: ['test/cloud/global-setup.ts'],
          testTimeout: 120_000,
        },
      },
      // The edge Worker inside real workerd (vitest-pool-workers), against the Lambda stand-in.
      './vitest.edge.config.ts',
    ],
  },
});
