"""sekha: the Python SDK for the Sekha AI memory controller.

from sekha import SekhaClient, ClientConfig, NewConversation, MessageDto

async with SekhaClient(ClientConfig(api_key="…")) as client:
    stored = await client.create_conversation(NewConversation(label="Project:AI", folder="/work",
        messages=[MessageDto(role="user", content="What is the token limit for Claude?")]))
    hits = await client.smart_query("token limits")
"""

__version__ = "0.1.0"

from sekha._async.client import SekhaClient
from sekha._sync.client import SyncSekhaClient
from sekha.config import ClientConfig, InsecureTransportWarning, MemoryConfig
from sekha.controller import MemoryController
from sekha.errors import (
    SekhaAPIError,
    SekhaAuthError,
    SekhaConnectionError,
    SekhaDecodeError,
    SekhaError,
    SekhaNotFoundError,
    SekhaRateLimitError,
    SekhaServerError,
    SekhaTimeoutError,
    SekhaUnsupportedError,
    SekhaValidationError,
)
from sekha.lowlevel import api_client
from sekha.models import (
    AssembledContext,
    Conversation,
    ConversationExport,
    ConversationSummary,
    Health,
    LabelSuggestion,
    MessageDto,
    NewConversation,
    Page,
    PruningSuggestion,
    SearchHit,
    SearchResults,
    StoredMessage,
    Summary,
)

__all__ = [
    "AssembledContext",
    "ClientConfig",
    "Conversation",
    "ConversationExport",
    "ConversationSummary",
    "Health",
    "InsecureTransportWarning",
    "LabelSuggestion",
    "MemoryConfig",
    "MemoryController",
    "MessageDto",
    "NewConversation",
    "Page",
    "PruningSuggestion",
    "SearchHit",
    "SearchResults",
    "SekhaAPIError",
    "SekhaAuthError",
    "SekhaClient",
    "SekhaConnectionError",
    "SekhaDecodeError",
    "SekhaError",
    "SekhaNotFoundError",
    "SekhaRateLimitError",
    "SekhaServerError",
    "SekhaTimeoutError",
    "SekhaUnsupportedError",
    "SekhaValidationError",
    "StoredMessage",
    "Summary",
    "SyncSekhaClient",
    "__version__",
    "api_client",
]
