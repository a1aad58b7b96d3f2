/**
 * Messages in the shapes LLM APIs really produce are stored, not refused: the cases of the
 * Python suite's tests/unit/test_shapes.py, kept in test/fixtures/shapes.json so the live parity
 * test can run the Python SDK over the very same ones.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { SekhaValidationError } from '../../src/errors.js';
import { messageBodies } from '../../src/models.js';
import { roleOf, textOf } from '../../src/shapes.js';
import { MockController, reply } from './mock.js';

interface Cases {
  stored: [Record<string, unknown>, string, string][];
  refused: [Record<string, unknown>, string][];
}

const CASES = JSON.parse(
  readFileSync(fileURLToPath(new URL('../fixtures/shapes.json', import.meta.url)), 'utf8'),
) as Cases;

describe('message shapes', () => {
  it.each(CASES.stored)('%j is stored as %s: %j', (message, role, content) => {
    expect(messageBodies([message])).toEqual([{ role, content }]);
  });

  it.each(CASES.refused)('%j is refused: %s', (message, error) => {
    expect(() => messageBodies([message])).toThrow(SekhaValidationError);
    expect(() => messageBodies([message])).toThrow(error);
  });

  it('maps every alias and nothing else', () => {
    expect(['developer', 'Human', ' ai ', 'model', 'function', 'system'].map((r) => roleOf(r))).toEqual([
      'system',
      'user',
      'assistant',
      'assistant',
      'tool',
      'system',
    ]);
    expect(() => roleOf('moderator')).toThrow(/role must be one of .*developer/);
  });

  it('records a single tool call given as an object, after the text', () => {
    expect(textOf('ok', { function: { name: 'f', arguments: { a: [1, 'é'] } } })).toBe(
      'ok\n\n[tool call: f({"a": [1, "é"]})]',
    );
  });

  it('sends a create with mixed shapes as plain messages', async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    await mock.client().create({
      label: 'Agent',
      folder: '/agents',
      messages: [
        { role: 'developer', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
          ],
        },
        { role: 'tool', content: '18 °C' },
      ],
    });
    expect((mock.sent[0]?.body as { messages: unknown }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '[tool call: get_weather({"city": "Paris"})]' },
      { role: 'tool', content: '18 °C' },
    ]);
  });
});
