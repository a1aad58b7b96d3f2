/**
 * Read-only conversation documents (`sekha-conversation:` URIs): clicking a conversation in
 * the tree or a search result opens its messages as Markdown, fetched when opened.
 */

import * as vscode from 'vscode';

import type { MemoryProvider } from './memory';
import { exportMarkdown } from './render';

export const SCHEME = 'sekha-conversation';

export function conversationUri(id: string, label: string): vscode.Uri {
  const name = (label || 'conversation').replace(/[\\/:*?"<>|#%]+/g, '-').slice(0, 60);
  return vscode.Uri.from({ scheme: SCHEME, path: `/${name}.md`, query: `id=${encodeURIComponent(id)}` });
}

export function idOf(uri: vscode.Uri): string {
  return new URLSearchParams(uri.query).get('id') ?? '';
}

export class ConversationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memory: MemoryProvider) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    return exportMarkdown(await (await this.memory.get()).exportConversation(idOf(uri)));
  }

  /** Re-read the open documents (after a relabel, pin or save). */
  refresh(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === SCHEME) this.changed.fire(document.uri);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
