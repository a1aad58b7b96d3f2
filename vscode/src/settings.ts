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
  /** Insert context draws only on these labels (empty: all). */
  readonly contextLabels: readonly string[];
  /** Insert context draws only on these folders and the ones under them (empty: all). */
  readonly contextFolders: readonly string[];
  /** How relevant to the query a message must be for Insert context, 0 to 1 (0: no floor). */
  readonly contextMinRelevance: number;
  readonly searchLimit: number;
  readonly timeoutMs: number;
}

export const DEFAULT_API_URL = 'http://localhost:8080';
const MIN_AUTOSAVE_SECONDS = 2;
/** The local controller's own default floor. */
export const DEFAULT_MIN_RELEVANCE = 0.2;

function bounded(value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** A list of names from settings.json: trimmed, without blanks or repeats; anything else is empty. */
function names(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const trimmed = value.filter((item): item is string => typeof item === 'string').map((item) => item.trim());
  return [...new Set(trimmed.filter((item) => item !== ''))];
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
    contextLabels: names(config.get<unknown>('contextLabels', [])),
    contextFolders: names(config.get<unknown>('contextFolders', [])),
    contextMinRelevance: bounded(config.get<number>('contextMinRelevance', DEFAULT_MIN_RELEVANCE), 0, 1),
    searchLimit: Math.round(bounded(config.get<number>('searchLimit', 20), 1, 100)),
    timeoutMs: bounded(config.get<number>('requestTimeoutSeconds', 30), 1) * 1000,
  };
}

/** Opens the Settings editor on the extension's settings. */
export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:sekha.sekha-vscode`);
}
