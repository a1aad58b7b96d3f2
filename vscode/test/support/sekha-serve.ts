/**
 * A live local controller (`sekha serve` from this repository's Python package) for the unit
 * and end-to-end suites: its own data directory, a key of its own, a free port.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { start, stopTree, type Started } from './processes';

const REPO = resolve(__dirname, '..', '..', '..');
const STARTUP_MS = 120_000;

export interface LiveController {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly dataDir: string;
  readonly process: Started;
  stop(): Promise<void>;
}

/** The Python that has `sekha[local]`: $SEKHA_PYTHON, else the repository's .venv, else python3. */
export function python(): string {
  const fromEnv = process.env.SEKHA_PYTHON;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const venv = join(REPO, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

export async function startController(
  options: { embedder?: 'minilm' | 'hashing'; apiKey?: string } = {},
): Promise<LiveController> {
  const root = await mkdtemp(join(tmpdir(), 'sekha-serve-'));
  const dataDir = join(root, 'data');
  const apiKey = options.apiKey ?? `sk-test-${randomBytes(24).toString('hex')}`;
  const started = start(
    python(),
    ['-m', 'sekha', 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir,
      '--embedder', options.embedder ?? 'minilm', '--rate-limit', '1000000'],
    join(root, 'server.log'),
    { cwd: REPO, env: { ...process.env, SEKHA_API_KEY: apiKey } },
  );
  let match: RegExpExecArray;
  try {
    match = await started.waitForLine(/Sekha local controller on (http:\/\/127\.0\.0\.1:\d+)/, STARTUP_MS);
    await waitHealthy(match[1] ?? '', STARTUP_MS);
  } catch (error) {
    await stopTree(started.pid);
    throw error;
  }
  const baseUrl = match[1] ?? '';
  const stop = async (): Promise<void> => {
    await stopTree(started.pid, 30_000);
    await rm(root, { recursive: true, force: true });
  };
  return { baseUrl, apiKey, dataDir, process: started, stop };
}

async function waitHealthy(baseUrl: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${baseUrl} did not become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
