import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, parse as parsePath, resolve } from 'node:path';

import { describe, expect, it, onTestFinished } from 'vitest';

import { parseDocument, TranscriptError, type ParsedDocument } from '../src/transcript';
import { python } from './support/sekha-serve';

const FIXTURES = resolve(__dirname, '..', '..', 'tests', 'importers', 'fixtures');

function hintsFor(path: string) {
  return { name: parsePath(path).name, extension: extname(path).toLowerCase() };
}

function readHere(path: string): ParsedDocument | { error: string } {
  try {
    return parseDocument(readFileSync(path, 'utf8'), hintsFor(path));
  } catch (error) {
    if (error instanceof TranscriptError) return { error: error.message };
    throw error;
  }
}

/** Error details differ by language (JSON parser messages); the kind of error must not. */
function errorKind(message: string): string {
  return message.split(' (')[0] ?? message;
}

function asPythonReports(result: ParsedDocument | { error: string }) {
  if ('error' in result) return { error: errorKind(result.error) };
  return {
    format: result.format,
    conversations: result.conversations.map((c) => ({ ...c, messages: c.messages.map((m) => ({ ...m })) })),
    failures: result.failures.map((f) => f.title),
  };
}

function readByPython(paths: string[]): unknown[] {
  const script = join(__dirname, 'support', 'read_like_importers.py');
  const reports = JSON.parse(execFileSync(python(), [script, ...paths], { encoding: 'utf8' })) as object[];
  return reports.map((report) => ('error' in report ? { error: errorKind(String(report.error)) } : report));
}

const EDGE_CASES: Record<string, string> = {
  'inline.txt': 'User: hi\nAssistant: hello\n',
  'crlf.md': '# Windows chat\r\n\r\nUser: one\r\nAssistant: two\r\n',
  'bold-speakers.md': '**User:** what is 2+2?\n**Assistant**: 4\n\nmore text\n',
  'headings.md': '# Title here\nintro\n### Human\nQ?\n#### Claude :\nA.\n## System\nignored\n',
  'aliases.txt': 'Human: a\nAI: b\nChatGPT: c\nclaude: d\nsystem: e\n',
  'title-after-text.md': 'notes first\n# Late title\nUser: x\nAssistant: y\n',
  'empty-turns.md': 'User:\n\nAssistant: only me\nUser:   \n',
  'unicode.txt': 'User: café ☕ — naïve?\nAssistant: おはよう\u2028next line\n',
  'no-speakers.md': 'just notes\nwith nothing\n',
  'heading-user.md': '# User\nhello\n',
  'speaker-no-colon.txt': 'User hello\nAssistant: hi\n',
  'one.json': JSON.stringify({ title: 'Solo', mapping: { a: { id: 'a', message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['hey'] } }, parent: null, children: [] } }, current_node: 'a' }),
  'not-a-list.json': '"a string"',
  'number.json': '42',
  'unknown.json': '[{"foo": 1}]',
  'bad.json': '{oops',
  'claude-odd.json': JSON.stringify([
    { uuid: 7, name: '  Spaced  ', chat_messages: [{ sender: 'human', text: '  hi  ' }, { sender: 'tool', text: 'x' }, { sender: 'assistant', content: [{ type: 'text', text: ' ' }], text: 'flat' }] },
    { name: 'No sender', chat_messages: [{ text: 'x' }] },
    { chat_messages: [{ sender: 'human', content: [{ type: 'text', text: 'one two three four five six seven eight nine ten' }] }] },
    'not an object',
  ]),
  'chatgpt-odd.json': JSON.stringify([
    { title: '', id: 'c1', mapping: {
      r: { message: null, parent: null, children: ['u'] },
      u: { message: { author: { role: 'user' }, content: { content_type: 'multimodal_text', parts: [{ asset: 1 }, 'look', '  '] }, create_time: 5 }, parent: 'r', children: ['t', 'a'] },
      t: { message: { author: { role: 'assistant' }, recipient: 'python', content: { content_type: 'code', parts: ['1+1'] }, create_time: 6 }, parent: 'u', children: [] },
      a: { message: { author: { role: 'assistant' }, weight: 0, content: { content_type: 'text', parts: ['hidden by weight'] }, create_time: 9 }, parent: 'u', children: [] },
    } },
    { title: 'Empty mapping', mapping: {} },
    { title: 'Self loop', mapping: { a: { parent: 'a', children: [] } }, current_node: 'a' },
  ]),
};

