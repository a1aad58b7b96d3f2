import { defineConfig } from 'vitest/config';

// unit: mocked fetch with the real controller's bodies; live: a `sekha serve` started by the
// global setup; pack: the `npm pack` tarball installed into a fresh consumer.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'live',
          include: ['test/live/**/*.test.ts'],
          globalSetup: ['test/live/setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      { test: { name: 'pack', include: ['test/pack/**/*.test.ts'], testTimeout: 300_000 } },
    ],
  },
});
