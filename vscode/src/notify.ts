/**
 * Failures become one clear notification with something to do about them (retry, open
 * settings, set the key), never an unhandled rejection. A notification of a kind already on
 * screen is not shown again, so an auto-save failing every interval does not pile them up.
 */

import {
  SekhaAPIError,
  SekhaAuthError,
  SekhaConfigError,
  SekhaConnectionError,
  SekhaError,
  SekhaNotFoundError,
  SekhaTimeoutError,
  SekhaUnsupportedError,
  SekhaValidationError,
} from '@sekha/sdk';
import * as vscode from 'vscode';

import type { Log } from './log';
import { openSettings } from './settings';
import { TranscriptError } from './transcript';

export type ErrorKind = 'offline' | 'auth' | 'no-key' | 'transcript' | 'unsupported' | 'not-found' | 'invalid' | 'server' | 'unexpected';

export const RETRY = 'Retry';
export const OPEN_SETTINGS = 'Open Settings';
export const SET_API_KEY = 'Set API Key';
export const SHOW_EXAMPLE = 'Show Example';
export const SHOW_LOG = 'Show Log';

export interface Described {
  readonly kind: ErrorKind;
  readonly message: string;
  readonly actions: readonly string[];
}

/** What went wrong, in words for the user, and what they can do about it. */
export function describe(error: unknown, apiUrl: string, canRetry: boolean): Described {
  const retry = canRetry ? [RETRY] : [];
  const text = error instanceof Error ? error.message : String(error);
  if (error instanceof TranscriptError) {
    return {
      kind: 'transcript',
      message: `This text is not a chat transcript Sekha can read: ${text}.`,
      actions: [SHOW_EXAMPLE],
    };
  }
  if (error instanceof SekhaConfigError) {
    return { kind: 'no-key', message: `Sekha is not set up: ${text}.`, actions: [SET_API_KEY, OPEN_SETTINGS] };
  }
  if (error instanceof SekhaTimeoutError) {
    return { kind: 'offline', message: `The Sekha controller at ${apiUrl} did not answer in time.`, actions: [...retry, OPEN_SETTINGS] };
  }
  if (error instanceof SekhaConnectionError) {
    return {
      kind: 'offline',
      message: `Cannot reach the Sekha controller at ${apiUrl}. Is it running (sekha serve)?`,
      actions: [...retry, OPEN_SETTINGS],
    };
  }
  if (error instanceof SekhaAuthError) {
    return { kind: 'auth', message: `The Sekha controller at ${apiUrl} refused the API key.`, actions: [SET_API_KEY, OPEN_SETTINGS] };
  }
  if (error instanceof SekhaUnsupportedError) {
    return { kind: 'unsupported', message: `Sekha: ${text}.`, actions: [] };
  }
  if (error instanceof SekhaNotFoundError) {
    return { kind: 'not-found', message: 'Sekha: that conversation no longer exists. The tree was refreshed.', actions: [] };
  }
  if (error instanceof SekhaValidationError) {
    return { kind: 'invalid', message: `Sekha refused the request: ${text}`, actions: [SHOW_LOG] };
  }
  if (error instanceof SekhaAPIError || error instanceof SekhaError) {
    return { kind: 'server', message: `Sekha: the controller failed: ${text}`, actions: [...retry, SHOW_LOG] };
  }
  return { kind: 'unexpected', message: `Sekha: something went wrong: ${text}`, actions: [...retry, SHOW_LOG] };
}

export const EXAMPLE_TRANSCRIPT = [
  '# A conversation Sekha can save',
  '',
  'User: How do I undo my last git commit but keep the changes?',
  'Assistant: Run `git reset --soft HEAD~1`. The commit disappears and its changes stay staged.',
  '',
  '## User',
  '',
  'Headings work too, and so do ChatGPT and Claude `conversations.json` exports.',
  '',
  '## Assistant',
  '',
  'Each turn runs until the next line that names a speaker.',
  '',
].join('\n');

export class Notifier {
  private readonly showing = new Set<ErrorKind>();

  constructor(
    private readonly log: Log,
    private readonly apiUrl: () => string,
    private readonly onKind: (kind: ErrorKind) => void = () => undefined,
  ) {}

  /**
   * Report a failure once. `retry`, when given, runs again if the user picks Retry. Resolves
   * when the notification is dismissed or its action has run; never rejects.
   */
  async error(error: unknown, context: string, retry?: () => PromiseLike<unknown>): Promise<void> {
    const described = this.record(error, context, retry !== undefined);
    if (this.showing.has(described.kind)) return;
    this.showing.add(described.kind);
    try {
      const message = this.log.redactor.redact(described.message);
      let picked: string | undefined;
      try {
        picked = await vscode.window.showErrorMessage(message, ...described.actions);
      } finally {
        this.showing.delete(described.kind); // gone from the screen: a retry's failure shows again
      }
      await this.act(picked, retry);
    } catch (failure) {
      this.log.error(`while reporting ${context}: ${String(failure)}`);
    }
  }

  /** Log a failure and let the status bar know, without a notification. */
  record(error: unknown, context: string, canRetry = false): Described {
    const described = describe(error, this.apiUrl(), canRetry);
    this.log.error(`${context}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    this.onKind(described.kind);
    return described;
  }

  private async act(picked: string | undefined, retry?: () => PromiseLike<unknown>): Promise<void> {
    switch (picked) {
      case RETRY:
        await retry?.();
        return;
      case OPEN_SETTINGS:
        await openSettings();
        return;
      case SET_API_KEY:
        await vscode.commands.executeCommand('sekha.setApiKey');
        return;
      case SHOW_EXAMPLE: {
        const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: EXAMPLE_TRANSCRIPT });
        await vscode.window.showTextDocument(document);
        return;
      }
      case SHOW_LOG:
        this.log.show();
        return;
      default:
        return;
    }
  }
}
