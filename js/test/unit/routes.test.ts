import { describe, expect, it } from 'vitest';

import { RETRY_CLASSES } from '../../src/generated/retry-classes.gen.js';
import { retryClassOf, routeOf } from '../../src/routes.js';

describe('retryClassOf', () => {
  it("covers all 28 operations of the contract (the real controller's 26, bulk export, append)", () => {
    expect(RETRY_CLASSES).toHaveLength(28);
  });

  it.each(RETRY_CLASSES.map(([method, path, retry, keyed]) => [method, path, retry, keyed]))(
    '%s %s is %s (takes a key: %s)',
    (method, template, expected, keyed) => {
      const path = template.replace('{id}', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f');
      expect(retryClassOf(method, path)).toBe(expected);
      expect(routeOf(method.toLowerCase(), `/proxy/prefix${path}`)).toEqual({
        retryClass: expected,
        replayable: keyed,
      });
    },
  );

  it('knows which creates take an Idempotency-Key: not summaries, which are unsafe without one', () => {
    expect(routeOf('POST', '/api/v1/conversations').replayable).toBe(true);
    expect(routeOf('POST', '/api/v1/conversations/x/messages').replayable).toBe(true);
    expect(routeOf('POST', '/mcp/tools/memory_store').replayable).toBe(true);
    expect(routeOf('POST', '/api/v1/summarize')).toEqual({ retryClass: 'unsafe', replayable: false });
  });

  it('matches the literal /count before /{id}, and creates as unsafe', () => {
    expect(retryClassOf('GET', '/api/v1/conversations/count')).toBe('safe');
    expect(retryClassOf('POST', '/api/v1/conversations')).toBe('unsafe');
    expect(retryClassOf('POST', '/mcp/tools/memory_store')).toBe('unsafe');
    expect(retryClassOf('DELETE', '/api/v1/conversations/abc')).toBe('idempotent');
  });

  it('treats what the contract does not name as safe for reads and unsafe otherwise', () => {
    expect(retryClassOf('GET', '/api/v2/unknown')).toBe('safe');
    expect(routeOf('POST', '/api/v1/unknown')).toEqual({ retryClass: 'unsafe', replayable: false });
    expect(retryClassOf('PATCH', '/api/v1/conversations')).toBe('unsafe');
  });
});
