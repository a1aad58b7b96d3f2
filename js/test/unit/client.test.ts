import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import {
  AssembledContext,
  MemoryController,
  SekhaAPIError,
  SekhaAuthError,
  SekhaConfigError,
  SekhaConnectionError,
  SekhaDecodeError,
  SekhaError,
  SekhaNotFoundError,
  SekhaRateLimitError,
  SekhaServerError,
  SekhaUnsupportedError,
  SekhaValidationError,
  VERSION,
} from '../../src/index.js';
import { connectionRefused, empty, fixture, IDS, MockController, reply } from './mock.js';

const ID = IDS.conversation;
const KEY = 'sk-test-unit-key-0123456789abcdef';
const messages = [
  { role: 'user' as const, content: 'How do we handle auth?' },
  { role: 'assistant' as const, content: 'We use JWT tokens...' },
];

describe('conversations', () => {
  it('create sends label, folder and messages with the key, and reads the 201 body', async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    const created = await mock.client().create({ messages, label: 'Project:AI', folder: 'Work/2025' });
    const [sent] = mock.sent;
    expect(sent?.body).toEqual({ label: 'Project:AI', folder: 'Work/2025', messages });
    expect(sent?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(sent?.headers.get('content-type')).toBe('application/json');
    expect(sent?.headers.get('user-agent')).toBe(`sekha-js/${VERSION}`);
    expect(sent?.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.id).toBe(ID);
    expect(created.conversation_id).toBe(ID);
    expect(created.message_count).toBe(2);
    expect(created.created_at).toBeInstanceOf(Date);
    expect(created.created_at.toISOString()).toBe('2026-01-16T21:09:09.123Z'); // naive means UTC
  });

  it('create fills in the default label and folder, and passes an idempotency key', async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    await mock.client({ defaultLabel: 'Work' }).create({ messages }, { idempotencyKey: 'k-1' });
    await mock.client().createConversation({ messages, label: '' });
    expect(mock.sent[0]?.body).toMatchObject({ label: 'Work', folder: '/' });
    expect(mock.sent[0]?.headers.get('idempotency-key')).toBe('k-1');
    expect(mock.sent[1]?.body).toMatchObject({ label: '', folder: '/' });
  });

  it.each([
    [{ messages: [] }, 'at least one message'],
    [{ messages: 'hi' }, 'messages must be an array'],
    [{}, 'messages must be an array'],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 'role must be one of'],
    [{ messages: [{ role: 'user', content: '   ' }] }, 'has no text, tool call or attachment'],
    [{ messages: [{ role: 'user', content: 42 }] }, 'content must be text or a list of content parts'],
    [{ messages: [{ role: 'user', content: [{ type: 'weird' }] }] }, 'of type "weird" has no text'],
    [{ messages: [{ role: 'user' }] }, 'is missing content'],
    [{ messages: [{ content: 'x' }] }, 'is missing role'],
    [{ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c' }] }] }, 'must have a function'],
    [{ messages: [{ role: 'user', content: 'bad \ud800' }] }, 'not valid Unicode'],
    [{ messages: [null] }, 'must be a {role, content} object'],
    [{ messages, label: 5 }, 'label must be a string'],
  ])('create refuses %j before sending', async (request, message) => {
    const mock = new MockController();
    const error = await mock
      .client()
      .create(request as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaValidationError);
    expect((error as Error).message).toContain(message);
    expect(mock.sent).toHaveLength(0);
  });

  it('a 422 in plain text becomes SekhaValidationError carrying the text', async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('missing_field_422'));
    const error = (await mock
      .client()
      .create({ messages })
      .catch((e: unknown) => e)) as SekhaValidationError;
    expect(error).toBeInstanceOf(SekhaValidationError);
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(fixture('missing_field_422').body);
    expect(error.request).toEqual({ method: 'POST', path: '/api/v1/conversations' });
    expect(mock.sent).toHaveLength(1); // never retried
  });

  it('get reads a conversation; an unknown one is SekhaNotFoundError', async () => {
    const mock = new MockController().on(
      'GET',
      `/api/v1/conversations/${ID}`,
      reply('get_conversation_200'),
      reply('not_found_404'),
    );
    const client = mock.client();
    const conversation = await client.get(ID);
    expect(conversation).toMatchObject({
      id: ID,
      label: 'Project Planning',
      folder: '/projects/x',
      status: 'active',
      message_count: 0,
    });
    expect(conversation.created_at.toISOString()).toBe('2026-01-16T21:09:09.123Z');
    const error = (await client.getConversation(ID).catch((e: unknown) => e)) as SekhaNotFoundError;
    expect(error).toBeInstanceOf(SekhaNotFoundError);
    expect(error.message).toBe('Conversation not found');
    expect(error.body).toEqual({ error: 'Conversation not found', code: 404 });
  });

  it('an id that is not a UUID is SekhaNotFoundError without a request', async () => {
    const mock = new MockController();
    const client = mock.client();
    for (const call of [
      () => client.get('invalid-id'),
      () => client.pin('x'),
      () => client.archive('../etc'),
      () => client.delete(''),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(SekhaNotFoundError);
    }
    expect(mock.sent).toHaveLength(0);
  });

  it('list reads rows dressed as search hits as conversation summaries', async () => {
    const mock = new MockController().on('GET', '/api/v1/conversations', reply('list_conversations_200'));
    const page = await mock
      .client()
      .listConversations({ label: 'Project Planning', pinned: false, page: 1, pageSize: 20 });
    expect(mock.sent[0]?.query.toString()).toBe('page=1&page_size=20&label=Project+Planning&pinned=false');
    expect(page).toMatchObject({ total: 1, page: 1, page_size: 50, has_next: false });
    const updated = new Date('2026-01-16T21:09:09.123Z');
    expect(page.items).toEqual([
      {
        ...(fixture('list_conversations_200').body as { results: object[] }).results[0],
        timestamp: updated,
        id: ID,
        status: 'active',
        importance_score: 5,
        updated_at: updated,
        pinned: false,
        archived: false,
      },
    ]);
  });

  it('iterConversations pages until the total is reached, each conversation once', async () => {
    const row = (id: string): object => ({
      ...(fixture('list_conversations_200').body as { results: object[] }).results[0],
      conversation_id: id,
    });
    const ids = [
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000002',
      '00000000-0000-4000-8000-000000000003',
    ];
    const page = (results: object[], n: number): Response =>
      Response.json({ results, total: 3, page: n, page_size: 2 });
    const mock = new MockController().on('GET', '/api/v1/conversations', (sent) =>
      sent.query.get('page') === '1'
        ? page([row(ids[0] ?? ''), row(ids[1] ?? '')], 1)
        : page([row(ids[1] ?? ''), row(ids[2] ?? '')], 2),
    );
    const seen: string[] = [];
    for await (const conversation of mock.client().iterConversations({ pageSize: 2 })) {
      seen.push(conversation.id);
    }
    expect(seen).toEqual(ids);
    const lists = mock.sent.filter((s) => s.path === '/api/v1/conversations');
    // a whole pass, then the first row again: the list held still, so nothing was missed
    expect(lists.map((s) => [s.query.get('page'), s.query.get('page_size')])).toEqual([
      ['1', '2'],
      ['2', '2'],
      ['1', '1'],
    ]);
  });

  it('count reads {count}, and the 200 with an error as SekhaValidationError', async () => {
    const mock = new MockController().on(
      'GET',
      '/api/v1/conversations/count',
      reply('count_all_200'),
      reply('count_both_200'),
    );
    const client = mock.client();
    expect(await client.count()).toBe(3);
    await expect(client.countConversations({ label: 'x' })).rejects.toThrow('Cannot specify both label and folder');
    await expect(client.count({ label: 'a', folder: '/b' })).rejects.toBeInstanceOf(SekhaValidationError);
    expect(mock.sent.map((s) => s.query.toString())).toEqual(['', 'label=x']);
  });

  it('count answers a 500 with an empty body as SekhaServerError after retries', async () => {
    const mock = new MockController().on('GET', '/api/v1/conversations/count', reply('count_db_error_500'));
    const error = (await mock
      .client({ maxRetries: 1 })
      .count()
      .catch((e: unknown) => e)) as SekhaServerError;
    expect(error).toBeInstanceOf(SekhaServerError);
    expect(error.body).toBeUndefined();
    expect(error.message).toBe('Server error');
    expect(mock.sent).toHaveLength(2);
  });

  it('delete, pin and archive send their route and read the empty 200', async () => {
    const mock = new MockController()
      .on('DELETE', `/api/v1/conversations/${ID}`, empty())
      .on('PUT', `/api/v1/conversations/${ID}/pin`, empty())
      .on('PUT', `/api/v1/conversations/${ID}/archive`, empty());
    const client = mock.client();
    await expect(client.delete(ID.toUpperCase())).resolves.toBeUndefined();
    await expect(client.pin(ID)).resolves.toBeUndefined();
    await expect(client.archive(ID)).resolves.toBeUndefined();
    expect(mock.sent.map((s) => `${s.method} ${s.path}`)).toEqual([
      `DELETE /api/v1/conversations/${ID}`,
      `PUT /api/v1/conversations/${ID}/pin`,
      `PUT /api/v1/conversations/${ID}/archive`,
    ]);
    expect(mock.sent.every((s) => s.body === undefined)).toBe(true);
  });

  it('pin of an unknown id: the real controller answers 500, kept as SekhaServerError', async () => {
    const mock = new MockController().on('PUT', `/api/v1/conversations/${ID}/pin`, reply('entity_not_found_500'));
    const error = (await mock
      .client({ maxRetries: 0 })
      .pin(ID)
      .catch((e: unknown) => e)) as SekhaServerError;
    expect(error).toBeInstanceOf(SekhaServerError);
    expect(error.message).toContain('Entity not found');
  });

  it('updateLabel keeps the folder (read first), updateFolder keeps the label', async () => {
    const mock = new MockController()
      .on('GET', `/api/v1/conversations/${ID}`, reply('get_conversation_200'))
      .on('PUT', `/api/v1/conversations/${ID}/label`, empty());
    const client = mock.client();
    await client.updateLabel(ID, 'Project:AI-Archive');
    await client.updateLabel(ID, 'New', '/elsewhere');
    await client.updateFolder(ID, '/moved');
    const puts = mock.sent.filter((s) => s.method === 'PUT').map((s) => s.body);
    expect(puts).toEqual([
      { label: 'Project:AI-Archive', folder: '/projects/x' },
      { label: 'New', folder: '/elsewhere' },
      { label: 'Project Planning', folder: '/moved' },
    ]);
    expect(mock.sent.filter((s) => s.method === 'GET')).toHaveLength(2);
  });

  it('updateLabel of an unknown id is SekhaNotFoundError (the route answers 404 for every failure)', async () => {
    const mock = new MockController().on('PUT', `/api/v1/conversations/${ID}/label`, reply('label_not_found_404'));
    await expect(mock.client().updateLabel(ID, 'x', '/y')).rejects.toBeInstanceOf(SekhaNotFoundError);
  });
});

