"""The data models used in requests and responses; each module is imported on first use."""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .auth_error_response import AuthErrorResponse
    from .bulk_export_end import BulkExportEnd
    from .bulk_export_item import BulkExportItem
    from .capabilities import Capabilities
    from .citation import Citation
    from .component_health import ComponentHealth
    from .context_request import ContextRequest
    from .conversation import Conversation
    from .conversation_count import ConversationCount
    from .conversation_export import ConversationExport
    from .conversation_page import ConversationPage
    from .conversation_record import ConversationRecord
    from .conversation_summary import ConversationSummary
    from .conversation_summary_metadata import ConversationSummaryMetadata
    from .created_conversation import CreatedConversation
    from .error_response import ErrorResponse
    from .execute_prune_request import ExecutePruneRequest
    from .exported_conversation import ExportedConversation
    from .exported_message import ExportedMessage
    from .full_text_search_request import FullTextSearchRequest
    from .full_text_search_response import FullTextSearchResponse
    from .health import Health
    from .health_checks import HealthChecks
    from .label_suggest_request import LabelSuggestRequest
    from .label_suggest_response import LabelSuggestResponse
    from .label_suggestion import LabelSuggestion
    from .mcp_conversation_id_request import McpConversationIdRequest
    from .mcp_memory_export_request import McpMemoryExportRequest
    from .mcp_memory_export_response import McpMemoryExportResponse
    from .mcp_memory_get_context_response import McpMemoryGetContextResponse
    from .mcp_memory_prune_request import McpMemoryPruneRequest
    from .mcp_memory_prune_response import McpMemoryPruneResponse
    from .mcp_memory_search_request import McpMemorySearchRequest
    from .mcp_memory_search_response import McpMemorySearchResponse
    from .mcp_memory_stats_request import McpMemoryStatsRequest
    from .mcp_memory_stats_response import McpMemoryStatsResponse
    from .mcp_memory_store_data import McpMemoryStoreData
    from .mcp_memory_store_request import McpMemoryStoreRequest
    from .mcp_memory_store_response import McpMemoryStoreResponse
    from .mcp_memory_update_request import McpMemoryUpdateRequest
    from .mcp_memory_update_response import McpMemoryUpdateResponse
    from .memory_search_results import MemorySearchResults
    from .memory_stats import MemoryStats
    from .message_dto import MessageDto
    from .message_metadata import MessageMetadata
    from .new_conversation import NewConversation
    from .new_messages import NewMessages
    from .prune_report import PruneReport
    from .prune_request import PruneRequest
    from .prune_response import PruneResponse
    from .pruning_suggestion import PruningSuggestion
    from .query_request import QueryRequest
    from .query_response import QueryResponse
    from .rebuild_progress import RebuildProgress
    from .search_hit import SearchHit
    from .stored_message import StoredMessage
    from .summarize_request import SummarizeRequest
    from .summarize_request_level import SummarizeRequestLevel
    from .summary import Summary
    from .update_folder_request import UpdateFolderRequest
    from .update_label_request import UpdateLabelRequest
    from .update_result import UpdateResult

