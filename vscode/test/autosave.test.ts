import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { NEW_LABEL } from '../src/labels';
import { activateExtension, controller, rowsWithLabel, sdk, uniqueLabel, until, type Activated } from './support/extension';
import { commands, mock, TextDocument, Uri } from './vscode-mock';

const MINUTES_5 = 5 * 60 * 1000;
const CHAT = 'User: Which region hosts the backups?\nAssistant: eu-west-2, encrypted at rest.\n';

let active: Activated | undefined;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // the SDK's own timeouts stay real
});
afterEach(() => {
  active?.dispose();
  active = undefined;
  vi.useRealTimers();
});

async function saveOnce(path: string, label: string): Promise<TextDocument> {
  const document = new TextDocument(Uri.file(path), CHAT, 'markdown');
  mock.editor(document);
  mock.answer('quickPick', (items: { label: string }[]) => items.find((i) => i.label === NEW_LABEL));
  mock.answer('inputBox', label);
  await commands.executeCommand('sekha.saveConversation');
  return document;
}

function autoSaved(): number {
  return mock.logs.filter((line) => line.includes('auto-saved')).length;
}

describe('auto-save', () => {
  it('is off by default', () => {
    active = activateExtension();
    expect(active.extension.autoSaver.active).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('every 5 minutes saves tracked documents that changed, adding their new messages, and only those', async () => {
    active = activateExtension({ settings: { 'sekha.autoSave': true } });
    const label = uniqueLabel('auto');
    const document = await saveOnce('/work/backups.md', label);
    const untracked = new TextDocument(Uri.file('/work/other.md'), CHAT, 'markdown');
    mock.editor(untracked);
    const [first] = await rowsWithLabel(label);

    await vi.advanceTimersByTimeAsync(MINUTES_5); // unchanged: nothing stored
    await active.extension.autoSaver.tick(controller().baseUrl);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([first?.id]);

    document.setText(`${CHAT}User: And the retention?\nAssistant: Thirty days.\n`);
    await vi.advanceTimersByTimeAsync(MINUTES_5 - 1000);
    expect(autoSaved()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    await until('the auto-save', () => autoSaved() === 1);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([first?.id]); // the same conversation, grown
    expect((await sdk().getMessages(first?.id ?? '')).map((m) => m.content)).toEqual([
      'Which region hosts the backups?',
      'eu-west-2, encrypted at rest.',
      'And the retention?',
      'Thirty days.',
    ]);
    expect(mock.logs.some((line) => line.includes(`added 2 messages to ${first?.id ?? ''}`))).toBe(true);

    document.setText(document.getText()); // a new version with the same messages
    await vi.advanceTimersByTimeAsync(MINUTES_5 * 2);
    await active.extension.autoSaver.tick(controller().baseUrl);
    expect(autoSaved()).toBe(1);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([first?.id]);
    expect(await sdk().getMessages(first?.id ?? '')).toHaveLength(4);
    expect(active.extension.tracker.has(untracked.uri as never)).toBe(false);
  });

  it('replaces the conversation of a document edited other than at its end, never duplicating it', async () => {
    active = activateExtension({ settings: { 'sekha.autoSave': true } });
    const label = uniqueLabel('edited');
    const document = await saveOnce('/work/edited.md', label);
    const [first] = await rowsWithLabel(label);
    document.setText(CHAT.replace('eu-west-2', 'eu-central-1'));
    await vi.advanceTimersByTimeAsync(MINUTES_5);
    await until('the auto-save', () => autoSaved() === 1);
    const after = await rowsWithLabel(label);
    expect(after).toHaveLength(1); // replaced, never duplicated
    expect(after[0]?.id).not.toBe(first?.id);
    expect((await sdk().getMessages(after[0]?.id ?? '')).at(-1)?.content).toBe('eu-central-1, encrypted at rest.');
  });

  it('runs one pass at a time', async () => {
    active = activateExtension({ settings: { 'sekha.autoSave': true } });
    const first = active.extension.autoSaver.tick(controller().baseUrl);
    expect(active.extension.autoSaver.tick(controller().baseUrl)).toBe(first);
    await first;
  });

  it('reports a failing document once, until a pass succeeds again', async () => {
    active = activateExtension({ settings: { 'sekha.autoSave': true, 'sekha.autoSaveIntervalSeconds': 60 } });
    const document = await saveOnce('/work/broken.md', uniqueLabel('broken'));
    const failures = (): number => mock.shown.filter((s) => s.kind === 'error').length;
    for (const text of ['no speakers any more', 'still none', 'none at all']) {
      document.setText(text);
      await vi.advanceTimersByTimeAsync(60_000);
      await active.extension.autoSaver.tick(controller().baseUrl);
    }
    expect(failures()).toBe(1);
    expect(mock.logs.filter((l) => l.includes('TranscriptError')).length).toBeGreaterThanOrEqual(3);
    document.setText(`${CHAT}User: fixed\n`);
    await vi.advanceTimersByTimeAsync(60_000);
    await active.extension.autoSaver.tick(controller().baseUrl);
    document.setText('broken again');
    await vi.advanceTimersByTimeAsync(60_000);
    await active.extension.autoSaver.tick(controller().baseUrl);
    expect(failures()).toBe(2);
  });

  it('follows the settings: a new interval restarts the timer, turning it off stops it', () => {
    active = activateExtension({ settings: { 'sekha.autoSave': true } });
    expect(vi.getTimerCount()).toBe(1);
    mock.setting('sekha.autoSaveIntervalSeconds', 10);
    expect(vi.getTimerCount()).toBe(1);
    expect(mock.logs.at(-1)).toContain('auto-save every 10 s');
    mock.setting('sekha.autoSave', false);
    expect(vi.getTimerCount()).toBe(0);
    expect(active.extension.autoSaver.active).toBe(false);
  });
});
