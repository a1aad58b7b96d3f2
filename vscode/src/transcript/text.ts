/**
 * Plain markdown or text transcripts: one conversation per document, turns marked by a speaker.
 *
 * A turn starts at a line naming the speaker, either inline (`User: hello`, `**Assistant:** hi`)
 * or as a heading on its own (`## User`). Everything up to the next such line belongs to that
 * turn. A leading `# Title` heading names the conversation; otherwise the file name does.
 */

import { createHash } from 'node:crypto';

import { TranscriptError, type SourceConversation, type SourceMessage } from './model';

const SPEAKERS: Readonly<Record<string, 'user' | 'assistant' | 'system'>> = {
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  chatgpt: 'assistant',
  claude: 'assistant',
  system: 'system',
};
const NAMES = Object.keys(SPEAKERS).join('|');
const HEADING_TURN = new RegExp(`^#{1,6}\\s+\\**(${NAMES})\\**\\s*:?\\s*$`, 'i');
const INLINE_TURN = new RegExp(`^\\**(${NAMES})\\**\\s*:\\s*(?:\\*\\*\\s*)?(.*)$`, 'i');
const TITLE = /^#\s+(.+?)\s*$/;
// The line breaks Python's str.splitlines() knows, so both sides cut a text into the same lines.
// eslint-disable-next-line no-control-regex -- \x1c to \x1e are line breaks to Python
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/;

export const NO_SPEAKER = "no line names a speaker (such as 'User:', 'Assistant:' or '## User')";

export function splitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The transcript's conversation; `name` (the file name) is its fallback title and id. */
export function parse(text: string, name: string): SourceConversation {
  let title: string | undefined;
  const turns: { speaker: string; lines: string[] }[] = [];
  for (const line of splitLines(text)) {
    const turn = speakerOf(line);
    if (turn !== undefined) {
      turns.push({ speaker: turn.speaker, lines: turn.rest === '' ? [] : [turn.rest] });
    } else if (turns.length > 0) {
      turns.at(-1)?.lines.push(line);
    } else if (title === undefined) {
      title = TITLE.exec(line)?.[1];
    }
  }
  if (turns.length === 0) throw new TranscriptError(NO_SPEAKER);
  const messages: SourceMessage[] = [];
  for (const { speaker, lines } of turns) {
    const content = lines.join('\n').trim();
    if ((speaker === 'user' || speaker === 'assistant') && content !== '') {
      messages.push({ role: speaker, content });
    }
  }
  const digest = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
  return { source: 'text', sourceId: `${name}:${digest}`, title: title ?? name, messages };
}

function speakerOf(line: string): { speaker: string; rest: string } | undefined {
  const stripped = line.trim();
  const heading = HEADING_TURN.exec(stripped);
  if (heading?.[1] !== undefined) return { speaker: speaker(heading[1]), rest: '' };
  const inline = INLINE_TURN.exec(stripped);
  if (inline?.[1] === undefined) return undefined;
  const rest = (inline[2] ?? '').trim();
  return { speaker: speaker(inline[1]), rest: (rest.startsWith('**') ? rest.slice(2) : rest).trim() };
}

function speaker(name: string): string {
  return SPEAKERS[name.toLowerCase()] ?? 'user';
}
