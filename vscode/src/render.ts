/**
 * Conversations as text: the read-only details document and the Markdown export use the
 * transcript format (`## User` / `## Assistant` headings), so an export saves back as the same
 * conversation; the JSON export is the controller's own record with its messages.
 */

import type { ConversationExport, ExportedConversation, ExportedMessage } from './memory';

const ROLE_NAMES: Readonly<Record<string, string>> = { user: 'User', assistant: 'Assistant', system: 'System', tool: 'Tool' };

export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? (role.charAt(0).toUpperCase() + role.slice(1));
}

/** `2026-01-16 21:09` in UTC, the way the controller's citations show times. */
export function shortDate(date: Date): string {
  return date.toISOString().slice(0, 16).replace('T', ' ');
}

export function conversationMarkdown(conversation: ExportedConversation, messages: readonly ExportedMessage[]): string {
  const facts = [
    `**Folder:** ${conversation.folder}`,
    `**Created:** ${shortDate(conversation.created_at)} UTC`,
    `**Status:** ${conversation.status}`,
    `**Messages:** ${messages.length}`,
    `**Id:** \`${conversation.id}\``,
  ];
  const lines = [`# ${conversation.label || '(no label)'}`, '', facts.join('  \n'), ''];
  for (const message of messages) {
    lines.push(`## ${roleName(message.role)}`, '', message.content, '');
  }
  return lines.join('\n');
}

export function exportMarkdown(exported: ConversationExport): string {
  return conversationMarkdown(exported.conversation, exported.messages);
}

export function exportJson(exported: ConversationExport): string {
  return `${JSON.stringify(exported, null, 2)}\n`;
}
