/**
 * MemoryController: the client for one Sekha controller.
 *
 * Every method calls a generated function (`generated/sdk.gen.ts`) on `this.api`, a generated
 * client whose `fetch` is the SDK transport (retries, timeouts, rate limit, cancellation) and
 * whose error interceptor maps every error response to the SekhaError tree. A power user who
 * calls a generated function with `{ client: memory.api }` gets exactly the same behaviour.
 */

import { AssembledContext, contextMessageFrom } from './context.js';
import { resolveApiKey, resolveConfig, type MemoryConfig, type ResolvedConfig } from './config.js';
import {
  errorFromResponse,
  SekhaAPIError,
  SekhaDecodeError,
  SekhaUnsupportedError,
  SekhaValidationError,
} from './errors.js';
import { ExportWriter, type ExportFormat } from './export.js';
import { createClient, type Client } from './generated/client/index.js';
import * as sdk from './generated/sdk.gen.js';
import {
  conversationFrom,
  exportFrom,
  healthFrom,
  hitFrom,
  newConversationBody,
  pruneReportFrom,
  pruningSuggestionFrom,
  recordFrom,
  storedMessageFrom,
  summaryFrom,
  summaryResponseFrom,
  unwrap,
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
import { createTransport } from './transport.js';
import { conversationId, finiteNumber, MAX_LIMIT, MAX_TOKEN_BUDGET, text, texts, wholeNumber } from './validate.js';
import { VERSION } from './version.js';
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

export interface ListFilters {
  label?: string;
  folder?: string;
  pinned?: boolean;
  archived?: boolean;
}

export interface ListOptions extends ListFilters, CallOptions {
  /** 1-based (default 1). */
  page?: number;
  /** Rows per page, 1 to 1000 (default 50). */
  pageSize?: number;
}

export interface IterateOptions extends ListFilters, CallOptions {
  /** Rows per request, 1 to 1000 (default 100). */
  pageSize?: number;
}

export interface ContextRequest {
  query: string;
  /** Only messages from conversations with these labels (a hard filter; they are also boosted). */
  labels?: readonly string[];
  /** Labels to boost without filtering (the controller's `preferred_labels`). */
  preferredLabels?: readonly string[];
  /** The most tokens the chosen messages may take, as the controller counts them (default 8000). */
  tokenBudget?: number;
  /** Folders (and, on the real controller, any folder starting with them) to leave out. */
  excludedFolders?: readonly string[];
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

  constructor(config: MemoryConfig = {}) {
    this.config = resolveConfig(config);
    const apiKey = resolveApiKey(config);
    const limiter = this.config.rateLimit === null ? null : new TokenBucket(this.config.rateLimit);
    this.api = createClient({
      baseUrl: this.config.baseURL,
      auth: () => apiKey,
      headers: { 'User-Agent': `sekha-js/${VERSION}` },
      fetch: createTransport({
        timeoutMs: this.config.timeout,
        retry: this.config.retry,
        limiter,
        fetch: config.fetch,
      }),
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

  // --- conversations ----------------------------------------------------------------------

  /** Store messages as a new conversation. Retries reuse one Idempotency-Key and never store twice. */
  async create(request: CreateConversationRequest, options: CreateOptions = {}): Promise<CreatedConversation> {
    const body = newConversationBody(request, { label: this.config.defaultLabel, folder: this.config.defaultFolder });
    const headers =
      options.idempotencyKey === undefined
        ? undefined
        : { 'Idempotency-Key': text('idempotencyKey', options.idempotencyKey) };
    const data = await this.send(sdk.createConversation({ ...this.options(options.signal), body, headers }));
    return conversationFrom(data);
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
   * empty page whenever a filter is given; the local controller applies them.
   */
  async listConversations(options: ListOptions = {}): Promise<Page<ConversationSummary>> {
    const query = {
      page: wholeNumber('page', options.page ?? 1, 1),
      page_size: wholeNumber('pageSize', options.pageSize ?? 50, 1, MAX_LIMIT),
      label: options.label === undefined ? undefined : text('label', options.label, true),
      folder: options.folder === undefined ? undefined : text('folder', options.folder, true),
      pinned: options.pinned,
      archived: options.archived,
    };
    const data = await this.send(sdk.listConversations({ ...this.options(options.signal), query }));
    return {
      items: data.results.map(summaryFrom),
      total: data.total,
      page: data.page,
      page_size: data.page_size,
      has_next: data.page_size > 0 && data.page * data.page_size < data.total,
    };
  }

  list(options: ListOptions = {}): Promise<Page<ConversationSummary>> {
    return this.listConversations(options);
  }

  /** Every conversation, page by page, each once even if the list shifts while paging. */
  async *iterConversations(options: IterateOptions = {}): AsyncGenerator<ConversationSummary> {
    const seen = new Set<string>();
    const { pageSize = LIST_PAGE_SIZE, ...filters } = options;
    for (let page = 1; ; page++) {
      const batch = await this.listConversations({ ...filters, page, pageSize });
      for (const row of batch.items) {
        if (!seen.has(row.id)) {
          seen.add(row.id);
          yield row;
        }
      }
      if (batch.items.length === 0 || !batch.has_next) {
        return;
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

  async deleteConversation(id: string, options: CallOptions = {}): Promise<void> {
    await this.send(sdk.deleteConversation({ ...this.options(options.signal), path: { id: conversationId(id) } }));
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

  /** Pin a conversation: it is boosted in context assembly (there is no unpin route). */
  async pin(id: string, options: CallOptions = {}): Promise<void> {
    await this.send(sdk.pinConversation({ ...this.options(options.signal), path: { id: conversationId(id) } }));
  }

  /** Archive a conversation: it leaves default searches (there is no unarchive route). */
  async archive(id: string, options: CallOptions = {}): Promise<void> {
    await this.send(sdk.archiveConversation({ ...this.options(options.signal), path: { id: conversationId(id) } }));
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
   * The messages that best serve `query` within `tokenBudget`, with citations, each once.
   *
   * `labels` is a hard filter: nothing from another label comes back. The controller is asked to
   * prefer those labels and what it returns from others is dropped here, so the budget may be
   * under-used. `preferredLabels` only boosts. The budget bounds the messages' content as the
   * server counts it; the citation lines added when the context is rendered come on top.
   */
  async assembleContext(request: ContextRequest, options: CallOptions = {}): Promise<AssembledContext> {
    if (typeof (request as unknown) !== 'object' || (request as unknown) === null) {
      throw new SekhaValidationError('assembleContext takes { query, labels?, tokenBudget? }');
    }
    const labels = request.labels === undefined ? undefined : texts('labels', request.labels);
    const preferred =
      request.preferredLabels === undefined ? (labels ?? []) : texts('preferredLabels', request.preferredLabels);
    const body = {
      query: text('query', request.query),
      preferred_labels: preferred,
      context_budget: wholeNumber('tokenBudget', request.tokenBudget ?? 8000, 1, MAX_TOKEN_BUDGET),
      excluded_folders: texts('excludedFolders', request.excludedFolders),
    };
    const data = await this.send(sdk.assembleContext({ ...this.options(options.signal), body }));
    if (!Array.isArray(data)) {
      throw new SekhaDecodeError('context assembly did not answer a JSON array of messages', { raw: data });
    }
    const unique = new Map<string, ReturnType<typeof contextMessageFrom>>(); // the real controller repeats messages
    for (const chosen of data.map((message) => contextMessageFrom(storedMessageFrom(message)))) {
      if (!unique.has(chosen.message.id) && (labels === undefined || labels.includes(chosen.label))) {
        unique.set(chosen.message.id, chosen);
      }
    }
    return new AssembledContext(body.query, [...unique.values()]);
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
   * there are. Built from the routes that exist: the conversation list, filtered here by exact
   * label (the real controller's list filters do not work), and one MCP export per conversation.
   */
  async *exportStream(
    labelOrOptions?: string | null | ExportOptions,
    format?: ExportFormat,
    options?: CallOptions,
  ): AsyncGenerator<string> {
    const { label, format: chosen, signal } = exportArguments(labelOrOptions, format, options);
    const writer = new ExportWriter(chosen, label);
    yield writer.start();
    for await (const row of this.iterConversations({ signal })) {
      if (label !== undefined && row.label !== label) {
        continue;
      }
      let exported: wire.ConversationExport;
      try {
        exported = await this.exportBody(row.id, signal);
      } catch (error) {
        if (error instanceof SekhaAPIError && error.statusCode === 404) {
          continue; // deleted while we were exporting
        }
        throw error;
      }
      yield writer.conversation(exported);
    }
    yield writer.end();
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
    try {
      return healthFrom(await this.send(sdk.health(this.options(options.signal))), 200);
    } catch (error) {
      if (error instanceof SekhaAPIError && error.statusCode === 503) {
        return healthFrom(error.body, 503);
      }
      throw error;
    }
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
    const request = newConversationBody(
      { messages, label: options.label, folder: options.folder },
      { label: this.config.defaultLabel, folder: this.config.defaultFolder },
    );
    const body = {
      ...request,
      ...(options.importanceScore === undefined
        ? {}
        : { importance_score: wholeNumber('importanceScore', options.importanceScore, 1, 10) }),
    };
    const headers =
      options.idempotencyKey === undefined
        ? undefined
        : { 'Idempotency-Key': text('idempotencyKey', options.idempotencyKey) };
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
