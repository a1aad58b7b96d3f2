/**
 * The generated wire types, under the names the hand-written layer uses.
 *
 * This is the only hand-written module that names a type of `generated/types.gen.ts`, so a
 * change of schema names in the contract touches this file alone.
 */

export type {
  ComponentHealth,
  ConversationResponse as Conversation,
  CreateConversationRequest as NewConversationBody,
  CreateConversationResponse as CreatedConversation,
  HealthResponse,
  LabelSuggestionDto as LabelSuggestion,
  McpConversationRecord,
  McpExportConversation,
  McpExportMessage,
  McpMemoryExportData,
  McpMemoryPruneData,
  McpMemoryStatsData,
  McpMemoryUpdateData,
  McpSearchHit,
  Message as StoredMessage,
  MessageDto,
  PruningSuggestionDto as PruningSuggestion,
  SearchResultDto as SearchHit,
  SummaryResponse as Summary,
} from './generated/types.gen.js';
