/**
 * Context you would paste: scoped, within its budget as rendered, grouped by conversation in
 * stored order, and handed to an LLM in a shape its API accepts (the Python SDK's rules, from
 * tests/unit/test_context.py).
 */

import { afterEach, describe, expect, it, vi } from 'vitest';

import { SekhaUnsupportedError, SekhaValidationError } from '../../src/errors.js';
import { fit, inFolders, render, storedOrder, contextMessageFrom } from '../../src/context.js';
import { storedMessageFrom } from '../../src/models.js';
import { utf8Bytes } from '../../src/tokens.js';
import { localHealth, MockController } from './mock.js';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
let serial = 0;

/** A message as context assembly answers it, with its citation. */
function chosen(
  conversation: string,
  content: string,
  options: { role?: string; label?: string; folder?: string; time?: string } = {},
): Record<string, unknown> {
  serial += 1;
  const time = options.time ?? '2026-01-16T21:09:09.123456789';
  return {
    id: `00000000-0000-4000-9000-${String(serial).padStart(12, '0')}`,
    conversation_id: conversation,
    role: options.role ?? 'user',
    content,
    timestamp: time,
    embedding_id: null,
    metadata: {
      citation: {
        label: options.label ?? 'Work',
        folder: options.folder ?? '/work',
        timestamp: time.replace('T', ' '),
      },
    },
  };
}

function assembled(messages: Record<string, unknown>[]): Response {
  return Response.json(messages);
}

const local = (): MockController => new MockController().on('GET', '/health', localHealth());

afterEach(() => {
  vi.restoreAllMocks();
});

describe('rendering', () => {
  it('puts one citation line over each run of a conversation, with the time of its first message', () => {
    const lines = [
      chosen(A, 'What broker?', { time: '2026-01-16T10:00:00' }),
      chosen(A, 'Kafka.', { role: 'assistant', time: '2026-01-16T10:00:05' }),
      chosen(B, 'And retention?', { label: 'Ops', folder: '/ops', time: '2026-01-17T08:30:00' }),
    ].map((m) => contextMessageFrom(storedMessageFrom(m as never)));
    expect(render(lines)).toBe(
      '[Work · /work · 2026-01-16 10:00]\nuser: What broker?\nassistant: Kafka.\n\n[Ops · /ops · 2026-01-17 08:30]\nuser: And retention?',
    );
  });

  it('groups by conversation, best conversation first, each in time order then stored position', () => {
    const [a1, b1, a0, a2] = [
      chosen(A, 'a1', { time: '2026-01-16T10:00:01' }),
      chosen(B, 'b1'),
      chosen(A, 'a0', { time: '2026-01-16T10:00:00' }),
      chosen(A, 'a2', { time: '2026-01-16T10:00:01' }),
    ].map((m) => contextMessageFrom(storedMessageFrom(m as never)));
    const positions = new Map([
      [a2?.message.id ?? '', 0],
      [a1?.message.id ?? '', 1],
    ]); // a2 and a1 share a time; their place in the conversation decides
    const order = storedOrder(positions)([a1, b1, a0, a2].filter((m) => m !== undefined));
    expect(order.map((m) => m.message.content)).toEqual(['a0', 'a2', 'a1', 'b1']);
  });

  it('fits the rendering, citations included, dropping the worst-ranked first', () => {
    const ranked = ['first, the best', 'second', 'third, the worst of them'].map((text, i) =>
      contextMessageFrom(storedMessageFrom(chosen(i === 1 ? B : A, text) as never)),
    );
    for (const budget of [10, 40, 60, 80, 120, 1000]) {
      const kept = fit(ranked, budget, storedOrder(), utf8Bytes);
      expect(utf8Bytes(render(kept))).toBeLessThanOrEqual(budget);
      const left = ranked.filter((m) => !kept.includes(m));
      for (const out of left) {
        // what was left out could not have been added to what was kept
        expect(utf8Bytes(render(storedOrder()([...kept, out])))).toBeGreaterThan(budget);
      }
    }
    expect(fit(ranked, 1000, storedOrder(), utf8Bytes)).toHaveLength(3);
  });

  it('reads a folder as holding the folders under it, not its prefixes', () => {
    expect(inFolders('/team/projects', ['/team'])).toBe(true);
    expect(inFolders('/team', ['/team/'])).toBe(true);
    expect(inFolders('/teamwork', ['/team'])).toBe(false);
    expect(inFolders('/anything', ['/'])).toBe(true);
    expect(inFolders('/x', [''])).toBe(false);
  });
});

