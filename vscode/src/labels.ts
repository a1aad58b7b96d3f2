/** Choosing a label: the labels already in use (most used first), or a new one. */

import * as vscode from 'vscode';

import type { Memory } from './memory';

export const NEW_LABEL = '$(add) New label…';

interface LabelItem extends vscode.QuickPickItem {
  readonly value?: string;
}

/** The label picked or typed, or undefined when the user backed out. */
export async function pickLabel(
  memory: Memory,
  options: { title: string; preferred?: string; current?: string },
): Promise<string | undefined> {
  const labels = await memory.labels();
  const items: LabelItem[] = [];
  const preferred = options.preferred;
  if (preferred && !labels.some((l) => l.label === preferred)) {
    items.push({ label: preferred, value: preferred, description: 'default label' });
  }
  for (const { label, count } of labels) {
    items.push({
      label: label === '' ? '(no label)' : label,
      value: label,
      description: `${count} conversation${count === 1 ? '' : 's'}${label === preferred ? ' · default label' : ''}${label === options.current ? ' · current' : ''}`,
    });
  }
  items.sort((a, b) => Number(b.value === preferred) - Number(a.value === preferred));
  items.push({ label: NEW_LABEL });
  const picked = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: 'Pick a label, or create a new one',
    matchOnDescription: false,
  });
  if (picked === undefined) return undefined;
  if (picked.value !== undefined) return picked.value;
  const typed = await vscode.window.showInputBox({
    title: options.title,
    prompt: 'New label (for example Project:AI)',
    value: options.current ?? preferred ?? '',
    validateInput: (value) => (value.trim() === '' ? 'A label cannot be empty' : undefined),
  });
  return typed?.trim() || undefined;
}
