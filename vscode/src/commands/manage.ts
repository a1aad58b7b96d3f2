/** The tree's context-menu actions on a conversation: open, pin, unpin, archive, unarchive, relabel, export, delete. */

import * as vscode from 'vscode';

import { conversationUri } from '../details';
import { pickLabel } from '../labels';
import type { MemoryProvider } from '../memory';
import { exportJson, exportMarkdown } from '../render';
import type { Tracker } from '../tracking';
import type { Node } from '../tree';

/** A tree node, or a conversation id (from a notification's Open, or the search view). */
export type Target = Node | string | undefined;

export const DELETE = 'Delete';

function idOf(target: Target): string | undefined {
  if (target === undefined) return undefined;
  return typeof target === 'string' ? target : 'conversation' in target ? target.conversation.id : undefined;
}

export class ConversationActions {
  constructor(
    private readonly memory: MemoryProvider,
    private readonly tracker: Tracker,
    private readonly changed: () => void,
  ) {}

  private require(target: Target): string {
    const id = idOf(target);
    if (id === undefined) throw new Error('pick a conversation in the Sekha view first');
    return id;
  }

  async open(target: Target): Promise<void> {
    const id = this.require(target);
    const label = typeof target === 'object' && 'conversation' in target ? target.conversation.label : (await (await this.memory.get()).conversation(id)).label;
    const document = await vscode.workspace.openTextDocument(conversationUri(id, label));
    await vscode.languages.setTextDocumentLanguage(document, 'markdown');
    await vscode.window.showTextDocument(document, { preview: true, preserveFocus: false });
  }

  async pin(target: Target): Promise<void> {
    await (await this.memory.get()).pin(this.require(target));
    this.changed();
  }

  async unpin(target: Target): Promise<void> {
    await (await this.memory.get()).unpin(this.require(target));
    this.changed();
  }

  async archive(target: Target): Promise<void> {
    await (await this.memory.get()).archive(this.require(target));
    this.changed();
  }

  async unarchive(target: Target): Promise<void> {
    await (await this.memory.get()).unarchive(this.require(target));
    this.changed();
  }

  async relabel(target: Target): Promise<void> {
    const id = this.require(target);
    const memory = await this.memory.get();
    const current = typeof target === 'object' && 'conversation' in target ? target.conversation.label : (await memory.conversation(id)).label;
    const label = await pickLabel(memory, { title: `New label (now ${current || 'none'})`, current });
    if (label === undefined || label === current) return;
    await memory.relabel(id, label);
    this.changed();
  }

  async export(target: Target, format: 'markdown' | 'json'): Promise<vscode.Uri | undefined> {
    const id = this.require(target);
    const exported = await (await this.memory.get()).exportConversation(id);
    const extension = format === 'markdown' ? 'md' : 'json';
    const name = `${(exported.conversation.label || 'conversation').replace(/[\\/:*?"<>|]+/g, '-')}-${id.slice(0, 8)}.${extension}`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const destination = await vscode.window.showSaveDialog({
      title: `Export conversation to ${format === 'markdown' ? 'Markdown' : 'JSON'}`,
      defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, name),
      filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
    });
    if (destination === undefined) return undefined;
    const text = format === 'markdown' ? exportMarkdown(exported) : exportJson(exported);
    await vscode.workspace.fs.writeFile(destination, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Sekha: exported ${exported.messages.length} messages to ${vscode.workspace.asRelativePath(destination)}.`);
    return destination;
  }

  async delete(target: Target): Promise<boolean> {
    const id = this.require(target);
    const memory = await this.memory.get();
    const { conversation, messages } = await memory.exportConversation(id);
    const picked = await vscode.window.showWarningMessage(
      `Delete the conversation "${conversation.label}" (${messages.length} messages)? This cannot be undone.`,
      { modal: true },
      DELETE,
    );
    if (picked !== DELETE) return false;
    await memory.delete(id);
    await this.tracker.forgetConversation(id);
    this.changed();
    return true;
  }
}
