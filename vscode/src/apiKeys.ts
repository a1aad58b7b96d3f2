/**
 * Where the API key comes from, first found wins: VS Code's secret storage (Sekha: Set API key),
 * the `sekha.apiKey` setting, and, for a controller on this machine, the key file that
 * `sekha serve` writes (~/.sekha/api_key), as the `sekha` command does.
 */

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

import * as vscode from 'vscode';

import type { Settings } from './settings';

export const SECRET_KEY = 'sekha.apiKey';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type KeySource = 'secret storage' | 'settings' | 'sekha serve key file' | 'none';

export interface ResolvedKey {
  readonly key: string | undefined;
  readonly source: KeySource;
}

export function isLoopback(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return LOOPBACK.has(host) || host.startsWith('127.');
  } catch {
    return false;
  }
}

export class ApiKeys {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly localKeyFile = join(homedir(), '.sekha', 'api_key'),
  ) {}

  /** Fires when the stored key changes (set or cleared, here or in another window). */
  get onDidChange(): vscode.Event<vscode.SecretStorageChangeEvent> {
    return this.secrets.onDidChange;
  }

  async resolve(settings: Settings): Promise<ResolvedKey> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    if (stored) return { key: stored, source: 'secret storage' };
    if (settings.apiKeySetting) return { key: settings.apiKeySetting, source: 'settings' };
    if (isLoopback(settings.apiUrl)) {
      const local = await readFile(this.localKeyFile, 'utf8').then(
        (text) => text.trim(),
        () => '',
      );
      if (local) return { key: local, source: 'sekha serve key file' };
    }
    return { key: undefined, source: 'none' };
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }
}
