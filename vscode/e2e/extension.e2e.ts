/**
 * The .vsix in a real VS Code (code-server 4.100.3) against a live `sekha serve`, operated
 * through headless Chromium as a person would. Screenshots of the tree and the search view are
 * saved under e2e/output/.
 */

import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { MemoryController, type ConversationSummary } from '@sekha/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startController, type LiveController } from '../test/support/sekha-serve';
import {
  environment,
  installExtension,
  removeRoot,
  startBrowser,
  startCodeServer,
  writeUserSettings,
  type Browser,
  type CodeServer,
  type Environment,
} from './harness/code-server';
import { UI_MS, Workbench } from './harness/workbench';

const VSCODE = resolve(__dirname, '..');
const VSIX = join(VSCODE, 'dist', 'sekha.vsix');
const OUTPUT = join(__dirname, 'output');
const FIXTURES = resolve(VSCODE, '..', 'tests', 'importers', 'fixtures');
const LABEL = 'E2E:Planning';
const AUTOSAVE_SECONDS = 3;

let env: Environment;
let controller: LiveController;
let codeServer: CodeServer | undefined;
let browser: Browser | undefined;
let workbench: Workbench;
let memory: MemoryController;

async function rows(label?: string): Promise<ConversationSummary[]> {
  const found: ConversationSummary[] = [];
  for await (const row of memory.iterConversations()) if (label === undefined || row.label === label) found.push(row);
  return found;
}

/** Poll the controller (through the SDK) until `check` holds, bounded. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeout = UI_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeout} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  env = await environment();
  controller = await startController({ embedder: 'minilm' });
  memory = new MemoryController({ baseURL: controller.baseUrl, apiKey: controller.apiKey });
  await copyFile(join(FIXTURES, 'transcript.md'), join(env.workspace, 'offsite.md'));
  await copyFile(join(FIXTURES, 'claude_conversations.json'), join(env.workspace, 'claude-export.json'));
  await writeFile(join(env.workspace, 'notes.md'), '# Notes\n\nteam offsite budget\n');
  await writeFile(join(env.workspace, 'shopping.txt'), 'milk\neggs\nno speakers here\n');
  await writeUserSettings(env, {
    'sekha.apiUrl': controller.baseUrl,
    'sekha.defaultFolder': '/e2e',
    'sekha.autoSave': true,
    'sekha.autoSaveIntervalSeconds': AUTOSAVE_SECONDS,
    'sekha.contextBudget': 400,
  });
  await installExtension(env, VSIX);
  codeServer = await startCodeServer(env);
  browser = await startBrowser(env);
  workbench = new Workbench(browser.page, OUTPUT);
  await workbench.open(codeServer.url, env.workspace);
});

afterAll(async () => {
  if (browser !== undefined && workbench !== undefined) await workbench.screenshot('last').catch(() => undefined);
  await browser?.stop();
  await codeServer?.stop();
  await controller?.stop();
  if (env !== undefined) await removeRoot(env);
});

describe('the extension in code-server', () => {
  it('starts without a key and says so in the status bar', async () => {
    await expect.poll(() => workbench.statusText(), { timeout: UI_MS }).toContain('no key');
  });

  it('Set API key: a wrong key is refused with one notification that offers to set it', async () => {
    await workbench.command('Sekha: Set API key');
    await workbench.answer('sk-test-this-key-is-wrong-0000000000000000');
    await workbench.waitNotification('API key stored');
    await workbench.command('Sekha: Refresh');
    const toast = await workbench.waitNotification('refused the API key');
    expect(await toast.innerText()).not.toContain('sk-test-this-key-is-wrong');
    expect(await toast.locator('.monaco-button', { hasText: 'Set API Key' }).count()).toBe(1);
    await expect.poll(() => workbench.statusText(), { timeout: UI_MS }).toContain('wrong key');
    await workbench.clickNotificationAction(toast, 'Set API Key');
    await workbench.answer(controller.apiKey);
    await expect.poll(() => workbench.statusText(), { timeout: UI_MS }).toBe('Sekha');
    await workbench.clearNotifications();
  });
});