_MODULES = {
    "AuthErrorResponse": ".auth_error_response",
    "BulkExportEnd": ".bulk_export_end",
    "BulkExportItem": ".bulk_export_item",
    "Capabilities": ".capabilities",
    "Citation": ".citation",
    "ComponentHealth": ".component_health",
    "ContextRequest": ".context_request",
    "Conversation": ".conversation",
    "ConversationCount": ".conversation_count",
    "ConversationExport": ".conversation_export",
    "ConversationPage": ".conversation_page",
    "ConversationRecord": ".conversation_record",
    "ConversationSummary": ".conversation_summary",
    "ConversationSummaryMetadata": ".conversation_summary_metadata",
    "CreatedConversation": ".created_conversation",
    "ErrorResponse": ".error_response",
    "ExecutePruneRequest": ".execute_prune_request",
    "ExportedConversation": ".exported_conversation",
    "ExportedMessage": ".exported_message",
    "FullTextSearchRequest": ".full_text_search_request",
    "FullTextSearchResponse": ".full_text_search_response",
    "Health": ".health",
    "HealthChecks": ".health_checks",
    "LabelSuggestRequest": ".label_suggest_request",
    "LabelSuggestResponse": ".label_suggest_response",
    "LabelSuggestion": ".label_suggestion",
    "McpConversationIdRequest": ".mcp_conversation_id_request",
    "McpMemoryExportRequest": ".mcp_memory_export_request",
    "McpMemoryExportResponse": ".mcp_memory_export_response",
    "McpMemoryGetContextResponse": ".mcp_memory_get_context_response",
    "McpMemoryPruneRequest": ".mcp_memory_prune_request",
    "McpMemoryPruneResponse": ".mcp_memory_prune_response",
    "McpMemorySearchRequest": ".mcp_memory_search_request",
    "McpMemorySearchResponse": ".mcp_memory_search_response",
    "McpMemoryStatsRequest": ".mcp_memory_stats_request",
    "McpMemoryStatsResponse": ".mcp_memory_stats_response",
    "McpMemoryStoreData": ".mcp_memory_store_data",
    "McpMemoryStoreRequest": ".mcp_memory_store_request",
    "McpMemoryStoreResponse": ".mcp_memory_store_response",
    "McpMemoryUpdateRequest": ".mcp_memory_update_request",
    "McpMemoryUpdateResponse": ".mcp_memory_update_response",
    "MemorySearchResults": ".memory_search_results",
    "MemoryStats": ".memory_stats",
    "MessageDto": ".message_dto",
    "MessageMetadata": ".message_metadata",
    "NewConversation": ".new_conversation",
    "NewMessages": ".new_messages",
    "PruneReport": ".prune_report",
    "PruneRequest": ".prune_request",
    "PruneResponse": ".prune_response",
    "PruningSuggestion": ".pruning_suggestion",
    "QueryRequest": ".query_request",
    "QueryResponse": ".query_response",
    "RebuildProgress": ".rebuild_progress",
    "SearchHit": ".search_hit",
    "StoredMessage": ".stored_message",
    "SummarizeRequest": ".summarize_request",
    "SummarizeRequestLevel": ".summarize_request_level",
    "Summary": ".summary",
    "UpdateFolderRequest": ".update_folder_request",
    "UpdateLabelRequest": ".update_label_request",
    "UpdateResult": ".update_result",
}

__all__ = (
    "AuthErrorResponse",
    "BulkExportEnd",
    "BulkExportItem",
    "Capabilities",
    "Citation",
    "ComponentHealth",
    "ContextRequest",
    "Conversation",
    "ConversationCount",
    "ConversationExport",
    "ConversationPage",
    "ConversationRecord",
    "ConversationSummary",
    "ConversationSummaryMetadata",
    "CreatedConversation",
    "ErrorResponse",
    "ExecutePruneRequest",
    "ExportedConversation",
    "ExportedMessage",
    "FullTextSearchRequest",
    "FullTextSearchResponse",
    "Health",
    "HealthChecks",
    "LabelSuggestRequest",
    "LabelSuggestResponse",
    "LabelSuggestion",
    "McpConversationIdRequest",
    "McpMemoryExportRequest",
    "McpMemoryExportResponse",
    "McpMemoryGetContextResponse",
    "McpMemoryPruneRequest",
    "McpMemoryPruneResponse",
    "McpMemorySearchRequest",
    "McpMemorySearchResponse",
    "McpMemoryStatsRequest",
    "McpMemoryStatsResponse",
    "McpMemoryStoreData",
    "McpMemoryStoreRequest",
    "McpMemoryStoreResponse",
    "McpMemoryUpdateRequest",
    "McpMemoryUpdateResponse",
    "MemorySearchResults",
    "MemoryStats",
    "MessageDto",
    "MessageMetadata",
    "NewConversation",
    "NewMessages",
    "PruneReport",
    "PruneRequest",
    "PruneResponse",
    "PruningSuggestion",
    "QueryRequest",
    "QueryResponse",
    "RebuildProgress",
    "SearchHit",
    "StoredMessage",
    "SummarizeRequest",
    "SummarizeRequestLevel",
    "Summary",
    "UpdateFolderRequest",
    "UpdateLabelRequest",
    "UpdateResult",
)


def __getattr__(name: str) -> Any:
    try:
        module = _MODULES[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
