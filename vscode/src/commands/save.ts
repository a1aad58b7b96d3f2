/**
 * Sekha: Save this conversation, and the quiet save auto-save runs. Saves of one document run
 * one after another, so a manual save and an auto-save never both store the same change.
 */

import { basename, extname } from 'node:path';

import * as vscode from 'vscode';

import { pickLabel } from '../labels';
import type { Log } from '../log';
import type { MemoryProvider } from '../memory';
import { saveConversations, savedCount, type SaveOutcome, type SaveTarget } from '../save';
import type { Settings } from '../settings';
import type { Tracker } from '../tracking';
import { parseDocument, type DocumentHints, type ParsedDocument, type SourceConversation } from '../transcript';

export const OPEN = 'Open';

export function hintsOf(document: vscode.TextDocument, selection: boolean): DocumentHints {
  const path = document.isUntitled ? document.uri.path : document.fileName;
  const extension = selection ? '' : extname(path).toLowerCase();
  const name = basename(path, extname(path)) || 'Untitled';
  return selection ? { name, extension } : { name, extension, languageId: document.languageId };
}

export function parseEditor(editor: vscode.TextEditor): { parsed: ParsedDocument; selection: boolean } {
  const selection = !editor.selection.isEmpty;
  const text = selection ? editor.document.getText(editor.selection) : editor.document.getText();
  return { parsed: parseDocument(text, hintsOf(editor.document, selection)), selection };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One line saying what happened, for the notification. */
export function summarize(outcome: SaveOutcome, target: SaveTarget): string {
  const parts: string[] = [];
  const all = [...outcome.created, ...outcome.replaced, ...outcome.appended];
  const updated = outcome.replaced.length + outcome.appended.length;
  const [appended] = outcome.appended;
  if (all.length === 1 && outcome.unchanged.length === 0 && appended !== undefined) {
    parts.push(`Added ${plural(appended.added, 'message')} to "${appended.title}" (${plural(appended.messageCount, 'message')}) under ${target.label}.`);
  } else if (all.length === 1 && outcome.unchanged.length === 0) {
    const [only] = all;
    const verb = outcome.replaced.length === 1 ? 'Updated' : 'Saved';
    parts.push(`${verb} "${only?.title ?? ''}" (${plural(only?.messageCount ?? 0, 'message')}) under ${target.label}.`);
  } else if (all.length > 0) {
    parts.push(`Saved ${plural(all.length, 'conversation')} under ${target.label}` + (updated > 0 ? ` (${updated} updated).` : '.'));
  }
  if (outcome.unchanged.length > 0) {
    parts.push(
      all.length === 0 && outcome.unchanged.length === 1
        ? `"${outcome.unchanged[0]?.title ?? ''}" is already saved and unchanged.`
        : `${plural(outcome.unchanged.length, 'conversation')} already saved and unchanged.`,
    );
  }
  if (outcome.empty.length > 0) parts.push(`Skipped ${plural(outcome.empty.length, 'conversation')} without messages.`);
  for (const failure of outcome.failures) parts.push(`Could not read "${failure.title}": ${failure.reason}.`);
  if (outcome.staleIds.length > 0) {
    parts.push(`The earlier copy could not be deleted yet (${plural(outcome.staleIds.length, 'conversation')}); the next save tries again.`);
  }
  return parts.join(' ') || 'Nothing to save: the text has no user or assistant messages.';
}

export class Saver {
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly memory: MemoryProvider,
    private readonly tracker: Tracker,
    private readonly log: Log,
    private readonly settings: () => Settings,
    private readonly afterSave: (outcome: SaveOutcome) => void,
  ) {}

  /** Runs `work` after every earlier save of the same document has finished. */
  private serial<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T> {
    const key = uri.toString();
    const run = (this.queues.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  /** The command. Throws (for the caller's notifier) on a bad transcript or a failed request. */
  async saveFromEditor(editor: vscode.TextEditor | undefined): Promise<SaveOutcome | undefined> {
    if (editor === undefined) {
      void vscode.window.showWarningMessage('Sekha: open a chat transcript (or select one) to save it.');
      return undefined;
    }
    const { parsed, selection } = parseEditor(editor);
    const conversations = await this.choose(parsed);
    if (conversations === undefined) return undefined;
    const document = editor.document;
    return this.serial(document.uri, async () => {
      const previous = selection ? undefined : this.tracker.get(document.uri);
      const target = previous ?? (await this.askTarget(conversations));
      if (target === undefined) return undefined;
      const memory = await this.memory.get();
      const outcome = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Saving to Sekha…' },
        () =>
          saveConversations(memory, parsed, conversations, target, previous, async (tracked) => {
            if (!selection) await this.tracker.set(document.uri, tracked);
          }, this.log),
      );
      this.log.info(`saved ${document.uri.toString()}: ${summarize(outcome, target)}`);
      this.afterSave(outcome);
      void this.announce(outcome, target);
      return outcome;
    });
  }

  /** Auto-save: the whole document again, under what it was saved as; undefined if not tracked. */
  async saveTracked(document: vscode.TextDocument): Promise<SaveOutcome | undefined> {
    return this.serial(document.uri, async () => {
      const previous = this.tracker.get(document.uri);
      if (previous === undefined) return undefined;
      const parsed = parseDocument(document.getText(), hintsOf(document, false));
      const memory = await this.memory.get();
      const outcome = await saveConversations(memory, parsed, parsed.conversations, previous, previous, (tracked) =>
        this.tracker.set(document.uri, tracked), this.log);
      if (savedCount(outcome) > 0) {
        this.log.info(`auto-saved ${document.uri.toString()}: ${summarize(outcome, previous)}`);
        this.afterSave(outcome);
      }
      return outcome;
    });
  }

  private async choose(parsed: ParsedDocument): Promise<readonly SourceConversation[] | undefined> {
    if (parsed.conversations.length <= 1) return parsed.conversations;
    const items = parsed.conversations.map((conversation) => ({
      label: conversation.title,
      description: plural(conversation.messages.length, 'message'),
      picked: conversation.messages.length > 0,
      conversation,
    }));
    const picked = await vscode.window.showQuickPick(items, {
      title: `Save which of the ${parsed.conversations.length} conversations in this ${parsed.format === 'claude' ? 'Claude' : 'ChatGPT'} export?`,
      canPickMany: true,
    });
    return picked === undefined || picked.length === 0 ? undefined : picked.map((p) => p.conversation);
  }

  private async askTarget(conversations: readonly SourceConversation[]): Promise<SaveTarget | undefined> {
    const settings = this.settings();
    const title = conversations.length === 1 ? `Label for "${conversations[0]?.title ?? ''}"` : `Label for ${conversations.length} conversations`;
    const label = await pickLabel(await this.memory.get(), { title, preferred: settings.defaultLabel });
    return label === undefined ? undefined : { label, folder: settings.defaultFolder };
  }

  private async announce(outcome: SaveOutcome, target: SaveTarget): Promise<void> {
    const first = outcome.created[0] ?? outcome.replaced[0] ?? outcome.appended[0] ?? outcome.unchanged[0];
    const message = `Sekha: ${summarize(outcome, target)}`;
    const show = outcome.staleIds.length > 0 || outcome.failures.length > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const picked = await (first === undefined ? show(message) : show(message, OPEN));
    if (picked === OPEN && first !== undefined) {
      await vscode.commands.executeCommand('sekha.openConversation', first.id);
    }
  }
}
