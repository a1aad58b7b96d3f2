import { describe, expect, it } from 'vitest';

import { Announced } from '../../src/capabilities.js';
import {
  SekhaAbortError,
  SekhaClientClosedError,
  SekhaConnectionError,
  SekhaRateLimitError,
  SekhaTimeoutError,
} from '../../src/errors.js';
import { TokenBucket } from '../../src/ratelimit.js';
import { DEFAULT_RETRY_SETTINGS } from '../../src/retry.js';
import { createTransport, failureOf, IDEMPOTENCY_HEADER, mayHaveActedBefore } from '../../src/transport.js';
import {
  connectionRefused,
  connectionReset,
  connectReset,
  localHealth,
  MockController,
  reply,
  writeFailed,
} from './mock.js';

const BASE = 'http://controller.test:8080';
const retry = { ...DEFAULT_RETRY_SETTINGS, backoffMs: 1, backoffMaxMs: 2 };

function transport(mock: MockController, overrides: Partial<Parameters<typeof createTransport>[0]> = {}): typeof fetch {
  return createTransport({ timeoutMs: 5000, retry, limiter: null, fetch: mock.fetch, random: () => 0, ...overrides });
}

function create(send: typeof fetch, init: RequestInit = {}): Promise<Response> {
  return send(`${BASE}/api/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'l', folder: '/', messages: [] }),
    ...init,
  });
}

/** A fetch that never answers until its signal fires, as a server that accepted and went quiet. */
function silent(): typeof fetch {
  return (_input, init) =>
    new Promise((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => {
        reject(init.signal?.reason as Error);
      });
    });
}

describe('failureOf', () => {
  it('tells a connection never made from one that broke', () => {
    expect(failureOf(connectionRefused())).toBe('not_sent');
    const dns = new TypeError('fetch failed', {
      cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }),
    });
    expect(failureOf(dns)).toBe('not_sent');
    const happyEyeballs = new TypeError('fetch failed', {
      cause: Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(failureOf(happyEyeballs)).toBe('not_sent');
    expect(failureOf(connectionReset())).toBe('broken');
    const reset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(failureOf(reset)).toBe('broken');
    expect(failureOf(new TypeError('terminated', { cause: new Error('other side closed') }))).toBe('broken');
  });

  it('counts a request that could not be written, or a connection reset while it was made, as not sent', () => {
    expect(failureOf(writeFailed('EPIPE'))).toBe('not_sent');
    expect(failureOf(writeFailed('ECONNRESET'))).toBe('not_sent');
    expect(failureOf(connectReset())).toBe('not_sent');
    const readReset = new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' }),
    });
    expect(failureOf(readReset)).toBe('broken');
  });

  it('gives up on local mistakes', () => {
    expect(failureOf(new TypeError('Failed to parse URL from nope'))).toBeUndefined();
  });
});

describe('the transport', () => {
  it('adds one Idempotency-Key to a create and keeps it across retries', async () => {
    const mock = new MockController().on(
      'POST',
      '/api/v1/conversations',
      connectionRefused(),
      reply('rate_limited_429'),
      reply('create_conversation_201'),
    );
    const response = await create(transport(mock));
    expect(response.status).toBe(201);
    expect(mock.sent).toHaveLength(3);
    const keys = mock.sent.map((s) => s.headers.get(IDEMPOTENCY_HEADER));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(keys).size).toBe(1);
    expect(mock.sent.every((s) => (s.body as { label: string }).label === 'l')).toBe(true);
  });

  it("keeps the caller's own Idempotency-Key", async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    await create(transport(mock), { headers: { 'content-type': 'application/json', [IDEMPOTENCY_HEADER]: 'mine' } });
    expect(mock.sent[0]?.headers.get(IDEMPOTENCY_HEADER)).toBe('mine');
  });

  it('never adds a key to reads', async () => {
    const mock = new MockController().on('GET', '/api/v1/conversations', reply('list_conversations_200'));
    await transport(mock)(`${BASE}/api/v1/conversations`);
    expect(mock.sent[0]?.headers.has(IDEMPOTENCY_HEADER)).toBe(false);
  });

  it.each([
    ['a 500', reply('entity_not_found_500')],
    ['a 503', new Response('', { status: 503 })],
    ['a broken connection', connectionReset()],
  ])('does not retry a create after %s: it may have been stored', async (_what, answer) => {
    const mock = new MockController().on('POST', '/api/v1/conversations', answer, reply('create_conversation_201'));
    const outcome = create(transport(mock));
    if (answer instanceof Error) {
      await expect(outcome).rejects.toBeInstanceOf(SekhaConnectionError);
    } else {
      expect((await outcome).status).toBe(answer.status);
    }
    expect(mock.sent).toHaveLength(1);
  });

  it('does not retry a create that timed out, and reports a timeout', async () => {
    let calls = 0;
    const quiet = silent();
    const send = createTransport({
      timeoutMs: 30,
      retry,
      limiter: null,
      random: () => 0,
      fetch: (input, init) => (calls++, quiet(input, init)),
    });
    const error = await create(send).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaTimeoutError);
    expect(error).toBeInstanceOf(SekhaConnectionError);
    expect((error as Error).message).toContain('timed out after 30 ms');
    expect(calls).toBe(1);
  });

  it('retries a read that timed out, then reports the timeout', async () => {
    let calls = 0;
    const quiet = silent();
    const send = createTransport({
      timeoutMs: 20,
      retry,
      limiter: null,
      random: () => 0,
      fetch: (input, init) => (calls++, quiet(input, init)),
    });
    await expect(send(`${BASE}/api/v1/conversations`)).rejects.toBeInstanceOf(SekhaTimeoutError);
    expect(calls).toBe(retry.maxRetries + 1);
  });

  it('retries reads on 5xx and 429 and a broken connection, up to maxRetries', async () => {
    const mock = new MockController().on(
      'GET',
      '/api/v1/conversations',
      new Response('', { status: 503 }),
      reply('rate_limited_429'),
      connectionReset(),
      reply('list_conversations_200'),
    );
    const response = await transport(mock)(`${BASE}/api/v1/conversations`);
    expect(response.status).toBe(200);
    expect(mock.sent).toHaveLength(4);
  });

  it('answers the last error response once retries are spent', async () => {
    const mock = new MockController().on('GET', '/metrics', new Response('', { status: 502 }));
    const response = await transport(mock)(`${BASE}/metrics`);
    expect(response.status).toBe(502);
    expect(mock.sent).toHaveLength(4);
  });

  it('reports a connection that was never made after its retries, naming the cause', async () => {
    const mock = new MockController().on('GET', '/health', connectionRefused());
    const error = await transport(mock)(`${BASE}/health`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaConnectionError);
    expect(error).not.toBeInstanceOf(SekhaTimeoutError);
    expect((error as Error).message).toBe('GET /health failed: fetch failed (ECONNREFUSED)');
    expect(mock.sent).toHaveLength(4);
  });

  it("waits what the server's Retry-After says", async () => {
    const mock = new MockController().on(
      'POST',
      '/api/v1/conversations',
      new Response('{"error":"slow","code":429}', { status: 429, headers: { 'retry-after': '0.2' } }),
      reply('create_conversation_201'),
    );
    const started = performance.now();
    await create(transport(mock));
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('gives up when Retry-After is longer than the retry budget, without sleeping', async () => {
    const mock = new MockController().on(
      'GET',
      '/health',
      new Response('', { status: 429, headers: { 'retry-after': '3600' } }),
    );
    const started = performance.now();
    const response = await transport(mock)(`${BASE}/health`);
    expect(response.status).toBe(429);
    expect(mock.sent).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('pauses the rate limiter on a 429, never longer than the retry budget', async () => {
    const limiter = new TokenBucket(60_000);
    const mock = new MockController().on(
      'GET',
      '/health',
      new Response('', { status: 429, headers: { 'retry-after': '3600' } }),
    );
    await transport(mock, { limiter })(`${BASE}/health`);
    const wait = limiter.reserve();
    expect(wait).toBeGreaterThan(retry.maxWaitMs - 1000);
    expect(wait).toBeLessThanOrEqual(retry.maxWaitMs + 1000);
  });

  it('reads the whole body inside the attempt, so a body cut short is a failed attempt', async () => {
    let calls = 0;
    const flaky: typeof fetch = () => {
      calls++;
      if (calls === 1) {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"results":'));
            controller.error(new TypeError('terminated', { cause: new Error('other side closed') }));
          },
        });
        return Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }));
      }
      return Promise.resolve(reply('list_conversations_200'));
    };
    const send = createTransport({ timeoutMs: 5000, retry, limiter: null, random: () => 0, fetch: flaky });
    const response = await send(`${BASE}/api/v1/conversations`);
    expect(calls).toBe(2);
    expect(((await response.json()) as { total: number }).total).toBe(1);
  });

  it('keeps empty bodies empty and statuses as sent', async () => {
    const mock = new MockController().on('PUT', '/api/v1/conversations/x/pin', new Response(null, { status: 204 }));
    const response = await transport(mock)(`${BASE}/api/v1/conversations/x/pin`, { method: 'PUT' });
    expect(response.status).toBe(204);
    expect(response.body).toBeNull();
  });
});

describe('the one bound of a call', () => {
  it('fails at once when the rate limiter would hold the call longer than its retryMaxWait', async () => {
    const limiter = new TokenBucket(1); // one a minute
    const mock = new MockController().on('GET', '/metrics', new Response('ok'));
    const send = transport(mock, { limiter, retry: { ...retry, maxWaitMs: 1000 } });
    expect((await send(`${BASE}/metrics`)).status).toBe(200);
    const started = performance.now();
    const error = await send(`${BASE}/metrics`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaRateLimitError);
    expect((error as Error).message).toMatch(
      /rate limit \(1 requests a minute\) would hold GET \/metrics .*retryMaxWait/,
    );
    expect(performance.now() - started).toBeLessThan(500); // refused, not slept on
    expect(mock.sent).toHaveLength(1);
  });

  it('counts limiter waits against retryMaxWait, as it counts backoff', async () => {
    const limiter = new TokenBucket(600); // 10 a second: past the burst, 100 ms between requests
    for (let i = 0; i < limiter.burst; i++) limiter.reserve();
    const mock = new MockController().on('GET', '/metrics', new Response('', { status: 503 }));
    const settings = { ...retry, maxWaitMs: 150, backoffMs: 60, backoffMaxMs: 60 };
    const response = await transport(mock, { limiter, retry: settings, random: () => 1 })(`${BASE}/metrics`);
    // ~100 ms for the limiter, then a 60 ms backoff would pass the 150 ms: the 503 is the answer
    expect(response.status).toBe(503);
    expect(mock.sent).toHaveLength(1);
  });

  it("reports a day-long Retry-After and pauses the limiter for no more than one call's budget", async () => {
    const limiter = new TokenBucket(60_000);
    const mock = new MockController().on(
      'GET',
      '/health',
      new Response('', { status: 429, headers: { 'retry-after': '86400' } }),
    );
    const send = transport(mock, { limiter, retry: { ...retry, maxWaitMs: 300 } });
    const started = performance.now();
    expect((await send(`${BASE}/health`)).status).toBe(429);
    expect(mock.sent).toHaveLength(1);
    mock.on('GET', '/metrics', new Response('ok'));
    expect((await send(`${BASE}/metrics`)).status).toBe(200); // waits the pause, 300 ms, not a day
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.each(['inf', 'Infinity', '1e309', 'nan', '-5', '86401'])(
    'ignores Retry-After %s: retried after the usual backoff',
    async (value) => {
      const limiter = new TokenBucket(60_000);
      const mock = new MockController().on(
        'GET',
        '/health',
        new Response('', { status: 429, headers: { 'retry-after': value } }),
        reply('health_200'),
      );
      const started = performance.now();
      expect((await transport(mock, { limiter })(`${BASE}/health`)).status).toBe(200);
      expect(mock.sent).toHaveLength(2);
      expect(limiter.reserve(5000)).toBeDefined(); // the pause, if any, was the backoff's
      expect(performance.now() - started).toBeLessThan(5000);
    },
  );
});

describe('creates against a server that honours Idempotency-Key', () => {
  function keyed(mock: MockController, announced = new Announced()): typeof fetch {
    return transport(mock, { announced, healthUrl: `${BASE}/health` });
  }

  it.each([
    ['a timeout', 'timeout'],
    ['a reset connection', connectionReset()],
    ['a 500', reply('entity_not_found_500')],
    ['a 503', new Response('', { status: 503 })],
  ] as const)('retries a create after %s with the same key', async (_what, failure) => {
    const mock = new MockController().on('GET', '/health', localHealth());
    let calls = 0;
    mock.on('POST', '/api/v1/conversations', () => {
      calls++;
      if (calls > 1) return reply('create_conversation_201');
      if (failure === 'timeout') return new Promise<Response>(() => undefined);
      if (failure instanceof Error) throw failure;
      return failure;
    });
    const send = createTransport({
      timeoutMs: 50,
      retry,
      limiter: null,
      random: () => 0,
      announced: new Announced(),
      healthUrl: `${BASE}/health`,
      fetch: (input, init) =>
        new Promise((resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(init.signal?.reason as Error);
          });
          mock.fetch(input, init).then(resolve, reject);
        }),
    });
    expect((await create(send)).status).toBe(201);
    const creates = mock.sent.filter((s) => s.method === 'POST');
    expect(creates).toHaveLength(2);
    expect(new Set(creates.map((c) => c.headers.get(IDEMPOTENCY_HEADER))).size).toBe(1);
    const probe = mock.sent.find((s) => s.path === '/health');
    expect(probe?.headers.get('authorization')).toBeNull(); // only what the create carried: none here
  });

  it('asks the server once per client, with the key the create carries', async () => {
    const mock = new MockController()
      .on('GET', '/health', localHealth())
      .on(
        'POST',
        '/api/v1/conversations',
        connectionReset(),
        reply('create_conversation_201'),
        connectionReset(),
        reply('create_conversation_201'),
      );
    const send = keyed(mock);
    const auth = { 'content-type': 'application/json', authorization: 'Bearer sk-test-0123456789abcdef' };
    await create(send, { headers: auth });
    await create(send, { headers: auth });
    const probes = mock.sent.filter((s) => s.path === '/health');
    expect(probes).toHaveLength(1);
    expect(probes[0]?.headers.get('authorization')).toBe('Bearer sk-test-0123456789abcdef');
    expect(mock.sent.filter((s) => s.method === 'POST')).toHaveLength(4);
  });

  it('keeps the conservative rule when the server does not announce it, or cannot be asked', async () => {
    const real = new MockController()
      .on('GET', '/health', reply('health_200'))
      .on('POST', '/api/v1/conversations', connectionReset(), reply('create_conversation_201'));
    await expect(create(keyed(real))).rejects.toBeInstanceOf(SekhaConnectionError);
    expect(real.sent.filter((s) => s.method === 'POST')).toHaveLength(1);

    const announced = new Announced();
    const down = new MockController()
      .on('GET', '/health', connectionRefused(), connectionRefused(), localHealth())
      .on('POST', '/api/v1/conversations', connectionReset(), connectionReset(), reply('create_conversation_201'));
    await expect(create(keyed(down, announced))).rejects.toBeInstanceOf(SekhaConnectionError);
    expect(down.sent.filter((s) => s.path === '/health')).toHaveLength(2); // asked twice, then given up
    expect((await create(keyed(down, announced))).status).toBe(201); // the failure taught nothing: asked again
  });

  it('replays the MCP store too, but never a summary (unsafe, and it takes no key)', async () => {
    const mock = new MockController()
      .on('GET', '/health', localHealth())
      .on('POST', '/mcp/tools/memory_store', connectionReset(), reply('mcp_store_200'))
      .on('POST', '/api/v1/summarize', reply('entity_not_found_500'));
    const send = keyed(mock);
    const store = await send(`${BASE}/mcp/tools/memory_store`, { method: 'POST', body: '{}' });
    expect(store.status).toBe(200);
    const stores = mock.sent.filter((s) => s.path === '/mcp/tools/memory_store');
    expect(stores).toHaveLength(2);
    expect(new Set(stores.map((s) => s.headers.get(IDEMPOTENCY_HEADER))).size).toBe(1);
    const summary = await send(`${BASE}/api/v1/summarize`, { method: 'POST', body: '{}' });
    expect(summary.status).toBe(500);
    const summaries = mock.sent.filter((s) => s.path === '/api/v1/summarize');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.headers.has(IDEMPOTENCY_HEADER)).toBe(false);
  });
});

describe('requests that never reached the server whole', () => {
  it.each([
    ['write EPIPE', writeFailed('EPIPE')],
    ['write ECONNRESET', writeFailed('ECONNRESET')],
    ['connect ECONNRESET', connectReset()],
  ])('retries any operation, a create included, after %s', async (_what, failure) => {
    const mock = new MockController()
      .on('POST', '/api/v1/conversations', failure, reply('create_conversation_201'))
      .on('PUT', '/api/v1/conversations/x/label', failure, new Response(''));
    expect((await create(transport(mock))).status).toBe(201);
    expect((await transport(mock)(`${BASE}/api/v1/conversations/x/label`, { method: 'PUT', body: '{}' })).status).toBe(
      200,
    );
    expect(mock.sent).toHaveLength(4);
  });
});

describe('answers after an attempt that may have been acted on', () => {
  it.each([
    ['a timeout', 'timeout'],
    ['a broken connection', connectionReset()],
    ['a 503', new Response('', { status: 503 })],
  ] as const)('marks the answer that follows %s', async (_what, first) => {
    let calls = 0;
    const mock = new MockController().on('DELETE', '/api/v1/conversations/x', () => {
      calls++;
      if (calls > 1) return reply('not_found_404');
      if (first === 'timeout') return new Promise<Response>(() => undefined);
      if (first instanceof Error) throw first;
      return first;
    });
    const send = createTransport({
      timeoutMs: 50,
      retry,
      limiter: null,
      random: () => 0,
      fetch: (input, init) =>
        new Promise((resolve, reject) => {
          init?.signal?.addEventListener('abort', () => {
            reject(init.signal?.reason as Error);
          });
          mock.fetch(input, init).then(resolve, reject);
        }),
    });
    const response = await send(`${BASE}/api/v1/conversations/x`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(mayHaveActedBefore(response)).toBe(true);
  });

  it.each([
    ['alone', []],
    ['after a 429', [reply('rate_limited_429')]],
    ['after a refused connection', [connectionRefused()]],
  ] as const)('does not mark a 404 %s', async (_what, before) => {
    const mock = new MockController().on('DELETE', '/api/v1/conversations/x', ...before, reply('not_found_404'));
    const response = await transport(mock)(`${BASE}/api/v1/conversations/x`, { method: 'DELETE' });
    expect(response.status).toBe(404);
    expect(mayHaveActedBefore(response)).toBe(false);
  });
});

describe('a closed client', () => {
  it('refuses calls after close, sending nothing', async () => {
    const closing = new AbortController();
    const mock = new MockController().on('GET', '/health', reply('health_200'));
    closing.abort();
    const error = await transport(mock, { closed: closing.signal })(`${BASE}/health`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaClientClosedError);
    expect((error as Error).message).toContain('closed');
    expect(mock.sent).toHaveLength(0);
  });

  it('ends a call that was waiting to try again', async () => {
    const closing = new AbortController();
    const mock = new MockController().on('GET', '/health', new Response('', { status: 503 }));
    const send = transport(mock, {
      closed: closing.signal,
      retry: { ...retry, backoffMs: 60_000, backoffMaxMs: 60_000 },
      random: () => 1,
    });
    const pending = send(`${BASE}/health`).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    closing.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(SekhaClientClosedError);
    expect((error as Error).message).toContain('while this call was under way');
    expect(performance.now() - started).toBeLessThan(1000);
    expect(mock.sent).toHaveLength(1);
  });

  it('ends an attempt in flight', async () => {
    const closing = new AbortController();
    const send = createTransport({ timeoutMs: 10_000, retry, limiter: null, closed: closing.signal, fetch: silent() });
    const pending = send(`${BASE}/health`).catch((e: unknown) => e);
    setTimeout(() => {
      closing.abort();
    }, 20);
    expect(await pending).toBeInstanceOf(SekhaClientClosedError);
  });
});

describe('cancellation', () => {
  it('rejects at once with SekhaAbortError when the signal already fired, sending nothing', async () => {
    const mock = new MockController().on('POST', '/api/v1/conversations', reply('create_conversation_201'));
    const controller = new AbortController();
    controller.abort(new Error('user gave up'));
    const error = await create(transport(mock), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaAbortError);
    expect(error).not.toBeInstanceOf(SekhaTimeoutError);
    expect(error).not.toBeInstanceOf(SekhaConnectionError);
    expect((error as SekhaAbortError).cause).toEqual(new Error('user gave up'));
    expect(mock.sent).toHaveLength(0);
  });

  it('aborts an attempt in flight with SekhaAbortError, not a timeout, and does not retry', async () => {
    let calls = 0;
    const quiet = silent();
    const send = createTransport({
      timeoutMs: 10_000,
      retry,
      limiter: null,
      random: () => 0,
      fetch: (input, init) => (calls++, quiet(input, init)),
    });
    const controller = new AbortController();
    const pending = send(`${BASE}/api/v1/conversations`, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 20);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaAbortError);
    expect((error as SekhaAbortError).request).toEqual({ method: 'GET', path: '/api/v1/conversations' });
    expect(calls).toBe(1);
  });

  it('aborts a backoff wait', async () => {
    const mock = new MockController().on('GET', '/health', new Response('', { status: 503 }));
    const controller = new AbortController();
    const send = createTransport({
      timeoutMs: 5000,
      retry: { ...retry, backoffMs: 60_000, backoffMaxMs: 60_000 },
      limiter: null,
      fetch: mock.fetch,
      random: () => 0.5,
    });
    const pending = send(`${BASE}/health`, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(SekhaAbortError);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(mock.sent).toHaveLength(1);
  });

  it('aborts a rate-limiter wait', async () => {
    const limiter = new TokenBucket(1);
    limiter.reserve(); // the next slot is a minute away
    const mock = new MockController().on('GET', '/health', reply('health_200'));
    const controller = new AbortController();
    const pending = transport(mock, { limiter })(`${BASE}/health`, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 20);
    await expect(pending).rejects.toBeInstanceOf(SekhaAbortError);
    expect(mock.sent).toHaveLength(0);
  });
});
