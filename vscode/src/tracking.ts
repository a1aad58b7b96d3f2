/**
 * Which stored conversations each document was saved as, so saving it again (by hand or by
 * auto-save) updates those conversations instead of storing duplicates. Kept in the workspace
 * state, so it survives a reload of the window.
 */

import { createHash } from 'node:crypto';

import type * as vscode from 'vscode';

import type { SourceConversation, SourceMessage } from './transcript';

export interface TrackedConversation {
  readonly id: string;
  /** Hash of the roles and contents, in order: what makes two saves the same. */
  readonly fingerprint: string;
  /**
   * How many messages were stored, so a document that grew by messages at its end is told
   * apart from one edited elsewhere (absent in what older versions recorded).
   */
  readonly messageCount?: number;
}

export interface TrackedDocument {
  readonly label: string;
  readonly folder: string;
  /** By conversationKey. */
  readonly conversations: Readonly<Record<string, TrackedConversation>>;
  /** Earlier copies that replacing could not delete yet; deleting them is tried on each save. */
  readonly staleIds: readonly string[];
}

const STATE_KEY = 'sekha.trackedDocuments';

export function fingerprint(messages: readonly SourceMessage[]): string {
  const hash = createHash('sha256');
  for (const { role, content } of messages) hash.update(JSON.stringify([role, content]));
  return hash.digest('hex');
}

/**
 * Whether `messages` are what `before` stored followed by new ones: then only those need adding.
 * Returns how many of them were stored already, or undefined when the document changed otherwise.
 */
export function storedPrefix(before: TrackedConversation, messages: readonly SourceMessage[]): number | undefined {
  const stored = before.messageCount;
  if (stored === undefined || stored <= 0 || stored >= messages.length) return undefined;
  return fingerprint(messages.slice(0, stored)) === before.fingerprint ? stored : undefined;
}

/**
 * What identifies a conversation within its document across edits: an export's own id, or,
 * for a transcript (one conversation per document, whose id follows its content), nothing more.
 */
export function conversationKey(conversation: SourceConversation): string {
  return conversation.source === 'text' ? 'text' : `${conversation.source}:${conversation.sourceId}`;
}

export class Tracker {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, TrackedDocument> {
    return this.state.get<Record<string, TrackedDocument>>(STATE_KEY, {});
  }

  get(uri: vscode.Uri): TrackedDocument | undefined {
    return this.all()[uri.toString()];
  }

  has(uri: vscode.Uri): boolean {
    return this.get(uri) !== undefined;
  }

  async set(uri: vscode.Uri, document: TrackedDocument): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.all(), [uri.toString()]: document });
  }

  async forget(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    await this.state.update(STATE_KEY, Object.fromEntries(Object.entries(this.all()).filter(([each]) => each !== key)));
  }

  /** A conversation was deleted from the tree: no document is saved as it any more. */
  async forgetConversation(id: string): Promise<void> {
    const next: Record<string, TrackedDocument> = {};
    for (const [uri, doc] of Object.entries(this.all())) {
      const conversations = Object.fromEntries(Object.entries(doc.conversations).filter(([, c]) => c.id !== id));
      if (Object.keys(conversations).length > 0) next[uri] = { ...doc, conversations };
    }
    await this.state.update(STATE_KEY, next);
  }

  /** The document saved as this conversation, if any. */
  documentOf(id: string): string | undefined {
    return Object.entries(this.all()).find(([, doc]) => Object.values(doc.conversations).some((c) => c.id === id))?.[0];
  }
}
