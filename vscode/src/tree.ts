/**
 * The Conversations view: labels, then each label's conversations (newest first, named by their
 * first message, with message counts and dates), then their messages. Listing is done once per
 * refresh and grouped here, as the real controller's label filter returns nothing; a label's
 * conversations are fetched with their messages when it is expanded.
 */

import * as vscode from 'vscode';

import type { ConversationSummary, ExportedConversation, ExportedMessage, MemoryProvider } from './memory';
import { roleName, shortDate } from './render';

export interface LabelNode {
  readonly kind: 'label';
  readonly label: string;
  readonly rows: readonly ConversationSummary[];
}

export interface ConversationNode {
  readonly kind: 'conversation';
  readonly conversation: ExportedConversation;
  readonly messages: readonly ExportedMessage[];
  readonly summary: ConversationSummary;
}

export interface MessageNode {
  readonly kind: 'message';
  readonly conversation: ExportedConversation;
  readonly message: ExportedMessage;
  readonly index: number;
}

export type Node = LabelNode | ConversationNode | MessageNode;

const PREVIEW_CHARS = 80;
const TITLE_CHARS = 60;

/** `sekha.conversation.<active|archived>[.pinned]`, which the context menu's `when` clauses read. */
export function contextValue(summary: ConversationSummary): string {
  return `sekha.conversation.${summary.archived ? 'archived' : 'active'}${summary.pinned ? '.pinned' : ''}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function preview(content: string, chars = PREVIEW_CHARS): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length > chars ? `${line.slice(0, chars - 1)}…` : line;
}

/** A conversation has no title: it is named by its first user message, as the chat apps do. */
export function titleOf(node: Pick<ConversationNode, 'conversation' | 'messages'>): string {
  const first = node.messages.find((m) => m.role === 'user') ?? node.messages[0];
  return first === undefined ? shortDate(node.conversation.created_at) : preview(first.content, TITLE_CHARS);
}

export class ConversationsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private rows: Promise<ConversationSummary[]> | undefined;

  constructor(
    private readonly memory: MemoryProvider,
    private readonly onError: (error: unknown, context: string) => void,
  ) {}

  refresh(): void {
    this.rows = undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'label': {
        const item = new vscode.TreeItem(node.label === '' ? '(no label)' : node.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `label:${node.label}`;
        item.description = plural(node.rows.length, 'conversation');
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = 'sekha.label';
        return item;
      }
      case 'conversation': {
        const { conversation, summary } = node;
        const count = plural(node.messages.length, 'message');
        const item = new vscode.TreeItem(titleOf(node), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `conversation:${conversation.id}`;
        const flags = [summary.pinned ? 'pinned' : '', summary.archived ? 'archived' : ''].filter(Boolean);
        item.description = [shortDate(conversation.created_at), count, conversation.folder, ...flags].join(' · ');
        item.tooltip = new vscode.MarkdownString(
          `**${conversation.label}** in \`${conversation.folder}\`  \n${count}, created ${shortDate(conversation.created_at)} UTC, updated ${shortDate(summary.updated_at)} UTC  \n${conversation.status}${summary.pinned ? ', pinned' : ''}  \n\`${conversation.id}\``,
        );
        item.iconPath = new vscode.ThemeIcon(summary.pinned ? 'pinned' : summary.archived ? 'archive' : 'comment-discussion');
        item.contextValue = contextValue(summary);
        item.command = { command: 'sekha.openConversation', title: 'Open conversation', arguments: [node] };
        return item;
      }
      case 'message': {
        const { message } = node;
        const item = new vscode.TreeItem(`${roleName(message.role)}: ${preview(message.content)}`, vscode.TreeItemCollapsibleState.None);
        item.id = `message:${message.id}`;
        item.tooltip = new vscode.MarkdownString().appendText(message.content);
        item.iconPath = new vscode.ThemeIcon(message.role === 'user' ? 'account' : 'hubot');
        item.contextValue = 'sekha.message';
        item.command = { command: 'sekha.openConversation', title: 'Open conversation', arguments: [node] };
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      return await this.children(node);
    } catch (error) {
      this.onError(error, 'loading the conversations view');
      return [];
    }
  }

  private async children(node?: Node): Promise<Node[]> {
    if (node === undefined) return this.labels();
    if (node.kind === 'label') return this.conversations(node);
    if (node.kind === 'conversation') {
      return node.messages.map((message, index) => ({ kind: 'message', conversation: node.conversation, message, index }));
    }
    return [];
  }

  private async labels(): Promise<LabelNode[]> {
    this.rows ??= this.memory.get().then((memory) => memory.summaries());
    let rows: ConversationSummary[];
    try {
      rows = await this.rows;
    } catch (error) {
      this.rows = undefined;
      throw error;
    }
    const byLabel = new Map<string, ConversationSummary[]>();
    for (const row of rows) byLabel.set(row.label, [...(byLabel.get(row.label) ?? []), row]);
    return [...byLabel]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, group]) => ({ kind: 'label', label, rows: group }));
  }

  private async conversations(node: LabelNode): Promise<ConversationNode[]> {
    const memory = await this.memory.get();
    const rows = new Map(node.rows.map((row) => [row.id, row]));
    const exported = await memory.exports([...rows.keys()]);
    return exported
      .map(({ conversation, messages }) => ({
        kind: 'conversation' as const,
        conversation,
        messages,
        summary: rows.get(conversation.id) as ConversationSummary,
      }))
      .sort((a, b) => b.conversation.created_at.getTime() - a.conversation.created_at.getTime());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