describe('assembleContext on the local controller', () => {
  it('lets the server scope, floor and order, and fits its answer', async () => {
    const mock = local().on(
      'POST',
      '/api/v1/context/assemble',
      assembled([chosen(A, 'Kafka it is.', { label: 'Project:AI', folder: '/team/projects' })]),
    );
    const context = await mock.client().assembleContext({
      query: 'which broker',
      labels: ['Project:AI'],
      folders: ['/team'],
      preferredLabels: ['Security'],
      tokenBudget: 300,
      minRelevance: 0.35,
    });
    const body = mock.sent.find((s) => s.path === '/api/v1/context/assemble')?.body;
    expect(body).toEqual({
      query: 'which broker',
      preferred_labels: ['Security'],
      context_budget: 300, // the server fits its rendering itself: no overfetch
      excluded_folders: [],
      labels: ['Project:AI'],
      folders: ['/team'],
      min_relevance: 0.35,
    });
    expect(context.context).toBe('[Project:AI · /team/projects · 2026-01-16 21:09]\nuser: Kafka it is.');
    expect(mock.sent.filter((s) => s.path === '/health')).toHaveLength(1);
  });

  it('keeps the order the server answered, and the budget as the client counts it', async () => {
    const answer = [chosen(B, 'b: the best conversation'), chosen(A, 'a: '.padEnd(400, 'x'))];
    const mock = local().on('POST', '/api/v1/context/assemble', assembled(answer));
    const context = await mock.client({ tokenCounter: (t) => Math.ceil(t.length / 4) }).assembleContext({
      query: 'q',
      tokenBudget: 40,
    });
    expect(context.messages.map((m) => m.message.content)).toEqual(['b: the best conversation']);
    expect(context.tokenCount).toBe(Math.ceil(context.context.length / 4));
    expect(context.tokenCount).toBeLessThanOrEqual(40);
  });
});

