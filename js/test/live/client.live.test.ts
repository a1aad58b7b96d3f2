/** Every MemoryController method against a live `sekha serve`, over real sockets. */

import { beforeAll, describe, expect, inject, it } from 'vitest';

import {
  AssembledContext,
  MemoryController,
  SekhaAuthError,
  SekhaNotFoundError,
  SekhaValidationError,
  type CreatedConversation,
} from '../../src/index.js';
import { getConversation, listConversations } from '../../src/api.js';
import { unique, waitFor } from './server.js';

const { baseURL, apiKey } = inject('sekha');
const memory = new MemoryController({ baseURL, apiKey, rateLimit: null });

const exchange = [
  { role: 'user' as const, content: 'Which message broker did we pick for the order events queue?' },
  { role: 'assistant' as const, content: 'We picked Kafka, partitioned by customer id, with seven days of retention.' },
];

async function stored(label: string, folder = '/live'): Promise<CreatedConversation> {
  return memory.create({ messages: exchange, label, folder });
}

async function embedded(label: string): Promise<void> {
  await waitFor(async () => (await memory.search('order events message broker', { label, limit: 5 })).length > 0);
}

describe('conversations', () => {
  it('create stores, get reads it back with real timestamps', async () => {
    const label = unique('create');
    const before = Date.now();
    const created = await stored(label);
    expect(created).toMatchObject({ label, folder: '/live', status: 'active', message_count: 2 });
    expect(created.conversation_id).toBe(created.id);
    expect(Math.abs(created.created_at.getTime() - before)).toBeLessThan(60_000); // UTC, not local time
    const read = await memory.get(created.id);
    expect(read).toMatchObject({ id: created.id, label, folder: '/live', status: 'active', message_count: 2 });
    expect(read.created_at.getTime()).toBe(created.created_at.getTime());
    expect(await memory.getConversation(created.id)).toEqual(read);
  });

  it('create with the same Idempotency-Key stores once', async () => {
    const label = unique('idem');
    const key = `key-${label}`;
    const first = await memory.create({ messages: exchange, label }, { idempotencyKey: key });
    const second = await memory.createConversation({ messages: exchange, label }, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(await memory.count({ label })).toBe(1);
  });

  it('getMessages and exportConversation return the messages, oldest first', async () => {
    const created = await stored(unique('messages'));
    const messages = await memory.getMessages(created.id);
    expect(messages.map((m) => [m.role, m.content])).toEqual(exchange.map((m) => [m.role, m.content]));
    expect(messages[0]?.timestamp).toBeInstanceOf(Date);
    const exported = await memory.exportConversation(created.id);
    expect(exported.conversation).toMatchObject({ id: created.id, status: 'active' });
    expect(exported.conversation.updated_at.getTime()).toBeGreaterThanOrEqual(
      exported.conversation.created_at.getTime(),
    );
    expect(await memory.memoryExport(created.id)).toEqual(exported);
  });

  it('list filters by label, pages, and iterConversations visits each once', async () => {
    const label = unique('list');
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) {
      ids.add((await stored(label)).id);
    }
    const page = await memory.listConversations({ label, pageSize: 2 });
    expect(page).toMatchObject({ total: 5, page: 1, page_size: 2, has_next: true });
    expect(page.items).toHaveLength(2);
    expect(page.items[0]?.updated_at).toBeInstanceOf(Date);
    const last = await memory.list({ label, pageSize: 2, page: 3 });
    expect(last.items).toHaveLength(1);
    expect(last.has_next).toBe(false);
    const seen: string[] = [];
    for await (const row of memory.iterConversations({ label, pageSize: 2 })) {
      seen.push(row.id);
    }
    expect(new Set(seen)).toEqual(ids);
    expect(seen).toHaveLength(5);
  });

  it('count by label and by folder', async () => {
    const label = unique('count');
    const folder = `/${unique('folder')}`;
    await stored(label, folder);
    await stored(label, folder);
    expect(await memory.count({ label })).toBe(2);
    expect(await memory.countConversations({ folder })).toBe(2);
    expect(await memory.count()).toBeGreaterThanOrEqual(2);
  });

  it('pin, updateLabel, updateFolder, archive and delete change what the controller says', async () => {
    const label = unique('manage');
    const created = await stored(label, '/before');
    await memory.pin(created.id);
    expect((await memory.memoryGetContext(created.id)).pinned).toBe(true);
    await memory.updateLabel(created.id, `${label}-renamed`);
    expect(await memory.get(created.id)).toMatchObject({ label: `${label}-renamed`, folder: '/before' });
    await memory.updateFolder(created.id, '/after');
    expect(await memory.get(created.id)).toMatchObject({ label: `${label}-renamed`, folder: '/after' });
    await memory.updateLabel(created.id, label, '/final');
    expect(await memory.get(created.id)).toMatchObject({ label, folder: '/final' });
    await memory.archive(created.id);
    expect((await memory.get(created.id)).status).toBe('archived');
    const [row] = (await memory.list({ label })).items;
    expect(row).toMatchObject({ id: created.id, pinned: true, archived: true });
    await memory.delete(created.id);
    await expect(memory.get(created.id)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await memory.deleteConversation((await stored(label)).id);
    expect(await memory.count({ label })).toBe(0);
  });

  it('unknown ids are SekhaNotFoundError from the server, non-UUIDs before any request', async () => {
    const nobody = '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    await expect(memory.get(nobody)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await expect(memory.pin(nobody)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await expect(memory.archive(nobody)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await expect(memory.delete(nobody)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await expect(memory.exportConversation(nobody)).rejects.toBeInstanceOf(SekhaNotFoundError);
    await expect(memory.get('invalid-id')).rejects.toBeInstanceOf(SekhaNotFoundError);
  });
});

describe('search and context', () => {
  const label = unique('search');
  let created: CreatedConversation;
  beforeAll(async () => {
    created = await stored(label);
    await stored(unique('other'));
    await embedded(label);
  });

  it('search finds the conversation by meaning, within a label', async () => {
    const hits = await memory.search('which queue technology was chosen', { label, limit: 3 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((hit) => hit.label === label)).toBe(true);
    expect(hits[0]?.conversation_id).toBe(created.id);
    expect(hits[0]?.similarity).toBeGreaterThan(0);
    expect(hits[0]?.similarity).toBeLessThanOrEqual(1);
    expect(hits[0]?.timestamp).toBeInstanceOf(Date);
  });

  it('smartQuery and memorySearch answer closest first', async () => {
    const results = await memory.smartQuery('Kafka retention', { limit: 5, filters: { label } });
    expect(results.results.length).toBeGreaterThan(0);
    const scores = results.results.map((hit) => hit.score);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    const viaMcp = await memory.memorySearch('Kafka retention', { limit: 5, filters: { label } });
    expect(viaMcp.results.map((hit) => hit.message_id)).toEqual(results.results.map((hit) => hit.message_id));
  });

  it('fullTextSearch matches words, stemmed', async () => {
    const found = await memory.fullTextSearch('partitioned customer', { limit: 50 });
    expect(found.some((message) => message.conversation_id === created.id)).toBe(true);
    expect(found[0]?.timestamp).toBeInstanceOf(Date);
  });

  it('assembleContext keeps to the labels asked for and cites them', async () => {
    const context = await memory.assembleContext({
      query: 'what broker did we choose?',
      labels: [label],
      tokenBudget: 2000,
    });
    expect(context).toBeInstanceOf(AssembledContext);
    expect(context.length).toBeGreaterThan(0);
    expect(context.messages.every((m) => m.label === label)).toBe(true);
    expect(context.conversationsUsed).toEqual([created.id]);
    expect(context.context).toContain(`[${label} · /live · `);
    expect(context.asOpenAIMessages('What broker?')).toHaveLength(2);
    const none = await memory.assembleContext({ query: 'what broker did we choose?', labels: [unique('nobody')] });
    expect(none.length).toBe(0);
  });
});

describe('intelligence and system', () => {
  it('generateSummary, suggestLabels, autoLabel', async () => {
    const created = await stored(unique('intel'));
    const summary = await memory.generateSummary(created.id, 'daily');
    expect(summary.conversation_id).toBe(created.id);
    expect(summary.generated_at).toBeInstanceOf(Date);
    const suggestions = await memory.suggestLabels(created.id);
    expect(Array.isArray(suggestions)).toBe(true);
    const applied = await memory.autoLabel(created.id, { threshold: 2 });
    expect(applied).toBeNull();
  });

  it('getPruningSuggestions, memoryPrune and executePrune', async () => {
    const created = await stored(unique('prune'));
    const suggestions = await memory.getPruningSuggestions(0);
    expect(Array.isArray(suggestions)).toBe(true);
    const report = await memory.memoryPrune({ thresholdDays: 0 });
    expect(report.threshold_days).toBe(0);
    await memory.executePrune([created.id]);
    expect((await memory.get(created.id)).status).toBe('archived');
  });

  it('importance through MCP: set, then read back', async () => {
    const created = await stored(unique('importance'));
    expect(await memory.getImportance(created.id)).toBe(5);
    expect(await memory.setImportance(created.id, 8)).toBe(8);
    const update = await memory.memoryUpdate(created.id, { label: 'renamed-by-mcp' });
    expect(update.conversation_id).toBe(created.id);
  });

  it('memoryStore, memoryStats', async () => {
    const label = unique('mcp');
    const id = await memory.memoryStore(exchange, { label, folder: '/mcp', importanceScore: 7 });
    expect((await memory.memoryGetContext(id)).importance_score).toBe(7);
    const stats = await memory.memoryStats({ label });
    expect(stats.total_conversations).toBe(1);
    await expect(memory.memoryStats({ label, folder: '/mcp' })).rejects.toBeInstanceOf(SekhaValidationError);
  });

  it('health, metrics, rebuildEmbeddings', async () => {
    const health = await memory.health();
    expect(health).toMatchObject({ status: 'healthy', http_status: 200, healthy: true });
    expect(Math.abs((health.timestamp?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    expect(await memory.metrics()).toContain('# TYPE');
    await expect(memory.rebuildEmbeddings()).resolves.toBeUndefined();
  });

  it('a wrong key is SekhaAuthError', async () => {
    const stranger = new MemoryController({
      baseURL,
      apiKey: 'sk-test-wrong-key-0123456789abcdefghij',
      rateLimit: null,
    });
    await expect(stranger.memoryStats()).rejects.toBeInstanceOf(SekhaAuthError);
    await expect(stranger.count()).rejects.toBeInstanceOf(SekhaAuthError);
  });

  it('the generated functions on memory.api work with the same key and mapping', async () => {
    const created = await stored(unique('api'));
    const { data } = await getConversation({ client: memory.api, path: { id: created.id }, throwOnError: true });
    expect(data.id).toBe(created.id);
    const { data: page } = await listConversations({ client: memory.api, query: { page_size: 1 }, throwOnError: true });
    expect(page.results).toHaveLength(1);
    const { error } = await getConversation({
      client: memory.api,
      path: { id: '6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f' },
    });
    expect(error).toBeInstanceOf(SekhaNotFoundError);
  });
});

describe('export', () => {
  it('export and exportStream of one label, markdown and JSON', async () => {
    const label = unique('export');
    const a = await stored(label);
    const b = await stored(label);
    await stored(unique('not-exported'));
    const markdown = await memory.export(label, 'markdown');
    expect(markdown.startsWith(`# Sekha export: label “${label}”\n`)).toBe(true);
    expect(markdown).toContain(a.id);
    expect(markdown).toContain(b.id);
    expect(markdown.split('\n## ').length - 1).toBe(2);
    const json = JSON.parse(await memory.export({ label, format: 'json' })) as { id: string; messages: unknown[] }[];
    expect(new Set(json.map((c) => c.id))).toEqual(new Set([a.id, b.id]));
    expect(json.every((c) => c.messages.length === 2)).toBe(true);
    const chunks: string[] = [];
    for await (const chunk of memory.exportStream(label)) {
      chunks.push(chunk);
    }
    expect(chunks).toHaveLength(4); // start, two conversations, end
    expect(chunks.join('')).toBe(markdown);
    expect(await memory.export(unique('empty'), 'json')).toBe('[]\n');
  });
});
