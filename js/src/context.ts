/**
 * Context for a prompt: how chosen messages are rendered, fitted to a token budget, and handed
 * to an LLM. The Python SDK's `sekha/_context.py`, step for step, so both SDKs (and the local
 * controller, which budgets with the Python one) render the same memory as the same text:
 * messages grouped by conversation, each group under one `[label · folder · YYYY-MM-DD HH:MM]`
 * line, the best-ranked messages whose rendering fits the budget.
 */

import type { StoredMessage } from './models.js';
import { roleOf, textOf } from './shapes.js';
import type { TokenCounter } from './tokens.js';

export const MEMORY_INSTRUCTIONS = 'Relevant memory from earlier conversations:';
const NO_MEMORY = '(no relevant memory)';
const OPENAI_ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool']);
/** The keys a Chat Completions message may have (anything else there is refused by the API). */
const OPENAI_KEYS = new Set([
  'role',
  'content',
  'name',
  'tool_calls',
  'tool_call_id',
  'function_call',
  'refusal',
  'audio',
]);
const ANTHROPIC_KEYS = new Set(['role', 'content']);
const OPENAI_PARTS = new Set(['text', 'image_url', 'input_audio', 'file', 'refusal']);
const ANTHROPIC_BLOCKS = new Set([
  'text',
  'image',
  'document',
  'search_result',
  'tool_use',
  'tool_result',
  'thinking',
  'redacted_thinking',
]);

/** A message chosen for a context, with where it came from (the controller's citation). */
export interface ContextMessage {
  message: StoredMessage;
  label: string;
  folder: string;
  /** `[label · folder · YYYY-MM-DD HH:MM]`, in UTC: the line its conversation's group opens with. */
  citation: string;
}

/** `2026-01-16 21:09`: a time as citations show it, in UTC. */
function minute(time: Date): string {
  return time.toISOString().slice(0, 16).replace('T', ' ');
}

export function contextMessageFrom(message: StoredMessage): ContextMessage {
  const cited: unknown = message.metadata?.citation; // checked: the body is only as good as the server
  const { label, folder } = (typeof cited === 'object' && cited !== null ? cited : {}) as {
    label?: unknown;
    folder?: unknown;
  };
  const labelText = typeof label === 'string' ? label : '';
  const folderText = typeof folder === 'string' ? folder : '';
  return {
    message,
    label: labelText,
    folder: folderText,
    citation: `[${labelText} · ${folderText} · ${minute(message.timestamp)}]`,
  };
}

function turn(chosen: ContextMessage): string {
  return `${chosen.message.role}: ${chosen.message.content}`;
}

/** Consecutive messages of one conversation under one citation (its first message's time). */
export function render(messages: readonly ContextMessage[]): string {
  const blocks: string[][] = [];
  let previous: string | undefined;
  for (const chosen of messages) {
    const conversation = chosen.message.conversation_id;
    if (conversation !== previous || blocks.length === 0) {
      blocks.push([chosen.citation]);
      previous = conversation;
    }
    blocks[blocks.length - 1]?.push(turn(chosen));
  }
  return blocks.map((block) => block.join('\n')).join('\n\n');
}

/**
 * True when `folder` is one of `folders` or inside one: a path prefix, so `/team` holds
 * `/team/projects` but not `/teamwork`, and `/` holds every folder. Empty names match nothing.
 */
export function inFolders(folder: string, folders: readonly string[]): boolean {
  return folders.some((item) => {
    if (!item) {
      return false;
    }
    const base = item.replace(/\/+$/, '');
    return folder.replace(/\/+$/, '') === base || folder.startsWith(`${base}/`);
  });
}

/** Whether a chosen message keeps to the labels and folders asked for (empty: any). */
export function inScope(
  chosen: ContextMessage,
  labels: readonly string[],
  folders: readonly string[],
  excluded: readonly string[],
): boolean {
  const citation: unknown = chosen.message.metadata?.citation; // checked: the body is only as good as the server
  const cited = typeof citation === 'object' && citation !== null;
  if (labels.length > 0 && !(cited && labels.includes(chosen.label))) {
    return false;
  }
  if (folders.length > 0 && !inFolders(chosen.folder, folders)) {
    return false;
  }
  return !inFolders(chosen.folder, excluded);
}

