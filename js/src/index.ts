/**
 * @sekha/sdk: the TypeScript client of the Sekha AI memory controller.
 *
 * `@sekha/sdk/client` and `@sekha/sdk/errors` hold the same things in smaller pieces; the
 * generated functions and wire types are at `@sekha/sdk/api`.
 */

export * from './client.js';
export * from './errors.js';
export { AssembledContext, estimateTokens, type ChatMessage, type ContextMessage } from './context.js';
export { DEFAULT_BASE_URL, DEFAULT_FOLDER, DEFAULT_LABEL, type MemoryConfig, type ResolvedConfig } from './config.js';
export { ExportWriter, type ExportFormat } from './export.js';
export type {
  ComponentHealth,
  Conversation,
  ConversationExport,
  ConversationRecord,
  ConversationSummary,
  CreateConversationRequest,
  CreatedConversation,
  Dated,
  Health,
  LabelSuggestion,
  MemoryStats,
  Message,
  Page,
  PruneReport,
  PruningSuggestion,
  Role,
  SearchHit,
  SearchResults,
  StoredMessage,
  Summary,
  UpdateResult,
} from './models.js';
export { parseTimestamp } from './time.js';
export { VERSION } from './version.js';