describe('transcripts are read as the Python importers read them', () => {
  it('reads every importer fixture identically', () => {
    const paths = ['chatgpt_conversations.json', 'claude_conversations.json', 'transcript.md', 'transcript.txt'].map(
      (name) => join(FIXTURES, name),
    );
    expect(paths.map((p) => asPythonReports(readHere(p)))).toEqual(readByPython(paths));
  });

  it('reads edge cases identically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sekha-transcripts-'));
    onTestFinished(() => {
      rmSync(dir, { recursive: true });
    });
    const paths = Object.entries(EDGE_CASES).map(([name, text]) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    });
    const python = readByPython(paths);
    paths.forEach((path, index) => {
      expect({ path, report: asPythonReports(readHere(path)) }).toEqual({ path, report: python[index] });
    });
  });
});

describe('parseDocument', () => {
  const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

  it('follows the ChatGPT current branch and names the broken conversation', () => {
    const parsed = parseDocument(fixture('chatgpt_conversations.json'), { name: 'conversations', extension: '.json' });
    expect(parsed.format).toBe('chatgpt');
    const sourdough = parsed.conversations.find((c) => c.title === 'Sourdough starter while travelling');
    expect(sourdough?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(sourdough?.messages[2]?.content).toBe('Should I use more flour than usual for that last feeding?');
    expect(parsed.failures).toEqual([
      { title: 'Broken conversation', reason: "not a ChatGPT conversation (node 'gone' is referenced but missing)" },
    ]);
  });

  it('keeps Claude text blocks and maps human to user', () => {
    const parsed = parseDocument(fixture('claude_conversations.json'), { name: 'x', extension: '.json' });
    const rust = parsed.conversations.find((c) => c.title === 'Rust lifetimes explained');
    expect(rust?.messages[1]?.content).toBe(
      'Because the local is dropped when the function returns, so the reference would dangle.\n\n' +
        'Return an owned value such as String instead.',
    );
    expect(parsed.failures.map((f) => f.title)).toEqual(['Corrupted export entry']);
    expect(parsed.failures[0]?.reason).toContain('chat_messages is not a list');
  });

  it('reads a markdown transcript with headings and a title', () => {
    const [conversation] = parseDocument(fixture('transcript.md'), { name: 'transcript', extension: '.md' }).conversations;
    expect(conversation?.title).toBe('Planning the team offsite');
    expect(conversation?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('reads an untitled document or a selection by its content', () => {
    const hints = { name: 'Untitled-1', extension: '' };
    expect(parseDocument('User: a\nAssistant: b', hints).format).toBe('text');
    expect(parseDocument(fixture('claude_conversations.json'), hints).format).toBe('claude');
    // Text that only looks like JSON is still a transcript when it does not parse.
    expect(parseDocument('[User]: no\nUser: yes', hints).conversations[0]?.messages).toEqual([
      { role: 'user', content: 'yes' },
    ]);
  });

  it('reads JSON-language documents as exports even without a .json name', () => {
    expect(() => parseDocument('User: hi', { name: 'Untitled-2', extension: '', languageId: 'json' })).toThrow(
      /not valid JSON/,
    );
  });

  it.each([
    ['notes.md', 'just some notes', /no line names a speaker/],
    ['data.json', '{oops', /not valid JSON/],
    ['data.json', '"a string"', /expected a list of conversations, found str/],
    ['data.json', '[{"foo": 1}]', /not a ChatGPT or Claude conversations\.json/],
    [
      'backup.json',
      '[{"id": "x", "label": "L", "folder": "/", "status": "active", "messages": []}]',
      /a sekha export: restore it with `sekha import`/,
    ],
    ['', '', /no line names a speaker/],
  ])('refuses %s %j with a TranscriptError', (file, text, message) => {
    const act = () => parseDocument(text, { name: parsePath(file).name, extension: extname(file) });
    expect(act).toThrow(TranscriptError);
    expect(act).toThrow(message);
  });
});
