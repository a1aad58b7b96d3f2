/**
 * The values the SDK takes and returns.
 *
 * Returned values are the generated wire types with their timestamps read as UTC `Date`s (see
 * `time.ts`) and a few derived fields beside them; nothing here re-declares a body's fields.
 * The controller's quirks (list rows shaped as search hits, scores that are distances, MCP
 * envelopes that say `success: false` with status 200) are absorbed in this one module.
 */

import { SekhaValidationError } from './errors.js';
import { parseTimestamp } from './time.js';
import { text } from './validate.js';
import type * as wire from './wire.js';

/** `T` with the fields `K` (timestamps on the wire) as Dates. */
export type Dated<T, K extends keyof T> = Omit<T, K> & { [P in K]: Date };

// --- requests -----------------------------------------------------------------------------------

export type Role = 'user' | 'assistant' | 'system' | 'tool';
export const ROLES: ReadonlySet<string> = new Set<Role>(['user', 'assistant', 'system', 'tool']);

/** One message to store. */
export interface Message {
  role: Role;
  content: string;
}

/** What `create` takes: the messages, and a label and folder (the client's defaults when absent). */
export interface CreateConversationRequest {
  messages: readonly Message[];
  label?: string;
  folder?: string;
}

/**
 * The request body for a new conversation, checked: bad input fails here, before any request.
 * Original times (the contract's `created_at` extension) are not sent by this SDK yet.
 */
export function newConversationBody(
  request: CreateConversationRequest,
  defaults: { label: string; folder: string },
): Required<Omit<wire.NewConversation, 'created_at'>> {
  const given = request as unknown as { messages?: unknown } | null;
  if (typeof given !== 'object' || given === null || !Array.isArray(given.messages)) {
    throw new SekhaValidationError('messages must be an array of {role, content} objects');
  }
  if (given.messages.length === 0) {
    throw new SekhaValidationError('a conversation needs at least one message');
  }
  const messages = given.messages.map((message: unknown, index): wire.MessageDto => {
    if (typeof message !== 'object' || message === null) {
      throw new SekhaValidationError(`message ${index} must be a {role, content} object`);
    }
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (typeof role !== 'string' || !ROLES.has(role)) {
      throw new SekhaValidationError(
        `message ${index}: role must be one of ${[...ROLES].join(', ')}, got ${JSON.stringify(role)}`,
      );
    }
    return { role, content: text(`message ${index} content`, content) };
  });
  return {
    label: request.label === undefined ? defaults.label : text('label', request.label, true),
    folder: request.folder === undefined ? defaults.folder : text('folder', request.folder, true),
    messages,
  };
}

// --- conversations ------------------------------------------------------------------------------

/** A stored conversation (the controller returns it without its messages). */
export type Conversation = Dated<wire.Conversation, 'created_at'>;

/** The conversation `create` stored; `conversation_id` repeats `id`. */
export type CreatedConversation = Dated<wire.CreatedConversation, 'created_at'>;

export function conversationFrom<T extends wire.Conversation>(body: T): Dated<T, 'created_at'> {
  return { ...body, created_at: parseTimestamp(body.created_at) };
}

export const PINNED_IMPORTANCE = 10;

/**
 * A row of the conversation list. The controller sends conversations dressed as search hits,
 * with what matters in `metadata`; the row keeps every wire field and says it plainly beside them.
 */
export type ConversationSummary = Dated<wire.ConversationSummary, 'timestamp'> & {
  /** The conversation's id (`conversation_id`). */
  id: string;
  status: string;
  importance_score: number;
  /** When the conversation last changed (`timestamp`). */
  updated_at: Date;
  pinned: boolean;
  archived: boolean;
};

function objectOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function summaryFrom(row: wire.ConversationSummary): ConversationSummary {
  const meta = objectOf(row.metadata);
  const status = typeof meta.status === 'string' ? meta.status : 'active';
  const importance = typeof meta.importance_score === 'number' ? meta.importance_score : 5;
  const updated = parseTimestamp(row.timestamp);
  return {
    ...row,
    timestamp: updated,
    id: row.conversation_id,
    status,
    importance_score: importance,
    updated_at: updated,
    pinned: importance >= PINNED_IMPORTANCE,
    archived: status === 'archived',
  };
}

/** One page of a listing; pages are numbered from 1. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  page_size: number;
  has_next: boolean;
}

/** A stored message, as full-text search and context assembly return it. */
export type StoredMessage = Dated<wire.StoredMessage, 'timestamp'>;

export function storedMessageFrom(body: wire.StoredMessage): StoredMessage {
  return { ...body, timestamp: parseTimestamp(body.timestamp) };
}

// --- search -------------------------------------------------------------------------------------

/**
 * A semantic search hit. `score` is what the controller sends: a cosine distance from 0 (same
 * meaning) to 2, lower is closer. `similarity` rescales it to [0, 1], higher is closer.
 */
