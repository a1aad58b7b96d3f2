/**
 * Reading an editor document (or a selection) as chat conversations: a markdown or text
 * transcript, or a ChatGPT or Claude `conversations.json` export, as `sekha import` reads files.
 */

import { CHATGPT } from './chatgpt';
import { CLAUDE } from './claude';
import { isFailure, looksLike, readExport, TranscriptError } from './model';
import * as text from './text';

import type { ParseFailure, SourceConversation } from './model';

export { TranscriptError, type ParseFailure, type SourceConversation, type SourceMessage } from './model';

export type Format = 'chatgpt' | 'claude' | 'text';

/** Checked in this order, as the Python importers do. */
const EXPORTS = [CHATGPT, CLAUDE];

export interface ParsedDocument {
  readonly format: Format;
  readonly conversations: readonly SourceConversation[];
  readonly failures: readonly ParseFailure[];
}

export interface DocumentHints {
  /** The conversation's fallback title and id: the file name without its extension. */
  readonly name: string;
  /** The file's extension with its dot, lower case ('' for untitled documents and selections). */
  readonly extension: string;
  /** VS Code's language id, when the text is a whole document. */
  readonly languageId?: string;
}

const TEXT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.text']);
const JSON_LANGUAGES = new Set(['json', 'jsonc']);

/** Parse a document's text; throws TranscriptError when it is none of the formats. */
export function parseDocument(source: string, hints: DocumentHints): ParsedDocument {
  const data = jsonOf(source, hints);
  if (data === undefined) {
    // Python reads text files with universal newlines; reading alike keeps the ids alike.
    const lines = source.replace(/\r\n?/g, '\n');
    return { format: 'text', conversations: [text.parse(lines, hints.name)], failures: [] };
  }
  const list: unknown = isPlainObject(data) ? [data] : data; // one conversation on its own
  if (!Array.isArray(list)) {
    throw new TranscriptError(`expected a list of conversations, found ${pythonTypeName(list)}`);
  }
  const format = EXPORTS.find((each) => looksLike(each, list));
  if (format === undefined) {
    throw new TranscriptError(
      isSekhaExport(list)
        ? 'a sekha export: restore it with `sekha import` (this command saves transcripts and ChatGPT or Claude exports)'
        : "not a ChatGPT or Claude conversations.json or a sekha export (expected a list of conversations with 'mapping', 'chat_messages', or 'label', 'folder' and 'messages')",
    );
  }
  const parsed = readExport(format, list);
  return {
    format: format.source,
    conversations: parsed.filter((c): c is SourceConversation => !isFailure(c)),
    failures: parsed.filter(isFailure),
  };
}

/** The SDK's own JSON export, as `sekha import` recognises it; a backup is restored there, with its labels and times. */
const EXPORTED_KEYS = ['id', 'label', 'folder', 'status', 'messages'];
function isSekhaExport(list: readonly unknown[]): boolean {
  return list.some((c) => typeof c === 'object' && c !== null && EXPORTED_KEYS.every((key) => key in c));
}

/**
 * The parsed JSON when the text is to be read as an export, else undefined (a transcript).
 * Files named as text are transcripts, files named or marked as JSON must be valid JSON, and
 * anything else (untitled documents, selections) is JSON when it parses as an array or object.
 */
function jsonOf(source: string, hints: DocumentHints): unknown {
  if (TEXT_EXTENSIONS.has(hints.extension)) return undefined;
  const declared = hints.extension === '.json' || JSON_LANGUAGES.has(hints.languageId ?? '');
  const trimmed = source.trim();
  if (!declared && !(trimmed.startsWith('[') || trimmed.startsWith('{'))) return undefined;
  try {
    return JSON.parse(source) as unknown;
  } catch (error) {
    if (!declared) return undefined;
    throw new TranscriptError(`not valid JSON (${(error as Error).message})`);
  }
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return typeof value;
}
