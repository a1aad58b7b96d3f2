/**
 * Retries, timeouts, cancellation and rate limiting as a `fetch`, so every request gets them,
 * including a generated function called directly on `memory.api`.
 *
 * Each attempt's body is read here, inside the attempt and its timeout, so a connection that
 * breaks halfway through a response counts as a failed attempt instead of surfacing later.
 */

import {
  SekhaAbortError,
  SekhaConnectionError,
  SekhaTimeoutError,
  parseRetryAfter,
  type RequestInfo,
} from './errors.js';
import type { TokenBucket } from './ratelimit.js';
import { nextDelay, type Failure, type RetrySettings } from './retry.js';
import { retryClassOf } from './routes.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

export interface TransportOptions {
  /** Milliseconds one attempt may take, the response body included. */
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly limiter: TokenBucket | null;
  /** The fetch underneath (the global one by default). */
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
}

/** Error codes of a connection that was never made: nothing reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function codesOf(error: unknown, depth = 0): string[] {
  if (typeof error !== 'object' || error === null || depth > 4) {
    return [];
  }
  const found: string[] = [];
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') {
    found.push(code);
  }
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      found.push(...codesOf(inner, depth + 1));
    }
  }
  found.push(...codesOf(cause, depth + 1));
  return found;
}

/** What a failed fetch says about whether the server may have seen the request. */
export function failureOf(error: unknown): Failure | undefined {
  const codes = codesOf(error);
  if (codes.length > 0) {
    return codes.every((code) => NOT_SENT_CODES.has(code)) ? 'not_sent' : 'broken';
  }
  // undici reports a dropped connection as `TypeError: fetch failed` (or `terminated` mid-body)
  // with a cause; a TypeError without one is a local mistake (a bad URL) that no retry can help.
  const cause = (error as { cause?: unknown } | null)?.cause;
  return error instanceof TypeError && cause === undefined ? undefined : 'broken';
}

function describe(error: unknown): string {
  const codes = codesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return codes.length > 0 ? `${message} (${[...new Set(codes)].join(', ')})` : message;
}

/** Resolves after `ms`, or rejects with the abort error as soon as `signal` fires. */
function sleep(ms: number, signal: AbortSignal, request: RequestInfo): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError(signal, request));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal, request));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function abortError(signal: AbortSignal, request: RequestInfo): SekhaAbortError {
  return new SekhaAbortError(`${request.method} ${request.path} was aborted by its signal`, {
    request,
    cause: signal.reason,
  });
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type Attempt = { response: Response } | { failure: Failure | undefined; error: unknown };

/** A `fetch` with the contract's retry policy, per-attempt timeouts and the client's limiter. */
export function createTransport(options: TransportOptions): typeof fetch {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;

  async function attemptOnce(
    request: Request,
    body: ArrayBuffer | undefined,
    signal: AbortSignal,
    info: RequestInfo,
  ): Promise<Attempt> {
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort();
    }, options.timeoutMs);
    try {
      const answer = await baseFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal: AbortSignal.any([signal, timeout.signal]),
      });
      const content = await answer.arrayBuffer();
      const response = new Response(NULL_BODY_STATUSES.has(answer.status) ? null : content, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
      return { response };
    } catch (error) {
      if (signal.aborted) {
        throw abortError(signal, info);
      }
      return { failure: timeout.signal.aborted ? 'timeout' : failureOf(error), error };
    } finally {
      clearTimeout(timer);
    }
  }

  async function sekhaFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const info: RequestInfo = { method: request.method, path: url.pathname };
    const retryClass = retryClassOf(request.method, url.pathname);
    if (retryClass === 'unsafe' && !request.headers.has(IDEMPOTENCY_HEADER)) {
      request.headers.set(IDEMPOTENCY_HEADER, crypto.randomUUID()); // the same key for every attempt
    }
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const signal = request.signal;
    let waitedMs = 0;
    for (let attempt = 1; ; attempt++) {
      if (options.limiter !== null) {
        const hold = options.limiter.reserve();
        if (hold > 0) {
          await sleep(hold, signal, info);
        }
      }
      if (signal.aborted) {
        throw abortError(signal, info);
      }
      const outcome = await attemptOnce(request, body, signal, info);
      let delay: number | undefined;
      if ('response' in outcome) {
        const { status } = outcome.response;
        const retryAfterMs = parseRetryAfter(outcome.response.headers.get('retry-after'));
        delay = nextDelay(retryClass, attempt, waitedMs, options.retry, { status, retryAfterMs }, random);
        if (status === 429 && options.limiter !== null) {
          options.limiter.pause(Math.min(delay ?? retryAfterMs ?? 0, options.retry.maxWaitMs));
        }
        if (delay === undefined) {
          return outcome.response;
        }
      } else {
        const { failure, error } = outcome;
        delay =
          failure === undefined
            ? undefined
            : nextDelay(retryClass, attempt, waitedMs, options.retry, { failure }, random);
        if (delay === undefined) {
          const what = `${info.method} ${info.path}`;
          if (failure === 'timeout') {
            throw new SekhaTimeoutError(`${what} timed out after ${options.timeoutMs} ms (attempt ${attempt})`, {
              request: info,
              cause: error,
            });
          }
          throw new SekhaConnectionError(`${what} failed: ${describe(error)}`, { request: info, cause: error });
        }
      }
      await sleep(delay, signal, info);
      waitedMs += delay;
    }
  }

  return sekhaFetch;
}
