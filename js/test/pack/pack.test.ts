/**
 * The package as users get it: `npm pack` (which builds), installed offline from the tarball into
 * a fresh project, then used with `import` and with `require`, type-checked as a consumer would,
 * and bundled to show that importing the errors alone leaves the client out.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const JS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORK = mkdtempSync(path.join(tmpdir(), 'sekha-js-pack-'));
const CONSUMER = path.join(WORK, 'consumer');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let packed: PackResult;

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${String(result.status)}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

beforeAll(() => {
  const output = run(NPM, ['pack', '--json', '--pack-destination', WORK], JS_ROOT);
  // The build's log comes first (coloured where the environment asks for colour, so its escape
  // codes hold '['); npm's JSON starts on a line of its own.
  const start = output.search(/^\[$/m);
  if (start < 0) {
    throw new Error(`npm pack printed no JSON:\n${output}`);
  }
  const results = JSON.parse(output.slice(start)) as PackResult[];
  const first = results[0];
  if (first === undefined) {
    throw new Error('npm pack printed no result');
  }
  packed = first;
  execFileSync('mkdir', ['-p', CONSUMER]);
  writeFileSync(
    path.join(CONSUMER, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }),
  );
  run(
    NPM,
    ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(WORK, packed.filename)],
    CONSUMER,
  );
}, 300_000);

afterAll(() => {
  rmSync(WORK, { recursive: true, force: true });
});

/** The same checks in both module systems: every entry point loads and shares one class tree. */
const checks = `
const assert = (ok, what) => { if (!ok) { console.error('FAILED: ' + what); process.exit(1); } };
assert(root.MemoryController === client.MemoryController, 'one MemoryController');
assert(root.SekhaAPIError === errors.SekhaAPIError, 'one SekhaAPIError');
assert(typeof api.listConversations === 'function', 'generated functions');
const memory = new client.MemoryController({
  baseURL: 'http://127.0.0.1:9', apiKey: 'sk-test-pack-0123456789abcdef0123',
  fetch: async () => new Response('{"error":"Conversation not found","code":404}', { status: 404, headers: { 'content-type': 'application/json' } }),
});
memory.get('6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f').then(
  () => assert(false, 'a 404 rejects'),
  (error) => {
    assert(error instanceof errors.SekhaNotFoundError, 'SekhaNotFoundError across entry points');
    assert(error instanceof root.SekhaError, 'SekhaError root');
    assert(error.message === 'Conversation not found', 'message');
    console.log('ok ' + root.VERSION);
  },
);
`;

describe('npm pack', () => {
  it('ships the build, the README and package.json, nothing else', () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    for (const entry of ['index', 'client', 'errors', 'api']) {
      expect(files).toContain(`dist/${entry}.js`);
      expect(files).toContain(`dist/${entry}.cjs`);
      expect(files).toContain(`dist/${entry}.d.ts`);
      expect(files).toContain(`dist/${entry}.d.cts`);
    }
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md'].includes(f))).toEqual([]);
    const manifest = JSON.parse(readFileSync(path.join(CONSUMER, 'node_modules/@sekha/sdk/package.json'), 'utf8')) as {
      sideEffects: boolean;
      dependencies?: object;
    };
    expect(manifest.sideEffects).toBe(false);
    expect(manifest.dependencies).toBeUndefined();
  });

  it('works with import (ESM)', () => {
    const file = path.join(CONSUMER, 'esm.mjs');
    writeFileSync(
      file,
      `import * as root from '@sekha/sdk';
import * as client from '@sekha/sdk/client';
import * as errors from '@sekha/sdk/errors';
import * as api from '@sekha/sdk/api';
${checks}`,
    );
    expect(run(process.execPath, [file], CONSUMER).trim()).toBe(`ok ${packedVersion()}`);
  });

  it('works with require (CommonJS)', () => {
    const file = path.join(CONSUMER, 'cjs.cjs');
    writeFileSync(
      file,
      `const root = require('@sekha/sdk');
const client = require('@sekha/sdk/client');
const errors = require('@sekha/sdk/errors');
const api = require('@sekha/sdk/api');
${checks}`,
    );
    expect(run(process.execPath, [file], CONSUMER).trim()).toBe(`ok ${packedVersion()}`);
  });

  it('type-checks in a strict consumer, as ESM and as CommonJS', () => {
    const usage = `
import { MemoryController, SekhaAPIError, type MemoryConfig, type SearchHit } from '@sekha/sdk';
import { MemoryController as Client } from '@sekha/sdk/client';
import { SekhaNotFoundError } from '@sekha/sdk/errors';
import { listConversations } from '@sekha/sdk/api';
const config: MemoryConfig = { baseURL: 'http://localhost:8080', apiKey: 'sk-test', timeout: 1000 };
const memory: Client = new MemoryController(config);
export async function main(): Promise<number> {
  const hits: SearchHit[] = await memory.search('q', { limit: 1 });
  const page = await listConversations({ client: memory.api, throwOnError: true });
  const error: SekhaAPIError = new SekhaNotFoundError('x');
  return hits.length + page.data.total + (error.statusCode ?? 0);
}
`;
    writeFileSync(path.join(CONSUMER, 'usage.mts'), usage);
    writeFileSync(path.join(CONSUMER, 'usage.cts'), usage);
    const tsc = path.join(JS_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext'];
    args.push('--target', 'es2022', '--lib', 'es2023,dom', 'usage.mts', 'usage.cts');
    const result = spawnSync(process.execPath, [tsc, ...args], { cwd: CONSUMER, encoding: 'utf8', timeout: 120_000 });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('is tree-shakeable: the errors alone bundle without the client', async () => {
    const bundled = async (source: string): Promise<string> => {
      const result = await build({
        stdin: { contents: source, resolveDir: CONSUMER, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        minify: false,
      });
      return result.outputFiles[0]?.text ?? '';
    };
    const errorsOnly = await bundled(
      `import { SekhaAPIError } from '@sekha/sdk/errors'; console.log(SekhaAPIError.name);`,
    );
    const whole = await bundled(
      `import { MemoryController } from '@sekha/sdk'; console.log(new MemoryController({ apiKey: 'k' }));`,
    );
    expect(errorsOnly).toMatch(/SekhaAPIError = class extends SekhaError/);
    expect(errorsOnly).not.toContain('MemoryController');
    expect(errorsOnly).not.toContain('createClient');
    expect(whole).toContain('MemoryController');
    expect(errorsOnly.length).toBeLessThan(whole.length / 4);
  });
});

function packedVersion(): string {
  return (JSON.parse(readFileSync(path.join(JS_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
