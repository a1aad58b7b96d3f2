import { describe, expect, it } from 'vitest';

import { SekhaDecodeError } from '../../src/errors.js';
import { isoUtc, parseTimestamp } from '../../src/time.js';

describe('parseTimestamp reads every timestamp form the controller sends as UTC', () => {
  const table: [string, string][] = [
    ['2026-01-16T21:09:09.123456789', '2026-01-16T21:09:09.123Z'], // REST, 9 digits
    ['2026-01-16T21:09:09.123456', '2026-01-16T21:09:09.123Z'],
    ['2026-01-16T21:09:09.123', '2026-01-16T21:09:09.123Z'], // written by the SQL trigger
    ['2026-01-16T21:09:09', '2026-01-16T21:09:09.000Z'], // fraction omitted when zero
    ['2026-01-16 21:09:09.123456789', '2026-01-16T21:09:09.123Z'], // MCP: a space for T
    ['2026-01-16T21:09:09.123456789+00:00', '2026-01-16T21:09:09.123Z'], // /health
    ['2026-01-16T23:09:09+02:00', '2026-01-16T21:09:09.000Z'],
    ['2026-01-16T21:09:09Z', '2026-01-16T21:09:09.000Z'],
    ['1999-12-31T23:59:59.9999999', '1999-12-31T23:59:59.999Z'],
  ];
  it.each(table)('%s', (wire, iso) => {
    expect(parseTimestamp(wire).toISOString()).toBe(iso);
  });

  it.each([[''], ['yesterday'], ['2026-01-16'], [null], [12], ['2026-01-16T21:09']])('rejects %j', (value) => {
    expect(() => parseTimestamp(value)).toThrow(SekhaDecodeError);
  });
});

describe('isoUtc writes timestamps as the Python SDK does', () => {
  const table: [string, string][] = [
    ['2026-01-16T21:09:09.123456789', '2026-01-16T21:09:09.123456Z'],
    ['2026-01-16 21:09:09.123', '2026-01-16T21:09:09.123000Z'],
    ['2026-01-16T21:09:09', '2026-01-16T21:09:09Z'],
    ['2026-01-16T21:09:09.000000', '2026-01-16T21:09:09Z'],
    ['2026-01-16T21:09:09.0000009', '2026-01-16T21:09:09Z'],
    ['2026-01-16T23:09:09.5+02:00', '2026-01-16T21:09:09.500000Z'],
  ];
  it.each(table)('%s', (wire, iso) => {
    expect(isoUtc(wire)).toBe(iso);
  });
});
