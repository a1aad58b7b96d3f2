/**
 * What every transcript reader produces: the conversations a document holds, read the way the
 * Python importers (sekha/importers/) read them, so a file saved from the editor and a file
 * imported with `sekha import` become the same conversation.
 */

export type Role = 'user' | 'assistant';
export type Source = 'chatgpt' | 'claude' | 'text';

export interface SourceMessage {
  readonly role: Role;
  readonly content: string;
}

export interface SourceConversation {
  readonly source: Source;
  readonly sourceId: string;
  readonly title: string;
  readonly messages: readonly SourceMessage[];
}

/** A conversation in an export that could not be read, and why. */
export interface ParseFailure {
  readonly title: string;
  readonly reason: string;
}

/** The document as a whole is not a transcript or an export (not one bad conversation in it). */
export class TranscriptError extends Error {
  override readonly name = 'TranscriptError';
}

/** One record of an export does not have the shape its format promises. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
}

export type JsonRecord = Record<string, unknown>;

const TITLE_WORDS = 8;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Python's truthiness, which the importers lean on for "missing or empty". */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** The record itself, or a RecordError naming what it is instead. */
export function asRecord(value: unknown, what: string): JsonRecord {
  if (!isRecord(value)) throw new RecordError(`${what} is not an object`);
  return value;
}

/** A stripped string field of an export record, or "" when it is missing or not text. */
export function textField(raw: unknown, key: string): string {
  const value = isRecord(raw) ? raw[key] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** A title for an untitled conversation: the start of its first user message, as the apps do. */
export function titleFrom(messages: readonly SourceMessage[], fallback: string): string {
  const first = messages.find((m) => m.role === 'user')?.content ?? '';
  const words = first.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return fallback;
  return words.slice(0, TITLE_WORDS).join(' ') + (words.length > TITLE_WORDS ? '…' : '');
}

/** An export format: how to recognise its conversations and read one. */
export interface ExportFormat {
  readonly source: Exclude<Source, 'text'>;
  readonly product: string;
  /** The field every conversation of this format has (and others do not). */
  readonly marker: string;
  readonly titleKey: string;
  /** Reads one conversation (which has the marker field); throws RecordError when it cannot. */
  readonly convert: (raw: JsonRecord, fallbackTitle: string) => SourceConversation;
}

export function looksLike(format: ExportFormat, data: readonly unknown[]): boolean {
  return data.some((c) => isRecord(c) && format.marker in c);
}

/** Read every conversation of an export; one that cannot be read becomes a named failure. */
export function readExport(format: ExportFormat, data: readonly unknown[]): (SourceConversation | ParseFailure)[] {
  return data.map((raw, index) => {
    const title = textField(raw, format.titleKey) || `${format.product} conversation #${index + 1}`;
    try {
      const record = asRecord(raw, 'the conversation');
      if (!(format.marker in record)) throw new RecordError(`it has no '${format.marker}'`);
      return format.convert(record, title);
    } catch (error) {
      if (!(error instanceof RecordError)) throw error;
      return { title, reason: `not a ${format.product} conversation (${error.message})` };
    }
  });
}

export function isFailure(item: SourceConversation | ParseFailure): item is ParseFailure {
  return 'reason' in item;
}

/** How Python's repr shows a node id in an error message. */
export function quoted(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : idText(value);
}

/** An export's id as text, as Python's str() makes it for the usual kinds of ids. */
export function idText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return 'None';
  return JSON.stringify(value);
}
