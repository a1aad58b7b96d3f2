/**
 * MemoryController: the client for one Sekha controller.
 *
 * Every method calls a generated function (`generated/sdk.gen.ts`) on `this.api`, a generated
 * client whose `fetch` is the SDK transport (retries, timeouts, rate limit, cancellation) and
 * whose error interceptor maps every error response to the SekhaError tree. A power user who
 * calls a generated function with `{ client: memory.api }` gets exactly the same behaviour.
 */

import { bulkRecords, EXPORT_PATH } from './bulk.js';
import { Announced, NO_CAPABILITIES, type Capabilities, type CapabilityName } from './capabilities.js';
import {
  AssembledContext,
  asGiven,
  contextMessageFrom,
  fit,
  inScope,
  storedOrder,
  type ContextMessage,
} from './context.js';
import { resolveApiKey, resolveConfig, type MemoryConfig, type ResolvedConfig } from './config.js';
import {
  errorFromResponse,
  SekhaAPIError,
  SekhaClientClosedError,
  SekhaDecodeError,
  SekhaNotFoundError,
  SekhaUnsupportedError,
  SekhaValidationError,
} from './errors.js';
import { ExportWriter, type ExportFormat } from './export.js';
import { createClient, type Client } from './generated/client/index.js';
import * as sdk from './generated/sdk.gen.js';
import { byCursor, byRescans, checkedFilters, matches, type ListFilters } from './listing.js';
import {
  conversationFrom,
  exportFrom,
  hasTimes,
  healthFrom,
  hitFrom,
  messageBodies,
  newConversationBody,
  pruneReportFrom,
  pruningSuggestionFrom,
  recordFrom,
  storedMessageFrom,
  summaryFrom,
  summaryResponseFrom,
  unwrap,
  withoutTimes,
  type Conversation,
  type ConversationExport,
  type ConversationRecord,
  type ConversationSummary,
  type CreateConversationRequest,
  type CreatedConversation,
  type Health,
  type LabelSuggestion,
  type MemoryStats,
  type Message,
  type Page,
  type PruneReport,
  type PruningSuggestion,
  type SearchHit,
  type SearchResults,
  type StoredMessage,
  type Summary,
  type UpdateResult,
} from './models.js';
import { TokenBucket } from './ratelimit.js';
import { tokenCounterFor, type TokenCounter } from './tokens.js';
import { CLOSED, createTransport, mayHaveActedBefore, STREAM } from './transport.js';
import { conversationId, finiteNumber, MAX_LIMIT, MAX_TOKEN_BUDGET, text, texts, wholeNumber } from './validate.js';
import { VERSION } from './version.js';
import { SekhaUnsupportedWarning, Warner } from './warnings.js';
import type * as wire from './wire.js';

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the call (waits included); it then rejects with SekhaAbortError. */
  signal?: AbortSignal;
}

export interface CreateOptions extends CallOptions {
  /** Reused by every retry; the transport makes one when absent. */
  idempotencyKey?: string;
}

export type { ListFilters };

export interface ListOptions extends ListFilters, CallOptions {
  /** 1-based (default 1). */
  page?: number;
  /** Rows per page, 1 to 1000 (default 50). */
  pageSize?: number;
  /**
   * `''` for the first page, then the page's `next_cursor`: the list then runs in creation order
   * and never skips or repeats a conversation. Only servers announcing `list_cursor` can
   * (SekhaUnsupportedError otherwise: `iterConversations` is complete against any server).
   */
  cursor?: string;
}

export interface IterateOptions extends ListFilters, CallOptions {
  /** Rows per request, 1 to 1000 (default 100). */
  pageSize?: number;
}

export interface ContextRequest {
  query: string;
  /** Only messages of conversations with one of these labels: a hard limit. */
  labels?: readonly string[];
  /** Only messages of conversations in these folders or one under them (`/team` holds `/team/projects`). */
  folders?: readonly string[];
  /** Labels to rank higher without limiting to them (the controller's `preferred_labels`). */
  preferredLabels?: readonly string[];
  /** The most tokens the rendered context may take, citation lines included (default 8000). */
  tokenBudget?: number;
  /** Folders (and the ones under them) to leave out. */
  excludedFolders?: readonly string[];
  /**
   * How relevant to the query (0 to 1) a message must be; undefined keeps the controller's
   * default (0.2 on the local controller). Needs `context_relevance` (SekhaUnsupportedError otherwise).
   */
  minRelevance?: number;
}

export interface ExportOptions extends CallOptions {
  /** Only conversations with exactly this label. */
  label?: string | null;
  format?: ExportFormat;
}

export type SummaryLevel = wire.SummarizeRequest['level'];
/** Every level the contract names; the type makes this list fail to compile when it changes. */
const SUMMARY_LEVELS: Readonly<Record<SummaryLevel, true>> = { daily: true, weekly: true, monthly: true };

