import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { CreatedConversation } from '@sekha/sdk';
import { afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

import { DELETE } from '../src/commands/manage';
import { parseDocument } from '../src/transcript';
import type { ConversationNode, ConversationsTree, LabelNode, MessageNode, Node } from '../src/tree';
import { activateExtension, rowsWithLabel, sdk, uniqueLabel, type Activated } from './support/extension';
import { commands, mock, TreeItemCollapsibleState, Uri } from './vscode-mock';

let active: Activated | undefined;
afterEach(() => {
  active?.dispose();
  active = undefined;
});

const LABEL = uniqueLabel('tree');
const OTHER = uniqueLabel('tree-other');
let older: CreatedConversation;
let newer: CreatedConversation;

beforeAll(async () => {
  const client = sdk();
  older = await client.create({
    messages: [
      { role: 'user', content: 'What port does the admin API listen on?' },
      { role: 'assistant', content: 'Port 9443, behind the VPN only.' },
    ],
    label: LABEL,
    folder: '/ops',
  });
  newer = await client.create({
    messages: [
      { role: 'user', content: 'Who owns the on-call rota?' },
      { role: 'assistant', content: 'The platform team.' },
      { role: 'user', content: 'Since when?' },
    ],
    label: LABEL,
    folder: '/ops',
  });
  await client.create({ messages: [{ role: 'user', content: 'unrelated' }], label: OTHER, folder: '/x' });
});

function tree(): ConversationsTree {
  return mock.trees.get('sekha.conversations') as ConversationsTree;
}

async function labelNode(label: string): Promise<LabelNode> {
  const found = (await tree().getChildren()).find((n): n is LabelNode => n.kind === 'label' && n.label === label);
  if (found === undefined) throw new Error(`no label node ${label}`);
  return found;
}

async function conversationNodes(label: string): Promise<ConversationNode[]> {
  return (await tree().getChildren(await labelNode(label))) as ConversationNode[];
}

describe('the conversations tree', () => {
  it('shows labels with their counts, then conversations newest first, then messages', async () => {
    active = activateExtension();
    const label = await labelNode(LABEL);
    const labelItem = tree().getTreeItem(label);
    expect([labelItem.label, labelItem.description, labelItem.collapsibleState]).toEqual([LABEL, '2 conversations', TreeItemCollapsibleState.Collapsed]);
    expect(tree().getTreeItem(await labelNode(OTHER)).description).toBe('1 conversation');

    const conversations = await conversationNodes(LABEL);
    expect(conversations.map((n) => n.conversation.id)).toEqual([newer.id, older.id]);
    const item = tree().getTreeItem(conversations[0] as Node);
    expect(item.label).toBe('Who owns the on-call rota?');
    expect(item.description).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · 3 messages · \/ops$/);
    expect(item.contextValue).toBe('sekha.conversation.active');
    expect(item.command).toMatchObject({ command: 'sekha.openConversation' });

    const messages = (await tree().getChildren(conversations[0])) as MessageNode[];
    expect(messages.map((m) => tree().getTreeItem(m).label)).toEqual([
      'User: Who owns the on-call rota?',
      'Assistant: The platform team.',
      'User: Since when?',
    ]);
  });

  it('reports a failure to load once and shows nothing rather than rejecting', async () => {
    active = activateExtension({ settings: { 'sekha.apiUrl': 'http://127.0.0.1:9', 'sekha.requestTimeoutSeconds': 2 } });
    expect(await tree().getChildren()).toEqual([]);
    expect(mock.shown.filter((s) => s.kind === 'error').map((s) => s.actions)).toEqual([['Retry', 'Open Settings']]);
  });
});

