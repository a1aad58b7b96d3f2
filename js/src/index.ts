/**
 * @sekha/sdk: the TypeScript client of the Sekha AI memory controller.
 *
 * `@sekha/sdk/client` and `@sekha/sdk/errors` hold the same things in smaller pieces; the
 * generated functions and wire types are at `@sekha/sdk/api`.
 */

export * from './client.js';
export * from './errors.js';
export type { Capabilities, CapabilityName } from './capabilities.js';
export {
  AssembledContext,
  MEMORY_INSTRUCTIONS,
  type AnthropicArguments,
  type ChatTurn,
  type ContextMessage,
  type RenderOptions,
} from './context.js';
export { ROLE_ALIASES, roleOf, textOf, type ContentPart, type ToolCall } from './shapes.js';
export { utf8Bytes, type TokenCounter } from './tokens.js';
export { ApproximateTokensWarning, SekhaUnsupportedWarning } from './warnings.js';
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
