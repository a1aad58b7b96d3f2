import { SekhaServerError } from '@sekha/sdk';
import { describe, expect, it } from 'vitest';

import { Log, Redactor } from '../src/log';
import { Memory } from '../src/memory';
import { saveConversations } from '../src/save';
import type { TrackedDocument } from '../src/tracking';
import { parseDocument } from '../src/transcript';
import { rowsWithLabel, sdk, uniqueLabel } from './support/extension';
import { mock } from './vscode-mock';

const log = (): Log => {
  mock.reset();
  return new Log(new Redactor());
};

function transcript(...turns: string[]) {
  return parseDocument(turns.map((t, i) => `${i % 2 === 0 ? 'User' : 'Assistant'}: ${t}`).join('\n'), { name: 'chat', extension: '.md' });
}

async function save(memory: Memory, turns: string[], label: string, previous?: TrackedDocument) {
  const parsed = transcript(...turns);
  const recorded: TrackedDocument[] = [];
  const outcome = await saveConversations(memory, parsed, parsed.conversations, { label, folder: '/s' }, previous, (t) => {
    recorded.push(t);
    return Promise.resolve();
  }, log());
  return { outcome, recorded, tracked: recorded.at(-1) };
}

/** A live client whose delete fails the first `failures` times, as the real controller's does for embedded conversations. */
class RefusingDelete extends Memory {
  constructor(private failures: number) {
    super(sdk());
  }
  override async delete(id: string): Promise<void> {
    if (this.failures-- > 0) throw new SekhaServerError('Chroma error: Collection not found: messages', { status: 500 } as never);
    await super.delete(id);
  }
}

describe('saving a document again', () => {
  it('replaces a changed conversation: the new copy first, then the old one deleted', async () => {
    const memory = new Memory(sdk());
    const label = uniqueLabel('replace');
    const first = await save(memory, ['a', 'b'], label);
    expect(first.outcome.created).toHaveLength(1);
    const second = await save(memory, ['a', 'b', 'c'], label, first.tracked);
    expect(second.outcome.replaced).toHaveLength(1);
    // Recorded before the old copy was deleted: the new id is tracked, the old one due for deletion.
    expect(second.recorded[0]?.staleIds).toEqual([first.outcome.created[0]?.id]);
    expect(second.tracked?.staleIds).toEqual([]);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([second.outcome.replaced[0]?.id]);
  });

  it('keeps an earlier copy it could not delete, and deletes it on the next save', async () => {
    const label = uniqueLabel('stale');
    const first = await save(new Memory(sdk()), ['a', 'b'], label);
    const refusing = new RefusingDelete(1);
    const second = await save(refusing, ['a', 'b', 'c'], label, first.tracked);
    expect(second.outcome.staleIds).toEqual([first.outcome.created[0]?.id]);
    expect(await rowsWithLabel(label)).toHaveLength(2);
    const third = await save(refusing, ['a', 'b', 'c'], label, second.tracked);
    expect(third.outcome.unchanged).toHaveLength(1);
    expect(third.outcome.staleIds).toEqual([]);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([second.outcome.replaced[0]?.id]);
  });

  it("keeps what was done to the earlier copy: its new label and folder, its pin", async () => {
    const client = sdk();
    const memory = new Memory(client);
    const [label, moved] = [uniqueLabel('before'), uniqueLabel('after')];
    const first = await save(memory, ['a', 'b'], label);
    const id = first.outcome.created[0]?.id ?? '';
    await client.updateLabel(id, moved, '/moved');
    await client.pin(id);
    const second = await save(memory, ['a', 'b', 'c'], label, first.tracked);
    const [row] = await rowsWithLabel(moved);
    expect(row).toMatchObject({ id: second.outcome.replaced[0]?.id, folder: '/moved', pinned: true });
    expect(await rowsWithLabel(label)).toHaveLength(0);
  });

  it('creates a fresh copy when the earlier one was deleted meanwhile', async () => {
    const client = sdk();
    const memory = new Memory(client);
    const label = uniqueLabel('deleted');
    const first = await save(memory, ['a', 'b'], label);
    await client.delete(first.outcome.created[0]?.id ?? '');
    const second = await save(memory, ['a', 'b', 'c'], label, first.tracked);
    expect(second.outcome.replaced).toHaveLength(1);
    expect(second.outcome.staleIds).toEqual([]);
    expect(await rowsWithLabel(label)).toHaveLength(1);
  });

  it('skips conversations without messages and stores nothing for them', async () => {
    const parsed = parseDocument('User:\nAssistant:   \n', { name: 'empty', extension: '.md' });
    const label = uniqueLabel('empty');
    const outcome = await saveConversations(new Memory(sdk()), parsed, parsed.conversations, { label, folder: '/s' }, undefined, () => Promise.resolve(), log());
    expect(outcome.empty).toEqual(['empty']);
    expect(await rowsWithLabel(label)).toHaveLength(0);
  });
});