/** Puts chosen messages in the order they are rendered in. */
export type Arrange = (messages: ContextMessage[]) => ContextMessage[];

/** As they are: the server already grouped and ordered them. */
export const asGiven: Arrange = (messages) => messages;

/**
 * By conversation (groups in the order they first appear), each conversation's messages by time
 * and then by `positions` (their place in the conversation, for messages that share a timestamp).
 */
export function storedOrder(positions: ReadonlyMap<string, number> = new Map()): Arrange {
  return (messages) => {
    const groups = new Map<string, ContextMessage[]>();
    for (const chosen of messages) {
      const id = chosen.message.conversation_id;
      groups.set(id, [...(groups.get(id) ?? []), chosen]);
    }
    const place = (chosen: ContextMessage): number => positions.get(chosen.message.id) ?? positions.size;
    const byTime = (a: ContextMessage, b: ContextMessage): number =>
      a.message.timestamp.getTime() - b.message.timestamp.getTime() || place(a) - place(b);
    return [...groups.values()].flatMap((group) => [...group].sort(byTime));
  };
}

/**
 * The best of `ranked` (best first) whose arranged rendering has at most `budget` tokens.
 *
 * Messages are taken best first while their estimated cost (their turn, plus a citation line
 * for the first of a conversation) fits; a message that does not fit is skipped and smaller
 * ones may follow. The arranged rendering is then counted exactly and, while it is over the
 * budget, the worst-ranked message left is dropped. Returns the kept messages as `arrange` orders them.
 */
export function fit(
  ranked: readonly ContextMessage[],
  budget: number,
  arrange: Arrange,
  count: TokenCounter,
): ContextMessage[] {
  const kept: ContextMessage[] = [];
  const cited = new Set<string>();
  let used = 0;
  for (const chosen of ranked) {
    const conversation = chosen.message.conversation_id;
    let cost = count(`${turn(chosen)}\n`);
    if (!cited.has(conversation)) {
      cost += count(`${chosen.citation}\n\n`);
    }
    if (used + cost <= budget) {
      kept.push(chosen);
      cited.add(conversation);
      used += cost;
    }
  }
  let arranged = arrange(kept);
  while (kept.length > 0 && count(render(arranged)) > budget) {
    kept.pop();
    arranged = arrange(kept);
  }
  return arranged;
}

/** A chat turn as an LLM API takes it; `content` is text, or the provider's own parts or blocks. */
export type ChatTurn = Record<string, unknown> & { role: string; content?: unknown };

export interface RenderOptions {
  /** Your own instructions, put before the memory. */
  system?: string;
  /**
   * The conversation so far. Turns already in the provider's shape pass through as they are;
   * anything else (stored or exported messages, the other provider's shape) becomes a text turn.
   */
  history?: Iterable<unknown>;
}

