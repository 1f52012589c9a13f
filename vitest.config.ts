import { defineConfig } from 'vitest/config';

/**
 * Both projects first build dist/ (test/support/build.ts, about a second), because the
 * tests that run the CLI run the compiled bin as users do. Two projects so unit tests never wait for services: only `services` has the global
 * setup that starts (or adopts, via ES_URL / AWS_ENDPOINT_URL) Elasticsearch and moto,
 * once per run. `vitest run` runs both; `vitest run --project unit` starts nothing.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // The AWS SDK warns once per worker that Node 20 support ends in 2027; in test output it is noise.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Temporary files go in the run's own folder, removed at its end (test/support/build.ts).
    setupFiles: ['test/support/run-tmpdir.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          globalSetup: ['test/support/build.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'services',
          include: [
            'test/integration/**/*.test.ts',
            'test/integration/**/*.test.tsx',
            'test/e2e/**/*.test.ts',
            'test/e2e/**/*.test.tsx',
          ],
          globalSetup: ['test/support/build.ts', 'test/services/global-setup.ts'],
        },
      },
    ],
  },
});
