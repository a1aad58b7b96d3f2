import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vitest/config';

const source = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

// unit: mocked fetch with the real controller's bodies; live: a `sekha serve` started by the
// global setup; pack: the `npm pack` tarball installed into a fresh consumer.
export default defineConfig({
  // Examples import the package by name, as users write it; tests run them on the source.
  resolve: {
    alias: [
      { find: /^@sekha\/sdk$/, replacement: source('index.ts') },
      { find: /^@sekha\/sdk\/(client|errors|api)$/, replacement: source('$1.ts') },
    ],
  },
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