describe('assembleContext on the real controller', () => {
  it('asks for more, removes what is out of scope here, and never returns it', async () => {
    const mock = new MockController().on(
      'POST',
      '/api/v1/context/assemble',
      assembled([
        chosen(A, 'in scope', { label: 'Project:AI', folder: '/team/projects' }),
        chosen(B, 'other label', { label: 'Private', folder: '/team' }),
        chosen(B, 'other folder', { label: 'Project:AI', folder: '/teamwork' }),
        chosen(B, 'excluded', { label: 'Project:AI', folder: '/team/secret' }),
      ]),
    );
    const context = await mock.client().assembleContext({
      query: 'q',
      labels: ['Project:AI'],
      folders: ['/team'],
      preferredLabels: ['Security'],
      excludedFolders: ['/team/secret'],
      tokenBudget: 1000,
    });
    const body = mock.sent.find((s) => s.path === '/api/v1/context/assemble')?.body;
    expect(body).toEqual({
      query: 'q',
      preferred_labels: ['Project:AI', 'Security'], // recalled there by preference, then filtered here
      context_budget: 4000,
      excluded_folders: ['/team/secret'],
    });
    expect(context.messages.map((m) => m.message.content)).toEqual(['in scope']);
  });

  it('has no relevance floor: refuses minRelevance before assembling', async () => {
    const mock = new MockController();
    const error = await mock
      .client()
      .assembleContext({ query: 'q', minRelevance: 0.3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaUnsupportedError);
    expect((error as Error).message).toContain('smartQuery');
    expect(mock.sent.map((s) => s.path)).toEqual(['/health']);
  });

  it('orders messages that share a timestamp by their place in the conversation', async () => {
    const same = '2026-01-16T21:09:09.123456789';
    const [answer, question] = [
      chosen(A, 'Kafka.', { role: 'assistant', time: same }),
      chosen(A, 'Which broker?', { time: same }),
    ];
    const exported = {
      success: true,
      error: null,
      data: {
        format: 'json',
        include_metadata: false,
        conversation: {
          id: A,
          label: 'Work',
          folder: '/work',
          status: 'active',
          importance_score: 5,
          word_count: 20,
          session_count: 1,
          created_at: '2026-01-16 21:09:09.123456789',
          updated_at: '2026-01-16 21:09:09.123456789',
        },
        messages: [question, answer].map((m) => ({
          id: m.id,
          role: m.role,
          content: m.content,
          timestamp: same,
          metadata: {},
        })),
      },
    };
    const mock = new MockController()
      .on('POST', '/api/v1/context/assemble', assembled([answer, question]))
      .on('POST', '/mcp/tools/memory_export', Response.json(exported));
    const context = await mock.client().assembleContext({ query: 'broker' });
    expect(context.context).toBe('[Work · /work · 2026-01-16 21:09]\nuser: Which broker?\nassistant: Kafka.');
  });

  it('refuses a floor outside 0 to 1 and scopes that are not lists of strings', async () => {
    const client = new MockController().client();
    await expect(client.assembleContext({ query: 'q', minRelevance: 2 })).rejects.toBeInstanceOf(SekhaValidationError);
    await expect(client.assembleContext({ query: 'q', folders: '/x' as never })).rejects.toBeInstanceOf(
      SekhaValidationError,
    );
  });
});

describe('token counting', () => {
  it('counts UTF-8 bytes without a tokenCounter and warns once per client', async () => {
    const warnings = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const mock = local().on('POST', '/api/v1/context/assemble', assembled([chosen(A, 'héllo')]));
    const client = mock.client();
    const first = await client.assembleContext({ query: 'q', tokenBudget: 500 });
    await client.assembleContext({ query: 'q', tokenBudget: 500 });
    expect(first.tokenCount).toBe(new TextEncoder().encode(first.context).length);
    const said = warnings.mock.calls.map(([w]) => (w as Error).name);
    expect(said).toEqual(['ApproximateTokensWarning']);
  });

  it('uses the tokenCounter given, and refuses one that is not a function', () => {
    expect(() => new MockController().client({ tokenCounter: 5 as never })).toThrow(/tokenCounter must be a function/);
  });
});

describe('renderers', () => {
  async function context(messages: Record<string, unknown>[] = [chosen(A, 'Kafka.')]) {
    return local().on('POST', '/api/v1/context/assemble', assembled(messages)).client().assembleContext({ query: 'q' });
  }

  it('OpenAI: system first (yours, then the memory), the history as it is, then the user turn', async () => {
    const memory = await context();
    const call = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    };
    const turns = memory.asOpenAIMessages('and now?', {
      system: 'Be brief.',
      history: [
        { role: 'user', content: [{ type: 'text', text: 'hi' }] },
        call,
        { role: 'tool', tool_call_id: 'c1', content: 'done' },
        { role: 'tool', content: 'no call id' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'g', input: { a: 1 } }] },
        memory.messages[0]?.message,
      ],
    });
    expect(turns).toEqual([
      { role: 'system', content: `Be brief.\n\n${memory.asSystemPrompt()}` },
      { role: 'user', content: [{ type: 'text', text: 'hi' }] },
      call,
      { role: 'tool', tool_call_id: 'c1', content: 'done' },
      { role: 'user', content: 'no call id' },
      { role: 'assistant', content: '[tool call: g({"a": 1})]' },
      { role: 'user', content: 'Kafka.' },
      { role: 'user', content: 'and now?' },
    ]);
  });

  it('Anthropic: memory in system when a user turn opens, else as that first user turn', async () => {
    const memory = await context();
    expect(memory.asAnthropicMessages('hi', { system: 'Be brief.' })).toEqual({
      system: `Be brief.\n\n${memory.asSystemPrompt()}`,
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(memory.asAnthropicMessages()).toEqual({ messages: [{ role: 'user', content: memory.asSystemPrompt() }] });
    const history = [
      { role: 'assistant', content: 'Hello, how can I help?' },
      { role: 'developer', content: 'Answer in French.' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', content: 'result' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'q' },
          { type: 'image', source: { type: 'url', url: 'u' } },
        ],
      },
    ];
    expect(memory.asAnthropicMessages(undefined, { history })).toEqual({
      system: 'Answer in French.',
      messages: [
        { role: 'user', content: memory.asSystemPrompt() },
        { role: 'assistant', content: 'Hello, how can I help?' },
        { role: 'assistant', content: '[tool call: f({})]' },
        { role: 'user', content: 'result' },
        history[4],
      ],
    });
  });

  it('says there is no memory rather than giving nothing', async () => {
    const memory = await context([]);
    expect(memory.asSystemPrompt()).toBe('Relevant memory from earlier conversations:\n(no relevant memory)');
    expect(memory.asAnthropicMessages().messages).toHaveLength(1);
    expect(memory.asOpenAIMessages()).toEqual([{ role: 'system', content: memory.asSystemPrompt() }]);
  });
});
