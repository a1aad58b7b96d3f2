/** Capabilities: read lazily, once per client, from `/health`; absent means the real controller. */

import { describe, expect, it } from 'vitest';

import { SekhaConnectionError } from '../../src/errors.js';
import { ALL_EXTENSIONS, connectionRefused, localHealth, MockController, reply } from './mock.js';

const healthReads = (mock: MockController): number => mock.sent.filter((s) => s.path === '/health').length;

describe('capabilities', () => {
  it('are read once per client from /health and kept', async () => {
    const mock = new MockController().on('GET', '/health', localHealth());
    const client = mock.client();
    const first = await client.capabilities();
    expect(first.supports('list_cursor')).toBe(true);
    expect(first.supports('append_messages')).toBe(true);
    expect({ ...first }).toEqual(ALL_EXTENSIONS);
    expect(JSON.parse(JSON.stringify(first))).toEqual(ALL_EXTENSIONS);
    expect(await client.capabilities()).toBe(first);
    expect(healthReads(mock)).toBe(1);
    expect(healthReads(new MockController())).toBe(0); // nothing is asked before it is needed
  });

  it('are none for the real controller, which sends no capabilities', async () => {
    const mock = new MockController().on('GET', '/health', reply('health_200'));
    const client = mock.client();
    const none = await client.capabilities();
    expect({ ...none }).toEqual({});
    expect(none.supports('list_cursor')).toBe(false);
    await client.capabilities();
    expect(healthReads(mock)).toBe(1); // a health report: learnt, even though it names nothing
  });

  it('are not learnt from a failed read or from an answer that is no health report', async () => {
    const mock = new MockController().on(
      'GET',
      '/health',
      connectionRefused(),
      reply('health_unhealthy_503'),
      localHealth({ list_cursor: true }),
    );
    const client = mock.client({ maxRetries: 0 });
    await expect(client.capabilities()).rejects.toBeInstanceOf(SekhaConnectionError);
    const empty503 = await client.capabilities(); // the real controller's empty 503
    expect(empty503.supports('list_cursor')).toBe(false);
    expect((await client.capabilities()).supports('list_cursor')).toBe(true); // asked again, and now kept
    await client.capabilities();
    expect(healthReads(mock)).toBe(3);
  });

  it('are taught by health() too, and read a malformed announcement as absent', async () => {
    const mock = new MockController().on(
      'GET',
      '/health',
      localHealth({ list_cursor: 'yes', bulk_export: true, some_future_thing: true } as never),
    );
    const client = mock.client();
    expect((await client.health()).healthy).toBe(true);
    const known = await client.capabilities();
    expect(known.supports('list_cursor')).toBe(false);
    expect(known.supports('bulk_export')).toBe(true);
    expect(known.supports('some_future_thing')).toBe(true); // unknown names are kept
    expect(healthReads(mock)).toBe(1);
  });
});
