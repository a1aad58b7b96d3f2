/**
 * Every TypeScript example of js/README.md and of the repository's README, run as written against
 * a live `sekha serve` (only the URL and key are the test server's), and type-checked with the
 * project's strict tsconfig.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, describe, expect, inject, it, vi } from 'vitest';

const { baseURL, apiKey } = inject('sekha');
const JS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const README = readFileSync(path.join(JS_ROOT, 'README.md'), 'utf8');
const ROOT_README = readFileSync(path.join(JS_ROOT, '..', 'README.md'), 'utf8');
const BLOCKS = [README, ROOT_README].flatMap((text) =>
  [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? ''),
);
const WORK = path.join(JS_ROOT, 'test', '.tmp', `readme-${process.pid}`);

function localised(code: string): string {
  return code
    .replaceAll("'http://localhost:8080'", JSON.stringify(baseURL))
    .replaceAll("'sk-your-api-key-here'", JSON.stringify(apiKey));
}

mkdirSync(WORK, { recursive: true });
const files = BLOCKS.map((code, index) => {
  const file = path.join(WORK, `example-${index + 1}.ts`);
  writeFileSync(file, `${localised(code)}\nexport {};\n`);
  return file;
});

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

describe('js/README.md', () => {
  it('has the seed README examples', () => {
    expect(BLOCKS.length).toBeGreaterThanOrEqual(6);
    for (const call of [
      'memory.create(',
      'memory.assembleContext(',
      "memory.search('JWT implementation', { limit: 10 })",
      'memory.exportStream(',
      'controller.abort()',
    ]) {
      expect(README).toContain(call);
    }
  });

  it.each(files.map((file, index) => [index + 1, file]))('example %i runs against sekha serve', async (_n, file) => {
    const printed: unknown[] = [];
    const capture = (...args: unknown[]): void => {
      printed.push(...args);
    };
    vi.spyOn(console, 'log').mockImplementation(capture);
    const errors = vi.spyOn(console, 'error').mockImplementation(capture);
    try {
      await import(/* @vite-ignore */ file);
    } finally {
      vi.restoreAllMocks();
    }
    expect(errors).not.toHaveBeenCalled();
    expect(printed.length).toBeGreaterThan(0);
    expect(printed).not.toContain(false);
  });

  it('every example type-checks under the strict tsconfig', () => {
    const config = path.join(WORK, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: path.join(JS_ROOT, 'tsconfig.json'),
        compilerOptions: { baseUrl: JS_ROOT },
        include: files,
      }),
    );
    const tsc = path.join(JS_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
