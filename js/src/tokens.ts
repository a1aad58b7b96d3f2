/**
 * Token counts for context budgets: the Python SDK's approach without its `tokens` extra.
 *
 * The rendered context must fit its budget in cl100k_base tokens (what current OpenAI chat
 * models bill, and close to what other providers count). An exact cl100k counter needs its
 * 100,000-entry merge table, over a megabyte, which this dependency-free SDK does not carry.
 * So by default every UTF-8 byte counts as a token: no text has more cl100k tokens than bytes,
 * so a context still fits its budget, only using less of it (about a quarter for English), and
 * an ApproximateTokensWarning says so once per client. Pass `tokenCounter` (for example
 * `countTokens` from the gpt-tokenizer package's `gpt-tokenizer/encoding/cl100k_base`) to count
 * exactly, as the Python SDK does with `sekha-memory[tokens]`.
 */

import { ApproximateTokensWarning, type Warner } from './warnings.js';

/** Counts the tokens of a text; it must never count fewer than the cl100k tokens the text has. */
export type TokenCounter = (text: string) => number;

const encoder = new TextEncoder();

/** UTF-8 bytes: an upper bound of the cl100k tokens of any text. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** The counter a client uses: the configured one, or the byte bound with a warning once. */
export function tokenCounterFor(configured: TokenCounter | undefined, warner: Warner): TokenCounter {
  if (configured !== undefined) {
    return configured;
  }
  return (text) => {
    warner.warn(
      new ApproximateTokensWarning(
        'counting a UTF-8 byte as a token (an upper bound): pass tokenCounter (a cl100k_base counter, ' +
          "such as gpt-tokenizer's countTokens) to count exactly and let contexts use their whole budget",
      ),
    );
    return utf8Bytes(text);
  };
}
