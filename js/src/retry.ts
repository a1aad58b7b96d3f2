/**
 * When to try a request again: a pure function of what happened, tested with a table.
 *
 * Operations come in three classes, declared per operation in the contract (`x-sekha-retry`):
 *
 * - `safe`: reads and read-only POSTs. Any transient failure is retried.
 * - `idempotent`: writes whose repetition leaves the same state (set a label, archive …). Same.
 * - `unsafe`: creates. Retried only when the request provably never reached the server (it could
 *   not connect) or when the rate limiter refused it (429), so a retry never stores twice.
 */

import type { RetryClass } from './generated/retry-classes.gen.js';

export type { RetryClass };

/** How an attempt failed below HTTP. */
export type Failure =
  /** Connection refused, DNS, connect timeout: nothing reached the server. */
  | 'not_sent'
  /** Sent, but no answer in time: the server may have acted. */
  | 'timeout'
  /** Sent, then the connection broke: the server may have acted. */
  | 'broken';

export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export interface RetrySettings {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** The first backoff's upper bound; each later one doubles, up to `backoffMaxMs`. */
  readonly backoffMs: number;
  readonly backoffMaxMs: number;
  /** Total milliseconds one call may spend waiting between attempts. */
  readonly maxWaitMs: number;
}

export const DEFAULT_RETRY_SETTINGS: RetrySettings = {
  maxRetries: 3,
  backoffMs: 500,
  backoffMaxMs: 8000,
  maxWaitMs: 60_000,
};

export interface Outcome {
  /** The HTTP status of the attempt, when it got an answer. */
  readonly status?: number;
  /** How it failed, when it got none. */
  readonly failure?: Failure;
  /** The server's Retry-After, in milliseconds. */
  readonly retryAfterMs?: number;
}

/**
 * Milliseconds to wait before the next attempt, or undefined to stop and report this outcome.
 *
 * `attempt` counts attempts made so far (1 after the first); `waitedMs` is the time already spent
 * waiting. Backoff is exponential with full jitter; a server's Retry-After replaces it, and is
 * honoured only while it fits in what is left of `maxWaitMs`.
 */
export function nextDelay(
  retryClass: RetryClass,
  attempt: number,
  waitedMs: number,
  settings: RetrySettings,
  outcome: Outcome,
  random: () => number = Math.random,
): number | undefined {
  if (attempt > settings.maxRetries) {
    return undefined;
  }
  let retryable: boolean;
  if (outcome.failure !== undefined) {
    retryable = outcome.failure === 'not_sent' || retryClass !== 'unsafe';
  } else if (outcome.status !== undefined) {
    retryable = retryClass === 'unsafe' ? outcome.status === 429 : RETRYABLE_STATUSES.has(outcome.status);
  } else {
    retryable = false;
  }
  if (!retryable) {
    return undefined;
  }
  const delay =
    outcome.retryAfterMs ?? random() * Math.min(settings.backoffMaxMs, settings.backoffMs * 2 ** (attempt - 1));
  return waitedMs + delay > settings.maxWaitMs ? undefined : delay;
}
