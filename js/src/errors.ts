/**
 * The errors the SDK throws, and the one place HTTP error responses become them.
 *
 *     SekhaError
 *     ├── SekhaAPIError                 the server answered with an error status
 *     │   ├── SekhaValidationError      400, 413, 415, 422, or input rejected before sending
 *     │   ├── SekhaAuthError            401, 403
 *     │   ├── SekhaNotFoundError        404, or an id that is not a UUID
 *     │   ├── SekhaRateLimitError       429 after retries (`retryAfterMs` when the server said)
 *     │   └── SekhaServerError          5xx
 *     ├── SekhaConnectionError          the request did not complete (refused, reset, DNS …)
 *     │   └── SekhaTimeoutError         an attempt took longer than the configured timeout
 *     ├── SekhaAbortError               the caller's AbortSignal fired
 *     ├── SekhaDecodeError              a success response whose body is not what the contract says
 *     ├── SekhaUnsupportedError         the controller has no way to do what was asked
 *     ├── SekhaClientClosedError        the client was closed before or while the call ran
 *     └── SekhaConfigError              the client was configured with values it cannot use
 *
 * The controller answers errors in several shapes (JSON `{error, code}`, JSON `{error}`, plain
 * text, or nothing at all); {@link errorFromResponse} turns every one into the same tree.
 */

/** The method and path of the request an error is about (never its headers: they hold the key). */
export interface RequestInfo {
  readonly method: string;
  readonly path: string;
}

/** Root of every error the SDK throws on purpose. */
export class SekhaError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export interface APIErrorOptions {
  statusCode?: number;
  body?: unknown;
  request?: RequestInfo;
}

/** The server answered with an error status (or the SDK refused the request before sending). */
export class SekhaAPIError extends SekhaError {
  readonly statusCode: number | undefined;
  /** The error body as sent: parsed JSON, text, or undefined when it was empty. */
  readonly body: unknown;
  readonly request: RequestInfo | undefined;

  constructor(message: string, options: APIErrorOptions = {}) {
    super(message);
    this.statusCode = options.statusCode;
    this.body = options.body;
    this.request = options.request;
  }

  /** The HTTP status, under the name `fetch` users know. */
  get status(): number | undefined {
    return this.statusCode;
  }
}

/** The request was malformed: refused by the server (400/413/415/422) or by the SDK itself. */
export class SekhaValidationError extends SekhaAPIError {}

/** The API key is missing, malformed or wrong (401/403). */
export class SekhaAuthError extends SekhaAPIError {}

/** No such conversation (404), or an id that cannot name one because it is not a UUID. */
export class SekhaNotFoundError extends SekhaAPIError {}

/** Too many requests (429), and retrying did not help within the configured limits. */
export class SekhaRateLimitError extends SekhaAPIError {
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: APIErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The server failed (5xx). */
export class SekhaServerError extends SekhaAPIError {}

/** The request did not complete: the server could not be reached or dropped the connection. */
export class SekhaConnectionError extends SekhaError {
  readonly request: RequestInfo | undefined;

  constructor(message: string, options: { request?: RequestInfo; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.request = options.request;
  }
}

/** An attempt took longer than the configured timeout (and retrying did not help). */
export class SekhaTimeoutError extends SekhaConnectionError {}

/** The caller's AbortSignal fired; `cause` is the signal's reason. Never retried. */
export class SekhaAbortError extends SekhaError {
  readonly request: RequestInfo | undefined;

  constructor(message: string, options: { request?: RequestInfo; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.request = options.request;
  }
}

/** A success response whose body is not what the contract describes; `raw` keeps what came. */
export class SekhaDecodeError extends SekhaError {
  readonly raw: unknown;

  constructor(message: string, options: { raw?: unknown; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.raw = options.raw;
  }
}

/** The controller offers no way to do this (for example, it ignored a field it accepted). */
export class SekhaUnsupportedError extends SekhaError {}

/** The client was closed (`memory.close()`) before or while this call ran; make a new client to go on. */
export class SekhaClientClosedError extends SekhaError {}

/** The client's configuration cannot work (no key, a URL that is not http(s), a negative timeout …). */
export class SekhaConfigError extends SekhaError {}

const BY_STATUS: Readonly<Record<number, typeof SekhaAPIError>> = {
  400: SekhaValidationError,
  401: SekhaAuthError,
  403: SekhaAuthError,
  404: SekhaNotFoundError,
  413: SekhaValidationError,
  415: SekhaValidationError,
  422: SekhaValidationError,
};

/** The longest Retry-After the SDK believes; anything longer is a broken header, not advice. */
const RETRY_AFTER_MAX_MS = 24 * 3600 * 1000;

/** A number as Python's `float()` reads one (the Python SDK's parser): `7`, ` 0.5 `, `+5`, `.5`, `1e3`. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * Milliseconds to wait from a `Retry-After` header given as seconds or as an HTTP date, read
 * as the Python SDK reads it. Undefined when there is no usable value: absent, unreadable,
 * negative, not finite, or more than a day. A date in the past means now (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text || NOT_FINITE.test(text)) {
    return undefined;
  }
  let ms: number;
  if (DECIMAL.test(text)) {
    ms = Number(text) * 1000;
  } else {
    const when = /^[+-]?[\d.]/.test(text) ? Number.NaN : Date.parse(text); // digits only as a date's day
    if (Number.isNaN(when)) {
      return undefined;
    }
    ms = Math.max(0, when - now);
  }
  return Number.isFinite(ms) && ms >= 0 && ms <= RETRY_AFTER_MAX_MS ? ms : undefined;
}

/** The message inside any of the controller's error shapes, or the status text when there is none. */
function messageOf(body: unknown, statusText: string): string {
  if (typeof body === 'string') {
    return body.trim() || statusText;
  }
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const { error } = body;
    if (typeof error === 'string' && error) {
      return error;
    }
  }
  return statusText;
}

function defaultStatusText(status: number): string {
  return status >= 500 ? 'Server error' : `HTTP ${status}`;
}

/**
 * The error for an error response; the only place where statuses become error classes.
 * `body` is the response body already read: parsed JSON, or text ('' when empty).
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: Headers,
  request?: RequestInfo,
  statusText = '',
): SekhaAPIError {
  const kept = body === '' ? undefined : body;
  const message = messageOf(kept, statusText || defaultStatusText(status));
  const options = { statusCode: status, body: kept, request };
  if (status === 429) {
    return new SekhaRateLimitError(message, { ...options, retryAfterMs: parseRetryAfter(headers.get('retry-after')) });
  }
  const kind = BY_STATUS[status] ?? (status >= 500 ? SekhaServerError : SekhaAPIError);
  return new kind(message, options);
}
