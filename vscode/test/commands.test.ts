import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { NEW_LABEL } from '../src/labels';
import { activateExtension, controller, rowsWithLabel, sdk, uniqueLabel, until, type Activated } from './support/extension';
import { commands, mock, Position, Selection, TextDocument, Uri, window } from './vscode-mock';

const FIXTURES = resolve(__dirname, '..', '..', 'tests', 'importers', 'fixtures');
const CHAT = '# Deploys\n\nUser: How do we deploy on Fridays?\nAssistant: We do not: staging is read-only on Fridays.\n';

let active: Activated | undefined;
afterEach(() => {
  active?.dispose();
  active = undefined;
});

function open(path: string, text: string, languageId = 'markdown', selection?: Selection): TextDocument {
  const document = new TextDocument(Uri.file(path), text, languageId);
  mock.editor(document, selection);
  return document;
}

interface Item {
  label: string;
  description?: string;
  value?: string;
}

function pickNewLabel(label: string): void {
  mock.answer('quickPick', (items: Item[]) => items.find((i) => i.label === NEW_LABEL));
  mock.answer('inputBox', label);
}

function errors(): string[] {
  return mock.shown.filter((s) => s.kind === 'error').map((s) => s.message);
}

describe('Sekha: Save this conversation', () => {
  it('stores the transcript under a new label, announces it with Open, and tracks the document', async () => {
    active = activateExtension();
    const label = uniqueLabel('save');
    const document = open('/work/deploys.md', CHAT);
    pickNewLabel(label);
    await commands.executeCommand('sekha.saveConversation');

    const [row] = await rowsWithLabel(label);
    expect(row).toBeDefined();
    expect((await sdk().getMessages(row?.id ?? '')).map((m) => [m.role, m.content])).toEqual([
      ['user', 'How do we deploy on Fridays?'],
      ['assistant', 'We do not: staging is read-only on Fridays.'],
    ]);
    expect(row?.folder).toBe('/vscode');
    expect(mock.shown).toContainEqual({
      kind: 'information',
      message: `Sekha: Saved "Deploys" (2 messages) under ${label}.`,
      actions: ['Open'],
      modal: false,
    });
    expect(active.extension.tracker.get(document.uri as never)?.label).toBe(label);
  });

  it('stores nothing when the document is unchanged, adds what it grew by, and replaces the conversation when edited', async () => {
    active = activateExtension();
    const label = uniqueLabel('resave');
    const document = open('/work/resave.md', CHAT);
    pickNewLabel(label);
    await commands.executeCommand('sekha.saveConversation');
    const [first] = await rowsWithLabel(label);

    await commands.executeCommand('sekha.saveConversation'); // no label asked: it is tracked
    expect(mock.pendingAnswers()).toBe(0);
    expect(mock.shown.at(-1)?.message).toBe('Sekha: "Deploys" is already saved and unchanged.');
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([first?.id]);

    document.setText(`${CHAT}User: And on Saturdays?\nAssistant: Nobody deploys on Saturdays.\n`);
    await commands.executeCommand('sekha.saveConversation');
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([first?.id]);
    expect(await sdk().getMessages(first?.id ?? '')).toHaveLength(4);
    expect(mock.shown.at(-1)?.message).toBe(`Sekha: Added 2 messages to "Deploys" (4 messages) under ${label}.`);

    document.setText(document.getText().replace('Nobody deploys', 'No one deploys'));
    await commands.executeCommand('sekha.saveConversation');
    const after = await rowsWithLabel(label);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).not.toBe(first?.id);
    expect(await sdk().getMessages(after[0]?.id ?? '')).toHaveLength(4);
    expect(mock.shown.at(-1)?.message).toBe(`Sekha: Updated "Deploys" (4 messages) under ${label}.`);
  });

  it('offers the default label first, then labels in use, most used first', async () => {
    const [busy, quiet, preferred] = [uniqueLabel('busy'), uniqueLabel('quiet'), uniqueLabel('default')];
    const client = sdk();
    for (const label of [busy, busy, quiet]) {
      await client.create({ messages: [{ role: 'user', content: `hello ${label}` }], label, folder: '/t' });
    }
    active = activateExtension({ settings: { 'sekha.defaultLabel': preferred } });
    open('/work/labels.md', CHAT);
    let offered: Item[] = [];
    mock.answer('quickPick', (items: Item[]) => {
      offered = items;
      return items.find((i) => i.value === quiet);
    });
    await commands.executeCommand('sekha.saveConversation');
    expect(offered[0]).toMatchObject({ label: preferred, description: 'default label' });
    const ours = offered.filter((i) => i.value === busy || i.value === quiet);
    expect(ours.map((i) => [i.value, i.description])).toEqual([
      [busy, '2 conversations'],
      [quiet, '1 conversation'],
    ]);
    expect(offered.at(-1)?.label).toBe(NEW_LABEL);
    expect(await rowsWithLabel(quiet)).toHaveLength(2);
  });

  it('saves only the selection, and does not track it', async () => {
    active = activateExtension();
    const label = uniqueLabel('selection');
    const text = `notes before\n${CHAT}`;
    const document = open('/work/notes.md', text, 'markdown', new Selection(new Position(3, 0), new Position(5, 0)));
    pickNewLabel(label);
    await commands.executeCommand('sekha.saveConversation');
    const [row] = await rowsWithLabel(label);
    expect((await sdk().getMessages(row?.id ?? '')).map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(active.extension.tracker.has(document.uri as never)).toBe(false);
  });

  it('lets the user pick which conversations of an export to save', async () => {
    active = activateExtension();
    const label = uniqueLabel('export');
    open('/work/conversations.json', readFileSync(join(FIXTURES, 'claude_conversations.json'), 'utf8'), 'json');
    let offered: (Item & { picked: boolean })[] = [];
    mock.answer('quickPick', (items: (Item & { picked: boolean })[]) => {
      offered = items;
      return items.filter((i) => i.label === 'Rust lifetimes explained');
    });
    pickNewLabel(label);
    await commands.executeCommand('sekha.saveConversation');
    expect(offered.map((i) => [i.label, i.picked])).toEqual([
      ['Rust lifetimes explained', true],
      ['Suggest a name for a grey cat.', true],
      ['Empty chat', false],
    ]);
    const rows = await rowsWithLabel(label);
    expect(rows).toHaveLength(1);
    expect(mock.shown.at(-1)?.message).toContain('Could not read "Corrupted export entry"');
  });

  it('reports a text that is no transcript once, offering an example, and stores nothing', async () => {
    active = activateExtension();
    open('/work/shopping.txt', 'milk\neggs\n', 'plaintext');
    mock.answer('error', 'Show Example');
    await commands.executeCommand('sekha.saveConversation');
    expect(errors()).toEqual([
      "This text is not a chat transcript Sekha can read: no line names a speaker (such as 'User:', 'Assistant:' or '## User').",
    ]);
    expect(mock.shown[0]?.actions).toEqual(['Show Example']);
    expect(window.activeTextEditor?.document.getText()).toContain('User: How do I undo my last git commit');
  });

  it('asks for an editor when none is open', async () => {
    active = activateExtension();
    await commands.executeCommand('sekha.saveConversation');
    expect(mock.shown).toEqual([
      { kind: 'warning', message: 'Sekha: open a chat transcript (or select one) to save it.', actions: [], modal: false },
    ]);
  });
});

