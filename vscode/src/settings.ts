/** The `sekha.*` settings, read in one place with their defaults and bounds. */

import * as vscode from 'vscode';

export const SECTION = 'sekha';

export interface Settings {
  readonly apiUrl: string;
  /** The key typed into settings.json; the secret-storage key takes precedence (see ApiKeys). */
  readonly apiKeySetting: string;
  readonly defaultLabel: string;
  readonly defaultFolder: string;
  readonly autoSave: boolean;
  readonly autoSaveIntervalMs: number;
  readonly contextBudget: number;
  readonly searchLimit: number;
  readonly timeoutMs: number;
}

export const DEFAULT_API_URL = 'http://localhost:8080';
const MIN_AUTOSAVE_SECONDS = 2;

function bounded(value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const text = (key: string, fallback: string): string => config.get<string>(key, fallback).trim();
  return {
    apiUrl: text('apiUrl', DEFAULT_API_URL).replace(/\/+$/, '') || DEFAULT_API_URL,
    apiKeySetting: text('apiKey', ''),
    defaultLabel: text('defaultLabel', ''),
    defaultFolder: text('defaultFolder', '/vscode') || '/vscode',
    autoSave: config.get<boolean>('autoSave', false),
    autoSaveIntervalMs: bounded(config.get<number>('autoSaveIntervalSeconds', 300), MIN_AUTOSAVE_SECONDS) * 1000,
    contextBudget: Math.round(bounded(config.get<number>('contextBudget', 2000), 1)),
    searchLimit: Math.round(bounded(config.get<number>('searchLimit', 20), 1, 100)),
    timeoutMs: bounded(config.get<number>('requestTimeoutSeconds', 30), 1) * 1000,
  };
}

/** Opens the Settings editor on the extension's settings. */
export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:sekha.sekha-vscode`);
}
