/**
 * Retries, timeouts, cancellation and rate limiting as a `fetch`, so every request gets them,
 * including a generated function called directly on `memory.api`.
 *
 * Each attempt's body is read here, inside the attempt and its timeout, so a connection that
 * breaks or dribbles halfway through a response counts as a failed attempt instead of surfacing
 * later. Every call is bounded: at most `maxRetries + 1` attempts of at most `timeoutMs` each,
 * and at most `retry.maxWaitMs` of waiting in all (rate limiter, backoff, `Retry-After`).
 */

import type { Announced } from './capabilities.js';
import {
  SekhaAbortError,
  SekhaClientClosedError,
  SekhaConnectionError,
  SekhaRateLimitError,
  SekhaTimeoutError,
  parseRetryAfter,
  type RequestInfo,
} from './errors.js';
import type { TokenBucket } from './ratelimit.js';
import { nextDelay, type Failure, type RetryClass, type RetrySettings } from './retry.js';
import { routeOf, type Route } from './routes.js';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * A `RequestInit` key: a success's body is left for the caller to stream (the attempt's timeout
 * then covers the status and headers only). For the bulk export.
 */
export const STREAM = Symbol('sekha.stream');

export type TransportInit = RequestInit & { [STREAM]?: boolean };

export const CLOSED = 'this client has been closed; make a new MemoryController to go on';
export const CLOSED_DURING_CALL = 'the client was closed while this call was under way; make a new client to go on';
const PROBE_ATTEMPTS = 2;
const PROBE_HEADERS = ['authorization', 'user-agent'];

export interface TransportOptions {
  /** Milliseconds one attempt may take, from connecting to the last byte of the body. */
  readonly timeoutMs: number;
  readonly retry: RetrySettings;
  readonly limiter: TokenBucket | null;
  /** The fetch underneath (the global one by default). */
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  /** What the client learnt of the server's capabilities (whether it honours Idempotency-Key). */
  readonly announced?: Announced;
  /** Where to ask for them when a create needs to know and nothing was learnt yet. */
  readonly healthUrl?: string;
  /** Fires when the client closes: waits and attempts under way end with SekhaClientClosedError. */
  readonly closed?: AbortSignal;
}

/** Responses to a call an earlier attempt of which may have been acted on by the server. */
const answeredAfterAPossibleAct = new WeakSet<Response>();

/**
 * Whether an earlier attempt of the call that got `response` may have been done by the server
 * (it timed out, the connection broke, or it answered 5xx): a DELETE's 404 then means that
 * attempt deleted it.
 */
export function mayHaveActedBefore(response: Response | undefined): boolean {
  return response !== undefined && answeredAfterAPossibleAct.has(response);
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

/**
 * System calls whose failure means the request never reached the server whole: the connection
 * was never made (`connect ECONNRESET`, a DNS failure), or the request could not be written
 * (`write EPIPE`, `write ECONNRESET`), so the server cannot have acted on it.
 */
const NOT_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo', 'write']);

interface Cause {
  readonly code: string | undefined;
  readonly syscall: string | undefined;
}

function causesOf(error: unknown, depth = 0): Cause[] {
  if (typeof error !== 'object' || error === null || depth > 4) {
    return [];
  }
  const found: Cause[] = [];
  const { code, syscall, cause, errors } = error as {
    code?: unknown;
    syscall?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string') {
    found.push({ code, syscall: typeof syscall === 'string' ? syscall : undefined });
  }
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      found.push(...causesOf(inner, depth + 1));
    }
  }
  found.push(...causesOf(cause, depth + 1));
  return found;
}

/** What a failed fetch says about whether the server may have seen the request. */
export function failureOf(error: unknown): Failure | undefined {
  const causes = causesOf(error);
  if (causes.length > 0) {
    const unsent = causes.every(
      ({ code, syscall }) =>
        (code !== undefined && NOT_SENT_CODES.has(code)) || (syscall !== undefined && NOT_SENT_SYSCALLS.has(syscall)),
    );
    return unsent ? 'not_sent' : 'broken';
  }
  // undici reports a dropped connection as `TypeError: fetch failed` (or `terminated` mid-body)
  // with a cause; a TypeError without one is a local mistake (a bad URL) that no retry can help.
  const cause = (error as { cause?: unknown } | null)?.cause;
  return error instanceof TypeError && cause === undefined ? undefined : 'broken';
}