describe('Sekha: Insert context', () => {
  it('offers the current line as the query and inserts the cited context below it', async () => {
    const label = uniqueLabel('context');
    const client = sdk();
    const created = await client.create({
      messages: [
        { role: 'user', content: 'Which database do we use for the billing service?' },
        { role: 'assistant', content: 'Billing runs on PostgreSQL 16 with logical replication.' },
      ],
      label,
      folder: '/ctx',
    });
    await until('the messages are embedded', async () => (await client.search('billing database', { limit: 50 })).some((h) => h.conversation_id === created.id));
    active = activateExtension({ settings: { 'sekha.contextBudget': 3000 } });
    const document = open('/work/prompt.md', 'intro\nbilling database\nend', 'markdown', new Selection(new Position(1, 3), new Position(1, 3)));
    let offered = '';
    mock.answer('inputBox', (options: { value: string }) => {
      offered = options.value;
      return options.value;
    });
    await commands.executeCommand('sekha.insertContext');
    expect(offered).toBe('billing database');
    const lines = document.getText().split('\n');
    expect(lines.slice(0, 2)).toEqual(['intro', 'bil']);
    // One citation line for the conversation, then its messages in their order.
    expect(document.getText()).toMatch(
      new RegExp(`\\[${label} · /ctx · \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\\]\\nuser: Which database do we use for the billing service\\?\\nassistant: Billing runs on PostgreSQL 16`),
    );
    expect(document.getText().endsWith('\nling database\nend')).toBe(true);
    expect(mock.shown.at(-1)?.message).toMatch(/^Sekha: inserted \d+ messages from \d+ conversations \(\d+ tokens at most, of a budget of 3000\)\.$/);
  });

  it('draws only on sekha.contextLabels, within the budget, and nothing below the relevance floor', async () => {
    const [wanted, other] = [uniqueLabel('wanted'), uniqueLabel('other')];
    const client = sdk();
    const chat = [
      { role: 'user' as const, content: 'Where do the nightly invoice exports go?' },
      { role: 'assistant' as const, content: 'Nightly invoice exports land in the finance bucket.' },
    ];
    const ids = [(await client.create({ messages: chat, label: wanted, folder: '/a' })).id, (await client.create({ messages: chat, label: other, folder: '/b' })).id];
    await until('the messages are embedded', async () => {
      const found = new Set((await client.search('nightly invoice exports', { limit: 100 })).map((h) => h.conversation_id));
      return ids.every((id) => found.has(id));
    });
    const budget = 120; // room for the citation line and one of the two messages, not both
    active = activateExtension({ settings: { 'sekha.contextBudget': budget, 'sekha.contextLabels': [wanted] } });
    let prompt = '';
    mock.answer('inputBox', (options: { prompt: string }) => {
      prompt = options.prompt;
      return 'nightly invoice exports';
    });
    const document = open('/work/scoped.md', '', 'markdown');
    await commands.executeCommand('sekha.insertContext');
    expect(prompt).toBe(`What is the context for? (budget ${budget} tokens, sekha.contextBudget; from labels ${wanted})`);
    const text = document.getText();
    expect(text).toContain(`[${wanted} · /a · `);
    expect(text).not.toContain(other);
    expect(text.split('\n').filter((line) => line.includes('Nightly invoice exports') || line.includes('nightly invoice exports'))).toHaveLength(1);
    expect(new TextEncoder().encode(text.trimEnd()).length).toBeLessThanOrEqual(budget); // a byte bounds a token

    mock.setting('sekha.contextMinRelevance', 0.99); // above anything a paraphrase or a word match reaches
    mock.answer('inputBox', 'nightly invoice exports');
    const untouched = open('/work/floor.md', 'kept', 'markdown');
    await commands.executeCommand('sekha.insertContext');
    expect(untouched.getText()).toBe('kept');
    expect(mock.shown.at(-1)?.message).toBe(`Sekha: no memory matches "nightly invoice exports" in labels ${wanted}.`);
  });

  it('does nothing when the query is dismissed', async () => {
    active = activateExtension();
    const document = open('/work/prompt.md', 'question', 'markdown');
    mock.answer('inputBox', undefined);
    await commands.executeCommand('sekha.insertContext');
    expect(document.getText()).toBe('question');
    expect(mock.shown).toEqual([]);
  });
});

