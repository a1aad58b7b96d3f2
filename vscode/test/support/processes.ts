/**
 * Child processes for tests: started with their output in a log file, waited on for a log line
 * (never a fixed sleep), and stopped by PID together with every descendant they spawned.
 */

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logPath: string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
}

export function start(command: string, args: readonly string[], logPath: string, options: SpawnOptions): Started {
  const log = createWriteStream(logPath, { flags: 'a' });
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    log.write(chunk);
    output += chunk.toString('utf8');
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.on('exit', () => {
    log.end();
    for (const listener of [...listeners]) listener();
  });
  return {
    child,
    pid: child.pid,
    logPath,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(output);
          if (match !== null) {
            done();
            resolve(match);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            done();
            reject(new Error(`${command} exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Every live descendant of `pid`, children before grandchildren, read from /proc. */
export async function descendants(pid: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses: fields resume after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift() ?? pid;
    for (const child of parents.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/\) [ZX] /.test(state); // a zombie has exited; only its parent's wait is missing
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function waitGone(pids: readonly number[], timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = pids.filter(alive);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = left.filter(alive);
  }
  return left;
}

/**
 * Stop a process and everything it spawned, each by its PID: SIGTERM first, SIGKILL for those
 * still running after `graceMs`. Resolves once none of them is left.
 */
export async function stopTree(pid: number, graceMs = 10_000): Promise<void> {
  const all = [pid, ...(await descendants(pid))];
  for (const each of all) signal(each, 'SIGTERM');
  const stubborn = await waitGone(all, graceMs);
  for (const each of stubborn) signal(each, 'SIGKILL');
  const left = await waitGone(stubborn, 5_000);
  if (left.length > 0) throw new Error(`processes ${left.join(', ')} did not stop`);
}
