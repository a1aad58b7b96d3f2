/**
 * Exported conversations as markdown or JSON, one conversation at a time.
 *
 * The documents are the Python SDK's, byte for byte: the same headings, the same JSON fields,
 * separators and timestamps, so a backup made by either SDK restores with the other.
 */

import { SekhaValidationError } from './errors.js';
import { pythonJson } from './pyjson.js';
import { isoUtc } from './time.js';
import type * as wire from './wire.js';

export type ExportFormat = 'markdown' | 'json';

/** A conversation with its messages, from the MCP export or a bulk export line. */
export type ExportedRecord = Pick<wire.ConversationExport, 'conversation' | 'messages'>;

/** The JSON form of one conversation: every field the controller keeps, messages oldest first. */
export function conversationDocument(exported: ExportedRecord): Record<string, unknown> {
  const record = exported.conversation;
  return {
    id: record.id,
    label: record.label,
    folder: record.folder,
    status: record.status,
    importance_score: record.importance_score,
    created_at: isoUtc(record.created_at),
    updated_at: isoUtc(record.updated_at),
    messages: exported.messages.map((message) => ({
      id: message.id,
      role: message.role,
      content: message.content,
      timestamp: isoUtc(message.timestamp),
      metadata: message.metadata ?? {},
    })),
  };
}

/**
 * Writes an export as chunks: `start()`, `conversation()` for each, then `end()`.
 * Concatenated, the chunks form one valid document (a JSON array, or one markdown file).
 */
export class ExportWriter {
  private count = 0;

  constructor(
    readonly format: ExportFormat,
    readonly label?: string,
  ) {
    if ((format as string) !== 'markdown' && (format as string) !== 'json') {
      throw new SekhaValidationError(`format must be 'markdown' or 'json', got ${JSON.stringify(format)}`);
    }
  }

  start(): string {
    if (this.format === 'json') {
      return '[';
    }
    const scope = this.label !== undefined ? `label “${this.label}”` : 'all conversations';
    return `# Sekha export: ${scope}\n`;
  }

  conversation(exported: ExportedRecord): string {
    this.count += 1;
    if (this.format === 'json') {
      return (this.count === 1 ? '\n' : ',\n') + pythonJson(conversationDocument(exported));
    }
    const record = exported.conversation;
    const lines = [
      `\n## ${record.label || '(no label)'}\n`,
      `- id: \`${record.id}\``,
      `- folder: \`${record.folder}\``,
      `- status: ${record.status}, importance ${record.importance_score}`,
      `- created: ${isoUtc(record.created_at)}, updated: ${isoUtc(record.updated_at)}\n`,
    ];
    for (const message of exported.messages) {
      lines.push(`### ${message.role} · ${isoUtc(message.timestamp)}\n`);
      lines.push(`${message.content.replace(/\n+$/, '')}\n`);
    }
    return lines.join('\n');
  }

  end(): string {
    if (this.format === 'json') {
      return this.count > 0 ? '\n]\n' : ']\n';
    }
    return this.count > 0 ? '' : '\n_No conversations._\n';
  }
}
