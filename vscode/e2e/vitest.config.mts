import { defineConfig } from 'vitest/config';

// The end-to-end suite: one real VS Code (code-server) in headless Chromium, driven in order.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.e2e.ts'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false },
    bail: 1,
  },
});
