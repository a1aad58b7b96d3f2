/**
 * A mocked `fetch` that answers with the real controller's bodies from the Python suite's
 * tests/fixtures/controller_bodies.json (controller-api.md, byte for byte), and records requests.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { MemoryController, type MemoryConfig } from '../../src/index.js';

interface Fixture {
  method: string;
  path: string;
  status: number;
  model: string;
  content_type?: string | null;
  body: unknown;
}

const FIXTURES = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../tests/fixtures/controller_bodies.json', import.meta.url)), 'utf8'),
) as Record<string, Fixture>;

export const IDS = {
  conversation: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  message: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
};

export function fixture(name: string): Fixture {
  const found = FIXTURES[name];
  if (found === undefined) {
    throw new Error(`no fixture ${name}`);
  }
  return found;
}

/** The fixture's body as the controller sends it: JSON, text with its content type, or empty. */
export function reply(name: string, headers: Record<string, string> = {}): Response {
  const { status, model, body, content_type } = fixture(name);
  const head = new Headers(headers);
  if (model === 'text') {
    if (content_type) {
      head.set('content-type', content_type);
    }
    return new Response(status === 204 ? null : (body as string), { status, headers: head });
  }
  head.set('content-type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers: head });
}

/** An empty 200 without a content type, as the controller answers PUT/DELETE/execute. */
export function empty(status = 200): Response {
  return new Response(status === 204 ? null : '', { status, headers: { 'content-length': '0' } });
}

export interface Sent {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Answer = Response | Error | ((sent: Sent) => Response | Promise<Response>);

/**
 * Answers queued per "METHOD /path"; records every request it receives. `GET /health` answers
 * the real controller's report (no capabilities) unless a test queues another answer.
 */
export class MockController {
  readonly sent: Sent[] = [];
  private readonly queues = new Map<string, Answer[]>();

  on(method: string, path: string, ...answers: Answer[]): this {
    this.queues.set(`${method} ${path}`, [...(this.queues.get(`${method} ${path}`) ?? []), ...answers]);
    return this;
  }

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const raw = request.body === null ? '' : await request.text();
    let body: unknown = raw;
    try {
      body = raw === '' ? undefined : JSON.parse(raw);
    } catch {
      // kept as text
    }
    const sent = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
    };
    this.sent.push(sent);
    const key = `${request.method} ${url.pathname}`;
    const queue = this.queues.get(key) ?? (key === 'GET /health' ? [reply('health_200')] : undefined);
    const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0];
    if (answer === undefined) {
      throw new Error(`unexpected request ${key}`);
    }
    if (answer instanceof Error) {
      throw answer;
    }
    // a queued Response may answer again, so a copy goes out; a function makes a fresh one
    // (a copy of a stream would tee it, and an error in the source would drop what was queued)
    return typeof answer === 'function' ? answer(sent) : answer.clone();
  };

  client(config: MemoryConfig = {}): MemoryController {
    return new MemoryController({
      baseURL: 'http://controller.test:8080',
      apiKey: 'sk-test-unit-key-0123456789abcdef',
      rateLimit: null,
      retryBackoff: 1,
      retryBackoffMax: 2,
      fetch: this.fetch,
      ...config,
    });
  }
}

/** The local controller's health report, announcing these extensions (all of them by default). */
export function localHealth(capabilities: Record<string, boolean> = ALL_EXTENSIONS): Response {
  const body = { status: 'healthy', timestamp: '2026-01-16T21:09:09.123456789+00:00', checks: {}, capabilities };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

/** Every extension the contract names, as `sekha serve` announces them. */
export const ALL_EXTENSIONS: Readonly<Record<string, boolean>> = {
  idempotency_keys: true,
  list_filters: true,
  list_cursor: true,
  bulk_export: true,
  context_scope: true,
  context_relevance: true,
  context_order: true,
  original_timestamps: true,
  append_messages: true,
};

/** What undici throws when nothing listens on the port. */
export function connectionRefused(): TypeError {
  const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  return new TypeError('fetch failed', { cause });
}

/** What undici throws when the request could not be written (the server had closed the socket). */
export function writeFailed(code = 'EPIPE'): TypeError {
  const cause = Object.assign(new Error(`write ${code}`), { code, syscall: 'write', errno: -32 });
  return new TypeError('fetch failed', { cause });
}

/** What undici throws when the server resets the connection while it is being made. */
export function connectReset(): TypeError {
  const cause = Object.assign(new Error('connect ECONNRESET 127.0.0.1:8080'), {
    code: 'ECONNRESET',
    syscall: 'connect',
  });
  return new TypeError('fetch failed', { cause });
}

/** What undici throws when the server closes the connection after the request went out. */
export function connectionReset(): TypeError {
  const cause = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
  return new TypeError('fetch failed', { cause });
}
