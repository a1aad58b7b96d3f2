/**
 * The controller, as the extension uses it: one `MemoryController` from `@sekha/sdk`, rebuilt
 * when the address or key changes, and the few compound operations the views need (labels with
 * counts, full-text hits with their labels, appending, scoped context). No HTTP is spoken here
 * but through the SDK.
 */

import {
  MemoryController,
  SekhaConfigError,
  SekhaNotFoundError,
  SekhaUnsupportedError,
  type AssembledContext,
  type Conversation,
  type ConversationExport,
  type ConversationRecord,
  type ConversationSummary,
  type CreatedConversation,
  type Message,
} from '@sekha/sdk';

import type { ApiKeys, ResolvedKey } from './apiKeys';
import type { Redactor } from './log';
import { readSettings, type Settings } from './settings';

export type { ConversationExport, ConversationSummary };

/** A message of a stored conversation, as the controller exports it (oldest first). */
export type ExportedMessage = ConversationExport['messages'][number];

/** A stored conversation's record as the controller exports it, with its messages. */
export type ExportedConversation = ConversationExport['conversation'];

const LOOKUP_CONCURRENCY = 4;

/** What Insert context may draw on. */
export interface ContextScope {
  readonly tokenBudget: number;
  /** Only conversations with one of these labels; empty for every label. */
  readonly labels: readonly string[];
  /** Only conversations in these folders (or under them); empty for every folder. */
  readonly folders: readonly string[];
  /** 0 to 1: how relevant to the query a message must be; 0 for no floor. */
  readonly minRelevance: number;
}

/** Runs `call`; a SekhaUnsupportedError from it is replaced by one saying what the user can do. */
async function explained(call: Promise<void>, advice: string): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SekhaUnsupportedError) {
      throw new SekhaUnsupportedError(`${advice}, or use the local controller (sekha serve)`, { cause: error });
    }
    throw error;
  }
}

/** A search result as the search view shows it, whichever search found it. */
export interface Hit {
  readonly conversationId: string;
  readonly messageId: string;
  readonly label: string;
  readonly folder: string;
  readonly role: string;
  readonly content: string;
  readonly timestamp: string;
  /** 0 to 1, higher is closer; full-text search has no score. */
  readonly similarity: number | undefined;
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of `items`. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** `fetch` for each id, a few at a time, leaving out the ids deleted since they were listed. */
async function existing<T>(ids: readonly string[], fetch: (id: string) => Promise<T>): Promise<T[]> {
  const found = await mapLimited(ids, LOOKUP_CONCURRENCY, (id) =>
    fetch(id).catch((error: unknown) => {
      if (error instanceof SekhaNotFoundError) return undefined;
      throw error;
    }),
  );
  return found.filter((item): item is Awaited<T> => item !== undefined);
}

export class Memory {
  constructor(readonly client: MemoryController) {}

  /** Every conversation's list row, newest update first. */
  async summaries(): Promise<ConversationSummary[]> {
    const rows: ConversationSummary[] = [];
    for await (const row of this.client.iterConversations()) rows.push(row);
    return rows;
  }

  /** Each label in use, with how many conversations carry it, most used first. */
  async labels(): Promise<{ label: string; count: number }[]> {
    const counts = new Map<string, number>();
    for (const row of await this.summaries()) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
    return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  }

  conversation(id: string): Promise<Conversation> {
    return this.client.getConversation(id);
  }

  /** The conversations with these ids that still exist, fetched a few at a time. */
  conversations(ids: readonly string[]): Promise<Conversation[]> {
    return existing(ids, (id) => this.conversation(id));
  }

  /** The same, each with its messages (their count is right even where `get` says 0). */
  exports(ids: readonly string[]): Promise<ConversationExport[]> {
    return existing(ids, (id) => this.exportConversation(id));
  }

  /** Where a stored conversation is and whether it is pinned or archived; undefined once deleted. */
  async standing(id: string): Promise<ConversationRecord | undefined> {
    try {
      return await this.client.memoryGetContext(id);
    } catch (error) {
      if (error instanceof SekhaNotFoundError) return undefined;
      throw error;
    }
  }

  exportConversation(id: string): Promise<ConversationExport> {
    return this.client.exportConversation(id);
  }

  /** Store a new conversation; the SDK keeps one idempotency key across its retries. */
  create(messages: readonly Message[], label: string, folder: string): Promise<CreatedConversation> {
    return this.client.create({ messages, label, folder });
  }

  delete(id: string): Promise<void> {
    return this.client.deleteConversation(id);
  }

  pin(id: string): Promise<void> {
    return this.client.pin(id);
  }

