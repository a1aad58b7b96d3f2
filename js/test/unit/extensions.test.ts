/**
 * What the local controller adds, used only where announced, and what the client does against
 * the real controller instead (the Python suite's tests/unit/test_extensions.py); and the
 * client's own promises: deletes whose answer was lost, closing, keys.
 */

import { inspect } from 'node:util';

import { afterEach, describe, expect, it, vi } from 'vitest';

import {
  SekhaClientClosedError,
  SekhaConfigError,
  SekhaNotFoundError,
  SekhaUnsupportedError,
  SekhaValidationError,
} from '../../src/errors.js';
import { connectionReset, fixture, IDS, localHealth, MockController, reply } from './mock.js';

const ID = IDS.conversation;
const conversation = {
  id: ID,
  label: 'Learning',
  folder: '/edu',
  status: 'active',
  message_count: 3,
  created_at: '2026-01-16T21:09:09.123456789',
};
const said = (spy: { mock: { calls: unknown[][] } }): string[] => spy.mock.calls.map(([w]) => (w as Error).name);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('addMessages', () => {
  it('appends through the extension route with one key across retries', async () => {
    const mock = new MockController()
      .on('GET', '/health', localHealth())
      .on('POST', `/api/v1/conversations/${ID}/messages`, connectionReset(), Response.json(conversation));
    const grown = await mock
      .client()
      .addMessages(ID, [{ role: 'developer', content: [{ type: 'text', text: 'More.' }] }]);
    expect(grown.message_count).toBe(3);
    expect(grown.created_at).toBeInstanceOf(Date);
    const appends = mock.sent.filter((s) => s.method === 'POST');
    expect(appends).toHaveLength(2); // replayed: the server honours Idempotency-Key
    expect(appends[0]?.body).toEqual({ messages: [{ role: 'system', content: 'More.' }] });
    expect(new Set(appends.map((s) => s.headers.get('idempotency-key'))).size).toBe(1);
  });

  it('says what to do instead against the real controller', async () => {
    const mock = new MockController();
    const error = await mock
      .client()
      .addMessages(ID, [{ role: 'user', content: 'x' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaUnsupportedError);
    expect((error as Error).message).toContain('store them as a new conversation with create(');
    expect(mock.sent.map((s) => s.path)).toEqual(['/health']);
  });

  it('checks its input before sending anything', async () => {
    const mock = new MockController().on('GET', '/health', localHealth());
    const client = mock.client();
    await expect(client.addMessages(ID, [])).rejects.toThrow('add at least one message');
    await expect(client.addMessages('not-a-uuid', [{ role: 'user', content: 'x' }])).rejects.toBeInstanceOf(
      SekhaNotFoundError,
    );
    await expect(client.addMessages(ID, [{ role: 'robot', content: 'x' }])).rejects.toBeInstanceOf(
      SekhaValidationError,
    );
    expect(mock.sent).toHaveLength(0);
  });
});

describe('original times', () => {
  const withTimes = {
    label: 'Import',
    folder: '/import',
    createdAt: '2025-03-01T09:00:00',
    messages: [
      { role: 'user', content: 'then', created_at: new Date('2025-03-01T09:00:00.250Z') },
      { role: 'assistant', content: 'now', created_at: '2025-03-01T10:00:00.123456+01:00' },
    ],
  };

  it('are sent, as UTC, where original_timestamps is announced', async () => {
    const mock = new MockController()
      .on('GET', '/health', localHealth())
      .on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    await mock.client().create(withTimes);
    expect(mock.sent.find((s) => s.method === 'POST')?.body).toEqual({
      label: 'Import',
      folder: '/import',
      created_at: '2025-03-01T09:00:00Z', // no offset means UTC
      messages: [
        { role: 'user', content: 'then', created_at: '2025-03-01T09:00:00.250000Z' },
        { role: 'assistant', content: 'now', created_at: '2025-03-01T09:00:00.123456Z' },
      ],
    });
  });

  it('are dropped with one SekhaUnsupportedWarning against the real controller', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const mock = new MockController()
      .on('POST', '/api/v1/conversations', reply('create_conversation_201'))
      .on('POST', '/mcp/tools/memory_store', reply('mcp_store_200'));
    const client = mock.client();
    await client.create(withTimes);
    await client.memoryStore(withTimes.messages, { label: 'Import' });
    const bodies = mock.sent.filter((s) => s.method === 'POST').map((s) => s.body as { messages: object[] });
    expect(bodies[0]).toEqual({
      label: 'Import',
      folder: '/import',
      messages: [
        { role: 'user', content: 'then' },
        { role: 'assistant', content: 'now' },
      ],
    });
    expect(bodies[1]?.messages).toEqual([
      { role: 'user', content: 'then' },
      { role: 'assistant', content: 'now' },
    ]);
    expect(said(warnings)).toEqual(['SekhaUnsupportedWarning']);
    expect((warnings.mock.calls[0]?.[0] as Error).message).toContain('original_timestamps');
  });

  it.each([
    ['1969-12-31T23:59:59Z', 'before 1970'],
    [new Date(Date.now() + 3 * 86_400_000), 'in the future'],
    ['yesterday', 'must be an ISO 8601 time'],
    [42, 'must be a Date or ISO 8601 text'],
    [new Date(Number.NaN), 'invalid Date'],
  ])('refuses %s before sending', async (createdAt, error) => {
    const mock = new MockController();
    await expect(
      mock.client().create({ messages: [{ role: 'user', content: 'x' }], createdAt: createdAt as never }),
    ).rejects.toThrow(error);
    expect(mock.sent).toHaveLength(0);
  });
});

describe('unpin and unarchive', () => {
  const record = (overrides: object): Response => {
    const body = structuredClone(fixture('mcp_get_context_200').body) as { data: object };
    body.data = { ...body.data, ...overrides };
    return Response.json(body);
  };

  it('are done through the MCP update tool and checked', async () => {
    const mock = new MockController()
      .on('POST', '/mcp/tools/memory_update', reply('mcp_update_200'))
      .on('POST', '/mcp/tools/memory_get_context', record({ importance_score: 5, status: 'active' }));
    const client = mock.client();
    await client.unpin(ID);
    await client.unarchive(ID);
    const updates = mock.sent.filter((s) => s.path === '/mcp/tools/memory_update').map((s) => s.body);
    expect(updates).toEqual([
      { conversation_id: ID, importance_score: 5 },
      { conversation_id: ID, status: 'active' },
    ]);
  });

  it('report a server that says it updated and kept them (the real controller)', async () => {
    const mock = new MockController()
      .on('POST', '/mcp/tools/memory_update', reply('mcp_update_200'))
      .on('POST', '/mcp/tools/memory_get_context', record({ importance_score: 10, status: 'archived' }));
    const client = mock.client();
    await expect(client.unpin(ID)).rejects.toThrow(/kept the conversation pinned \(importance 10\); it cannot unpin/);
    const error = await client.unarchive(ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaUnsupportedError);
    expect((error as Error).message).toContain('export it (exportConversation) and store it again');
  });
});

describe('delete', () => {
  it('is a success when a 404 follows an attempt whose answer was lost', async () => {
    const mock = new MockController().on(
      'DELETE',
      `/api/v1/conversations/${ID}`,
      connectionReset(),
      reply('not_found_404'),
    );
    await expect(mock.client().delete(ID)).resolves.toBeUndefined();
    expect(mock.sent).toHaveLength(2);
  });

  it.each([
    ['alone', [reply('not_found_404')]],
    ['after a 429', [reply('rate_limited_429'), reply('not_found_404')]],
  ])('is still SekhaNotFoundError for a 404 %s', async (_what, answers) => {
    const mock = new MockController().on('DELETE', `/api/v1/conversations/${ID}`, ...answers);
    const error = await mock
      .client()
      .deleteConversation(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaNotFoundError);
    expect((error as SekhaNotFoundError).statusCode).toBe(404);
  });
});

describe('a closed client', () => {
  it('refuses every call, sending nothing', async () => {
    const mock = new MockController().on('GET', '/health', localHealth());
    const client = mock.client();
    await client.capabilities();
    client.close();
    expect(client.closed).toBe(true);
    const calls = [
      () => client.get(ID),
      () => client.create({ messages: [{ role: 'user', content: 'x' }] }),
      () => client.delete(ID),
      () => client.listConversations(),
      () => client.assembleContext({ query: 'q' }),
      () => client.export(),
      () => client.api.get({ url: '/health', throwOnError: true }),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SekhaClientClosedError);
      expect((error as Error).message).toContain('closed');
    }
    expect(mock.sent).toHaveLength(1);
  });
});

describe('keys', () => {
  it.each([
    ['Cyrillic', 'sk-test-ключ-0123456789'],
    ['an accent', 'sk-tést-0123456789abcdef'],
    ['an emoji', 'sk-test-🔑-0123456789abcdef'],
    ['a no-break space', 'sk-test\u00a00123456789abcdef'],
    ['a tab', 'sk-test\t0123456789abcdef'],
    ['DEL', 'sk-test\u007f0123456789abcdef'],
    ['NUL', 'sk-test\u00000123456789abcdef'],
  ])('refuse a key with %s, saying where and never showing it', (_what, key) => {
    let error: unknown;
    try {
      new MockController().client({ apiKey: key });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SekhaConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/apiKey must be visible ASCII .*character \d+ of \d+ is/);
    expect(message).not.toContain(key);
    expect(message).not.toContain('0123456789');
    expect(inspect(error, { depth: 5 })).not.toContain('0123456789');
  });
});
