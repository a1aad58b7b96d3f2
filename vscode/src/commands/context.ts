/** Sekha: Insert context: memory for a query, within the token budget, inserted at the cursor. */

import * as vscode from 'vscode';

import { insertBlock } from '../insert';
import type { MemoryProvider } from '../memory';
import type { Settings } from '../settings';

/** The query to offer: the selection, else the cursor's line. */
export function defaultQuery(editor: vscode.TextEditor): string {
  const { document, selection } = editor;
  const text = selection.isEmpty ? document.lineAt(selection.active.line).text : document.getText(selection);
  return text.trim();
}

export async function insertContext(memory: MemoryProvider, settings: Settings, editor: vscode.TextEditor | undefined): Promise<number> {
  if (editor === undefined) {
    void vscode.window.showWarningMessage('Sekha: open an editor to insert context into.');
    return 0;
  }
  const query = await vscode.window.showInputBox({
    title: 'Sekha: Insert context',
    prompt: `What is the context for? (budget ${settings.contextBudget} tokens, sekha.contextBudget)`,
    value: defaultQuery(editor),
    validateInput: (value) => (value.trim() === '' ? 'Type what you need context for' : undefined),
  });
  if (query === undefined || query.trim() === '') return 0;
  const client = await memory.get();
  const context = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Assembling context from Sekha…' },
    () => client.context(query.trim(), settings.contextBudget),
  );
  if (context.messages.length === 0) {
    void vscode.window.showInformationMessage(`Sekha: no memory matches "${query.trim()}".`);
    return 0;
  }
  await insertBlock(editor, context.context);
  void vscode.window.showInformationMessage(
    `Sekha: inserted ${context.messages.length} messages from ${context.conversationsUsed.length} conversations (about ${context.tokenCount} tokens).`,
  );
  return context.messages.length;
}
