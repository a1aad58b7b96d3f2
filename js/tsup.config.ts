import { defineConfig } from 'tsup';

// ESM and CJS with declarations. Code splitting in both formats, so every entry point shares one
// copy of each module: `SekhaError` from `@sekha/sdk/errors` is the one `@sekha/sdk/client` throws.
//
// esbuild's splitting gives each entry a bare `import './chunk-….js'` of every chunk it reaches
// only through another chunk (to fix evaluation order for side effects). No module here has side
// effects (`"sideEffects": false` in package.json), so those imports do nothing but make bundlers
// that consume the package warn that they ignore them. tsup's tree-shaking pass (Rollup, run on
// each chunk with the other chunks as externals) drops them with `moduleSideEffects: 'no-external'`;
// imports that bring in bindings are kept. test/pack bundles every entry and fails on any warning.
export default defineConfig({
  entry: { index: 'src/index.ts', client: 'src/client.ts', errors: 'src/errors.ts', api: 'src/api.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  treeshake: { moduleSideEffects: 'no-external' },
  clean: true,
  sourcemap: false,
  target: 'node20',
  outDir: 'dist',
});
