/**
 * The bulk export (extension `bulk_export`): streamed line by line, resumed after the last item
 * when the stream breaks, stalls or stops early, complete only with its closing line (the
 * Python suite's tests/unit/test_bulk_export.py).
 */

import { describe, expect, it } from 'vitest';

import { SekhaAuthError, SekhaClientClosedError, SekhaConnectionError, SekhaDecodeError } from '../../src/errors.js';
import { localHealth, MockController, type Sent } from './mock.js';

function item(n: number, content = `message ${n}`): Record<string, unknown> {
  const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    cursor: String(n),
    conversation: {
      id,
      label: 'Bulk',
      folder: '/bulk',
      status: 'active',
      importance_score: 5,
      word_count: 9,
      session_count: 1,
      created_at: '2026-01-16T21:09:09.123456',
      updated_at: '2026-01-16T21:09:10',
    },
    messages: [
      { id: id.replace('8000', '9000'), role: 'user', content, timestamp: '2026-01-16T21:09:09.123456', metadata: {} },
    ],
  };
}

const END = (exported: number): string => `${JSON.stringify({ end: true, exported })}\n`;
const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

/** A streamed 200 whose body is `chunks`, then `ending`: done, an error (a break), or silence (a stall). */
function stream(chunks: string[], ending: 'done' | 'break' | 'stall' = 'done'): Response {
  const encoder = new TextEncoder();
  const left = [...chunks];
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = left.shift();
      if (next !== undefined) {
        controller.enqueue(encoder.encode(next));
      } else if (ending === 'done') {
        controller.close();
      } else if (ending === 'break') {
        controller.error(new TypeError('terminated', { cause: new Error('other side closed') }));
      }
      // a stall: no chunk, no end, ever
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'application/x-ndjson' } });
}

function exporting(...answers: ((sent: Sent) => Response)[]): MockController {
  return new MockController().on('GET', '/health', localHealth()).on('GET', '/api/v1/export', ...answers);
}

async function all(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

function ids(json: string): string[] {
  return (JSON.parse(json) as { id: string }[]).map((c) => c.id);
}

describe('the bulk export', () => {
  it('streams every conversation in one answer and writes the same document', async () => {
    const mock = exporting(() => stream([line(item(1)), line(item(2)).slice(0, 10), line(item(2)).slice(10), END(2)]));
    const json = await all(mock.client().exportStream({ format: 'json' }));
    expect(ids(json)).toEqual([item(1), item(2)].map((i) => (i.conversation as { id: string }).id));
    const markdown = await all(
      exporting(() => stream([line(item(1)), END(1)]))
        .client()
        .exportStream('Bulk', 'markdown'),
    );
    expect(markdown).toContain('# Sekha export: label “Bulk”');
    expect(markdown).toContain('### user · 2026-01-16T21:09:09.123456Z\n\nmessage 1\n');
    const requests = mock.sent.filter((s) => s.path === '/api/v1/export');
    expect(requests).toHaveLength(1);
    expect(requests[0]?.query.get('cursor')).toBe('');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer sk-test-unit-key-0123456789abcdef');
  });

  it('sends the label, and asks nothing of the conversation list', async () => {
    const mock = exporting(() => stream([END(0)]));
    expect(await mock.client().export('Project:AI', 'json')).toBe('[]\n');
    expect(mock.sent.find((s) => s.path === '/api/v1/export')?.query.get('label')).toBe('Project:AI');
    expect(mock.sent.some((s) => s.path === '/api/v1/conversations')).toBe(false);
  });

  it.each([
    ['breaks', () => stream([line(item(1)), line(item(2))], 'break')],
    ['stops inside a line', () => stream([line(item(1)), line(item(2)), line(item(3)).slice(0, 25)])],
    ['stops before its closing line', () => stream([line(item(1)), line(item(2))])],
  ])('resumes after the last item when the stream %s', async (_what, first) => {
    const mock = exporting(first, () => stream([line(item(3)), END(1)]));
    const json = await all(mock.client().exportStream({ format: 'json' }));
    expect(ids(json)).toHaveLength(3);
    expect(new Set(ids(json)).size).toBe(3);
    const cursors = mock.sent.filter((s) => s.path === '/api/v1/export').map((s) => s.query.get('cursor'));
    expect(cursors).toEqual(['', '2']);
  });

  it('resumes after a stall longer than the timeout', async () => {
    const mock = exporting(
      () => stream([line(item(1))], 'stall'),
      () => stream([line(item(2)), END(1)]),
    );
    const json = await all(mock.client({ timeout: 200 }).exportStream({ format: 'json' }));
    expect(ids(json)).toHaveLength(2);
  });

  it('keeps a line whole when its JSON holds U+2028 or U+0085', async () => {
    const mock = exporting(() => stream([line(item(1, 'one\u2028two\u0085three')), END(1)]));
    const json = await all(mock.client().exportStream({ format: 'json' }));
    expect(json).toContain('one\u2028two\u0085three');
  });

  it('fails after maxRetries tries in a row without progress', async () => {
    const mock = exporting(() => stream([], 'break'));
    const error = await all(mock.client({ maxRetries: 2 }).exportStream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaConnectionError);
    expect(mock.sent.filter((s) => s.path === '/api/v1/export')).toHaveLength(3);
  });

  it('reports a line that is not an item as a decode error, and error statuses as themselves', async () => {
    const bad = exporting(() => stream(['{"cursor": 1}\n', END(1)]));
    await expect(all(bad.client().exportStream())).rejects.toBeInstanceOf(SekhaDecodeError);
    const notJson = exporting(() => stream(['not json\n']));
    await expect(all(notJson.client().exportStream())).rejects.toBeInstanceOf(SekhaDecodeError);
    const refused = exporting(() => Response.json({ error: 'Invalid API key' }, { status: 401 }));
    const error = await all(refused.client().exportStream()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaAuthError);
    expect((error as SekhaAuthError).request).toEqual({ method: 'GET', path: '/api/v1/export' });
  });

  it('ends with SekhaClientClosedError when the client closes under way', async () => {
    const mock = exporting(() => stream([line(item(1))], 'stall'));
    const client = mock.client();
    const chunks = client.exportStream({ format: 'json' });
    expect((await chunks.next()).value).toBe('[');
    expect((await chunks.next()).value).toContain('message 1');
    const pending = chunks.next();
    client.close();
    await expect(pending).rejects.toBeInstanceOf(SekhaClientClosedError);
  });
});

describe('the export without the extension', () => {
  it('goes through the complete list and one MCP export per conversation', async () => {
    const mock = new MockController()
      .on('GET', '/api/v1/conversations', (sent) =>
        Response.json({
          results:
            sent.query.get('page') === '1'
              ? [
                  {
                    conversation_id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
                    message_id: '00000000-0000-0000-0000-000000000000',
                    score: 1.0,
                    content: 'Project Planning',
                    metadata: { folder: '/projects/x', status: 'active', importance_score: 5 },
                    label: 'Project Planning',
                    folder: '/projects/x',
                    timestamp: '2026-01-16T21:09:09.123456789',
                  },
                ]
              : [],
          total: 1,
          page: Number(sent.query.get('page')),
          page_size: Number(sent.query.get('page_size')),
        }),
      )
      .on('POST', '/mcp/tools/memory_export', () =>
        Response.json({ success: false, data: null, error: 'gone' }, { status: 404 }),
      );
    expect(await mock.client().export({ format: 'json' })).toBe('[]\n'); // deleted while exporting: left out
    expect(mock.sent.some((s) => s.path === '/api/v1/export')).toBe(false);
  });
});
