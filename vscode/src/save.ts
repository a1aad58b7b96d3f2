/**
 * Saving the conversations of a document: new ones are created, unchanged ones are left alone,
 * one that grew by messages at its end gets those messages added to its stored copy where the
 * controller can append (it announces `append_messages`), and any other change replaces the
 * earlier copy (the new copy is stored first, then the old one deleted, so a failure in between
 * leaves a duplicate to clean up, never a loss). A replacement keeps what was done to the
 * earlier copy since: its label and folder, pin and archive; an appended copy keeps them anyway.
 */

import { createHash } from 'node:crypto';

import { SekhaNotFoundError } from '@sekha/sdk';

import type { Log } from './log';
import type { Memory } from './memory';
import { conversationKey, fingerprint, storedPrefix, type TrackedConversation, type TrackedDocument } from './tracking';
import type { ParsedDocument, ParseFailure, SourceConversation } from './transcript';

export interface SavedConversation {
  readonly id: string;
  readonly title: string;
  readonly messageCount: number;
}

export interface AppendedConversation extends SavedConversation {
  /** How many of its messages were added by this save. */
  readonly added: number;
}

export interface SaveOutcome {
  readonly created: SavedConversation[];
  readonly replaced: SavedConversation[];
  /** Conversations whose new messages were added to their stored copy. */
  readonly appended: AppendedConversation[];
  readonly unchanged: SavedConversation[];
  /** Titles of conversations without a single user or assistant message. */
  readonly empty: string[];
  readonly failures: readonly ParseFailure[];
  /** Earlier copies still to delete (the controller refused); retried on the next save. */
  readonly staleIds: string[];
}

export function savedCount(outcome: SaveOutcome): number {
  return outcome.created.length + outcome.replaced.length + outcome.appended.length;
}

/**
 * The Idempotency-Key of adding to `id` what turns its stored messages (`before`) into `after`:
 * the same for the same addition, so one repeated after a lost answer or a crash adds nothing.
 */
function appendKey(id: string, before: string, after: string): string {
  return `vscode-append-${createHash('sha256').update(`${id}\n${before}\n${after}`).digest('hex')}`;
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
  const outcome: SaveOutcome = {
    created: [],
    replaced: [],
    appended: [],
    unchanged: [],
    empty: [],
    failures: parsed.failures,
    staleIds: [],
  };
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
    const now = { fingerprint: print, messageCount: conversation.messages.length };
    const stored = before === undefined ? undefined : storedPrefix(before, conversation.messages);
    if (before !== undefined && stored !== undefined && (await memory.canAppend())) {
      const added = conversation.messages.slice(stored);
      if (await appendTo(memory, before, added, print, log)) {
        tracked[key] = { id: before.id, ...now };
        await record(snapshot());
        outcome.appended.push({ ...summary(before.id), added: added.length });
        continue;
      } // deleted meanwhile: stored afresh below
    }
    const standing = before === undefined ? undefined : await memory.standing(before.id);
    const place = standing ?? target;
    const created = await memory.create(conversation.messages, place.label, place.folder);
    tracked[key] = { id: created.id, ...now };
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

/** Add `messages` to the stored copy `before`; false when that copy no longer exists. */
async function appendTo(
  memory: Memory,
  before: TrackedConversation,
  messages: SourceConversation['messages'],
  after: string,
  log: Log,
): Promise<boolean> {
  try {
    await memory.append(before.id, messages, appendKey(before.id, before.fingerprint, after));
  } catch (error) {
    if (!(error instanceof SekhaNotFoundError)) throw error;
    log.info(`the stored copy ${before.id} was deleted meanwhile: storing the conversation afresh`);
    return false;
  }
  log.info(`added ${messages.length} messages to ${before.id}`);
  return true;
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
