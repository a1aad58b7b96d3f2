/**
 * Retries, timeouts and cancellation over real sockets: a rate-limited `sekha serve`, a port
 * nothing listens on (and a server that starts there later), and a server that never answers.
 */

import { createServer, type Server, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import {
  MemoryController,
  SekhaAbortError,
  SekhaConnectionError,
  SekhaRateLimitError,
  SekhaTimeoutError,
} from '../../src/index.js';
import { SekhaServer, unique } from './server.js';

const { baseURL, apiKey } = inject('sekha');
const messages = [{ role: 'user' as const, content: 'Remember that staging is read-only on Fridays.' }];

/** A fetch that counts the attempts the transport makes. */
function counting(): { fetch: typeof fetch; attempts: () => number } {
  let attempts = 0;
  return {
    fetch: (input, init) => {
      attempts++;
      return fetch(input, init);
    },
    attempts: () => attempts,
  };
}

/** A TCP port that was free a moment ago, so nothing answers on it. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

/** A server that accepts connections and reads requests but never answers them. */
async function silentServer(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('no port');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}

describe('rate limiting', () => {
  const limited = new SekhaServer({ rateLimit: 60, embedder: 'hashing' });
  beforeAll(async () => {
    await limited.start();
  });
  afterAll(async () => {
    await limited.stop();
  });

  /**
   * Spend the server's whole bucket for keyed requests (60 a minute, refilled one a second) on
   * cheap ones; requests without the key have a budget of their own and would leave it untouched.
   */
  async function exhaust(): Promise<void> {
    const headers = { Authorization: `Bearer ${limited.apiKey}` };
    for (let i = 0; i < 200; i++) {
      if ((await fetch(`${limited.baseURL}/health`, { headers })).status === 429) {
        return;
      }
    }
    throw new Error('the server never said 429');
  }

  it('a create refused with 429 is retried after Retry-After and stored exactly once', async () => {
    const label = unique('limited');
    const memory = new MemoryController({
      baseURL: limited.baseURL,
      apiKey: limited.apiKey,
      rateLimit: null,
      maxRetries: 5,
    });
    const counter = counting();
    const watched = new MemoryController({
      baseURL: limited.baseURL,
      apiKey: limited.apiKey,
      rateLimit: null,
      maxRetries: 5,
      fetch: counter.fetch,
    });
    await exhaust();
    const created = await watched.create({ messages, label });
    expect(counter.attempts()).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await memory.count({ label })).toBe(1);
    expect((await memory.get(created.id)).label).toBe(label);
  });

  it('without retries the 429 surfaces as SekhaRateLimitError with the wait the server asked', async () => {
    const memory = new MemoryController({
      baseURL: limited.baseURL,
      apiKey: limited.apiKey,
      rateLimit: null,
      maxRetries: 0,
    });
    await exhaust();
    const error = (await memory.count().catch((e: unknown) => e)) as SekhaRateLimitError;
    expect(error).toBeInstanceOf(SekhaRateLimitError);
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterMs).toBeGreaterThan(0);
  });

  it("the client's own limiter keeps a burst under the server's limit", async () => {
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the bucket refill a little
    const memory = new MemoryController({
      baseURL: limited.baseURL,
      apiKey: limited.apiKey,
      rateLimit: 60,
      maxRetries: 0,
    });
    const started = performance.now();
    await Promise.all(Array.from({ length: 3 }, () => memory.health()));
    expect(performance.now() - started).toBeGreaterThanOrEqual(1900); // one a second after the first
  });
});

describe('connection failures', () => {
  it('a controller that is not there is SekhaConnectionError after every retry', async () => {
    const port = await freePort();
    const counter = counting();
    const memory = new MemoryController({
      baseURL: `http://127.0.0.1:${port}`,
      apiKey,
      maxRetries: 2,
      retryBackoff: 10,
      fetch: counter.fetch,
    });
    const error = await memory.create({ messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(counter.attempts()).toBe(3); // refused connections never reached a server: creates retry them
  });

  it('a create keeps retrying a refused connection until the controller comes up, and stores once', async () => {
    const port = await freePort();
    const late = new SekhaServer({ port, embedder: 'hashing' });
    // Patient enough for a slow start on a busy machine: up to 90 s of retrying, 0.4 s apart at most.
    const memory = new MemoryController({
      baseURL: `http://127.0.0.1:${port}`,
      apiKey: late.apiKey,
      maxRetries: 1000,
      retryBackoff: 200,
      retryBackoffMax: 400,
      retryMaxWait: 90_000,
    });
    const label = unique('late');
    const pending = memory.create({ messages, label });
    try {
      await late.start();
      const created = await pending;
      expect(created.label).toBe(label);
      expect(await memory.count({ label })).toBe(1);
    } finally {
      await late.stop();
    }
  }, 180_000);
});

describe('timeouts', () => {
  it('a create that got no answer is not retried: it may have been stored', async () => {
    const silent = await silentServer();
    try {
      const memory = new MemoryController({
        baseURL: silent.url,
        apiKey,
        timeout: 300,
        maxRetries: 3,
        retryBackoff: 10,
      });
      const error = await memory.create({ messages }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SekhaTimeoutError);
      expect(silent.connections()).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it('a read that got no answer is retried, then SekhaTimeoutError', async () => {
    const silent = await silentServer();
    try {
      const counter = counting();
      const memory = new MemoryController({
        baseURL: silent.url,
        apiKey,
        timeout: 200,
        maxRetries: 2,
        retryBackoff: 10,
        fetch: counter.fetch,
      });
      await expect(memory.list()).rejects.toBeInstanceOf(SekhaTimeoutError);
      expect(counter.attempts()).toBe(3);
    } finally {
      await silent.close();
    }
  });
});

describe('cancellation', () => {
  it("the caller's signal gives SekhaAbortError, not a timeout, and nothing is retried", async () => {
    const silent = await silentServer();
    try {
      const counter = counting();
      const memory = new MemoryController({ baseURL: silent.url, apiKey, timeout: 30_000, fetch: counter.fetch });
      const controller = new AbortController();
      const promise = memory.create({ messages, label: 'Test' }, { signal: controller.signal });
      setTimeout(() => {
        controller.abort();
      }, 100);
      const error = await promise.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SekhaAbortError);
      expect(error).not.toBeInstanceOf(SekhaTimeoutError);
      expect(counter.attempts()).toBe(1);
    } finally {
      await silent.close();
    }
  });

  it('an aborted signal stops a live call and sends nothing more; the next call works', async () => {
    const memory = new MemoryController({ baseURL, apiKey, rateLimit: null });
    const label = unique('abort');
    const controller = new AbortController();
    controller.abort();
    await expect(memory.create({ messages, label }, { signal: controller.signal })).rejects.toBeInstanceOf(
      SekhaAbortError,
    );
    await expect(memory.search('anything', { signal: controller.signal })).rejects.toBeInstanceOf(SekhaAbortError);
    expect(await memory.count({ label })).toBe(0);
    const iterator = memory.exportStream({ label, signal: controller.signal });
    expect((await iterator.next()).value).toContain('# Sekha export');
    await expect(iterator.next()).rejects.toBeInstanceOf(SekhaAbortError);
    expect((await memory.create({ messages, label })).label).toBe(label);
  });
});