function describe(error: unknown): string {
  const codes = causesOf(error).map((cause) => cause.code);
  const message = error instanceof Error ? error.message : String(error);
  return codes.length > 0 ? `${message} (${[...new Set(codes)].join(', ')})` : message;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** How one attempt ended: a response, or a failure below HTTP. */
interface Outcome {
  readonly response?: Response;
  readonly failure?: Failure;
  readonly error?: unknown;
}

function mayHaveActed(outcome: Outcome): boolean {
  const status = outcome.response?.status;
  return outcome.failure === 'timeout' || outcome.failure === 'broken' || (status !== undefined && status >= 500);
}

/** A `fetch` with the contract's retry policy, per-attempt timeouts and the client's limiter. */
export function createTransport(
  options: TransportOptions,
): (input: string | URL | Request, init?: TransportInit) => Promise<Response> {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const random = options.random ?? Math.random;
  const { retry, limiter } = options;
  const closed = options.closed ?? new AbortController().signal;

  /** Why a wait or an attempt was cut short by `signal` or by the client closing. */
  function interruption(signal: AbortSignal, info: RequestInfo): Error {
    if (closed.aborted && !signal.aborted) {
      return new SekhaClientClosedError(CLOSED_DURING_CALL);
    }
    return new SekhaAbortError(`${info.method} ${info.path} was aborted by its signal`, {
      request: info,
      cause: signal.reason,
    });
  }

  /** Resolves after `ms`; rejects as soon as the caller's signal fires or the client closes. */
  function sleep(ms: number, signal: AbortSignal, info: RequestInfo): Promise<void> {
    const stop = AbortSignal.any([signal, closed]);
    return new Promise((resolve, reject) => {
      if (stop.aborted) {
        reject(interruption(signal, info));
        return;
      }
      const onStop = (): void => {
        clearTimeout(timer);
        reject(interruption(signal, info));
      };
      const timer = setTimeout(() => {
        stop.removeEventListener('abort', onStop);
        resolve();
      }, ms);
      stop.addEventListener('abort', onStop, { once: true });
    });
  }

  /** One try, all of it (connect, send, status, headers and, unless streamed, body) within `ms`. */
  async function attemptOnce(
    request: Request,
    body: ArrayBuffer | undefined,
    signal: AbortSignal,
    info: RequestInfo,
    ms: number,
    stream: boolean,
  ): Promise<Outcome> {
    const timeout = new AbortController();
    const timer = setTimeout(() => {
      timeout.abort();
    }, ms);
    try {
      const answer = await baseFetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
        redirect: request.redirect,
        signal: AbortSignal.any([signal, timeout.signal, closed]),
      });
      if (stream && answer.ok) {
        return { response: answer }; // the caller reads the body as it arrives
      }
      const content = await answer.arrayBuffer();
      const response = new Response(NULL_BODY_STATUSES.has(answer.status) ? null : content, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      });
      return { response };
    } catch (error) {
      if (signal.aborted || closed.aborted) {
        throw interruption(signal, info);
      }
      return { failure: timeout.signal.aborted ? 'timeout' : failureOf(error), error };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Wait for the rate limiter; throw when it would hold the call beyond its waiting budget. */
  async function hold(info: RequestInfo, withinMs: number, signal: AbortSignal): Promise<number> {
    if (limiter === null) {
      return 0;
    }
    const within = Math.max(0, withinMs);
    const wait = limiter.reserve(within);
    if (wait === undefined) {
      const rate = Math.round(limiter.ratePerSecond * 60);
      throw new SekhaRateLimitError(
        `the client's rate limit (${rate} requests a minute) would hold ${info.method} ${info.path} longer ` +
          `than the ${(within / 1000).toFixed(1)} s left of its retryMaxWait; send fewer requests at once, ` +
          'or raise rateLimit or retryMaxWait',
        { request: info },
      );
    }
    if (wait > 0) {
      await sleep(wait, signal, info);
    }
    return wait;
  }

  /**
   * Whether the server announced that it honours `Idempotency-Key` on this route. Learnt from
   * the first health report this client read; when none has been read yet, `/health` is asked
   * within `withinMs` (what is left of the call's waiting budget), twice at most (a pooled
   * connection the server dropped). Not knowing means no: the create is then treated as the
   * real controller requires.
   */
  async function replaysCreates(
    route: Route,
    request: Request,
    signal: AbortSignal,
    info: RequestInfo,
    withinMs: number,
  ): Promise<boolean> {
    const { announced, healthUrl } = options;
    if (!route.replayable || announced === undefined) {
      return false;
    }
    let known = announced.known;
    if (known === undefined && healthUrl !== undefined) {
      const headers = new Headers();
      for (const name of PROBE_HEADERS) {
        const value = request.headers.get(name);
        if (value !== null) {
          headers.set(name, value);
        }
      }
      const probe = new Request(healthUrl, { headers });
      const deadline = performance.now() + withinMs;
      for (let tries = 0; tries < PROBE_ATTEMPTS; tries++) {
        const wait = limiter === null ? 0 : limiter.reserve(Math.max(0, deadline - performance.now()));
        if (wait === undefined) {
          break;
        }
        await sleep(wait, signal, info);
        const left = deadline - performance.now();
        if (left <= 0) {
          break;
        }
        const outcome = await attemptOnce(probe, undefined, signal, info, Math.min(options.timeoutMs, left), false);
        if (outcome.response !== undefined) {
          known = announced.learn(await outcome.response.text());
          break;
        }
      }
    }
    return known?.supports('idempotency_keys') ?? false;
  }

  async function sekhaFetch(input: string | URL | Request, init?: TransportInit): Promise<Response> {
    const request = new Request(input, init);
    const stream = init?.[STREAM] === true;
    const url = new URL(request.url);
    const info: RequestInfo = { method: request.method, path: url.pathname };
    const route = routeOf(request.method, url.pathname);
    if (route.replayable && !request.headers.has(IDEMPOTENCY_HEADER)) {
      request.headers.set(IDEMPOTENCY_HEADER, crypto.randomUUID()); // the same key for every attempt
    }
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const signal = request.signal;
    let retryClass: RetryClass = route.retryClass;
    let waitedMs = 0;
    let sentBefore = false;
    const delayAfter = (outcome: Outcome, attempt: number, kind: RetryClass): number | undefined => {
      const status = outcome.response?.status;
      const retryAfterMs = parseRetryAfter(outcome.response?.headers.get('retry-after'));
      if (status !== undefined) {
        return nextDelay(kind, attempt, waitedMs, retry, { status, retryAfterMs }, random);
      }
      return outcome.failure === undefined
        ? undefined
        : nextDelay(kind, attempt, waitedMs, retry, { failure: outcome.failure }, random);
    };
    for (let attempt = 1; ; attempt++) {
      if (closed.aborted) {
        throw new SekhaClientClosedError(attempt === 1 ? CLOSED : CLOSED_DURING_CALL);
      }
      if (signal.aborted) {
        throw interruption(signal, info);
      }
      waitedMs += await hold(info, retry.maxWaitMs - waitedMs, signal);
      const outcome = await attemptOnce(request, body, signal, info, options.timeoutMs, stream);
      let delay = delayAfter(outcome, attempt, retryClass);
      if (delay === undefined && retryClass === 'unsafe' && delayAfter(outcome, attempt, 'idempotent') !== undefined) {
        const started = performance.now();
        if (await replaysCreates(route, request, signal, info, retry.maxWaitMs - waitedMs)) {
          retryClass = 'idempotent'; // a repeat with this key stores nothing new
        }
        waitedMs += performance.now() - started;
        delay = delayAfter(outcome, attempt, retryClass);
      }
      const { response } = outcome;
      if (response?.status === 429 && limiter !== null) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        limiter.pause(Math.min(retryAfterMs ?? delay ?? 0, retry.maxWaitMs));
      }
      if (delay === undefined) {
        if (response !== undefined) {
          if (sentBefore) {
            answeredAfterAPossibleAct.add(response);
          }
          return response;
        }
        const what = `${info.method} ${info.path}`;
        if (outcome.failure === 'timeout') {
          throw new SekhaTimeoutError(`${what} timed out after ${options.timeoutMs} ms (attempt ${attempt})`, {
            request: info,
            cause: outcome.error,
          });
        }
        throw new SekhaConnectionError(`${what} failed: ${describe(outcome.error)}`, {
          request: info,
          cause: outcome.error,
        });
      }
      sentBefore ||= mayHaveActed(outcome);
      await sleep(delay, signal, info);
      waitedMs += delay;
    }
  }

  return sekhaFetch;
}
