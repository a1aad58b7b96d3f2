/** Claude data exports: `conversations.json`, a list of conversations with flat `chat_messages`. */

import {
  asRecord,
  idText,
  isRecord,
  RecordError,
  textField,
  titleFrom,
  truthy,
  type ExportFormat,
  type JsonRecord,
  type Role,
  type SourceConversation,
  type SourceMessage,
} from './model';

const ROLES: Readonly<Record<string, Role>> = { human: 'user', user: 'user', assistant: 'assistant' };

function conversation(raw: JsonRecord, fallbackTitle: string): SourceConversation {
  const chat = raw.chat_messages;
  if (!Array.isArray(chat)) throw new RecordError('chat_messages is not a list');
  const messages = chat
    .map((item: unknown) => message(asRecord(item, 'a chat message')))
    .filter((m): m is SourceMessage => m !== undefined);
  const title = textField(raw, 'name') || titleFrom(messages, fallbackTitle);
  return {
    source: 'claude',
    sourceId: truthy(raw.uuid) ? idText(raw.uuid) : title,
    title,
    messages,
  };
}

function message(item: JsonRecord): SourceMessage | undefined {
  if (!('sender' in item)) throw new RecordError("a chat message has no 'sender'");
  const sender = idText(item.sender);
  const role = Object.hasOwn(ROLES, sender) ? ROLES[sender] : undefined;
  if (role === undefined) return undefined;
  const content = text(item);
  return content === '' ? undefined : { role, content };
}

/** The text blocks of `content` (tool calls and results left out), else the flat `text`. */
function text(item: JsonRecord): string {
  const blocks = item.content;
  if (Array.isArray(blocks)) {
    const joined = blocks
      .filter((b: unknown): b is JsonRecord => isRecord(b) && b.type === 'text' && typeof b.text === 'string')
      .map((b) => b.text as string)
      .filter((p) => p.trim() !== '')
      .join('\n\n')
      .trim();
    if (joined !== '') return joined;
  }
  return typeof item.text === 'string' ? item.text.trim() : '';
}

export const CLAUDE: ExportFormat = { source: 'claude', product: 'Claude', marker: 'chat_messages', titleKey: 'name', convert: conversation };
