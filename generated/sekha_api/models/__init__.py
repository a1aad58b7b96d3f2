"""Contains all the data models used in inputs/outputs"""

from .auth_error_response import AuthErrorResponse
from .component_health import ComponentHealth
from .context_assemble_request import ContextAssembleRequest
from .conversation_response import ConversationResponse
from .count_response import CountResponse
from .create_conversation_request import CreateConversationRequest
from .create_conversation_response import CreateConversationResponse
from .error_response import ErrorResponse
from .execute_prune_request import ExecutePruneRequest
from .fts_search_request import FtsSearchRequest
from .fts_search_response import FtsSearchResponse
from .health_response import HealthResponse
from .health_response_checks import HealthResponseChecks
from .json_object import JsonObject
from .label_suggest_request import LabelSuggestRequest
from .label_suggest_response import LabelSuggestResponse
from .label_suggestion_dto import LabelSuggestionDto
from .mcp_conversation_id_request import McpConversationIdRequest
from .mcp_conversation_record import McpConversationRecord
from .mcp_export_conversation import McpExportConversation
from .mcp_export_message import McpExportMessage
from .mcp_memory_export_data import McpMemoryExportData
from .mcp_memory_export_request import McpMemoryExportRequest
from .mcp_memory_export_response import McpMemoryExportResponse
from .mcp_memory_get_context_response import McpMemoryGetContextResponse
from .mcp_memory_prune_data import McpMemoryPruneData
from .mcp_memory_prune_request import McpMemoryPruneRequest
from .mcp_memory_prune_response import McpMemoryPruneResponse
from .mcp_memory_search_data import McpMemorySearchData
from .mcp_memory_search_request import McpMemorySearchRequest
from .mcp_memory_search_response import McpMemorySearchResponse
from .mcp_memory_stats_data import McpMemoryStatsData
from .mcp_memory_stats_request import McpMemoryStatsRequest
from .mcp_memory_stats_response import McpMemoryStatsResponse
from .mcp_memory_store_data import McpMemoryStoreData
from .mcp_memory_store_request import McpMemoryStoreRequest
from .mcp_memory_store_response import McpMemoryStoreResponse
from .mcp_memory_update_data import McpMemoryUpdateData
from .mcp_memory_update_request import McpMemoryUpdateRequest
from .mcp_memory_update_response import McpMemoryUpdateResponse
from .mcp_search_hit import McpSearchHit
from .message import Message
from .message_dto import MessageDto
from .prune_request import PruneRequest
from .prune_response import PruneResponse
from .pruning_suggestion_dto import PruningSuggestionDto
from .query_request import QueryRequest
from .query_response import QueryResponse
from .rebuild_progress import RebuildProgress
from .search_result_dto import SearchResultDto
from .summarize_request import SummarizeRequest
from .summarize_request_level import SummarizeRequestLevel
from .summary_response import SummaryResponse
from .update_folder_request import UpdateFolderRequest
from .update_label_request import UpdateLabelRequest

__all__ = (
    "AuthErrorResponse",
    "ComponentHealth",
    "ContextAssembleRequest",
    "ConversationResponse",
    "CountResponse",
    "CreateConversationRequest",
    "CreateConversationResponse",
    "ErrorResponse",
    "ExecutePruneRequest",
    "FtsSearchRequest",
    "FtsSearchResponse",
    "HealthResponse",
    "HealthResponseChecks",
    "JsonObject",
    "LabelSuggestRequest",
    "LabelSuggestResponse",
    "LabelSuggestionDto",
    "McpConversationIdRequest",
    "McpConversationRecord",
    "McpExportConversation",
    "McpExportMessage",
    "McpMemoryExportData",
    "McpMemoryExportRequest",
    "McpMemoryExportResponse",
    "McpMemoryGetContextResponse",
    "McpMemoryPruneData",
    "McpMemoryPruneRequest",
    "McpMemoryPruneResponse",
    "McpMemorySearchData",
    "McpMemorySearchRequest",
    "McpMemorySearchResponse",
    "McpMemoryStatsData",
    "McpMemoryStatsRequest",
    "McpMemoryStatsResponse",
    "McpMemoryStoreData",
    "McpMemoryStoreRequest",
    "McpMemoryStoreResponse",
    "McpMemoryUpdateData",
    "McpMemoryUpdateRequest",
    "McpMemoryUpdateResponse",
    "McpSearchHit",
    "Message",
    "MessageDto",
    "PruneRequest",
    "PruneResponse",
    "PruningSuggestionDto",
    "QueryRequest",
    "QueryResponse",
    "RebuildProgress",
    "SearchResultDto",
    "SummarizeRequest",
    "SummarizeRequestLevel",
    "SummaryResponse",
    "UpdateFolderRequest",
    "UpdateLabelRequest",
)
