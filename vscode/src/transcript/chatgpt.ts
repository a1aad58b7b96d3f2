/**
 * ChatGPT data exports: `conversations.json`, a list of conversations stored as trees of nodes.
 *
 * Each conversation's `mapping` holds every message node ever written, including abandoned
 * branches (edits, regenerations). The conversation the user last saw is the path from
 * `current_node` up through the `parent` links; that path is what gets saved.
 */

import {
  asRecord,
  idText,
  isRecord,
  quoted,
  RecordError,
  textField,
  titleFrom,
  truthy,
  type ExportFormat,
  type JsonRecord,
  type SourceConversation,
  type SourceMessage,
} from './model';

const TEXT_CONTENT = new Set(['text', 'multimodal_text']);

function conversation(raw: JsonRecord, fallbackTitle: string): SourceConversation {
  const mapping = raw.mapping;
  if (!isRecord(mapping) || Object.keys(mapping).length === 0) {
    throw new RecordError('its mapping of message nodes is empty');
  }
  const messages = currentBranch(raw, mapping)
    .map((node) => message(asRecord(mapping[node], `node ${quoted(node)}`)))
    .filter((m): m is SourceMessage => m !== undefined);
  const title = textField(raw, 'title') || titleFrom(messages, fallbackTitle);
  const id = [raw.conversation_id, raw.id].find(truthy);
  return { source: 'chatgpt', sourceId: id === undefined ? title : idText(id), title, messages };
}

function has(mapping: JsonRecord, node: unknown): node is string {
  return typeof node === 'string' && Object.hasOwn(mapping, node);
}

/** Node ids from the root to the current node (or, without one, the newest leaf). */
function currentBranch(raw: JsonRecord, mapping: JsonRecord): string[] {
  let node: unknown = raw.current_node;
  if (!has(mapping, node)) {
    node = newestLeaf(mapping);
  }
  const path: string[] = [];
  while (node !== null && node !== undefined) {
    if (path.includes(node as string)) {
      throw new RecordError(`its message nodes form a cycle at ${quoted(node)}`);
    }
    if (!has(mapping, node)) {
      throw new RecordError(`node ${quoted(node)} is referenced but missing`);
    }
    path.push(node);
    node = asRecord(mapping[node], `node ${quoted(node)}`).parent;
  }
  return path.reverse();
}

function newestLeaf(mapping: JsonRecord): string | undefined {
  let newest: string | undefined;
  let newestTime = -Infinity;
  for (const [key, value] of Object.entries(mapping)) {
    if (truthy(asRecord(value, `node ${quoted(key)}`).children)) continue;
    const time = nodeTime(value as JsonRecord);
    if (time > newestTime) {
      newest = key;
      newestTime = time;
    }
  }
  return newest;
}

function nodeTime(node: JsonRecord): number {
  const message = truthy(node.message) ? asRecord(node.message, 'a message') : {};
  const time = message.create_time;
  if (!truthy(time)) return 0;
  const value = Number(time);
  if (typeof time === 'boolean' || Number.isNaN(value)) {
    throw new RecordError(`create_time ${quoted(time)} is not a number`);
  }
  return value;
}

/** The node's user or assistant text, or undefined for system, tool, hidden or empty nodes. */
function message(node: JsonRecord): SourceMessage | undefined {
  if (!truthy(node.message)) return undefined;
  const msg = asRecord(node.message, 'a message');
  const author = truthy(msg.author) ? asRecord(msg.author, 'an author') : {};
  const metadata = truthy(msg.metadata) ? asRecord(msg.metadata, 'message metadata') : {};
  const content = truthy(msg.content) ? asRecord(msg.content, 'message content') : {};
  const role = author.role;
  const recipient = 'recipient' in msg ? msg.recipient : 'all';
  const weight = 'weight' in msg ? msg.weight : 1;
  if (
    (role !== 'user' && role !== 'assistant') ||
    recipient !== 'all' || // a call to a tool, not words to the user
    truthy(metadata.is_visually_hidden_from_conversation) ||
    weight === 0 ||
    weight === false ||
    typeof content.content_type !== 'string' ||
    !TEXT_CONTENT.has(content.content_type)
  ) {
    return undefined;
  }
  const parts = Array.isArray(content.parts) ? (content.parts as unknown[]) : [];
  const text = parts
    .filter((p): p is string => typeof p === 'string' && p.trim() !== '')
    .join('\n\n')
    .trim();
  return text === '' ? undefined : { role, content: text };
}

export const CHATGPT: ExportFormat = { source: 'chatgpt', product: 'ChatGPT', marker: 'mapping', titleKey: 'title', convert: conversation };
