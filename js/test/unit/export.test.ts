import { describe, expect, it } from 'vitest';

import { SekhaValidationError } from '../../src/errors.js';
import { ExportWriter } from '../../src/export.js';
import { pythonJson } from '../../src/pyjson.js';
import type { ConversationExport } from '../../src/wire.js';
import { fixture } from './mock.js';

const base = (fixture('mcp_export_200').body as { data: ConversationExport }).data;
const exported: ConversationExport = {
  ...base,
  messages: [
    ...base.messages,
    {
      id: '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
      role: 'user',
      content: 'Ünïcødé "quoted"\n\n',
      timestamp: '2026-01-16T21:09:10',
      metadata: { k: [1, 'two'], n: null },
    },
  ],
};

// What the Python SDK's ExportWriter writes for the same bodies (sekha/_export.py), verbatim.
const conversationMarkdown =
  '\n## Learning\n\n- id: `6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f`\n- folder: `/edu`\n- status: active, importance 5\n' +
  '- created: 2026-01-16T21:09:09.123456Z, updated: 2026-01-16T21:09:09.123000Z\n\n' +
  '### assistant · 2026-01-16T21:09:09.123456Z\n\nRust is a systems language\n\n' +
  '### user · 2026-01-16T21:09:10Z\n\nÜnïcødé "quoted"\n';
const conversationJson =
  '{"id": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f", "label": "Learning", "folder": "/edu", "status": "active", ' +
  '"importance_score": 5, "created_at": "2026-01-16T21:09:09.123456Z", "updated_at": "2026-01-16T21:09:09.123000Z", ' +
  '"messages": [{"id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "role": "assistant", "content": "Rust is a systems language", ' +
  '"timestamp": "2026-01-16T21:09:09.123456Z", "metadata": {}}, {"id": "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "role": "user", ' +
  '"content": "Ünïcødé \\"quoted\\"\\n\\n", "timestamp": "2026-01-16T21:09:10Z", "metadata": {"k": [1, "two"], "n": null}}]}';

function write(writer: ExportWriter, times: number): string {
  return writer.start() + Array.from({ length: times }, () => writer.conversation(exported)).join('') + writer.end();
}

describe('ExportWriter writes what the Python SDK writes', () => {
  it('markdown', () => {
    expect(write(new ExportWriter('markdown', 'Learning'), 2)).toBe(
      `# Sekha export: label “Learning”\n${conversationMarkdown}${conversationMarkdown}`,
    );
    expect(write(new ExportWriter('markdown'), 0)).toBe('# Sekha export: all conversations\n\n_No conversations._\n');
  });

  it('json', () => {
    const document = write(new ExportWriter('json'), 2);
    expect(document).toBe(`[\n${conversationJson},\n${conversationJson}\n]\n`);
    expect((JSON.parse(document) as unknown[]).length).toBe(2);
    expect(write(new ExportWriter('json'), 0)).toBe('[]\n');
  });

  it('refuses other formats', () => {
    expect(() => new ExportWriter('pdf' as never)).toThrow(SekhaValidationError);
  });

  it('pythonJson uses json.dumps separators and keeps non-ASCII', () => {
    expect(pythonJson({ a: [1, { b: 'é\u0001' }], c: null, d: undefined })).toBe(
      '{"a": [1, {"b": "é\\u0001"}], "c": null}',
    );
    expect(pythonJson([])).toBe('[]');
    expect(pythonJson({})).toBe('{}');
  });
});
