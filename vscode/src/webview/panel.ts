/** Sekha: Search memory: the webview panel, answering its page's messages through the SDK. */

import { randomBytes } from 'node:crypto';

import * as vscode from 'vscode';

import { insertBlock } from '../insert';
import type { MemoryProvider } from '../memory';
import { readSettings } from '../settings';
import type { FromPage, ToPage } from './protocol';

export const VIEW_TYPE = 'sekha.search';

export interface PanelHost {
  readonly memory: MemoryProvider;
  /** The editor Insert writes into: the last text editor that had focus. */
  readonly editor: () => vscode.TextEditor | undefined;
  readonly open: (conversationId: string) => Promise<void>;
  readonly onError: (error: unknown, context: string) => void;
  readonly redact: (text: string) => string;
}

export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'search-page.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'search.css'));
  const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Sekha: Search memory</title>
</head>
<body>
<form id="search">
  <input id="query" type="search" placeholder="Search your memory" aria-label="Search query">
  <label><input type="radio" name="mode" value="semantic" checked> Semantic</label>
  <label><input type="radio" name="mode" value="fulltext"> Full text</label>
  <button type="submit" id="go">Search</button>
</form>
<div id="status" role="status"></div>
<main><ol id="results"></ol><section id="details"></section></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

export class SearchPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly host: PanelHost,
  ) {}

  show(): vscode.WebviewPanel {
    if (this.panel !== undefined) {
      this.panel.reveal();
      return this.panel;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Sekha: Search memory', vscode.ViewColumn.Beside, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'sekha.svg');
    panel.webview.html = pageHtml(panel.webview, this.extensionUri);
    panel.webview.onDidReceiveMessage((message: FromPage) => this.handle(panel.webview, message));
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    this.panel = panel;
    return panel;
  }

  /** Answers one message of the page; failures go to the page and the notifier, never unhandled. */
  async handle(webview: vscode.Webview, message: FromPage): Promise<void> {
    const post = (reply: ToPage): Thenable<boolean> => webview.postMessage(reply);
    try {
      switch (message.type) {
        case 'search': {
          await post({ type: 'searching', query: message.query, mode: message.mode });
          const memory = await this.host.memory.get();
          const limit = readSettings().searchLimit;
          const hits =
            message.mode === 'semantic' ? await memory.semanticSearch(message.query, limit) : await memory.fullTextSearch(message.query, limit);
          await post({ type: 'results', query: message.query, mode: message.mode, hits });
          return;
        }
        case 'details': {
          const memory = await this.host.memory.get();
          const { conversation, messages } = await memory.exportConversation(message.conversationId);
          await post({
            type: 'details',
            details: {
              conversationId: conversation.id,
              label: conversation.label,
              folder: conversation.folder,
              status: conversation.status,
              createdAt: conversation.created_at.toISOString(),
              focus: message.messageId,
              messages: messages.map((m) => ({ id: m.id, role: m.role, content: m.content, timestamp: m.timestamp.toISOString() })),
            },
          });
          return;
        }
        case 'insert': {
          const where = await this.insert(message.text);
          await post({ type: 'inserted', where });
          return;
        }
        case 'open':
          await this.host.open(message.conversationId);
          return;
      }
    } catch (error) {
      await post({ type: 'failed', message: this.host.redact(error instanceof Error ? error.message : String(error)) });
      this.host.onError(error, `search view (${message.type})`);
    }
  }

  /** Insert at the cursor of the last focused editor, or into a new document without one. */
  private async insert(text: string): Promise<string> {
    let editor = this.host.editor();
    if (editor === undefined || editor.document.isClosed) {
      const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
      editor = await vscode.window.showTextDocument(document, vscode.ViewColumn.One);
    } else {
      editor = await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    }
    await insertBlock(editor, text);
    return vscode.workspace.asRelativePath(editor.document.uri);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
