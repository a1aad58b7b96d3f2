/** An assembled context: the messages chosen for a query, and the ways to put them in a prompt. */

import type { StoredMessage } from './models.js';

/** A message chosen for a context, with where it came from (the controller's citation). */
export interface ContextMessage {
  message: StoredMessage;
  label: string;
  folder: string;
  /** `[label · folder · YYYY-MM-DD HH:MM]`, in UTC. */
  citation: string;
}

export function contextMessageFrom(message: StoredMessage): ContextMessage {
  const cited: unknown = message.metadata?.citation; // checked: the body is only as good as the server
  const { label, folder } = (typeof cited === 'object' && cited !== null ? cited : {}) as {
    label?: unknown;
    folder?: unknown;
  };
  const labelText = typeof label === 'string' ? label : '';
  const folderText = typeof folder === 'string' ? folder : '';
  const when = message.timestamp.toISOString().slice(0, 16).replace('T', ' ');
  return { message, label: labelText, folder: folderText, citation: `[${labelText} · ${folderText} · ${when}]` };
}

/** The controller's own accounting: a quarter of the UTF-8 byte length, rounded up. */
export function estimateTokens(text: string): number {
  return Math.ceil(new TextEncoder().encode(text).length / 4);
}

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

/**
 * What context assembly chose for a query, best first, each message once.
 *
 * `tokenCount` estimates the tokens of `context` the way the controller budgets them (UTF-8
 * bytes / 4); real tokenizers differ, more so for code and non-English text.
 */
export class AssembledContext {
  constructor(
    readonly query: string,
    readonly messages: readonly ContextMessage[],
  ) {}

  /** Each message with its citation, separated by blank lines. */
  get context(): string {
    return this.messages.map((m) => `${m.citation} ${m.message.role}: ${m.message.content}`).join('\n\n');
  }

  get tokenCount(): number {
    return estimateTokens(this.context);
  }

  /** The conversations the messages come from, in the order they first appear. */
  get conversationsUsed(): string[] {
    return [...new Set(this.messages.map((m) => m.message.conversation_id))];
  }

  get length(): number {
    return this.messages.length;
  }

  /** One system prompt: the instructions, then each message with its citation. */
  asSystemPrompt(instructions = 'Relevant memory from earlier conversations:'): string {
    return this.messages.length === 0 ? `${instructions}\n(no relevant memory)` : `${instructions}\n\n${this.context}`;
  }

  /** Chat Completions messages: the memory as a system message, then the user's turn. */
  asOpenAIMessages(userMessage?: string): ChatMessage[] {
    const out: ChatMessage[] = [{ role: 'system', content: this.asSystemPrompt() }];
    if (userMessage !== undefined) {
      out.push({ role: 'user', content: userMessage });
    }
    return out;
  }

  /** Messages API arguments: memory goes in `system`, the user's turn in `messages`. */
  asAnthropicMessages(userMessage?: string): { system: string; messages: { role: 'user'; content: string }[] } {
    return {
      system: this.asSystemPrompt(),
      messages: userMessage === undefined ? [] : [{ role: 'user', content: userMessage }],
    };
  }
}
