"""Memory for the frameworks and hosts LLM apps run in, each behind its own extra.

* :mod:`sekha.integrations.mcp`: a Model Context Protocol server (``sekha mcp``; extra ``mcp``)
  for Claude Desktop, Cursor and other MCP hosts.
* :mod:`sekha.integrations.langchain`: LangChain's chat message history and retriever
  (extra ``langchain``).
"""
