import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ApiKeys, isLoopback, SECRET_KEY } from '../src/apiKeys';
import { readSettings } from '../src/settings';
import { activateExtension, type Activated } from './support/extension';
import { Secrets } from './support/extension';
import { commands, mock } from './vscode-mock';

let dir: string;
let keyFile: string;
beforeEach(() => {
  mock.reset();
  dir = mkdtempSync(join(tmpdir(), 'sekha-keys-'));
  keyFile = join(dir, 'api_key');
});
afterEach(() => {
  rmSync(dir, { recursive: true });
});

describe('settings', () => {
  it('has the README defaults and a 5-minute auto-save interval', () => {
    expect(readSettings()).toEqual({
      apiUrl: 'http://localhost:8080',
      apiKeySetting: '',
      defaultLabel: '',
      defaultFolder: '/vscode',
      autoSave: false,
      autoSaveIntervalMs: 300_000,
      contextBudget: 2000,
      contextLabels: [],
      contextFolders: [],
      contextMinRelevance: 0.2,
      searchLimit: 20,
      timeoutMs: 30_000,
    });
  });

  it('trims values and keeps numbers within bounds', () => {
    mock.setting('sekha.apiUrl', ' http://memory.example:9000/ ');
    mock.setting('sekha.defaultLabel', '  Work ');
    mock.setting('sekha.autoSaveIntervalSeconds', 0);
    mock.setting('sekha.contextBudget', -5);
    mock.setting('sekha.searchLimit', 1000);
    mock.setting('sekha.defaultFolder', '   ');
    mock.setting('sekha.contextLabels', [' Work ', '', 'Work', 'Project:AI', 7]);
    mock.setting('sekha.contextFolders', 'not a list');
    mock.setting('sekha.contextMinRelevance', 3);
    expect(readSettings()).toMatchObject({
      contextLabels: ['Work', 'Project:AI'],
      contextFolders: [],
      contextMinRelevance: 1,
      apiUrl: 'http://memory.example:9000',
      defaultLabel: 'Work',
      autoSaveIntervalMs: 2000,
      contextBudget: 1,
      searchLimit: 100,
      defaultFolder: '/vscode',
    });
  });
});

describe('the API key', () => {
  const settings = (apiUrl: string, apiKeySetting = '') => ({ ...readSettings(), apiUrl, apiKeySetting });

  it('comes from secret storage first, then the setting, then the sekha serve key file for a local controller', async () => {
    const secrets = new Secrets();
    const keys = new ApiKeys(secrets, keyFile);
    writeFileSync(keyFile, 'sk-from-file\n');
    expect(await keys.resolve(settings('http://localhost:8080'))).toEqual({ key: 'sk-from-file', source: 'sekha serve key file' });
    expect(await keys.resolve(settings('http://127.0.0.1:8080', 'sk-from-settings'))).toEqual({ key: 'sk-from-settings', source: 'settings' });
    await keys.store('  sk-from-secrets  ');
    expect(secrets.values.get(SECRET_KEY)).toBe('sk-from-secrets');
    expect(await keys.resolve(settings('http://127.0.0.1:8080', 'sk-from-settings'))).toEqual({ key: 'sk-from-secrets', source: 'secret storage' });
    await keys.clear();
    expect(await keys.resolve(settings('http://127.0.0.1:8080', 'sk-from-settings'))).toMatchObject({ source: 'settings' });
  });

  it('never reads the local key file for a controller on another machine', async () => {
    writeFileSync(keyFile, 'sk-from-file\n');
    const keys = new ApiKeys(new Secrets(), keyFile);
    expect(await keys.resolve(settings('https://memory.example'))).toEqual({ key: undefined, source: 'none' });
    expect(['http://localhost:1', 'http://127.0.0.2', 'http://[::1]:8080'].map(isLoopback)).toEqual([true, true, true]);
    expect(['https://memory.example', 'not a url'].map(isLoopback)).toEqual([false, false]);
  });

  describe('Sekha: Set API key', () => {
    let active: Activated | undefined;
    afterEach(() => {
      active?.dispose();
    });

    it('asks with a password box and keeps the key in secret storage only', async () => {
      active = activateExtension({ withKey: false });
      let options: { password?: boolean; validateInput?: (v: string) => string | undefined } = {};
      mock.answer('inputBox', (given: typeof options) => {
        options = given;
        return 'sk-test-typed-key-0123456789abcdef';
      });
      await commands.executeCommand('sekha.setApiKey');
      expect(options.password).toBe(true);
      expect(options.validateInput?.('')).toBe('The key cannot be empty');
      expect(options.validateInput?.('has space')).toBe('A key has no spaces or non-ASCII characters');
      expect(active.secrets.values.get(SECRET_KEY)).toBe('sk-test-typed-key-0123456789abcdef');
      expect(JSON.stringify([mock.shown, mock.logs])).not.toContain('sk-test-typed-key');
      await commands.executeCommand('sekha.clearApiKey');
      expect(active.secrets.values.has(SECRET_KEY)).toBe(false);
    });
  });
});