describe('the context menu', () => {
  it('opens a conversation as a read-only markdown transcript that saves back as the same messages', async () => {
    active = activateExtension();
    const [node] = await conversationNodes(LABEL);
    await commands.executeCommand('sekha.openConversation', node);
    const document = mock.activeDocument();
    expect(document.uri.scheme).toBe('sekha-conversation');
    expect(document.languageId).toBe('markdown');
    const text = document.getText();
    expect(text).toContain(`# ${LABEL}`);
    const [reread] = parseDocument(text, { name: 'x', extension: '.md' }).conversations;
    expect(reread?.messages.map((m) => m.content)).toEqual(['Who owns the on-call rota?', 'The platform team.', 'Since when?']);
  });

  it('pins and unpins, archives and unarchives, and shows it in the menu context', async () => {
    active = activateExtension();
    const label = uniqueLabel('pin');
    const created = await sdk().create({ messages: [{ role: 'user', content: 'pin me' }], label, folder: '/p' });
    await commands.executeCommand('sekha.pin', created.id);
    let [node] = await conversationNodes(label);
    expect(node?.summary.pinned).toBe(true);
    expect(tree().getTreeItem(node as Node).contextValue).toBe('sekha.conversation.active.pinned');
    await commands.executeCommand('sekha.unpin', node);
    [node] = await conversationNodes(label);
    expect(node?.summary.pinned).toBe(false);
    await commands.executeCommand('sekha.archive', node);
    [node] = await conversationNodes(label);
    expect(tree().getTreeItem(node as Node).contextValue).toBe('sekha.conversation.archived');
    expect(tree().getTreeItem(node as Node).description).toMatch(/ · 1 message · \/p · archived$/);
    await commands.executeCommand('sekha.unarchive', node);
    [node] = await conversationNodes(label);
    expect(tree().getTreeItem(node as Node).contextValue).toBe('sekha.conversation.active');
    expect(await sdk().memoryGetContext(created.id)).toMatchObject({ status: 'active', pinned: false });
  });

  it('relabels through the label picker', async () => {
    active = activateExtension();
    const [from, to] = [uniqueLabel('from'), uniqueLabel('to')];
    const created = await sdk().create({ messages: [{ role: 'user', content: 'move me' }], label: from, folder: '/keep' });
    mock.answer('quickPick', (items: { label: string }[]) => items.find((i) => i.label.includes('New label')));
    mock.answer('inputBox', to);
    await commands.executeCommand('sekha.relabel', created.id);
    const [row] = await rowsWithLabel(to);
    expect(row).toMatchObject({ id: created.id, folder: '/keep' });
  });

  it('exports to Markdown and JSON files', async () => {
    active = activateExtension();
    const dir = mkdtempSync(join(tmpdir(), 'sekha-export-'));
    onTestFinished(() => {
      rmSync(dir, { recursive: true });
    });
    mock.workspaceFolder = dir;
    const [node] = await conversationNodes(LABEL);
    let offered = '';
    mock.answer('saveDialog', (options: { defaultUri: Uri }) => {
      offered = options.defaultUri.fsPath;
      return options.defaultUri;
    });
    await commands.executeCommand('sekha.exportMarkdown', node);
    expect(offered).toBe(join(dir, `${LABEL}-${newer.id.slice(0, 8)}.md`));
    expect(readFileSync(offered, 'utf8')).toContain('## User\n\nWho owns the on-call rota?');
    mock.answer('saveDialog', Uri.file(join(dir, 'one.json')));
    await commands.executeCommand('sekha.exportJson', node);
    const exported = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as { conversation: { id: string }; messages: unknown[] };
    expect([exported.conversation.id, exported.messages.length]).toEqual([newer.id, 3]);
    expect(mock.shown.at(-1)?.message).toBe('Sekha: exported 3 messages to one.json.');
  });

  it('deletes only after the modal confirmation, and forgets the document saved as it', async () => {
    active = activateExtension();
    const label = uniqueLabel('delete');
    const created = await sdk().create({ messages: [{ role: 'user', content: 'delete me' }], label, folder: '/d' });
    mock.answer('warning', undefined); // the user closes the dialog
    await commands.executeCommand('sekha.delete', created.id);
    expect(await rowsWithLabel(label)).toHaveLength(1);
    expect(mock.shown.at(-1)).toMatchObject({ kind: 'warning', modal: true, actions: [DELETE] });
    await active.extension.tracker.set(Uri.file('/work/d.md') as never, { label, folder: '/d', conversations: { text: { id: created.id, fingerprint: 'f' } }, staleIds: [] });
    mock.answer('warning', DELETE);
    await commands.executeCommand('sekha.delete', created.id);
    expect(await rowsWithLabel(label)).toHaveLength(0);
    expect(active.extension.tracker.has(Uri.file('/work/d.md') as never)).toBe(false);
  });
});

describe('a conversation deleted elsewhere', () => {
  it('is reported once and the tree reloads', async () => {
    active = activateExtension();
    const label = uniqueLabel('gone');
    const created = await sdk().create({ messages: [{ role: 'user', content: 'soon gone' }], label, folder: '/g' });
    const [node] = await conversationNodes(label);
    await sdk().delete(created.id);
    let reloads = 0;
    tree().onDidChangeTreeData(() => reloads++);
    await commands.executeCommand('sekha.pin', node);
    expect(mock.shown.filter((s) => s.kind === 'error').map((s) => s.message)).toEqual([
      'Sekha: that conversation no longer exists. The tree was refreshed.',
    ]);
    expect(reloads).toBe(1);
    expect((await tree().getChildren()).some((n) => n.kind === 'label' && n.label === label)).toBe(false);
  });
});
