import { describe, expect, it } from 'vitest';

import { RETRY_CLASSES } from '../../src/generated/retry-classes.gen.js';
import { retryClassOf } from '../../src/routes.js';

describe('retryClassOf', () => {
  it("covers all 28 operations of the contract (the real controller's 26, bulk export, append)", () => {
    expect(RETRY_CLASSES).toHaveLength(28);
  });

  it.each(RETRY_CLASSES.map(([method, path, retry]) => [method, path, retry]))(
    '%s %s is %s',
    (method, template, expected) => {
      const path = template.replace('{id}', '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f');
      expect(retryClassOf(method, path)).toBe(expected);
      expect(retryClassOf(method.toLowerCase(), `/proxy/prefix${path}`)).toBe(expected);
    },
  );

  it('matches the literal /count before /{id}, and creates as unsafe', () => {
    expect(retryClassOf('GET', '/api/v1/conversations/count')).toBe('safe');
    expect(retryClassOf('POST', '/api/v1/conversations')).toBe('unsafe');
    expect(retryClassOf('POST', '/mcp/tools/memory_store')).toBe('unsafe');
    expect(retryClassOf('DELETE', '/api/v1/conversations/abc')).toBe('idempotent');
  });

  it('treats what the contract does not name as safe for reads and unsafe otherwise', () => {
    expect(retryClassOf('GET', '/api/v2/unknown')).toBe('safe');
    expect(retryClassOf('POST', '/api/v1/conversations/x/messages')).toBe('unsafe');
    expect(retryClassOf('PATCH', '/api/v1/conversations')).toBe('unsafe');
  });
});