export type SearchHit = Dated<wire.SearchHit, 'timestamp'> & {
  similarity: number;
  /** The role of the message, when the controller's metadata says. */
  role: string | undefined;
};

export function hitFrom(body: wire.SearchHit): SearchHit {
  const role = objectOf(body.metadata).role;
  return {
    ...body,
    timestamp: parseTimestamp(body.timestamp),
    similarity: Math.min(1, Math.max(0, 1 - body.score / 2)),
    role: typeof role === 'string' ? role : undefined,
  };
}

/** Semantic search results, closest first. */
export interface SearchResults {
  query: string;
  results: SearchHit[];
  total: number;
  limit: number;
}

// --- intelligence -------------------------------------------------------------------------------

export type Summary = Dated<wire.Summary, 'generated_at'>;

export function summaryResponseFrom(body: wire.Summary): Summary {
  return { ...body, generated_at: parseTimestamp(body.generated_at) };
}

/** A conversation the controller thinks could be archived (or should be kept). */
export type PruningSuggestion = Dated<wire.PruningSuggestion, 'last_accessed'> & {
  /** The conversation's id (`conversation_id`). */
  id: string;
  should_archive: boolean;
  /** Why, in words: the recommendation and the controller's preview of what archiving would lose. */
  reason: string;
};

export function pruningSuggestionFrom(body: wire.PruningSuggestion): PruningSuggestion {
  const detail = body.preview.trim() || `${body.message_count} messages, importance ${body.importance_score}`;
  return {
    ...body,
    last_accessed: parseTimestamp(body.last_accessed),
    id: body.conversation_id,
    should_archive: body.recommendation === 'archive',
    reason: `${body.recommendation}: ${detail}`,
  };
}

export type LabelSuggestion = wire.LabelSuggestion;

// --- system -------------------------------------------------------------------------------------

export type ComponentHealth = wire.ComponentHealth;

/**
 * The controller's health; `healthy` is false when it answered 503, with detail (the local
 * controller) or with an empty body (the real one: then `timestamp` is null and `checks` empty).
 */
export type Health = Omit<wire.Health, 'timestamp'> & {
  timestamp: Date | null;
  http_status: number;
  healthy: boolean;
};

export function healthFrom(body: unknown, httpStatus: number): Health {
  const value = objectOf(body) as Partial<wire.Health>;
  if (typeof value.status !== 'string' || typeof value.timestamp !== 'string') {
    return { status: 'unhealthy', http_status: httpStatus, timestamp: null, checks: {}, healthy: false };
  }
  return {
    status: value.status,
    http_status: httpStatus,
    timestamp: parseTimestamp(value.timestamp),
    checks: objectOf(value.checks) as Record<string, ComponentHealth>,
    healthy: httpStatus === 200 && value.status === 'healthy',
  };
}

// --- MCP tools ----------------------------------------------------------------------------------

interface Envelope<T> {
  success: boolean;
  data: T | null;
  error: string | null;
}

/** MCP tools answer 200 even when they fail; surface that as an error. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (!envelope.success) {
    const message = envelope.error || 'the tool failed';
    throw new SekhaValidationError(message, { statusCode: 200, body: envelope });
  }
  if (envelope.data === null) {
    throw new SekhaValidationError('the tool reported success without data', { statusCode: 200, body: envelope });
  }
  return envelope.data;
}

export type UpdateResult = wire.UpdateResult;

/** A conversation's full record (MCP `memory_get_context`). */
export type ConversationRecord = Dated<wire.ConversationRecord, 'created_at' | 'updated_at'> & {
  pinned: boolean;
};

export function recordFrom(body: wire.ConversationRecord): ConversationRecord {
  return {
    ...body,
    created_at: parseTimestamp(body.created_at),
    updated_at: parseTimestamp(body.updated_at),
    pinned: body.importance_score >= PINNED_IMPORTANCE,
  };
}

/** A conversation with every message, oldest first (MCP `memory_export`). */
export type ConversationExport = Omit<wire.ConversationExport, 'conversation' | 'messages'> & {
  conversation: Dated<wire.ExportedConversation, 'created_at' | 'updated_at'>;
  messages: Dated<wire.ExportedMessage, 'timestamp'>[];
};

export function exportFrom(body: wire.ConversationExport): ConversationExport {
  const { conversation } = body;
  return {
    ...body,
    conversation: {
      ...conversation,
      created_at: parseTimestamp(conversation.created_at),
      updated_at: parseTimestamp(conversation.updated_at),
    },
    messages: body.messages.map((message) => ({ ...message, timestamp: parseTimestamp(message.timestamp) })),
  };
}

export type PruneReport = Omit<wire.PruneReport, 'suggestions'> & { suggestions: PruningSuggestion[] };

export function pruneReportFrom(body: wire.PruneReport): PruneReport {
  return { ...body, suggestions: body.suggestions.map(pruningSuggestionFrom) };
}

export type MemoryStats = wire.MemoryStats;
