// Generates the typed fetch client in src/generated/ (or the directory given) from the contract.
// Run through scripts/regen.py, which pins the generator and checks the output for drift.
import { createClient } from '@hey-api/openapi-ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [spec, output] = process.argv.slice(2);
if (!spec || !output) {
  console.error('usage: node scripts/generate.mjs SPEC OUTPUT_DIR');
  process.exit(2);
}

await createClient({
  input: spec,
  logs: { level: 'warn', file: false },
  output: {
    path: output,
    module: { extension: '.js' },
    tsConfigPath: path.join(here, '..', 'tsconfig.json'),
  },
  plugins: [
    '@hey-api/client-fetch',
    {
      name: '@hey-api/typescript',
      requests: '{{name}}Params',
      responses: { name: '{{name}}Results', response: '{{name}}Result' },
    },
    { name: '@hey-api/sdk', auth: true },
  ],
});
