/**
 * The controller's timestamps, read as what they mean: UTC.
 *
 * It sends them without an offset (`2026-01-16T21:09:09.123456789`), with a space instead of `T`
 * in MCP bodies, and with `+00:00` only from `/health`. `new Date()` would read the naive forms
 * as local time, so they are parsed here, in one place.
 */

import { SekhaDecodeError } from './errors.js';

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export interface ParsedTimestamp {
  /** The instant, in milliseconds since the epoch (what a Date holds). */
  readonly epochMs: number;
  /** The fraction of the second as sent, kept to microseconds (a Date keeps milliseconds). */
  readonly microseconds: number;
}

/** Parse a controller timestamp; throws SekhaDecodeError when it is not one. */
export function parseTimestampParts(value: unknown): ParsedTimestamp {
  const match = typeof value === 'string' ? TIMESTAMP.exec(value.trim()) : null;
  if (match === null) {
    throw new SekhaDecodeError(`not a timestamp: ${JSON.stringify(value)}`, { raw: value });
  }
  const [, year, month, day, hour, minute, second, fraction = '', zone] = match as unknown as string[];
  const microseconds = Number(fraction.padEnd(6, '0').slice(0, 6));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.replace(':', '');
    offsetMinutes = (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  const epochSeconds =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) / 1000 -
    offsetMinutes * 60;
  if (!Number.isFinite(epochSeconds)) {
    throw new SekhaDecodeError(`not a timestamp: ${JSON.stringify(value)}`, { raw: value });
  }
  return { epochMs: epochSeconds * 1000 + Math.floor(microseconds / 1000), microseconds };
}

function isParsed(value: unknown): value is ParsedTimestamp {
  return typeof value === 'object' && value !== null && 'epochMs' in value && 'microseconds' in value;
}

/** A controller timestamp as a Date (UTC; fractions below a millisecond are dropped). */
export function parseTimestamp(value: unknown): Date {
  return new Date(parseTimestampParts(value).epochMs);
}

/**
 * A controller timestamp in ISO 8601 UTC with a `Z`, to the microsecond, written the way the
 * Python SDK writes it (six fractional digits, or none when they are all zero), so exports
 * made by either SDK read the same.
 */
export function isoUtc(value: unknown): string {
  const { epochMs, microseconds } = isParsed(value) ? value : parseTimestampParts(value);
  const whole = new Date(epochMs - (((epochMs % 1000) + 1000) % 1000)).toISOString().slice(0, 19);
  return microseconds === 0 ? `${whole}Z` : `${whole}.${String(microseconds).padStart(6, '0')}Z`;
}
