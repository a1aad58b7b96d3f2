"""sekha: the Python SDK for the Sekha AI memory controller.

from sekha import SekhaClient, ClientConfig, NewConversation, MessageDto

async with SekhaClient(ClientConfig(api_key="…")) as client:
    stored = await client.create_conversation(NewConversation(label="Project:AI", folder="/work",
        messages=[MessageDto(role="user", content="What is the token limit for Claude?")]))
    hits = await client.smart_query("token limits")

The model names here are the generated ``sekha_api.models`` classes (see ``sekha.models``),
each imported on first use.
"""

from typing import TYPE_CHECKING, Any

from sekha import models as _models
from sekha._async.client import SekhaClient
from sekha._context import AssembledContext
from sekha._sync.client import SyncSekhaClient
from sekha._version import __version__
from sekha.config import ClientConfig, InsecureTransportWarning, MemoryConfig
from sekha.controller import MemoryController
from sekha.errors import (
    SekhaAPIError,
    SekhaAuthError,
    SekhaClientClosedError,
    SekhaConfigError,
    SekhaConnectionError,
    SekhaDecodeError,
    SekhaError,
    SekhaMissingExtraError,
    SekhaNotFoundError,
    SekhaRateLimitError,
    SekhaServerError,
    SekhaTimeoutError,
    SekhaUnsupportedError,
    SekhaUnsupportedWarning,
    SekhaValidationError,
)
from sekha.lowlevel import ApiClient, api_client

if TYPE_CHECKING:
    from sekha_api.models import (
        Conversation,
        ConversationExport,
        ConversationPage,
        ConversationSummary,
        CreatedConversation,
        Health,
        LabelSuggestion,
        MessageDto,
        NewConversation,
        PruningSuggestion,
        QueryResponse,
        SearchHit,
        StoredMessage,
        Summary,
    )

__all__ = [
    "ApiClient",
    "AssembledContext",
    "ClientConfig",
    "Conversation",
    "ConversationExport",
    "ConversationPage",
    "ConversationSummary",
    "CreatedConversation",
    "Health",
    "InsecureTransportWarning",
    "LabelSuggestion",
    "MemoryConfig",
    "MemoryController",
    "MessageDto",
    "NewConversation",
    "PruningSuggestion",
    "QueryResponse",
    "SearchHit",
    "SekhaAPIError",
    "SekhaAuthError",
    "SekhaClient",
    "SekhaClientClosedError",
    "SekhaConfigError",
    "SekhaConnectionError",
    "SekhaDecodeError",
    "SekhaError",
    "SekhaMissingExtraError",
    "SekhaNotFoundError",
    "SekhaRateLimitError",
    "SekhaServerError",
    "SekhaTimeoutError",
    "SekhaUnsupportedError",
    "SekhaUnsupportedWarning",
    "SekhaValidationError",
    "StoredMessage",
    "Summary",
    "SyncSekhaClient",
    "__version__",
    "api_client",
]


def __getattr__(name: str) -> Any:
    """The model names of ``__all__``, which are not loaded until first asked for."""
    if name in __all__:
        return getattr(_models, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
