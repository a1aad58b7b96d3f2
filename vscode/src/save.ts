/**
 * Saving the conversations of a document: new ones are created, unchanged ones are left alone,
 * and changed ones replace their earlier copy (the new copy is stored first, then the old one
 * deleted, so a failure in between leaves a duplicate to clean up, never a loss). A replacement
 * keeps what was done to the earlier copy since: its label and folder, pin and archive.
 */

import { SekhaNotFoundError } from '@sekha/sdk';

import type { Log } from './log';
import type { Memory } from './memory';
import { conversationKey, fingerprint, type TrackedConversation, type TrackedDocument } from './tracking';
import type { ParsedDocument, ParseFailure, SourceConversation } from './transcript';

export interface SavedConversation {
  readonly id: string;
  readonly title: string;
  readonly messageCount: number;
}

export interface SaveOutcome {
  readonly created: SavedConversation[];
  readonly replaced: SavedConversation[];
  readonly unchanged: SavedConversation[];
  /** Titles of conversations without a single user or assistant message. */
  readonly empty: string[];
  readonly failures: readonly ParseFailure[];
  /** Earlier copies still to delete (the controller refused); retried on the next save. */
  readonly staleIds: string[];
}

export function savedCount(outcome: SaveOutcome): number {
  return outcome.created.length + outcome.replaced.length;
}

export interface SaveTarget {
  readonly label: string;
  readonly folder: string;
}

/**
 * Save `conversations` (all of the document's, or the ones the user picked) under `target`,
 * against what the document was saved as before (`previous`). `record` is called with the new
 * tracking state after every write, so a crash never forgets a conversation already stored.
 */
export async function saveConversations(
  memory: Memory,
  parsed: Pick<ParsedDocument, 'failures'>,
  conversations: readonly SourceConversation[],
  target: SaveTarget,
  previous: TrackedDocument | undefined,
  record: (tracked: TrackedDocument) => Promise<void>,
  log: Log,
): Promise<SaveOutcome> {
  const outcome: SaveOutcome = { created: [], replaced: [], unchanged: [], empty: [], failures: parsed.failures, staleIds: [] };
  // Conversations not saved this time (not picked, or after a failure) stay tracked as they were.
  const tracked: Record<string, TrackedConversation> = { ...previous?.conversations };
  let stale = [...(previous?.staleIds ?? [])];
  const snapshot = (): TrackedDocument => ({ ...target, conversations: { ...tracked }, staleIds: stale });
  for (const conversation of conversations) {
    if (conversation.messages.length === 0) {
      outcome.empty.push(conversation.title);
      continue;
    }
    const key = conversationKey(conversation);
    const print = fingerprint(conversation.messages);
    const before = previous?.conversations[key];
    const summary = (id: string): SavedConversation => ({ id, title: conversation.title, messageCount: conversation.messages.length });
    if (before?.fingerprint === print) {
      outcome.unchanged.push(summary(before.id));
      continue;
    }
    const standing = before === undefined ? undefined : await memory.standing(before.id);
    const place = standing ?? target;
    const created = await memory.create(conversation.messages, place.label, place.folder);
    tracked[key] = { id: created.id, fingerprint: print };
    if (before !== undefined) stale.push(before.id);
    await record(snapshot()); // before anything else can fail: the new copy is known, the old one due for deletion
    if (standing?.pinned === true) await memory.pin(created.id);
    if (standing?.status === 'archived') await memory.archive(created.id);
    (before === undefined ? outcome.created : outcome.replaced).push(summary(created.id));
  }
  stale = await deleteEach(memory, stale, log);
  outcome.staleIds.push(...stale);
  await record(snapshot());
  return outcome;
}

/** Delete earlier copies; returns the ids that could not be deleted (already gone is fine). */
async function deleteEach(memory: Memory, ids: readonly string[], log: Log): Promise<string[]> {
  const left: string[] = [];
  for (const id of ids) {
    try {
      await memory.delete(id);
      log.info(`deleted the earlier copy ${id}`);
    } catch (error) {
      if (error instanceof SekhaNotFoundError) continue;
      log.warn(`could not delete the earlier copy ${id} (will try again on the next save): ${String(error)}`);
      left.push(id);
    }
  }
  return left;
}
