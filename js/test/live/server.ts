/**
 * A `sekha serve --port 0` child process from this repository's Python package, for live tests.
 *
 * The Python comes from SEKHA_PYTHON (the nox session sets it), else the worktree's .venv. Every
 * wait is bounded; the process is stopped by its PID.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 30_000;
const READY = /Sekha local controller on (http:\/\/[^\s]+)/;

export function pythonExecutable(): string {
  const python = process.env.SEKHA_PYTHON ?? path.join(REPO_ROOT, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`no Python with the sekha package at ${python}: set SEKHA_PYTHON or create the worktree's .venv`);
  }
  return python;
}

export interface ServerOptions {
  rateLimit?: number;
  embedder?: 'minilm' | 'hashing';
  port?: number;
}

export class SekhaServer {
  readonly apiKey = `sk-test-${randomBytes(24).toString('hex')}`;
  baseURL = '';
  private child: ChildProcess | undefined;
  private log = '';
  private readonly dataDir = mkdtempSync(path.join(tmpdir(), 'sekha-js-live-'));

  constructor(private readonly options: ServerOptions = {}) {}

  /** Start and wait, bounded, for the readiness line and then a healthy answer. */
  async start(): Promise<this> {
    const args = ['-m', 'sekha', 'serve', '--host', '127.0.0.1', '--port', String(this.options.port ?? 0)];
    args.push(
      '--data-dir',
      path.join(this.dataDir, 'data'),
      '--rate-limit',
      String(this.options.rateLimit ?? 1_000_000),
    );
    args.push('--embedder', this.options.embedder ?? 'minilm');
    const child = spawn(pythonExecutable(), args, {
      cwd: REPO_ROOT,
      env: { ...process.env, SEKHA_API_KEY: this.apiKey },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    this.baseURL = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`sekha serve printed no readiness line in ${STARTUP_TIMEOUT_MS} ms:\n${this.log}`));
      }, STARTUP_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        this.log += chunk.toString();
        const match = READY.exec(this.log);
        if (match?.[1] !== undefined) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sekha serve exited early (${String(code)}):\n${this.log}`));
      });
    });
    while (!(await this.healthy())) {
      if (Date.now() > deadline) {
        throw new Error(`sekha serve did not become healthy:\n${this.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this;
  }

  private async healthy(): Promise<boolean> {
    try {
      return (await fetch(`${this.baseURL}/health`, { signal: AbortSignal.timeout(2000) })).status === 200;
    } catch {
      return false;
    }
  }

  /** SIGTERM by PID and wait (bounded); SIGKILL if it does not go. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child?.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A label no other test uses, so tests sharing one server never see each other's data. */
export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** Poll until `predicate` holds (embedding happens after the write is acknowledged), bounded. */
export async function waitFor(predicate: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      throw new Error('condition not reached in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
