/** Putting text into an editor as a block of its own lines, at the cursor or after the selection. */

import type * as vscode from 'vscode';

/** Where a block goes: at the cursor, or after the selection so the selected text stays. */
export function insertionPoint(editor: vscode.TextEditor): vscode.Position {
  return editor.selection.isEmpty ? editor.selection.active : editor.selection.end;
}

/**
 * Insert `text` at the insertion point, on lines of its own: a line break is added before it
 * when the point is inside a line, and after it when text follows on that line.
 */
export async function insertBlock(editor: vscode.TextEditor, text: string): Promise<boolean> {
  const at = insertionPoint(editor);
  const line = editor.document.lineAt(at.line).text;
  const before = line.slice(0, at.character).trim() === '' ? '' : '\n';
  const after = line.slice(at.character).trim() === '' ? '' : '\n';
  return editor.edit((edit) => {
    edit.insert(at, `${before}${text.replace(/\n+$/, '')}${after}`);
  });
}
