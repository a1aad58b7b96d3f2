import { defineConfig } from 'tsup';

// ESM and CJS with declarations. Code splitting in both formats, so every entry point shares one
// copy of each module: `SekhaError` from `@sekha/sdk/errors` is the one `@sekha/sdk/client` throws.
export default defineConfig({
  entry: { index: 'src/index.ts', client: 'src/client.ts', errors: 'src/errors.ts', api: 'src/api.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: true,
  clean: true,
  sourcemap: false,
  target: 'node20',
  outDir: 'dist',
});
