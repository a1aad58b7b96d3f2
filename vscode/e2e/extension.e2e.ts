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
let workbench: Workbench;
let memory: MemoryController;
/** The conversation saved from offsite.md. */
let offsiteId = '';
/** What to stop after the run, last started first. */
const cleanups: (() => Promise<void>)[] = [];

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
  cleanups.push(() => removeRoot(env));
  controller = await startController({ embedder: 'minilm' });
  cleanups.push(() => controller.stop());
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
  const codeServer = await startCodeServer(env);
  cleanups.push(() => codeServer.stop());
  const browser = await startBrowser(env);
  cleanups.push(() => browser.stop());
  workbench = new Workbench(browser.page, OUTPUT);
  cleanups.push(async () => {
    await workbench.screenshot('last').catch(() => undefined); // what the screen showed at the end
  });
  await workbench.open(codeServer.url, env.workspace);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
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

  it('Save this conversation: a markdown transcript, under a new label, announced with Open', async () => {
    await workbench.openFile('offsite.md');
    await workbench.command('Sekha: Save this conversation');
    expect(await workbench.quickPickRows()).toEqual(['New label…']);
    await workbench.pick('New label');
    await workbench.answer(LABEL);
    const toast = await workbench.waitNotification(`Saved "Planning the team offsite" (4 messages) under ${LABEL}.`);
    expect(await toast.locator('.monaco-button', { hasText: 'Open' }).count()).toBe(1);
    const saved = await rows(LABEL);
    expect(saved).toHaveLength(1);
    offsiteId = saved[0]?.id ?? '';
    const messages = await memory.getMessages(saved[0]?.id ?? '');
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messages[0]?.content).toContain('We have 12 people');
    await workbench.clearNotifications();
  });

  it('Save this conversation again: an unchanged document stores nothing', async () => {
    await workbench.command('Sekha: Save this conversation');
    await workbench.waitNotification('is already saved and unchanged');
    expect(await rows(LABEL)).toHaveLength(1);
    await workbench.clearNotifications();
  });

  it('Save this conversation: an export with several conversations, picked in a quick pick', async () => {
    await workbench.openFile('claude-export.json');
    await workbench.command('Sekha: Save this conversation');
    const offered = await workbench.quickPickRows();
    expect(offered.some((row) => row.includes('Rust lifetimes explained'))).toBe(true);
    await workbench.page.keyboard.press('Enter'); // the conversations with messages come picked
    await workbench.pick(LABEL);
    await workbench.waitNotification(`under ${LABEL}`);
    expect(await rows(LABEL)).toHaveLength(3);
    await workbench.clearNotifications();
  });

  it('a document that is no transcript gets one notification with an example', async () => {
    await workbench.openFile('shopping.txt');
    await workbench.command('Sekha: Save this conversation');
    const toast = await workbench.waitNotification('not a chat transcript');
    await workbench.clickNotificationAction(toast, 'Show Example');
    await workbench.waitEditorText(/User: How do I undo my last git commit/);
    expect(await workbench.notificationCount('not a chat transcript')).toBe(0);
    await workbench.command('View: Revert and Close Editor');
  });

  it('the tree: labels, conversations newest first with counts and dates, messages', async () => {
    await workbench.showSekhaView();
    await workbench.command('Sekha: Refresh');
    const label = workbench.treeRow(LABEL);
    await workbench.expand(label);
    const conversation = workbench.treeRow('4 messages');
    await conversation.waitFor({ timeout: UI_MS });
    expect(await conversation.innerText()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await workbench.expand(conversation);
    await workbench.treeRow('User: We have 12 people').waitFor({ timeout: UI_MS });
    await workbench.screenshot('tree');
    await conversation.click();
    await workbench.waitEditorText(/## Assistant/);
    expect(await workbench.editorText()).toContain(`# ${LABEL}`);
  });

  it('the context menu: Pin and Unpin, Archive and Unarchive (the SDK\'s), then Export to Markdown through the save dialog', async () => {
    const conversation = workbench.treeRow('4 messages');
    const items = await workbench.contextMenuItems(conversation);
    expect(items).toEqual(expect.arrayContaining(['Open conversation', 'Pin', 'Archive', 'Relabel…', 'Export to Markdown…', 'Export to JSON…', 'Delete…']));
    expect(items).not.toContain('Unpin');
    expect(items).not.toContain('Unarchive');
    const offsite = async (): Promise<ConversationSummary | undefined> => (await rows(LABEL)).find((r) => r.id === offsiteId);
    await workbench.contextMenu(conversation, 'Pin');
    await eventually('the pin', offsite, (row) => row?.pinned === true);
    await workbench.treeRow(/4 messages · \/e2e · pinned$/).waitFor({ timeout: UI_MS });
    expect(await workbench.contextMenuItems(workbench.treeRow('pinned'))).toContain('Unpin');
    await workbench.contextMenu(workbench.treeRow('pinned'), 'Unpin');
    await eventually('the unpin', offsite, (row) => row?.pinned === false);
    await workbench.treeRow(/4 messages · \/e2e$/).waitFor({ timeout: UI_MS });

    await workbench.contextMenu(workbench.treeRow('4 messages'), 'Archive');
    await eventually('the archive', offsite, (row) => row?.archived === true);
    const archived = workbench.treeRow(/4 messages · \/e2e · archived$/);
    await archived.waitFor({ timeout: UI_MS });
    const archivedItems = await workbench.contextMenuItems(archived);
    expect(archivedItems).toContain('Unarchive');
    expect(archivedItems).not.toContain('Archive');
    await workbench.contextMenu(archived, 'Unarchive');
    await eventually('the unarchive', offsite, (row) => row?.archived === false);

    await workbench.treeRow(/4 messages · \/e2e$/).waitFor({ timeout: UI_MS });
    await workbench.contextMenu(workbench.treeRow('4 messages'), 'Pin'); // pinned again, for auto-save to keep
    await workbench.treeRow(/4 messages · \/e2e · pinned$/).waitFor({ timeout: UI_MS });

    await workbench.contextMenu(workbench.treeRow('pinned'), 'Export to Markdown…');
    const path = await workbench.acceptFileDialog('Export conversation to Markdown', /E2E-Planning-[0-9a-f]{8}\.md$/);
    expect(path.startsWith(`${env.workspace}/`)).toBe(true);
    await workbench.waitNotification(/exported 4 messages to E2E-Planning-[0-9a-f]{8}\.md/);
    const exported = await readFile(path, 'utf8');
    expect(exported).toContain('## User\n\nWe have 12 people');
    await workbench.clearNotifications();
  });

  it('the context menu: Delete asks first, then removes the conversation', async () => {
    await workbench.command('Sekha: Refresh');
    await workbench.expand(workbench.treeRow(LABEL));
    const rust = workbench.treeRow('3 messages');
    await workbench.contextMenu(rust, 'Delete…');
    const dialog = workbench.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: UI_MS });
    expect(await dialog.innerText()).toContain('cannot be undone');
    await dialog.locator('.monaco-button', { hasText: 'Delete' }).first().click();
    await eventually('the delete', () => rows(LABEL), (found) => found.length === 2);
  });

  it('Search memory: semantic results with label, date and score; Insert puts one into the editor', async () => {
    await workbench.openFile('notes.md');
    await workbench.command('Sekha: Search memory');
    const view = workbench.webview();
    await view.locator('#query').fill('how much money can we spend on the trip');
    await view.locator('#go').click();
    const first = view.locator('.result').first();
    await first.waitFor({ timeout: UI_MS });
    expect(await first.locator('.label').innerText()).toBe(LABEL);
    expect(await first.locator('.score').innerText()).toMatch(/^score 0\.\d\d$/);
    expect(await first.locator('.date').innerText()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(await first.innerText()).toContain('3000 euros');
    await first.click();
    await view.locator('#details h2', { hasText: LABEL }).waitFor({ timeout: UI_MS });
    await workbench.screenshot('search');
    await view.locator('#insert').click();
    await view.locator('#status', { hasText: 'Inserted into notes.md' }).waitFor({ timeout: UI_MS });

    await view.locator('input[value="fulltext"]').check();
    await view.locator('#query').fill('projector');
    await view.locator('#go').click();
    const hit = view.locator('.result', { hasText: 'projector' }).first();
    await hit.waitFor({ timeout: UI_MS });
    expect(await hit.locator('.score').innerText()).toBe('full text');
    expect(await hit.locator('.label').innerText()).toBe(LABEL);

    await workbench.openFile('notes.md');
    await workbench.waitEditorText(/3000 euros/);
  });

  it('Insert context: the line under the cursor is the query; the context lands at the cursor', async () => {
    await workbench.page.locator('.view-line', { hasText: 'team offsite budget' }).first().click();
    await workbench.page.keyboard.press('End');
    await workbench.command('Sekha: Insert context');
    expect(await workbench.offered()).toBe('team offsite budget');
    await workbench.page.keyboard.press('Enter');
    await workbench.waitNotification(/inserted \d+ messages from \d+ conversations/);
    await workbench.waitEditorText(new RegExp(`\\[${LABEL} · /e2e · \\d{4}-`));
    await workbench.clearNotifications();
  });

  it('auto-save: a document that grew has its new messages added (the same conversation, still pinned); an unchanged one stores nothing', async () => {
    const [before] = (await rows(LABEL)).filter((r) => r.pinned);
    expect(before?.id).toBe(offsiteId);
    const stored = (await rows(LABEL)).map((r) => r.id).sort();
    await workbench.openFile('offsite.md');
    // All at once, so that no pass sees half of it (half a message, later finished, is an edit: a replacement).
    await workbench.insertAtEnd('\n## User\n\nCan we bring dogs?\n\n## Assistant\n\nOnly well-behaved ones.');
    const messages = await eventually(
      'the auto-save',
      () => memory.getMessages(before?.id ?? ''),
      (found) => found.at(-1)?.content === 'Only well-behaved ones.',
      AUTOSAVE_SECONDS * 1000 * 10,
    );
    expect(messages.map((m) => m.content).slice(-2)).toEqual(['Can we bring dogs?', 'Only well-behaved ones.']);
    expect(messages).toHaveLength(6);
    expect((await rows(LABEL)).map((r) => r.id).sort()).toEqual(stored); // no new copy, none deleted
    expect((await rows(LABEL)).find((r) => r.id === before?.id)?.pinned).toBe(true);
    await workbench.saveFile(); // a new version of the document, with the same messages
    // Several intervals later nothing has changed: the same conversations and messages.
    await new Promise((r) => setTimeout(r, AUTOSAVE_SECONDS * 1000 * 3));
    expect((await rows(LABEL)).map((r) => r.id).sort()).toEqual(stored);
    expect(await memory.getMessages(before?.id ?? '')).toHaveLength(6);
  });

  it('the controller going away: one notification with Retry, and the status bar says offline', async () => {
    await controller.stop();
    await workbench.command('Sekha: Refresh');
    const toast = await workbench.waitNotification('Cannot reach the Sekha controller');
    expect(await toast.locator('.monaco-button', { hasText: 'Retry' }).count()).toBe(1);
    expect(await toast.locator('.monaco-button', { hasText: 'Open Settings' }).count()).toBe(1);
    await expect.poll(() => workbench.statusText(), { timeout: UI_MS }).toContain('offline');
    await workbench.clickNotificationAction(toast, 'Retry');
    await workbench.waitNotification('Cannot reach the Sekha controller');
    expect(await workbench.notificationCount('Cannot reach the Sekha controller')).toBe(1);
  });
});