export interface AnthropicArguments {
  /** Present when there are instructions or memory to put there. */
  system?: string;
  messages: ChatTurn[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether a history item is an object a provider takes as it is: its own roles and keys, content
 * as text or as its own kinds of parts. A stored or exported message (it has an id, a timestamp
 * …) is not: it becomes a text turn, as the Python SDK turns its message objects into one.
 */
function shaped(item: unknown, provider: 'openai' | 'anthropic'): item is ChatTurn {
  if (!isRecord(item) || typeof item.role !== 'string') {
    return false;
  }
  const keys = provider === 'openai' ? OPENAI_KEYS : ANTHROPIC_KEYS;
  if (Object.keys(item).some((key) => !keys.has(key))) {
    return false;
  }
  const { content } = item;
  if (provider === 'anthropic') {
    if (!['user', 'assistant'].includes(item.role)) {
      return false;
    }
  } else if (!OPENAI_ROLES.has(item.role) || ((content === undefined || content === null) && !item.tool_calls)) {
    return false;
  }
  if (content === undefined || content === null || typeof content === 'string') {
    return provider === 'openai' || typeof content === 'string';
  }
  const kinds = provider === 'openai' ? OPENAI_PARTS : ANTHROPIC_BLOCKS;
  return Array.isArray(content) && content.every((part) => isRecord(part) && kinds.has(part.type as string));
}

/** A turn's role and text, from an object in any LLM API's shape or anything with role and content. */
function plainTurn(item: unknown): { role: string; text: string } {
  const value = isRecord(item) ? item : {};
  return { role: roleOf(value.role), text: textOf(value.content, value.tool_calls, value.function_call) };
}

/**
 * What context assembly chose for a query: grouped by conversation (the best conversation
 * first), each conversation's messages in their original order.
 *
 * `context` is that memory as text: one citation line per conversation, then its turns.
 * `tokenCount` is its size in cl100k tokens as the client counts them (see `tokenCounter` in
 * the configuration: exact with a cl100k counter, an upper bound, UTF-8 bytes, without); it
 * never exceeds the budget asked for.
 */
export class AssembledContext {
  readonly #count: TokenCounter;

  constructor(
    readonly query: string,
    readonly messages: readonly ContextMessage[],
    count: TokenCounter,
  ) {
    this.#count = count;
  }

  get context(): string {
    return render(this.messages);
  }

  get tokenCount(): number {
    return this.#count(this.context);
  }

  /** The conversations the messages come from, in the order they first appear. */
  get conversationsUsed(): string[] {
    return [...new Set(this.messages.map((m) => m.message.conversation_id))];
  }

  get length(): number {
    return this.messages.length;
  }

  /** One system prompt: the instructions, then the memory (or a note that there is none). */
  asSystemPrompt(instructions = MEMORY_INSTRUCTIONS): string {
    return this.messages.length === 0 ? `${instructions}\n${NO_MEMORY}` : `${instructions}\n\n${this.context}`;
  }

  /**
   * Chat Completions `messages`: one system message (`system`, then the memory), the chat
   * `history`, then `userMessage`. A `tool` turn without the call id it answers becomes a user turn.
   */
  asOpenAIMessages(userMessage?: string, options: RenderOptions = {}): ChatTurn[] {
    const memory = this.asSystemPrompt();
    const turns: ChatTurn[] = [{ role: 'system', content: options.system ? `${options.system}\n\n${memory}` : memory }];
    for (const item of options.history ?? []) {
      if (shaped(item, 'openai') && (item.role !== 'tool' || 'tool_call_id' in item)) {
        turns.push({ ...item });
      } else {
        const { role, text } = plainTurn(item);
        turns.push({ role: role === 'tool' ? 'user' : role, content: text });
      }
    }
    if (userMessage !== undefined) {
      turns.push({ role: 'user', content: userMessage });
    }
    return turns;
  }

  /**
   * Messages API arguments `{ system, messages }`: `system` then the memory in `system`; the
   * chat `history` and `userMessage` in `messages`. System and developer turns of the history
   * join `system`. The Messages API needs the conversation to start with a user turn: when it
   * would not (no history and no `userMessage`, or a history that opens with the assistant), the
   * memory becomes that first user turn instead of part of `system`.
   */
  asAnthropicMessages(userMessage?: string, options: RenderOptions = {}): AnthropicArguments {
    const instructions = options.system ? [options.system] : [];
    const turns: ChatTurn[] = [];
    for (const item of options.history ?? []) {
      if (shaped(item, 'anthropic')) {
        turns.push({ ...item });
        continue;
      }
      const { role, text } = plainTurn(item);
      if (role === 'system') {
        instructions.push(text);
      } else {
        turns.push({ role: role === 'tool' ? 'user' : role, content: text });
      }
    }
    if (userMessage !== undefined) {
      turns.push({ role: 'user', content: userMessage });
    }
    if (turns[0]?.role === 'user') {
      instructions.push(this.asSystemPrompt());
    } else {
      turns.unshift({ role: 'user', content: this.asSystemPrompt() });
    }
    return instructions.length > 0 ? { system: instructions.join('\n\n'), messages: turns } : { messages: turns };
  }

  /** What `JSON.stringify` and `console.log` show: the data, not the counter. */
  toJSON(): { query: string; messages: readonly ContextMessage[]; context: string } {
    return { query: this.query, messages: this.messages, context: this.context };
  }
}
