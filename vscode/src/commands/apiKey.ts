/** Sekha: Set API key and Sekha: Clear stored API key: the key lives in VS Code's secret storage. */

import * as vscode from 'vscode';

import type { ApiKeys } from '../apiKeys';

export async function setApiKey(keys: ApiKeys): Promise<boolean> {
  const key = await vscode.window.showInputBox({
    title: 'Sekha: Set API key',
    prompt: 'The controller\'s API key. It is kept in VS Code\'s secret storage, never in settings or logs.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (value) => {
      const trimmed = value.trim();
      if (trimmed === '') return 'The key cannot be empty';
      return /^[\x21-\x7e]+$/.test(trimmed) ? undefined : 'A key has no spaces or non-ASCII characters';
    },
  });
  if (key === undefined) return false;
  await keys.store(key);
  void vscode.window.showInformationMessage('Sekha: API key stored in secret storage.');
  return true;
}

export async function clearApiKey(keys: ApiKeys): Promise<void> {
  await keys.clear();
  void vscode.window.showInformationMessage('Sekha: stored API key removed; the sekha.apiKey setting applies again, if set.');
}
