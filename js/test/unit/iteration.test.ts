/**
 * Complete iteration: every conversation that exists throughout comes exactly once, whatever is
 * created, updated or deleted between the requests, against both kinds of controller (the
 * Python suite's tests/unit/test_iteration.py property, over seeded random runs).
 */

import { describe, expect, it } from 'vitest';

import { SekhaUnsupportedError } from '../../src/errors.js';
import { localHealth, MockController, type Sent } from './mock.js';

interface Row {
  id: string;
  created: number;
  updated: number;
  label: string;
  importance: number;
  status: string;
}

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stamp = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString().slice(0, 19);

/**
 * A controller's list route over rows that change between requests: by offset over the last
 * update (both), and by cursor in creation order (the local controller, `cursors`).
 */
class ChangingList {
  rows: Row[] = [];
  private clock = 0;
  private made = 0;
  readonly everDeleted = new Set<string>();

  constructor(
    private readonly rand: () => number,
    count: number,
    private readonly churn: number,
  ) {
    for (let i = 0; i < count; i++) this.create();
  }

  private create(): void {
    this.made += 1;
    this.clock += 1;
    const id = `00000000-0000-4000-8000-${String(this.made).padStart(12, '0')}`;
    const label = this.rand() < 0.5 ? 'keep' : 'other';
    this.rows.push({ id, created: this.made, updated: this.clock, label, importance: 5, status: 'active' });
  }

  /** Some random writes, as other clients would make them between two requests. */
  mutate(): void {
    for (let i = 0; i < this.churn; i++) {
      const roll = this.rand();
      if (roll < 0.3) {
        this.create();
      } else if (roll < 0.55 && this.rows.length > 0) {
        const [gone] = this.rows.splice(Math.floor(this.rand() * this.rows.length), 1);
        if (gone !== undefined) this.everDeleted.add(gone.id);
      } else if (this.rows.length > 0) {
        const row = this.rows[Math.floor(this.rand() * this.rows.length)];
        if (row !== undefined) {
          this.clock += 1;
          row.updated = this.clock;
          row.importance = row.importance === 5 ? 10 : 5; // pinned and unpinned
        }
      }
    }
  }

  answer(sent: Sent, serverFilters: boolean): Response {
    const size = Number(sent.query.get('page_size') ?? 50);
    const label = serverFilters ? sent.query.get('label') : null;
    const visible = this.rows.filter((row) => label === null || row.label === label);
    const summary = (row: Row): object => ({
      conversation_id: row.id,
      message_id: '00000000-0000-0000-0000-000000000000',
      score: 1.0,
      content: row.label,
      metadata: { folder: '/', status: row.status, importance_score: row.importance },
      label: row.label,
      folder: '/',
      timestamp: stamp(row.updated),
    });
    const cursor = sent.query.get('cursor');
    let body: object;
    if (cursor !== null) {
      const after = cursor === '' ? 0 : Number(cursor);
      const page = visible
        .filter((r) => r.created > after)
        .sort((a, b) => a.created - b.created)
        .slice(0, size);
      const last = page.at(-1);
      const more = last !== undefined && visible.some((r) => r.created > last.created);
      body = {
        results: page.map(summary),
        total: visible.length,
        page: 1,
        page_size: size,
        next_cursor: more ? String(last.created) : null,
      };
    } else {
      const number = Number(sent.query.get('page') ?? 1);
      const ordered = [...visible].sort((a, b) => b.updated - a.updated);
      body = {
        results: ordered.slice((number - 1) * size, number * size).map(summary),
        total: visible.length,
        page: number,
        page_size: size,
      };
    }
    this.mutate();
    return Response.json(body);
  }
}

function controller(list: ChangingList, kind: 'real' | 'local'): MockController {
  const mock = new MockController().on('GET', '/api/v1/conversations', (sent) => list.answer(sent, kind === 'local'));
  if (kind === 'local') mock.on('GET', '/health', localHealth({ list_cursor: true, list_filters: true }));
  return mock;
}

describe.each(['real', 'local'] as const)('iterConversations against the %s controller', (kind) => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('misses and repeats no survivor (seed %i)', async (seed) => {
    const rand = random(seed);
    const list = new ChangingList(rand, 5 + Math.floor(rand() * 30), Math.floor(rand() * 3));
    const before = new Set(list.rows.map((r) => r.id));
    const seen: string[] = [];
    const mock = controller(list, kind);
    const pageSize = 1 + Math.floor(rand() * 7);
    try {
      for await (const row of mock.client().iterConversations({ pageSize })) seen.push(row.id);
    } catch (error) {
      expect(error).toBeInstanceOf(SekhaUnsupportedError); // a list that never held still is reported, not cut short
      return;
    }
    const survivors = [...before].filter((id) => !list.everDeleted.has(id));
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of survivors) expect(seen).toContain(id);
  });

  it('applies the label filter, on the server where it is announced and here otherwise', async () => {
    const list = new ChangingList(random(7), 20, 0);
    const mock = controller(list, kind);
    const seen: string[] = [];
    for await (const row of mock.client().iterConversations({ label: 'keep', pageSize: 3 })) {
      expect(row.label).toBe('keep');
      seen.push(row.id);
    }
    expect(seen.sort()).toEqual(
      list.rows
        .filter((r) => r.label === 'keep')
        .map((r) => r.id)
        .sort(),
    );
    const lists = mock.sent.filter((s) => s.path === '/api/v1/conversations');
    expect(lists.every((s) => s.query.get('label') === (kind === 'local' ? 'keep' : null))).toBe(true);
  });
});

describe('paging', () => {
  it('pages by cursor in creation order where list_cursor is announced', async () => {
    const list = new ChangingList(random(3), 7, 0);
    const mock = controller(list, 'local');
    const seen: string[] = [];
    for await (const row of mock.client().iterConversations({ pageSize: 3 })) seen.push(row.id);
    expect(seen).toEqual(list.rows.map((r) => r.id));
    const cursors = mock.sent.filter((s) => s.path === '/api/v1/conversations').map((s) => s.query.get('cursor'));
    expect(cursors).toEqual(['', '3', '6']);
  });

  it('refuses a cursor where it is not announced, saying what to use', async () => {
    const mock = new MockController();
    const error = await mock
      .client()
      .listConversations({ cursor: '' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaUnsupportedError);
    expect((error as Error).message).toContain('iterConversations()');
    expect(mock.sent.map((s) => s.path)).toEqual(['/health']);
  });

  it('gives up on a list that never holds still, after ten passes', async () => {
    let clock = 0;
    const mock = new MockController().on('GET', '/api/v1/conversations', () => {
      clock += 1; // another client updates the top conversation before every request
      const row = {
        conversation_id: '00000000-0000-4000-8000-000000000001',
        message_id: '00000000-0000-0000-0000-000000000000',
        score: 1.0,
        content: 'x',
        metadata: { folder: '/', status: 'active', importance_score: 5 },
        label: 'x',
        folder: '/',
        timestamp: stamp(clock),
      };
      return Response.json({ results: [row], total: 1, page: 1, page_size: 1 });
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const row of mock.client().iterConversations({ pageSize: 5 })) seen.push(row.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SekhaUnsupportedError);
    expect((error as Error).message).toContain('10 passes');
    expect(seen).toHaveLength(1);
  });
});