  /** Back to the default importance; the real controller cannot, and says what to do instead. */
  unpin(id: string): Promise<void> {
    return explained(this.client.unpin(id), 'this controller cannot unpin: relabel or archive the conversation instead');
  }

  archive(id: string): Promise<void> {
    return this.client.archive(id);
  }

  /** Active again, back in searches and context; the real controller cannot, and says what to do instead. */
  unarchive(id: string): Promise<void> {
    return explained(
      this.client.unarchive(id),
      'this controller cannot unarchive: export the conversation and save the export again to have it active',
    );
  }

  /** Whether the controller can add messages to a stored conversation (it announces `append_messages`). */
  async canAppend(): Promise<boolean> {
    return (await this.client.capabilities()).supports('append_messages');
  }

  /**
   * Add `messages` to the end of a stored conversation. `key` must be the same whenever the same
   * messages are added to the same conversation, so a repeat after a lost answer (or a crash
   * before the result was recorded) adds nothing twice.
   */
  append(id: string, messages: readonly Message[], key: string): Promise<Conversation> {
    return this.client.addMessages(id, messages, { idempotencyKey: key });
  }

  relabel(id: string, label: string): Promise<void> {
    return this.client.updateLabel(id, label);
  }

  async semanticSearch(query: string, limit: number): Promise<Hit[]> {
    const hits = await this.client.search(query, { limit });
    return hits.map((hit) => ({
      conversationId: hit.conversation_id,
      messageId: hit.message_id,
      label: hit.label,
      folder: hit.folder,
      role: hit.role ?? '',
      content: hit.content,
      timestamp: hit.timestamp.toISOString(),
      similarity: hit.similarity,
    }));
  }

  /** Full-text hits carry no label or folder: they are looked up once per conversation. */
  async fullTextSearch(query: string, limit: number): Promise<Hit[]> {
    const messages = await this.client.fullTextSearch(query, { limit });
    const ids = [...new Set(messages.map((m) => m.conversation_id))];
    const byId = new Map((await this.conversations(ids)).map((c) => [c.id, c]));
    return messages.map((message) => ({
      conversationId: message.conversation_id,
      messageId: message.id,
      label: byId.get(message.conversation_id)?.label ?? '',
      folder: byId.get(message.conversation_id)?.folder ?? '',
      role: message.role,
      content: message.content,
      timestamp: message.timestamp.toISOString(),
      similarity: undefined,
    }));
  }

  /**
   * The context for `query`: only from `labels` and `folders` when given (empty: all of memory),
   * rendered within `tokenBudget`, with messages at least `minRelevance` relevant to the query
   * where the controller has a relevance floor (`context_relevance`); without one the floor is
   * left out (and `floorApplied` says so) rather than failing.
   */
  async context(query: string, scope: ContextScope): Promise<{ context: AssembledContext; floorApplied: boolean }> {
    const floorApplied = scope.minRelevance > 0 && (await this.client.capabilities()).supports('context_relevance');
    const context = await this.client.assembleContext({
      query,
      tokenBudget: scope.tokenBudget,
      labels: [...scope.labels],
      folders: [...scope.folders],
      ...(floorApplied ? { minRelevance: scope.minRelevance } : {}),
    });
    return { context, floorApplied };
  }

  /** Succeeds when the controller is reachable and accepts the key (health alone checks no key). */
  async check(): Promise<void> {
    await this.client.countConversations();
  }
}

/** Builds the controller client from the current settings and key, and rebuilds it on change. */
export class MemoryProvider {
  private current: { memory: Memory; settings: Settings; key: ResolvedKey } | undefined;

  constructor(
    private readonly keys: ApiKeys,
    private readonly redactor: Redactor,
  ) {}

  /** Forget the client, so the next call reads settings and key again. */
  invalidate(): void {
    this.current = undefined;
  }

  /** The client; throws SekhaConfigError (with what to do) when there is no key. */
  async get(): Promise<Memory> {
    return (await this.state()).memory;
  }

  async state(): Promise<{ memory: Memory; settings: Settings; key: ResolvedKey }> {
    if (this.current !== undefined) return this.current;
    const settings = readSettings();
    const key = await this.keys.resolve(settings);
    this.redactor.set([key.key]);
    if (key.key === undefined) {
      throw new SekhaConfigError('no API key: run "Sekha: Set API key" or set sekha.apiKey');
    }
    const client = new MemoryController({ baseURL: settings.apiUrl, apiKey: key.key, timeout: settings.timeoutMs });
    this.current = { memory: new Memory(client), settings, key };
    return this.current;
  }
}
