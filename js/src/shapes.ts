/**
 * Messages as LLM APIs shape them (OpenAI, Anthropic), reduced to what a controller stores: a
 * role and one text. The same rules as the Python SDK's `sekha/_shapes.py`:
 *
 * - text parts and text blocks are joined with blank lines, in order;
 * - a tool call becomes `[tool call: name({"arg": …})]` and a tool result `[tool result: …]`
 *   (`[tool error: …]` when it reports an error), so the memory says what the agent did;
 * - an image, audio clip or file becomes a marker (`[image]`, `[audio]`, `[file: name]`);
 * - reasoning blocks (`thinking`, `redacted_thinking`) are left out;
 * - roles map onto the four a controller knows: `developer` → `system`, `human` → `user`,
 *   `ai` and `model` → `assistant`, `function` → `tool`.
 *
 * Only a message with nothing to store at all (no text, no tool call, no attachment) is refused.
 */

import { SekhaValidationError } from './errors.js';
import { pythonJson } from './pyjson.js';

export type Role = 'user' | 'assistant' | 'system' | 'tool';

export const ROLES: ReadonlySet<string> = new Set<Role>(['user', 'assistant', 'system', 'tool']);

export const ROLE_ALIASES: Readonly<Record<string, Role>> = {
  developer: 'system',
  human: 'user',
  ai: 'assistant',
  model: 'assistant',
  function: 'tool',
};

const LEFT_OUT = new Set(['thinking', 'redacted_thinking']);
const MARKERS: Readonly<Record<string, string>> = {
  image: 'image',
  image_url: 'image',
  input_image: 'image',
  audio: 'audio',
  input_audio: 'audio',
  document: 'document',
  file: 'file',
  input_file: 'file',
};

/** A part of OpenAI content or an Anthropic content block (only what is read here is typed). */
export interface ContentPart {
  type?: string;
  text?: string;
  [key: string]: unknown;
}

/** An OpenAI tool call. */
export interface ToolCall {
  function: { name?: string; arguments?: unknown };
  [key: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One of user, assistant, system or tool, from any role name an LLM API uses. */
export function roleOf(value: unknown, what = 'role'): Role {
  if (typeof value !== 'string') {
    throw new SekhaValidationError(`${what} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  const name = value.trim().toLowerCase();
  const role = ROLE_ALIASES[name] ?? name;
  if (!ROLES.has(role)) {
    const known = [...ROLES, ...Object.keys(ROLE_ALIASES)].sort();
    throw new SekhaValidationError(`${what} must be one of ${known.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return role as Role;
}

/**
 * The text to store for a message's content, with its tool calls recorded after it. Throws
 * SekhaValidationError when there is nothing to store, or the content is not text, a list of
 * parts/blocks, or null.
 */
export function textOf(content: unknown, toolCalls?: unknown, functionCall?: unknown): string {
  const pieces = piecesOf(content);
  const calls: unknown[] = Array.isArray(toolCalls) ? toolCalls : isRecord(toolCalls) ? [toolCalls] : [];
  for (const call of calls) {
    pieces.push(openaiCall(call));
  }
  if (functionCall !== undefined && functionCall !== null) {
    pieces.push(openaiCall({ function: functionCall }));
  }
  const text = pieces.filter((piece) => piece !== '').join('\n\n');
  if (text.trim() === '') {
    throw new SekhaValidationError('the message has no text, tool call or attachment to store');
  }
  return text;
}

function piecesOf(content: unknown): string[] {
  if (content === undefined || content === null) {
    return [];
  }
  if (typeof content === 'string') {
    return [content];
  }
  if (isRecord(content)) {
    return [partOf(content)];
  }
  if (Array.isArray(content)) {
    return content.map(partOf);
  }
  throw new SekhaValidationError(`content must be text or a list of content parts, got ${typeof content}`);
}

/** One content part (OpenAI) or block (Anthropic) as text; '' for one that is left out. */
function partOf(part: unknown): string {
  if (typeof part === 'string') {
    return part;
  }
  if (!isRecord(part)) {
    throw new SekhaValidationError(
      `a content part must be an object or text, got ${part === null ? 'null' : typeof part}`,
    );
  }
  const kind = part.type;
  if (typeof kind === 'string' && LEFT_OUT.has(kind)) {
    return '';
  }
  if (typeof kind === 'string' && kind.endsWith('tool_use')) {
    // tool_use, server_tool_use, mcp_tool_use …
    const name = typeof part.name === 'string' ? part.name : 'tool';
    return `[tool call: ${name}(${pythonJson(part.input ?? {})})]`;
  }
  if (typeof kind === 'string' && kind.endsWith('tool_result')) {
    const verdict = part.is_error === true ? 'tool error' : 'tool result';
    return `[${verdict}: ${piecesOf(part.content)
      .filter((piece) => piece !== '')
      .join('\n')}]`;
  }
  for (const key of ['text', 'refusal']) {
    const value = part[key];
    if (typeof value === 'string') {
      return value;
    }
  }
  if (typeof kind === 'string' && Object.hasOwn(MARKERS, kind)) {
    const name = fileName(part);
    return `[${MARKERS[kind] ?? kind}${name ? `: ${name}` : ''}]`;
  }
  throw new SekhaValidationError(`a content part of type ${JSON.stringify(kind)} has no text that can be stored`);
}

function fileName(part: Record<string, unknown>): string {
  const inner = part.file;
  for (const source of [part, isRecord(inner) ? inner : {}]) {
    for (const key of ['filename', 'title', 'name']) {
      const value = source[key];
      if (typeof value === 'string' && value.trim()) {
        return value.trim();
      }
    }
  }
  return '';
}

function openaiCall(call: unknown): string {
  const fn = isRecord(call) ? call.function : undefined;
  if (!isRecord(fn)) {
    throw new SekhaValidationError('a tool call must have a function with a name and arguments');
  }
  const args = fn.arguments ?? '';
  const name = typeof fn.name === 'string' ? fn.name : 'tool';
  return `[tool call: ${name}(${typeof args === 'string' ? args : pythonJson(args)})]`;
}