describe('failures are one notification with an action, never a rejection', () => {
  it('a wrong key: the status bar says so and the notification offers to set the key', async () => {
    const wrong = 'sk-test-wrong-key-0123456789abcdef0123456789';
    active = activateExtension({ withKey: false, settings: { 'sekha.apiKey': wrong } });
    await commands.executeCommand('sekha.refresh');
    expect(mock.shown.filter((s) => s.kind === 'error')).toEqual([
      { kind: 'error', message: `The Sekha controller at ${controller().baseUrl} refused the API key.`, actions: ['Set API Key', 'Open Settings'], modal: false },
    ]);
    expect(mock.statusItems[0]?.text).toContain('wrong key');
    expect(JSON.stringify([mock.shown, mock.logs])).not.toContain(wrong);
  });

  it('a controller that is down: Retry runs the command again, and each attempt reports once', async () => {
    active = activateExtension({ settings: { 'sekha.apiUrl': 'http://127.0.0.1:9', 'sekha.requestTimeoutSeconds': 2 } });
    mock.answer('error', 'Retry');
    await commands.executeCommand('sekha.refresh');
    expect(errors()).toEqual([
      'Cannot reach the Sekha controller at http://127.0.0.1:9. Is it running (sekha serve)?',
      'Cannot reach the Sekha controller at http://127.0.0.1:9. Is it running (sekha serve)?',
    ]);
    expect(mock.shown[0]?.actions).toEqual(['Retry', 'Open Settings']);
    expect(mock.statusItems[0]?.text).toContain('offline');
  });

  it('no key anywhere: the status bar says so and the notification offers Set API Key', async () => {
    active = activateExtension({ withKey: false, settings: { 'sekha.apiUrl': 'http://sekha.invalid' } });
    await commands.executeCommand('sekha.refresh');
    expect(mock.shown).toEqual([
      {
        kind: 'error',
        message: 'Sekha is not set up: no API key: run "Sekha: Set API key" or set sekha.apiKey.',
        actions: ['Set API Key', 'Open Settings'],
        modal: false,
      },
    ]);
    expect(mock.statusItems[0]?.text).toContain('no key');
  });
});
