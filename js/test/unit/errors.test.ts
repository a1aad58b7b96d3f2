import { describe, expect, it } from 'vitest';

import {
  errorFromResponse,
  parseRetryAfter,
  SekhaAPIError,
  SekhaAuthError,
  SekhaError,
  SekhaNotFoundError,
  SekhaRateLimitError,
  SekhaServerError,
  SekhaValidationError,
} from '../../src/errors.js';
import { fixture } from './mock.js';

/** The body as the generated client hands it to the error interceptor: JSON parsed, else text. */
function bodyOf(name: string): { status: number; body: unknown } {
  const f = fixture(name);
  return { status: f.status, body: f.model === 'text' ? f.body : f.body };
}

describe('errorFromResponse maps every error shape of the real controller', () => {
  const cases: [string, typeof SekhaAPIError, string][] = [
    ['not_found_404', SekhaNotFoundError, 'Conversation not found'], // A: {error, code}
    ['entity_not_found_500', SekhaServerError, 'Entity not found'], // A with 500
    ['summarize_bad_level_400', SekhaValidationError, 'Invalid level'],
    ['fts_syntax_500', SekhaServerError, 'Database error'],
    ['mcp_not_found_404', SekhaNotFoundError, 'HTTP 404'], // B: empty body
    ['count_db_error_500', SekhaServerError, 'Server error'], // B
    ['health_unhealthy_503', SekhaServerError, 'Server error'], // B
    ['mcp_invalid_key_401', SekhaAuthError, 'Invalid API key'], // C: {error}
    ['mcp_missing_header_401', SekhaAuthError, 'Missing authorization header'],
    ['mcp_bad_format_400', SekhaValidationError, 'Invalid authorization format'],
    ['missing_field_422', SekhaValidationError, 'Failed to deserialize the JSON body'], // D: text
    ['bad_json_400', SekhaValidationError, 'Failed to parse the request body as JSON'],
    ['no_content_type_415', SekhaValidationError, 'Expected request with'],
    ['bad_uuid_400', SekhaValidationError, 'Invalid URL'],
    ['bad_query_string_400', SekhaValidationError, 'Failed to deserialize query string'],
    ['body_too_large_413', SekhaValidationError, ''],
    ['rate_limited_429', SekhaRateLimitError, 'Rate limit exceeded. Please try again later.'], // E
  ];
  it.each(cases)('%s', (name, kind, start) => {
    const { status, body } = bodyOf(name);
    const error = errorFromResponse(status, body, new Headers(), { method: 'GET', path: '/x' });
    expect(error).toBeInstanceOf(kind);
    expect(error).toBeInstanceOf(SekhaAPIError);
    expect(error).toBeInstanceOf(SekhaError);
    expect(error.name).toBe(kind.name);
    expect(error.statusCode).toBe(status);
    expect(error.status).toBe(status);
    expect(error.message.startsWith(start)).toBe(true);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.request).toEqual({ method: 'GET', path: '/x' });
    expect(error.body).toEqual(body === '' ? undefined : body);
  });

  it('uses the status text for an empty body when there is one', () => {
    const error = errorFromResponse(405, '', new Headers(), undefined, 'Method Not Allowed');
    expect(error.constructor).toBe(SekhaAPIError);
    expect(error.message).toBe('Method Not Allowed');
    expect(error.body).toBeUndefined();
  });

  it('keeps Retry-After on a 429', () => {
    const error = errorFromResponse(429, { error: 'slow down', code: 429 }, new Headers({ 'retry-after': '3' }));
    if (!(error instanceof SekhaRateLimitError)) {
      throw new Error('expected SekhaRateLimitError');
    }
    expect(error.retryAfterMs).toBe(3000);
    expect(error.message).toBe('slow down');
  });

  it('maps 403 to auth and unknown 4xx to the base class', () => {
    expect(errorFromResponse(403, '', new Headers())).toBeInstanceOf(SekhaAuthError);
    expect(errorFromResponse(418, 'teapot', new Headers()).constructor).toBe(SekhaAPIError);
    expect(errorFromResponse(599, '', new Headers())).toBeInstanceOf(SekhaServerError);
  });

  it('reads a JSON body whose error is not a string as text-less', () => {
    const error = errorFromResponse(500, { error: { nested: true } }, new Headers());
    expect(error.message).toBe('Server error');
    expect(error.body).toEqual({ error: { nested: true } });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-16T21:00:00Z');
  const table: [string | null | undefined, number | undefined][] = [
    [undefined, undefined],
    [null, undefined],
    ['', undefined],
    ['  ', undefined],
    ['0', 0],
    ['3', 3000],
    ['1.5', 1500],
    [' 2 ', 2000],
    ['-1', undefined],
    ['inf', undefined],
    ['Infinity', undefined],
    ['NaN', undefined],
    ['1e3', 1_000_000], // a number as the Python SDK reads one
    ['+5', 5000],
    ['.5', 500],
    ['86401', undefined], // over a day: a broken header, not advice
    ['86400', 86_400_000],
    ['Fri, 16 Jan 2026 21:00:05 GMT', 5000],
    ['Fri, 16 Jan 2026 20:59:00 GMT', 0], // in the past
    ['Sun, 18 Jan 2026 21:00:01 GMT', undefined], // more than a day ahead
    ['not a date', undefined],
    // the Python suite's table of what no one should wait for (tests/unit/test_errors.py)
    ['soon', undefined],
    ['nan', undefined],
    ['-inf', undefined],
    ['1e309', undefined],
    ['-3', undefined],
    ['-0.5', undefined],
    ['1e12', undefined],
    ['0x10', undefined],
  ];
  it.each(table)('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});
