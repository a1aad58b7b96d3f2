import { describe, expect, it } from 'vitest';

import { DEFAULT_RETRY_SETTINGS, nextDelay, type Failure, type RetryClass } from '../../src/retry.js';

const settings = { ...DEFAULT_RETRY_SETTINGS, maxRetries: 3, backoffMs: 500, backoffMaxMs: 8000, maxWaitMs: 60_000 };
const half = (): number => 0.5;

describe('nextDelay', () => {
  // retry class, outcome, retried?
  const table: [RetryClass, { status?: number; failure?: Failure }, boolean][] = [
    ['safe', { status: 500 }, true],
    ['safe', { status: 502 }, true],
    ['safe', { status: 503 }, true],
    ['safe', { status: 504 }, true],
    ['safe', { status: 408 }, true],
    ['safe', { status: 429 }, true],
    ['safe', { status: 400 }, false],
    ['safe', { status: 404 }, false],
    ['safe', { status: 422 }, false],
    ['safe', { status: 200 }, false],
    ['safe', { failure: 'not_sent' }, true],
    ['safe', { failure: 'timeout' }, true],
    ['safe', { failure: 'broken' }, true],
    ['idempotent', { status: 500 }, true],
    ['idempotent', { failure: 'timeout' }, true],
    ['idempotent', { failure: 'broken' }, true],
    ['idempotent', { status: 401 }, false],
    ['unsafe', { status: 429 }, true],
    ['unsafe', { status: 500 }, false],
    ['unsafe', { status: 502 }, false],
    ['unsafe', { status: 503 }, false],
    ['unsafe', { status: 408 }, false],
    ['unsafe', { failure: 'not_sent' }, true],
    ['unsafe', { failure: 'timeout' }, false],
    ['unsafe', { failure: 'broken' }, false],
    ['unsafe', {}, false],
  ];
  it.each(table)('%s after %j: retried %s', (retryClass, outcome, retried) => {
    const delay = nextDelay(retryClass, 1, 0, settings, outcome, half);
    expect(delay !== undefined).toBe(retried);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const delays = [1, 2, 3].map((attempt) => nextDelay('safe', attempt, 0, settings, { status: 503 }, () => 1));
    expect(delays).toEqual([500, 1000, 2000]);
    const capped = { ...settings, maxRetries: 10 };
    expect(nextDelay('safe', 6, 0, capped, { status: 503 }, () => 1)).toBe(8000);
    expect(nextDelay('safe', 1, 0, settings, { status: 503 }, () => 0)).toBe(0);
    expect(nextDelay('safe', 2, 0, settings, { status: 503 }, half)).toBe(500);
  });

  it('stops after maxRetries retries', () => {
    expect(nextDelay('safe', 3, 0, settings, { status: 503 }, half)).toBeDefined();
    expect(nextDelay('safe', 4, 0, settings, { status: 503 }, half)).toBeUndefined();
    expect(nextDelay('safe', 1, 0, { ...settings, maxRetries: 0 }, { status: 503 }, half)).toBeUndefined();
  });

  it('honours Retry-After instead of backoff, within what is left of maxWait', () => {
    expect(nextDelay('safe', 1, 0, settings, { status: 429, retryAfterMs: 2000 }, half)).toBe(2000);
    expect(nextDelay('unsafe', 1, 0, settings, { status: 429, retryAfterMs: 2000 }, half)).toBe(2000);
    expect(nextDelay('safe', 1, 59_000, settings, { status: 429, retryAfterMs: 2000 }, half)).toBeUndefined();
    expect(nextDelay('safe', 1, 0, settings, { status: 429, retryAfterMs: 61_000 }, half)).toBeUndefined();
  });

  it('never waits past maxWait in total', () => {
    expect(nextDelay('safe', 2, 59_900, settings, { status: 503 }, () => 1)).toBeUndefined();
    expect(nextDelay('safe', 2, 58_000, settings, { status: 503 }, () => 1)).toBe(1000);
  });
});
