/**
 * The generated wire types the hand-written layer builds on.
 *
 * This is the only hand-written module that names a type of `generated/types.gen.ts`, so a
 * change of schema names in the contract touches this file alone.
 */

export type {
  BulkExportItem,
  Capabilities,
  ComponentHealth,
  Conversation,
  ConversationExport,
  ConversationRecord,
  ContextRequest,
  ConversationSummary,
  CreatedConversation,
  ExportedConversation,
  ExportedMessage,
  Health,
  LabelSuggestion,
  McpMemoryStoreRequest,
  MemoryStats,
  MessageDto,
  NewConversation,
  NewMessages,
  PruneReport,
  PruningSuggestion,
  SearchHit,
  StoredMessage,
  SummarizeRequest,
  Summary,
  UpdateResult,
} from './generated/types.gen.js';