const LIST_PAGE_SIZE = 100;
const LABEL_SEARCH_OVERFETCH = 5;
/** The real controller budgets bytes / 4 with 15% spare: ask it for more, and fit the answer here. */
const OVERFETCH = 2;
/** And more again when what is out of scope will be removed here. */
const SCOPED_OVERFETCH = 4;
/** What a conversation's importance is until it is pinned. */
const DEFAULT_IMPORTANCE = 5;
const NO_APPEND =
  'this controller cannot add messages to a stored conversation (the real controller 0.1.0 has no route ' +
  'for it): store them as a new conversation with create({ messages, label, folder }) under the same ' +
  'label, and recall them by that label';
const TIMES_DROPPED =
  'this controller does not keep original timestamps (it announces no original_timestamps): the messages ' +
  'are stored with the time they arrive, so citations, recency and pruning date them now. The local ' +
  'controller (sekha serve) keeps them.';

/** `export(label, format)` and `export({ label, format })` both work. */
function exportArguments(
  labelOrOptions: string | null | undefined | ExportOptions,
  format: ExportFormat | undefined,
  options: CallOptions | undefined,
): { label: string | undefined; format: ExportFormat; signal: AbortSignal | undefined } {
  const given = typeof labelOrOptions === 'object' && labelOrOptions !== null ? labelOrOptions : undefined;
  const label = (given === undefined ? labelOrOptions : given.label) ?? undefined;
  return {
    label: label === undefined ? undefined : text('label', label, true),
    format: (given === undefined ? format : given.format) ?? 'markdown',
    signal: given === undefined ? options?.signal : given.signal,
  };
}

