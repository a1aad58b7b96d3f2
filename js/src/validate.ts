/** Checks on what callers pass, so bad input fails with a clear error before any request. */

import { SekhaNotFoundError, SekhaValidationError } from './errors.js';
import { isoUtc, parseTimestampParts, type ParsedTimestamp } from './time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The largest page, search or id list the SDK asks for in one request. */
export const MAX_LIMIT = 1000;
export const MAX_TOKEN_BUDGET = 10_000_000;

/** A conversation id, lower-cased; a string that is not a UUID cannot name anything. */
export function conversationId(value: unknown, what = 'conversation id'): string {
  if (typeof value !== 'string' || !UUID.test(value.trim())) {
    throw new SekhaNotFoundError(`${what} ${JSON.stringify(value)} is not a UUID, so nothing can have it`);
  }
  return value.trim().toLowerCase();
}

export function wholeNumber(name: string, value: unknown, low: number, high?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new SekhaValidationError(`${name} must be a whole number, got ${String(value)}`);
  }
  if (value < low || (high !== undefined && value > high)) {
    const bound = high !== undefined ? `between ${low} and ${high}` : `>= ${low}`;
    throw new SekhaValidationError(`${name} must be ${bound}, got ${value}`);
  }
  return value;
}

export function finiteNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new SekhaValidationError(`${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** A string; unless `allowEmpty`, one with something besides whitespace. No lone surrogates. */
export function text(name: string, value: unknown, allowEmpty = false): string {
  if (typeof value !== 'string') {
    throw new SekhaValidationError(`${name} must be a string, got ${value === null ? 'null' : typeof value}`);
  }
  if (!allowEmpty && value.trim() === '') {
    throw new SekhaValidationError(`${name} must not be empty`);
  }
  if (!value.isWellFormed()) {
    throw new SekhaValidationError(`${name} contains text that is not valid Unicode`);
  }
  return value;
}

export function texts(name: string, values: unknown): string[] {
  if (values === undefined || values === null) {
    return [];
  }
  if (!Array.isArray(values)) {
    throw new SekhaValidationError(`${name} must be an array of strings`);
  }
  return values.map((value) => text(name, value, true));
}

const EARLIEST_MS = Date.UTC(1970, 0, 1);
const FUTURE_TOLERANCE_MS = 24 * 3600 * 1000;
/** A date, optionally with hours and minutes (seconds are filled in): what `parseTimestampParts` lacks. */
const SHORT_ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An original time (a Date, or ISO 8601 text; text without an offset means UTC), as ISO 8601
 * UTC for the wire, to the microsecond when the text has them. More than a day ahead, or before
 * 1970, is refused: a unit mistake, not a time anything was written.
 */
export function moment(name: string, value: unknown): string {
  let parts: ParsedTimestamp;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new SekhaValidationError(`${name} is an invalid Date`);
    }
    parts = { epochMs: value.getTime(), microseconds: value.getUTCMilliseconds() * 1000 };
  } else if (typeof value === 'string') {
    const short = SHORT_ISO.exec(value.trim());
    const text = short === null ? value.trim() : `${short[1] ?? ''}T${short[2] ?? '00:00'}:00${short[3] ?? ''}`;
    try {
      parts = parseTimestampParts(text.replace(/z$/, 'Z'));
    } catch {
      throw new SekhaValidationError(`${name} must be an ISO 8601 time, got ${JSON.stringify(value.slice(0, 40))}`);
    }
  } else {
    throw new SekhaValidationError(
      `${name} must be a Date or ISO 8601 text, got ${value === null ? 'null' : typeof value}`,
    );
  }
  const iso = isoUtc(parts);
  if (parts.epochMs > Date.now() + FUTURE_TOLERANCE_MS) {
    throw new SekhaValidationError(`${name} is in the future: ${iso}`);
  }
  if (parts.epochMs < EARLIEST_MS) {
    throw new SekhaValidationError(`${name} is before 1970: ${iso}`);
  }
  return iso;
}