describe('search and context', () => {
  it('smartQuery sends the query and reads distances with similarity beside them', async () => {
    const mock = new MockController().on('POST', '/api/v1/query', reply('semantic_query_200'));
    const results = await mock.client().smartQuery('rust', { limit: 5, offset: 0, filters: { label: 'Learning' } });
    expect(mock.sent[0]?.body).toEqual({ query: 'rust', limit: 5, offset: 0, filters: { label: 'Learning' } });
    const [hit] = results.results;
    expect(hit?.score).toBe(0.41);
    expect(hit?.similarity).toBeCloseTo(0.795);
    expect(hit?.role).toBe('assistant');
    expect(hit?.timestamp.toISOString()).toBe('2026-01-16T21:09:09.123Z');
    expect(results).toMatchObject({ query: 'rust', limit: 5, total: 1 });
  });

  it('search with a label asks for more and keeps only that label', async () => {
    const mock = new MockController().on('POST', '/api/v1/query', reply('semantic_query_200'));
    const client = mock.client();
    expect(await client.search('rust', { label: 'Other', limit: 3 })).toEqual([]);
    expect(mock.sent[0]?.body).toEqual({ query: 'rust', limit: 15, offset: 0, filters: { label: 'Other' } });
    expect(await client.search('rust', { label: 'Learning' })).toHaveLength(1);
    expect(await client.search('JWT implementation', { limit: 10 })).toHaveLength(1);
  });

  it('search with the controller down answers no hits (200 empty)', async () => {
    const mock = new MockController().on('POST', '/api/v1/query', reply('semantic_query_down_200'));
    expect(await mock.client().search('anything')).toEqual([]);
  });

  it.each([
    ['', {}],
    ['q', { limit: 0 }],
    ['q', { limit: 1001 }],
    ['q', { limit: 2.5 }],
    ['q', { offset: -1 }],
  ])('smartQuery refuses %j %j before sending', async (query, options) => {
    const mock = new MockController();
    await expect(mock.client().smartQuery(query, options)).rejects.toBeInstanceOf(SekhaValidationError);
    expect(mock.sent).toHaveLength(0);
  });

  it('fullTextSearch reads stored messages; an FTS syntax error is SekhaServerError', async () => {
    const mock = new MockController().on('POST', '/api/v1/search/fts', reply('fts_200'), reply('fts_syntax_500'));
    const client = mock.client({ maxRetries: 0 });
    const [message] = await client.fullTextSearch('API endpoint', { limit: 3 });
    expect(mock.sent[0]?.body).toEqual({ query: 'API endpoint', limit: 3 });
    expect(message?.content).toBe('We need to build a new API endpoint');
    expect(message?.timestamp).toBeInstanceOf(Date);
    await expect(client.fullTextSearch("it's")).rejects.toBeInstanceOf(SekhaServerError);
  });

  it('assembleContext reads the bare array, drops repeats and renders citations', async () => {
    const body = fixture('context_assemble_200').body as object[];
    const mock = new MockController().on('POST', '/api/v1/context/assemble', Response.json([...body, ...body]));
    const context = await mock.client().assembleContext({ query: 'What is Rust?', tokenBudget: 500 });
    const assembly = mock.sent.find((s) => s.path === '/api/v1/context/assemble');
    expect(assembly?.body).toEqual({
      query: 'What is Rust?',
      preferred_labels: [],
      context_budget: 1000, // twice the budget: the real controller counts bytes / 4, the client fits the answer
      excluded_folders: [],
    });
    expect(context).toBeInstanceOf(AssembledContext);
    expect(context.length).toBe(1);
    expect(context.context).toBe('[Context Test · /test · 2026-01-16 21:09]\nuser: What is Rust?');
    expect(context.tokenCount).toBe(new TextEncoder().encode(context.context).length); // no tokenCounter: bytes
    expect(context.conversationsUsed).toEqual([ID]);
    expect(context.asSystemPrompt()).toBe(`Relevant memory from earlier conversations:\n\n${context.context}`);
    expect(context.asOpenAIMessages('hi')).toEqual([
      { role: 'system', content: context.asSystemPrompt() },
      { role: 'user', content: 'hi' },
    ]);
    expect(context.asAnthropicMessages('hi')).toEqual({
      system: context.asSystemPrompt(),
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('assembleContext treats labels as a hard filter and sends them as preferred labels', async () => {
    const mock = new MockController().on('POST', '/api/v1/context/assemble', reply('context_assemble_200'));
    const client = mock.client();
    const none = await client.assembleContext({
      query: 'authentication patterns',
      labels: ['Project:AI', 'Security'],
      tokenBudget: 8000,
    });
    const assemblies = (): unknown[] =>
      mock.sent.filter((s) => s.path === '/api/v1/context/assemble').map((s) => s.body);
    expect(assemblies()[0]).toEqual({
      query: 'authentication patterns',
      preferred_labels: ['Project:AI', 'Security'],
      context_budget: 32_000, // four times: what is out of scope is removed here
      excluded_folders: [],
    });
    expect(none.length).toBe(0);
    expect(none.asSystemPrompt()).toBe('Relevant memory from earlier conversations:\n(no relevant memory)');
    const kept = await client.assembleContext({ query: 'q', labels: ['Context Test'] });
    expect(kept.length).toBe(1);
    const boosted = await client.assembleContext({
      query: 'q',
      preferredLabels: ['Other'],
      excludedFolders: ['/private'],
    });
    expect(boosted.length).toBe(1);
    expect(assemblies()[2]).toMatchObject({
      preferred_labels: ['Other'],
      excluded_folders: ['/private'],
      context_budget: 16_000,
    });
  });

  it('assembleContext refuses a bad budget or labels before sending', async () => {
    const mock = new MockController();
    const client = mock.client();
    await expect(client.assembleContext({ query: 'q', tokenBudget: 0 })).rejects.toBeInstanceOf(SekhaValidationError);
    await expect(client.assembleContext({ query: 'q', labels: 'one' as never })).rejects.toBeInstanceOf(
      SekhaValidationError,
    );
    await expect(client.assembleContext({ query: ' ' })).rejects.toBeInstanceOf(SekhaValidationError);
    expect(mock.sent).toHaveLength(0);
  });
});

describe('intelligence', () => {
  it('generateSummary sends the level; an unknown level is refused before sending', async () => {
    const mock = new MockController().on('POST', '/api/v1/summarize', reply('summarize_200'));
    const client = mock.client();
    const summary = await client.generateSummary(ID, 'weekly');
    expect(mock.sent[0]?.body).toEqual({ conversation_id: ID, level: 'weekly' });
    expect(summary.generated_at).toBeInstanceOf(Date);
    expect(summary.summary.length).toBeGreaterThan(0);
    await expect(client.generateSummary(ID, 'yearly' as never)).rejects.toBeInstanceOf(SekhaValidationError);
    expect(mock.sent).toHaveLength(1);
  });

  it('getPruningSuggestions reads suggestions with id and reason', async () => {
    const mock = new MockController().on('POST', '/api/v1/prune/dry-run', reply('prune_dry_run_200'));
    const suggestions = await mock.client().getPruningSuggestions();
    expect(mock.sent[0]?.body).toEqual({ threshold_days: 30 });
    expect(suggestions.length).toBeGreaterThan(0);
    for (const suggestion of suggestions) {
      expect(suggestion.id).toBe(suggestion.conversation_id);
      expect(suggestion.reason.startsWith(`${suggestion.recommendation}: `)).toBe(true);
      expect(suggestion.should_archive).toBe(suggestion.recommendation === 'archive');
      expect(suggestion.last_accessed).toBeInstanceOf(Date);
    }
  });

  it('executePrune sends the ids once each', async () => {
    const mock = new MockController().on('POST', '/api/v1/prune/execute', empty());
    await mock.client().executePrune([ID, ID.toUpperCase()]);
    expect(mock.sent[0]?.body).toEqual({ conversation_ids: [ID] });
    await expect(mock.client().executePrune(ID as never)).rejects.toBeInstanceOf(SekhaValidationError);
  });

  it('suggestLabels reads the suggestions; autoLabel applies the best above the threshold', async () => {
    const mock = new MockController()
      .on('POST', '/api/v1/labels/suggest', reply('label_suggest_200'))
      .on('GET', `/api/v1/conversations/${ID}`, reply('get_conversation_200'))
      .on('PUT', `/api/v1/conversations/${ID}/label`, empty());
    const client = mock.client();
    const suggestions = await client.suggestLabels(ID);
    expect(suggestions.length).toBeGreaterThan(0);
    expect(await client.autoLabel(ID, { threshold: 2 })).toBeNull();
    const best = await client.autoLabel(ID, { threshold: 0.1 });
    expect(best?.label).toBe(suggestions[0]?.label);
    expect(mock.sent.at(-1)?.body).toEqual({ label: best?.label, folder: '/projects/x' });
  });

  it('setImportance raises SekhaUnsupportedError when the controller keeps another score', async () => {
    const mock = new MockController()
      .on('POST', '/mcp/tools/memory_update', reply('mcp_update_200'))
      .on('POST', '/mcp/tools/memory_get_context', reply('mcp_get_context_200'));
    const client = mock.client();
    expect(await client.getImportance(ID)).toBe(5);
    await expect(client.setImportance(ID, 9)).rejects.toBeInstanceOf(SekhaUnsupportedError);
    expect(await client.setImportance(ID, 5)).toBe(5);
  });
});

describe('system', () => {
  it('health reads the healthy body, and a 503 with an empty body as unhealthy', async () => {
    const mock = new MockController().on('GET', '/health', reply('health_200'), reply('health_unhealthy_503'));
    const client = mock.client({ maxRetries: 0 });
    const healthy = await client.health();
    expect(healthy).toMatchObject({
      status: 'healthy',
      http_status: 200,
      healthy: true,
      checks: { database: { status: 'ok' } },
    });
    expect(healthy.timestamp?.toISOString()).toBe('2026-01-16T21:09:09.123Z');
    const sick = await client.health();
    expect(sick).toEqual({ status: 'unhealthy', http_status: 503, timestamp: null, checks: {}, healthy: false });
  });

  it('health reads the local controller 503 with detail', async () => {
    const body = {
      status: 'unhealthy',
      timestamp: '2026-01-16T21:09:09+00:00',
      checks: { embedder: { status: 'error', error: 'down' } },
    };
    const mock = new MockController().on('GET', '/health', Response.json(body, { status: 503 }));
    const health = await mock.client({ maxRetries: 0 }).health();
    expect(health).toMatchObject({ status: 'unhealthy', http_status: 503, healthy: false, checks: body.checks });
  });

  it('metrics is the text as sent, never parsed as JSON', async () => {
    const mock = new MockController().on('GET', '/metrics', reply('metrics_200'));
    expect(await mock.client().metrics()).toBe(fixture('metrics_200').body);
  });

  it('rebuildEmbeddings reads the empty 202', async () => {
    const mock = new MockController().on('POST', '/api/v1/rebuild-embeddings', empty(202));
    await expect(mock.client().rebuildEmbeddings()).resolves.toBeUndefined();
  });
});

describe('MCP tools', () => {
  it('memoryStore sends the bearer key and importance, answers the id', async () => {
    const mock = new MockController().on('POST', '/mcp/tools/memory_store', reply('mcp_store_200'));
    const id = await mock.client().memoryStore(messages, { label: 'L', folder: '/f', importanceScore: 8 });
    expect(id).toBe((fixture('mcp_store_200').body as { data: { conversation_id: string } }).data.conversation_id);
    expect(mock.sent[0]?.body).toEqual({ label: 'L', folder: '/f', messages, importance_score: 8 });
    expect(mock.sent[0]?.headers.get('idempotency-key')).toBeTruthy();
    await expect(mock.client().memoryStore(messages, { importanceScore: 11 })).rejects.toBeInstanceOf(
      SekhaValidationError,
    );
  });

  it('a wrong key on MCP is SekhaAuthError with the server text', async () => {
    const mock = new MockController().on('POST', '/mcp/tools/memory_store', reply('mcp_invalid_key_401'));
    const error = (await mock
      .client()
      .memoryStore(messages)
      .catch((e: unknown) => e)) as SekhaAuthError;
    expect(error).toBeInstanceOf(SekhaAuthError);
    expect(error.message).toBe('Invalid API key');
    expect(mock.sent).toHaveLength(1);
  });

  it('memorySearch, memoryUpdate, memoryGetContext, memoryPrune, memoryExport, memoryStats read their envelopes', async () => {
    const mock = new MockController()
      .on('POST', '/mcp/tools/memory_search', reply('mcp_search_200'))
      .on('POST', '/mcp/tools/memory_update', reply('mcp_update_200'))
      .on('POST', '/mcp/tools/memory_get_context', reply('mcp_get_context_200'))
      .on('POST', '/mcp/tools/memory_prune', reply('mcp_prune_200'))
      .on('POST', '/mcp/tools/memory_export', reply('mcp_export_200'))
      .on(
        'POST',
        '/mcp/tools/memory_stats',
        reply('mcp_stats_200'),
        reply('mcp_stats_label_200'),
        reply('mcp_stats_both_200'),
      );
    const client = mock.client();
    const found = await client.memorySearch('rust', { limit: 3 });
    expect(found.results[0]?.timestamp.toISOString()).toBe('2026-01-16T21:09:09.123Z'); // space-separated
    expect(found.total).toBe(1);
    const updated = await client.memoryUpdate(ID, { label: 'x', importanceScore: 7 });
    expect(mock.sent[1]?.body).toEqual({ conversation_id: ID, label: 'x', importance_score: 7 });
    expect(updated.updated_fields.length).toBeGreaterThan(0);
    const record = await client.memoryGetContext(ID);
    expect(record.updated_at).toBeInstanceOf(Date);
    expect(record.pinned).toBe(record.importance_score >= 10);
    const report = await client.memoryPrune({ thresholdDays: 10, importanceThreshold: 4.5 });
    expect(mock.sent[3]?.body).toEqual({ threshold_days: 10, importance_threshold: 4.5 });
    expect(Array.isArray(report.suggestions)).toBe(true);
    const exported = await client.memoryExport(ID);
    expect(exported.conversation.created_at.toISOString()).toBe('2026-01-16T21:09:09.123Z');
    expect(exported.messages[0]?.content).toBe('Rust is a systems language');
    expect(await client.getMessages(ID)).toHaveLength(1);
    expect((await client.memoryStats()).total_conversations).toBeGreaterThanOrEqual(0);
    expect((await client.memoryStats({ label: 'Learning' })).labels).toBeDefined();
    await expect(client.memoryStats({ folder: '/x' })).rejects.toThrow('Cannot specify both folder and label'); // success false
    await expect(client.memoryStats({ folder: '/x', label: 'y' })).rejects.toBeInstanceOf(SekhaValidationError);
  });

  it('an MCP 404 with an empty body is SekhaNotFoundError', async () => {
    const mock = new MockController().on('POST', '/mcp/tools/memory_export', reply('mcp_not_found_404'));
    const error = (await mock
      .client()
      .exportConversation(ID)
      .catch((e: unknown) => e)) as SekhaNotFoundError;
    expect(error).toBeInstanceOf(SekhaNotFoundError);
    expect(error.body).toBeUndefined();
  });
});

describe('errors and configuration', () => {
  it('a 429 in plain text, retried then reported as SekhaRateLimitError', async () => {
    const mock = new MockController().on('GET', '/api/v1/conversations', reply('rate_limited_429'));
    const error = (await mock
      .client({ maxRetries: 2 })
      .list()
      .catch((e: unknown) => e)) as SekhaRateLimitError;
    expect(error).toBeInstanceOf(SekhaRateLimitError);
    expect(error.message).toBe('Rate limit exceeded. Please try again later.');
    expect(error.retryAfterMs).toBeUndefined();
    expect(mock.sent).toHaveLength(3);
  });

  it('a success body that is not JSON is SekhaDecodeError', async () => {
    const mock = new MockController().on(
      'GET',
      `/api/v1/conversations/${ID}`,
      new Response('{"id":', { headers: { 'content-type': 'application/json' } }),
    );
    await expect(mock.client().get(ID)).rejects.toBeInstanceOf(SekhaDecodeError);
  });

  it('a success body with a broken timestamp is SekhaDecodeError', async () => {
    const body = { ...(fixture('get_conversation_200').body as object), created_at: 'yesterday' };
    const mock = new MockController().on('GET', `/api/v1/conversations/${ID}`, Response.json(body));
    await expect(mock.client().get(ID)).rejects.toBeInstanceOf(SekhaDecodeError);
  });

  it('an unreachable controller is SekhaConnectionError, and creates retry it', async () => {
    const mock = new MockController().on(
      'POST',
      '/api/v1/conversations',
      connectionRefused(),
      connectionRefused(),
      reply('create_conversation_201'),
    );
    expect((await mock.client().create({ messages })).id).toBe(ID);
    const down = new MockController().on('GET', '/health', connectionRefused());
    const error = await down
      .client({ maxRetries: 1 })
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaConnectionError);
    expect(error).toBeInstanceOf(SekhaError);
    expect(error).not.toBeInstanceOf(SekhaAPIError);
  });

  it.each([
    [{ apiKey: '' }, 'apiKey is required'],
    [{ apiKey: 'with space' }, 'visible ASCII'],
    [{ apiKey: 'ключ-0123456789' }, 'visible ASCII'],
    [{ baseURL: 'ftp://x' }, 'http:// or https://'],
    [{ baseURL: 'not a url' }, 'http:// or https://'],
    [{ timeout: 0 }, 'timeout must be a positive'],
    [{ timeout: Number.POSITIVE_INFINITY }, 'timeout must be a positive'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ maxRetries: 1.5 }, 'maxRetries'],
    [{ rateLimit: 0 }, 'rateLimit'],
  ])('refuses the configuration %j', (config, message) => {
    const build = (): MemoryController => new MemoryController({ apiKey: KEY, ...config });
    expect(build).toThrow(SekhaConfigError);
    expect(build).toThrow(message);
  });

  it('reads SEKHA_API_KEY and SEKHA_BASE_URL when not given', () => {
    process.env.SEKHA_API_KEY = KEY;
    process.env.SEKHA_BASE_URL = 'http://127.0.0.1:9999/';
    try {
      const client = new MemoryController();
      expect(client.config.baseURL).toBe('http://127.0.0.1:9999');
    } finally {
      delete process.env.SEKHA_API_KEY;
      delete process.env.SEKHA_BASE_URL;
    }
    expect(() => new MemoryController()).toThrow(SekhaConfigError);
  });

  it('never shows the key: not in inspect, JSON, config or errors', async () => {
    const mock = new MockController().on('POST', '/mcp/tools/memory_store', reply('mcp_invalid_key_401'));
    const client = mock.client();
    const error = await client.memoryStore(messages).catch((e: unknown) => e);
    const refused = (() => {
      try {
        return new MemoryController({ apiKey: `${KEY} x` });
      } catch (e) {
        return e;
      }
    })();
    for (const shown of [
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client.config),
      inspect(client.api, { depth: 10 }),
      inspect(error, { depth: 10, showHidden: true }),
      String(error),
      inspect(refused, { depth: 10 }),
    ]) {
      expect(shown).not.toContain(KEY);
    }
  });

  it('the generated functions on memory.api get the key, the retries and the error mapping', async () => {
    const { getConversation } = await import('../../src/api.js');
    const mock = new MockController().on(
      'GET',
      `/api/v1/conversations/${ID}`,
      new Response('', { status: 503 }),
      reply('not_found_404'),
    );
    const client = mock.client();
    const { error, response } = await getConversation({ client: client.api, path: { id: ID } });
    expect(error).toBeInstanceOf(SekhaNotFoundError);
    expect(response.status).toBe(404);
    expect(mock.sent).toHaveLength(2);
    expect(mock.sent[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('VERSION matches package.json', async () => {
    const { readFile } = await import('node:fs/promises');
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
