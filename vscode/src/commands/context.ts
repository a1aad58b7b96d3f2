/**
 * Sekha: Insert context: memory for a query, inserted at the cursor. Only from the labels and
 * folders the settings allow, only messages relevant enough to the query (where the controller
 * has a relevance floor), and never more tokens than the budget, citation lines included.
 */

import * as vscode from 'vscode';

import { insertBlock } from '../insert';
import type { Log } from '../log';
import type { MemoryProvider } from '../memory';
import type { Settings } from '../settings';

/** The query to offer: the selection, else the cursor's line. */
export function defaultQuery(editor: vscode.TextEditor): string {
  const { document, selection } = editor;
  const text = selection.isEmpty ? document.lineAt(selection.active.line).text : document.getText(selection);
  return text.trim();
}

/** Where the context may come from, for the prompt and the notifications ('' for everywhere). */
export function scopeOf(settings: Pick<Settings, 'contextLabels' | 'contextFolders'>): string {
  const parts = [
    settings.contextLabels.length > 0 ? `labels ${settings.contextLabels.join(', ')}` : '',
    settings.contextFolders.length > 0 ? `folders ${settings.contextFolders.join(', ')}` : '',
  ].filter((part) => part !== '');
  return parts.join('; ');
}

export async function insertContext(
  memory: MemoryProvider,
  settings: Settings,
  editor: vscode.TextEditor | undefined,
  log: Log,
): Promise<number> {
  if (editor === undefined) {
    void vscode.window.showWarningMessage('Sekha: open an editor to insert context into.');
    return 0;
  }
  const scope = scopeOf(settings);
  const query = await vscode.window.showInputBox({
    title: 'Sekha: Insert context',
    prompt: `What is the context for? (budget ${settings.contextBudget} tokens, sekha.contextBudget${scope === '' ? '' : `; from ${scope}`})`,
    value: defaultQuery(editor),
    validateInput: (value) => (value.trim() === '' ? 'Type what you need context for' : undefined),
  });
  if (query === undefined || query.trim() === '') return 0;
  const client = await memory.get();
  const { context, floorApplied } = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Assembling context from Sekha…' },
    () =>
      client.context(query.trim(), {
        tokenBudget: settings.contextBudget,
        labels: settings.contextLabels,
        folders: settings.contextFolders,
        minRelevance: settings.contextMinRelevance,
      }),
  );
  if (settings.contextMinRelevance > 0 && !floorApplied) {
    log.info('this controller has no relevance floor (it announces no context_relevance): sekha.contextMinRelevance was not applied');
  }
  if (context.messages.length === 0) {
    void vscode.window.showInformationMessage(`Sekha: no memory matches "${query.trim()}"${scope === '' ? '' : ` in ${scope}`}.`);
    return 0;
  }
  await insertBlock(editor, context.context);
  void vscode.window.showInformationMessage(
    `Sekha: inserted ${context.messages.length} messages from ${context.conversationsUsed.length} conversations ` +
      `(${context.tokenCount} tokens at most, of a budget of ${settings.contextBudget}).`,
  );
  return context.messages.length;
}