export class MemoryController {
  /** The generated client over the SDK transport, for calling generated functions directly. */
  readonly api: Client;
  readonly config: ResolvedConfig;
  readonly #announced = new Announced();
  readonly #closing = new AbortController();
  readonly #warner = new Warner();
  readonly #count: TokenCounter;
  /** Opens the bulk export after a cursor, its body left to stream. */
  readonly #openExport: (
    cursor: string,
    label: string | undefined,
    signal: AbortSignal | undefined,
  ) => Promise<Response>;

  constructor(config: MemoryConfig = {}) {
    this.config = resolveConfig(config);
    const apiKey = resolveApiKey(config);
    const userAgent = `sekha-js/${VERSION}`;
    const limiter = this.config.rateLimit === null ? null : new TokenBucket(this.config.rateLimit);
    this.#count = tokenCounterFor(config.tokenCounter, this.#warner);
    const transport = createTransport({
      timeoutMs: this.config.timeout,
      retry: this.config.retry,
      limiter,
      fetch: config.fetch,
      announced: this.#announced,
      healthUrl: `${this.config.baseURL}/health`,
      closed: this.#closing.signal,
    });
    this.api = createClient({
      baseUrl: this.config.baseURL,
      auth: () => apiKey,
      headers: { 'User-Agent': userAgent },
      fetch: transport,
    });
    this.api.interceptors.error.use((error, response, request) => {
      if ((response as Response | undefined) === undefined) {
        return error; // the transport's own SekhaError: the request did not complete
      }
      const path = new URL(request.url).pathname;
      return errorFromResponse(
        response.status,
        error,
        response.headers,
        { method: request.method, path },
        response.statusText,
      );
    });
    this.#openExport = (cursor, label, signal) => {
      const url = new URL(`${this.config.baseURL}${EXPORT_PATH}`);
      url.searchParams.set('cursor', cursor);
      if (label !== undefined) {
        url.searchParams.set('label', label);
      }
      const headers = { Authorization: `Bearer ${apiKey}`, 'User-Agent': userAgent };
      return transport(url, signal === undefined ? { headers, [STREAM]: true } : { headers, signal, [STREAM]: true });
    };
  }

  /**
   * Close the client: calls made afterwards, and calls still under way (waiting to try again,
   * waiting for an answer, or streaming an export), reject with SekhaClientClosedError.
   */
  close(): void {
    this.#closing.abort();
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closing.signal.aborted;
  }

  /** What the generated functions need besides their parameters: this client, throwing. */
  private options(signal: AbortSignal | undefined): { client: Client; throwOnError: true; signal?: AbortSignal } {
    return signal === undefined
      ? { client: this.api, throwOnError: true }
      : { client: this.api, throwOnError: true, signal };
  }

  /** Awaits a generated call; a success body that is not JSON becomes SekhaDecodeError. */
  private async send<T>(call: Promise<{ data: T }>): Promise<T> {
    try {
      return (await call).data;
    } catch (error) {
      if (error instanceof SyntaxError) {
        throw new SekhaDecodeError(`the response is not the JSON the contract describes: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  /** Throws SekhaClientClosedError once the client is closed (for work that sends nothing first). */
  private open(): void {
    if (this.closed) {
      throw new SekhaClientClosedError(CLOSED);
    }
  }

  /** Whether the server announced an extension (asked once per client, see {@link capabilities}). */
  private async supports(name: CapabilityName, signal: AbortSignal | undefined): Promise<boolean> {
    return (await this.capabilities({ signal })).supports(name);
  }

  /**
   * Whether original times may be sent: the server keeps them. When it cannot, a
   * SekhaUnsupportedWarning says (once per client) that they are dropped.
   */
  private async keepsTimes(signal: AbortSignal | undefined): Promise<boolean> {
    if (await this.supports('original_timestamps', signal)) {
      return true;
    }
    this.#warner.warn(new SekhaUnsupportedWarning(TIMES_DROPPED));
    return false;
  }

  private static keyHeader(key: string | undefined): { 'Idempotency-Key': string } | undefined {
    return key === undefined ? undefined : { 'Idempotency-Key': text('idempotencyKey', key) };
  }

  // --- conversations ----------------------------------------------------------------------

  /**
   * Store messages as a new conversation: `{ role, content }` objects, or messages in OpenAI's
   * or Anthropic's shape (content parts, tool calls: see `Message`). Retries reuse one
   * Idempotency-Key and never store it twice.
   *
   * Original times (`createdAt`, and each message's `created_at`) are kept by a controller that
   * announces `original_timestamps`; the real controller stores the time the create arrives
   * instead, and a SekhaUnsupportedWarning says so.
   */
  async create(request: CreateConversationRequest, options: CreateOptions = {}): Promise<CreatedConversation> {
    this.open();
    let body = newConversationBody(request, { label: this.config.defaultLabel, folder: this.config.defaultFolder });
    const headers = MemoryController.keyHeader(options.idempotencyKey);
    if (hasTimes(body) && !(await this.keepsTimes(options.signal))) {
      body = withoutTimes(body);
    }
    const data = await this.send(sdk.createConversation({ ...this.options(options.signal), body, headers }));
    return conversationFrom(data);
  }

  /**
   * Add messages to the end of a stored conversation; returns it with its new message count.
   *
   * Needs a controller that announces `append_messages` (the local controller does). Against the
   * real controller 0.1.0, which has no way to do it, throws SekhaUnsupportedError: store the new
   * messages with {@link create} under the same label instead. Retries reuse one
   * Idempotency-Key, so messages are never added twice.
   */
  async addMessages(id: string, messages: readonly Message[], options: CreateOptions = {}): Promise<Conversation> {
    this.open();
    const path = { id: conversationId(id) };
    let body: wire.NewMessages = { messages: messageBodies(messages) };
    if (body.messages.length === 0) {
      throw new SekhaValidationError('add at least one message');
    }
    const headers = MemoryController.keyHeader(options.idempotencyKey);
    if (!(await this.supports('append_messages', options.signal))) {
      throw new SekhaUnsupportedError(NO_APPEND);
    }
    if (hasTimes(body) && !(await this.keepsTimes(options.signal))) {
      body = withoutTimes(body);
    }
    return conversationFrom(await this.send(sdk.addMessages({ ...this.options(options.signal), path, body, headers })));
  }

  /** The Python SDK's name for {@link create}. */
  createConversation(request: CreateConversationRequest, options: CreateOptions = {}): Promise<CreatedConversation> {
    return this.create(request, options);
  }

  /** One conversation, without its messages (see {@link getMessages}). */
  async getConversation(id: string, options: CallOptions = {}): Promise<Conversation> {
    const path = { id: conversationId(id) };
    return conversationFrom(await this.send(sdk.getConversation({ ...this.options(options.signal), path })));
  }

  get(id: string, options: CallOptions = {}): Promise<Conversation> {
    return this.getConversation(id, options);
  }

  /** A conversation's full record with all its messages, oldest first. */
  async exportConversation(id: string, options: CallOptions = {}): Promise<ConversationExport> {
    return exportFrom(await this.exportBody(id, options.signal));
  }

  private async exportBody(id: string, signal: AbortSignal | undefined): Promise<wire.ConversationExport> {
    const body = { conversation_id: conversationId(id), format: 'json' };
    return unwrap(await this.send(sdk.mcpMemoryExport({ ...this.options(signal), body })));
  }

  /** A conversation's messages, oldest first (the controller serves them only through MCP export). */
  async getMessages(id: string, options: CallOptions = {}): Promise<ConversationExport['messages']> {
    return (await this.exportConversation(id, options)).messages;
  }

  /**
   * One page of conversations, most recently updated first. The real controller 0.1.0 answers an
   * empty page whenever a filter is given; the local controller applies them. With `cursor` the
   * list runs in creation order instead (see {@link ListOptions.cursor}).
   */
  async listConversations(options: ListOptions = {}): Promise<Page<ConversationSummary>> {
    this.open();
    const filters = checkedFilters(options);
    const pageSize = wholeNumber('pageSize', options.pageSize ?? 50, 1, MAX_LIMIT);
    let position: { page: number } | { cursor: string };
    if (options.cursor === undefined) {
      position = { page: wholeNumber('page', options.page ?? 1, 1) };
    } else {
      position = { cursor: text('cursor', options.cursor, true) };
      if (!(await this.supports('list_cursor', options.signal))) {
        throw new SekhaUnsupportedError(
          'this controller has no stable list cursor (list_cursor); iterConversations() goes through every ' +
            'conversation without one',
        );
      }
    }
    const query = { ...position, page_size: pageSize, ...filters };
    const data = await this.send(sdk.listConversations({ ...this.options(options.signal), query }));
    const page: Page<ConversationSummary> = {
      items: data.results.map(summaryFrom),
      total: data.total,
      page: data.page,
      page_size: data.page_size,
      has_next: data.page_size > 0 && data.page * data.page_size < data.total,
    };
    return data.next_cursor === undefined ? page : { ...page, next_cursor: data.next_cursor };
  }

  list(options: ListOptions = {}): Promise<Page<ConversationSummary>> {
    return this.listConversations(options);
  }

  /**
   * Every conversation (with these filters), each exactly once, whatever changes meanwhile.
   *
   * A conversation that exists for the whole iteration comes exactly once, even while others are
   * created, pinned, relabelled or deleted. Against a server announcing `list_cursor` (the local
   * controller) the list is paged in creation order by cursor. Without one (the real controller
   * pages by offset over the last update, so any change shifts the pages), the list is read
   * again until one whole pass saw no change. Filters go to the server when it announces
   * `list_filters` and are applied here otherwise.
   */
  async *iterConversations(options: IterateOptions = {}): AsyncGenerator<ConversationSummary> {
    const { pageSize = LIST_PAGE_SIZE, signal } = options;
    const filters = checkedFilters(options);
    const size = wholeNumber('pageSize', pageSize, 1, MAX_LIMIT);
    const sent = (await this.supports('list_filters', signal)) ? filters : {};
    const list = (where: ListOptions): Promise<Page<ConversationSummary>> =>
      this.listConversations(signal === undefined ? where : { ...where, signal });
    const rows = (await this.supports('list_cursor', signal))
      ? byCursor(list, size, sent)
      : byRescans(list, size, sent);
    for await (const row of rows) {
      if (matches(filters, row)) {
        yield row;
      }
    }
  }

  /** How many conversations there are, optionally with a label or in a folder (not both). */
  async countConversations(options: { label?: string; folder?: string } & CallOptions = {}): Promise<number> {
    if (options.label !== undefined && options.folder !== undefined) {
      throw new SekhaValidationError('count by label or by folder, not both (the controller counts neither)');
    }
    const query = {
      label: options.label === undefined ? undefined : text('label', options.label, true),
      folder: options.folder === undefined ? undefined : text('folder', options.folder, true),
    };
    const data = await this.send(sdk.countConversations({ ...this.options(options.signal), query }));
    if (typeof data.error === 'string') {
      throw new SekhaValidationError(data.error, { statusCode: 200, body: data });
    }
    return data.count;
  }

  count(options: { label?: string; folder?: string } & CallOptions = {}): Promise<number> {
    return this.countConversations(options);
  }

  /**
   * Delete a conversation and its messages. A 404 after an earlier attempt of this call may have
   * gone through (its answer was lost) means that attempt deleted it: that is success, not
   * SekhaNotFoundError.
   */
  async deleteConversation(id: string, options: CallOptions = {}): Promise<void> {
    this.open();
    const path = { id: conversationId(id) };
    const { signal } = options;
    const call = signal === undefined ? { client: this.api, path } : { client: this.api, path, signal };
    const { error, response } = await sdk.deleteConversation(call);
    const answer = response as Response | undefined; // undefined when the request did not complete
    if (error === undefined || (answer?.status === 404 && mayHaveActedBefore(answer))) {
      return;
    }
    throw error as unknown as Error;
  }

  delete(id: string, options: CallOptions = {}): Promise<void> {
    return this.deleteConversation(id, options);
  }

  /** Relabel a conversation; without `folder` it stays in its current folder. */
  async updateLabel(id: string, label: string, folder?: string, options: CallOptions = {}): Promise<void> {
    const path = { id: conversationId(id) };
    const newLabel = text('label', label, true);
    const newFolder =
      folder === undefined ? (await this.getConversation(path.id, options)).folder : text('folder', folder);
    await this.send(
      sdk.updateLabel({ ...this.options(options.signal), path, body: { label: newLabel, folder: newFolder } }),
    );
  }

  /**
   * Move a conversation, keeping its label. Sent as a label update with the current label,
   * because the real controller's folder route overwrites the label too.
   */
  async updateFolder(id: string, folder: string, options: CallOptions = {}): Promise<void> {
    const path = { id: conversationId(id) };
    const newFolder = text('folder', folder);
    const { label } = await this.getConversation(path.id, options);
    await this.send(sdk.updateLabel({ ...this.options(options.signal), path, body: { label, folder: newFolder } }));
  }

  /**
   * Pin a conversation: its importance becomes 10, which ranks it higher in context assembly
   * and search (undo with {@link unpin}).
   */
  async pin(id: string, options: CallOptions = {}): Promise<void> {
    await this.send(sdk.pinConversation({ ...this.options(options.signal), path: { id: conversationId(id) } }));
  }

  /** Archive a conversation: it leaves default searches and context (undo with {@link unarchive}). */
  async archive(id: string, options: CallOptions = {}): Promise<void> {
    await this.send(sdk.archiveConversation({ ...this.options(options.signal), path: { id: conversationId(id) } }));
  }

  /**
   * Unpin a conversation: its importance goes back to the default, 5 (pinning kept no earlier
   * value). Done through the MCP update tool, then checked: the real controller 0.1.0 accepts
   * the update but ignores importance, and then this throws SekhaUnsupportedError.
   */
  async unpin(id: string, options: CallOptions = {}): Promise<void> {
    await this.memoryUpdate(id, { importanceScore: DEFAULT_IMPORTANCE, signal: options.signal });
    const record = await this.memoryGetContext(id, options);
    if (record.pinned) {
      throw new SekhaUnsupportedError(
        `the controller accepted the update but kept the conversation pinned (importance ${record.importance_score}); ` +
          'it cannot unpin',
      );
    }
  }

  /**
   * Make an archived conversation active again, back in searches and context. Done through the
   * MCP update tool, then checked: the real controller 0.1.0 accepts the update but ignores
   * status, and then this throws SekhaUnsupportedError (export the conversation and store it
   * again to have it active).
   */
  async unarchive(id: string, options: CallOptions = {}): Promise<void> {
    await this.memoryUpdate(id, { status: 'active', signal: options.signal });
    if ((await this.memoryGetContext(id, options)).status === 'archived') {
      throw new SekhaUnsupportedError(
        'the controller accepted the update but kept the conversation archived; it cannot unarchive: export it ' +
          '(exportConversation) and store it again to have it active',
      );
    }
  }

  // --- search -----------------------------------------------------------------------------

  /** Semantic search over every message, closest first (see SearchHit for scores). */
  async smartQuery(
    query: string,
    options: { limit?: number; offset?: number; filters?: unknown } & CallOptions = {},
  ): Promise<SearchResults> {
    const limit = wholeNumber('limit', options.limit ?? 10, 1, MAX_LIMIT);
    const body = {
      query: text('query', query),
      limit,
      offset: wholeNumber('offset', options.offset ?? 0, 0),
      ...(options.filters === undefined ? {} : { filters: options.filters }),
    };
    const data = await this.send(sdk.semanticQuery({ ...this.options(options.signal), body }));
    return { query, results: data.results.map(hitFrom), total: data.total, limit };
  }

  /** Semantic search, optionally within one label (filtered here too, as not every server does). */
  async search(query: string, options: { limit?: number; label?: string } & CallOptions = {}): Promise<SearchHit[]> {
    const limit = wholeNumber('limit', options.limit ?? 10, 1, MAX_LIMIT);
    const { label, signal } = options;
    if (label === undefined) {
      return (await this.smartQuery(query, { limit, signal })).results;
    }
    const wider = Math.min(MAX_LIMIT, limit * LABEL_SEARCH_OVERFETCH);
    const found = await this.smartQuery(query, {
      limit: wider,
      filters: { label: text('label', label, true) },
      signal,
    });
    return found.results.filter((hit) => hit.label === label).slice(0, limit);
  }

  /** Messages containing the query's words (stemmed, case- and accent-insensitive). */
  async fullTextSearch(query: string, options: { limit?: number } & CallOptions = {}): Promise<StoredMessage[]> {
    const body = { query: text('query', query), limit: wholeNumber('limit', options.limit ?? 10, 1, MAX_LIMIT) };
    const data = await this.send(sdk.fullTextSearch({ ...this.options(options.signal), body }));
    return data.results.map(storedMessageFrom);
  }

  // --- context ----------------------------------------------------------------------------

  /**
   * The memory that serves `query`, ready for a prompt, within `tokenBudget` tokens.
   *
   * `labels` and `folders` are hard limits: nothing from another label, or from outside those
   * folders (a folder holds the ones under it), is ever returned. `preferredLabels` only ranks
   * those labels higher. `excludedFolders` leaves folders (and the ones under them) out.
   * `minRelevance` (0 to 1) is how relevant to the query a message must be.
   *
   * The rendered context (`.context`), citation lines included, fits `tokenBudget` as the
   * client counts tokens (see `tokenCounter`), and `.tokenCount` is that count. Messages are
   * grouped by conversation, the most relevant conversation first, each in its original order.
   *
   * Against a controller that cannot limit the assembly itself (the real controller 0.1.0, which
   * announces no `context_scope`), the SDK asks for more than the budget, removes what is out of
   * scope and fits the rest here: the budget may then be under-used when little of what came
   * back is in scope. That controller has no relevance floor either: passing `minRelevance` to
   * it throws SekhaUnsupportedError.
   */
  async assembleContext(request: ContextRequest, options: CallOptions = {}): Promise<AssembledContext> {
    this.open();
    if (typeof (request as unknown) !== 'object' || (request as unknown) === null) {
      throw new SekhaValidationError('assembleContext takes { query, labels?, folders?, tokenBudget?, … }');
    }
    const { signal } = options;
    const query = text('query', request.query);
    const budget = wholeNumber('tokenBudget', request.tokenBudget ?? 8000, 1, MAX_TOKEN_BUDGET);
    const labels = texts('labels', request.labels);
    const folders = texts('folders', request.folders);
    const excluded = texts('excludedFolders', request.excludedFolders);
    const boosted = texts('preferredLabels', request.preferredLabels);
    const floor = request.minRelevance === undefined ? undefined : finiteNumber('minRelevance', request.minRelevance);
    if (floor !== undefined && (floor < 0 || floor > 1)) {
      throw new SekhaValidationError(`minRelevance must be between 0 and 1, got ${floor}`);
    }
    const body: wire.ContextRequest = {
      query,
      preferred_labels: boosted,
      context_budget: budget,
      excluded_folders: excluded,
    };
    const scoped = labels.length > 0 || folders.length > 0;
    if (scoped && (await this.supports('context_scope', signal))) {
      body.labels = labels;
      body.folders = folders;
    } else if (scoped) {
      body.preferred_labels = [...new Set([...labels, ...boosted])]; // the real controller recalls a week of each
    }
    if (floor !== undefined) {
      if (!(await this.supports('context_relevance', signal))) {
        throw new SekhaUnsupportedError(
          'this controller has no relevance floor for context assembly: leave minRelevance out, or use ' +
            'smartQuery() and keep the hits whose similarity is high enough',
        );
      }
      body.min_relevance = floor;
    }
    const ordered = await this.supports('context_order', signal); // grouped, in order, its rendering fitted
    if (!ordered) {
      body.context_budget = Math.min(budget * (scoped ? SCOPED_OVERFETCH : OVERFETCH), MAX_TOKEN_BUDGET);
    }
    const data = await this.send(sdk.assembleContext({ ...this.options(signal), body }));
    if (!Array.isArray(data)) {
      throw new SekhaDecodeError('context assembly did not answer a JSON array of messages', { raw: data });
    }
    const unique = new Map<string, ContextMessage>(); // the real controller repeats some
    for (const message of data) {
      const chosen = contextMessageFrom(storedMessageFrom(message));
      if (!unique.has(chosen.message.id)) {
        unique.set(chosen.message.id, chosen);
      }
    }
    const ranked = [...unique.values()].filter((chosen) => inScope(chosen, labels, folders, excluded));
    if (ordered) {
      return new AssembledContext(query, fit(ranked, budget, asGiven, this.#count), this.#count);
    }
    const chosen = new Set(fit(ranked, budget, storedOrder(), this.#count).map((m) => m.message.id));
    const kept = ranked.filter((m) => chosen.has(m.message.id));
    const arrange = storedOrder(await this.positions(kept, signal));
    return new AssembledContext(query, fit(kept, budget, arrange, this.#count), this.#count);
  }

  /**
   * Where each message sits in its conversation, for conversations whose chosen messages share
   * a timestamp (the real controller gives all messages of a create the same one).
   */
  private async positions(
    messages: readonly ContextMessage[],
    signal: AbortSignal | undefined,
  ): Promise<Map<string, number>> {
    const stamps = new Map<string, number[]>();
    for (const { message } of messages) {
      stamps.set(message.conversation_id, [
        ...(stamps.get(message.conversation_id) ?? []),
        message.timestamp.getTime(),
      ]);
    }
    const positions = new Map<string, number>();
    for (const [id, times] of stamps) {
      if (new Set(times).size === times.length) {
        continue;
      }
      try {
        (await this.getMessages(id, { signal })).forEach((stored, index) => positions.set(stored.id, index));
      } catch (error) {
        if (!(error instanceof SekhaNotFoundError)) {
          throw error; // deleted since: the order it came in will do
        }
      }
    }
    return positions;
  }

  // --- intelligence -----------------------------------------------------------------------

  async generateSummary(id: string, level: SummaryLevel = 'daily', options: CallOptions = {}): Promise<Summary> {
    if (!Object.hasOwn(SUMMARY_LEVELS, level)) {
      throw new SekhaValidationError(
        `level must be one of ${Object.keys(SUMMARY_LEVELS).join(', ')}, got ${JSON.stringify(level)}`,
      );
    }
    const body = { conversation_id: conversationId(id), level };
    return summaryResponseFrom(await this.send(sdk.summarize({ ...this.options(options.signal), body })));
  }

  /** Active conversations untouched for `thresholdDays`, each with a recommendation. */
  async getPruningSuggestions(thresholdDays = 30, options: CallOptions = {}): Promise<PruningSuggestion[]> {
    const body = { threshold_days: wholeNumber('thresholdDays', thresholdDays, 0, 365_000) };
    const data = await this.send(sdk.pruneDryRun({ ...this.options(options.signal), body }));
    return data.suggestions.map(pruningSuggestionFrom);
  }

  /** Archive the given conversations. */
  async executePrune(ids: readonly string[], options: CallOptions = {}): Promise<void> {
    if (!Array.isArray(ids)) {
      throw new SekhaValidationError('executePrune takes an array of conversation ids');
    }
    const body = { conversation_ids: [...new Set(ids.map((id) => conversationId(id)))] };
    await this.send(sdk.pruneExecute({ ...this.options(options.signal), body }));
  }

  async suggestLabels(id: string, options: CallOptions = {}): Promise<LabelSuggestion[]> {
    const body = { conversation_id: conversationId(id) };
    return (await this.send(sdk.suggestLabels({ ...this.options(options.signal), body }))).suggestions;
  }

  /** Apply the most confident suggested label if it reaches `threshold`; return it, or null. */
  async autoLabel(id: string, options: { threshold?: number } & CallOptions = {}): Promise<LabelSuggestion | null> {
    const threshold = finiteNumber('threshold', options.threshold ?? 0.7);
    const suggestions = await this.suggestLabels(id, options);
    const best = suggestions.reduce<LabelSuggestion | null>(
      (top, s) => (top === null || s.confidence > top.confidence ? s : top),
      null,
    );
    if (best === null || best.confidence < threshold) {
      return null;
    }
    await this.updateLabel(id, best.label, undefined, options);
    return best;
  }

  /** A conversation's stored importance (1-10; 10 when pinned), never an estimate made up here. */
  async getImportance(id: string, options: CallOptions = {}): Promise<number> {
    return (await this.memoryGetContext(id, options)).importance_score;
  }

  /**
   * Store an importance score (1-10) and confirm the controller kept it. Throws
   * SekhaUnsupportedError when it accepts the value but does not apply it (the real controller 0.1.0).
   */
  async setImportance(id: string, score: number, options: CallOptions = {}): Promise<number> {
    await this.memoryUpdate(id, { importanceScore: score, signal: options.signal });
    const stored = await this.getImportance(id, options);
    if (stored !== score) {
      throw new SekhaUnsupportedError(
        `the controller accepted importance ${score} but kept ${stored}; it cannot store scores`,
      );
    }
    return stored;
  }

  // --- export -----------------------------------------------------------------------------

  /**
   * The export as text chunks, one conversation at a time, so memory stays flat however many
   * there are. Every conversation that exists throughout comes exactly once, whatever changes
   * meanwhile. A server announcing `bulk_export` (the local controller) streams them all in one
   * answer, resumed where it broke off if the connection fails; otherwise the export is built
   * from the routes that exist: {@link iterConversations} and one MCP export per conversation.
   */
  async *exportStream(
    labelOrOptions?: string | null | ExportOptions,
    format?: ExportFormat,
    options?: CallOptions,
  ): AsyncGenerator<string> {
    const { label, format: chosen, signal } = exportArguments(labelOrOptions, format, options);
    const writer = new ExportWriter(chosen, label);
    this.open();
    yield writer.start();
    const records = (await this.supports('bulk_export', signal))
      ? bulkRecords({
          open: (cursor) => this.#openExport(cursor, label, signal),
          attempts: this.config.retry.maxRetries,
          backoffMs: this.config.retry.backoffMs,
          idleMs: this.config.timeout,
          signal,
          closed: this.#closing.signal,
        })
      : this.exportOneAtATime(label, signal);
    for await (const record of records) {
      yield writer.conversation(record);
    }
    yield writer.end();
  }

  private async *exportOneAtATime(
    label: string | undefined,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<wire.ConversationExport> {
    for await (const row of this.iterConversations(label === undefined ? { signal } : { label, signal })) {
      try {
        yield await this.exportBody(row.id, signal);
      } catch (error) {
        if (!(error instanceof SekhaNotFoundError)) {
          throw error; // deleted while we were exporting
        }
      }
    }
  }

  /** Every conversation (or those with `label`) as one markdown or JSON document. */
  async export(
    labelOrOptions?: string | null | ExportOptions,
    format?: ExportFormat,
    options?: CallOptions,
  ): Promise<string> {
    const chunks: string[] = [];
    for await (const chunk of this.exportStream(labelOrOptions, format, options)) {
      chunks.push(chunk);
    }
    return chunks.join('');
  }

  // --- system -----------------------------------------------------------------------------

  /** The controller's health; answers rather than throws when it is unhealthy (503). */
  async health(options: CallOptions = {}): Promise<Health> {
    let body: unknown;
    let status = 200;
    try {
      body = await this.send(sdk.health(this.options(options.signal)));
    } catch (error) {
      if (!(error instanceof SekhaAPIError && error.statusCode === 503)) {
        throw error;
      }
      [body, status] = [error.body, 503];
    }
    this.#announced.learn(body);
    return healthFrom(body, status);
  }

  /**
   * The extensions the server announces in `/health`, read once and kept for the client's life.
   * `supports(name)` on the answer says whether it implements one; the real controller announces
   * none. A read that fails throws, and an answer that is not a health report (the real
   * controller's empty 503) reads as none; either way the next call asks again.
   */
  async capabilities(options: CallOptions = {}): Promise<Capabilities> {
    const known = this.#announced.known;
    if (known !== undefined) {
      return known;
    }
    this.open();
    let body: unknown;
    try {
      body = await this.send(sdk.health(this.options(options.signal)));
    } catch (error) {
      if (!(error instanceof SekhaAPIError && error.statusCode === 503)) {
        throw error;
      }
      body = error.body;
    }
    return this.#announced.learn(body) ?? NO_CAPABILITIES;
  }

  /** Prometheus metrics, as the text the controller sends. */
  async metrics(options: CallOptions = {}): Promise<string> {
    const data: unknown = await this.send(sdk.metrics(this.options(options.signal)));
    if (typeof data !== 'string') {
      throw new SekhaDecodeError('metrics did not answer text', { raw: data });
    }
    return data;
  }

  /** Ask the controller to re-embed every message in the background. */
  async rebuildEmbeddings(options: CallOptions = {}): Promise<void> {
    await this.send(sdk.rebuildEmbeddings(this.options(options.signal)));
  }

  // --- MCP tools --------------------------------------------------------------------------

  /** Store a conversation through the MCP tool (which can also set its importance); its id. */
  async memoryStore(
    messages: readonly Message[],
    options: { label?: string; folder?: string; importanceScore?: number } & CreateOptions = {},
  ): Promise<string> {
    this.open();
    let request = newConversationBody(
      { messages, label: options.label, folder: options.folder },
      { label: this.config.defaultLabel, folder: this.config.defaultFolder },
    );
    if (hasTimes(request) && !(await this.keepsTimes(options.signal))) {
      request = withoutTimes(request);
    }
    const body: wire.McpMemoryStoreRequest = {
      label: request.label,
      folder: request.folder,
      messages: request.messages,
    };
    if (options.importanceScore !== undefined) {
      body.importance_score = wholeNumber('importanceScore', options.importanceScore, 1, 10);
    }
    const headers = MemoryController.keyHeader(options.idempotencyKey);
    return unwrap(await this.send(sdk.mcpMemoryStore({ ...this.options(options.signal), body, headers })))
      .conversation_id;
  }

  async memorySearch(
    query: string,
    options: { limit?: number; filters?: unknown } & CallOptions = {},
  ): Promise<SearchResults> {
    const body = {
      query: text('query', query),
      limit: wholeNumber('limit', options.limit ?? 10, 1, MAX_LIMIT),
      ...(options.filters === undefined ? {} : { filters: options.filters }),
    };
    const data = unwrap(await this.send(sdk.mcpMemorySearch({ ...this.options(options.signal), body })));
    return { query: data.query, results: data.results.map(hitFrom), total: data.total_results, limit: data.limit };
  }

  async memoryUpdate(
    id: string,
    options: { label?: string; folder?: string; status?: string; importanceScore?: number } & CallOptions = {},
  ): Promise<UpdateResult> {
    const body = {
      conversation_id: conversationId(id),
      ...(options.label === undefined ? {} : { label: text('label', options.label, true) }),
      ...(options.folder === undefined ? {} : { folder: text('folder', options.folder) }),
      ...(options.status === undefined ? {} : { status: text('status', options.status) }),
      ...(options.importanceScore === undefined
        ? {}
        : { importance_score: wholeNumber('importanceScore', options.importanceScore, 1, 10) }),
    };
    return unwrap(await this.send(sdk.mcpMemoryUpdate({ ...this.options(options.signal), body })));
  }

  async memoryGetContext(id: string, options: CallOptions = {}): Promise<ConversationRecord> {
    const body = { conversation_id: conversationId(id) };
    return recordFrom(unwrap(await this.send(sdk.mcpMemoryGetContext({ ...this.options(options.signal), body }))));
  }

  async memoryPrune(
    options: { thresholdDays?: number; importanceThreshold?: number } & CallOptions = {},
  ): Promise<PruneReport> {
    const body = {
      threshold_days: wholeNumber('thresholdDays', options.thresholdDays ?? 30, 0, 365_000),
      importance_threshold: finiteNumber('importanceThreshold', options.importanceThreshold ?? 5),
    };
    return pruneReportFrom(unwrap(await this.send(sdk.mcpMemoryPrune({ ...this.options(options.signal), body }))));
  }

  memoryExport(id: string, options: CallOptions = {}): Promise<ConversationExport> {
    return this.exportConversation(id, options);
  }

  async memoryStats(options: { folder?: string; label?: string } & CallOptions = {}): Promise<MemoryStats> {
    if (options.folder !== undefined && options.label !== undefined) {
      throw new SekhaValidationError('memory stats take a folder or a label, not both');
    }
    const body = {
      ...(options.folder === undefined ? {} : { folder: text('folder', options.folder, true) }),
      ...(options.label === undefined ? {} : { label: text('label', options.label, true) }),
    };
    return unwrap(await this.send(sdk.mcpMemoryStats({ ...this.options(options.signal), body })));
  }
}
