import { SekhaServerError } from '@sekha/sdk';
import { describe, expect, it } from 'vitest';

import { Log, Redactor } from '../src/log';
import { Memory } from '../src/memory';
import { saveConversations } from '../src/save';
import type { TrackedDocument } from '../src/tracking';
import { parseDocument } from '../src/transcript';
import { rowsWithLabel, sdk, sdkWithoutExtensions, uniqueLabel } from './support/extension';
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
    super(sdkWithoutExtensions());
  }
  override async delete(id: string): Promise<void> {
    if (this.failures-- > 0) throw new SekhaServerError('Chroma error: Collection not found: messages', { status: 500 } as never);
    await super.delete(id);
  }
}

async function contents(id: string): Promise<string[]> {
  return (await sdk().getMessages(id)).map((m) => m.content);
}

describe('saving a document that grew, where the controller can append', () => {
  it('adds only the new messages to the stored conversation: same id, nothing deleted', async () => {
    const memory = new Memory(sdk());
    const label = uniqueLabel('append');
    const first = await save(memory, ['a', 'b'], label);
    const id = first.outcome.created[0]?.id ?? '';
    expect(first.tracked?.conversations.text).toMatchObject({ id, messageCount: 2 });
    const second = await save(memory, ['a', 'b', 'c', 'd'], label, first.tracked);
    expect(second.outcome).toMatchObject({ appended: [{ id, messageCount: 4, added: 2 }], created: [], replaced: [], staleIds: [] });
    expect(second.tracked?.conversations.text).toMatchObject({ id, messageCount: 4 });
    expect(await contents(id)).toEqual(['a', 'b', 'c', 'd']);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([id]);
    const third = await save(memory, ['a', 'b', 'c', 'd', 'e'], label, second.tracked);
    expect(third.outcome.appended).toMatchObject([{ id, added: 1 }]);
    expect(await contents(id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('adds nothing twice when the same save runs again (its result was never recorded)', async () => {
    const memory = new Memory(sdk());
    const label = uniqueLabel('again');
    const first = await save(memory, ['a', 'b'], label);
    const id = first.outcome.created[0]?.id ?? '';
    await save(memory, ['a', 'b', 'c'], label, first.tracked);
    const repeated = await save(memory, ['a', 'b', 'c'], label, first.tracked); // as after a crash before recording
    expect(repeated.outcome.appended).toMatchObject([{ id, added: 1 }]);
    expect(await contents(id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps pin, archive, label and folder given to the stored copy, since it is the same conversation', async () => {
    const client = sdk();
    const memory = new Memory(client);
    const [label, moved] = [uniqueLabel('kept'), uniqueLabel('moved')];
    const first = await save(memory, ['a', 'b'], label);
    const id = first.outcome.created[0]?.id ?? '';
    await client.updateLabel(id, moved, '/moved');
    await client.pin(id);
    await client.archive(id);
    await save(memory, ['a', 'b', 'c'], label, first.tracked);
    expect(await client.memoryGetContext(id)).toMatchObject({ label: moved, folder: '/moved', pinned: true, status: 'archived' });
    expect(await contents(id)).toEqual(['a', 'b', 'c']);
  });

  it('replaces the conversation when the document changed other than at its end', async () => {
    const memory = new Memory(sdk());
    const label = uniqueLabel('edited');
    const first = await save(memory, ['a', 'b', 'c'], label);
    const edited = await save(memory, ['a', 'B', 'c', 'd'], label, first.tracked);
    expect(edited.outcome.appended).toEqual([]);
    expect(edited.outcome.replaced).toHaveLength(1);
    const shorter = await save(memory, ['a', 'B'], label, edited.tracked);
    expect(shorter.outcome.replaced).toHaveLength(1);
    const [row] = await rowsWithLabel(label);
    expect(row?.id).toBe(shorter.outcome.replaced[0]?.id);
    expect(await contents(row?.id ?? '')).toEqual(['a', 'B']);
  });

  it('replaces it when what was recorded predates message counts', async () => {
    const memory = new Memory(sdk());
    const label = uniqueLabel('older');
    const first = await save(memory, ['a', 'b'], label);
    const recorded = first.tracked?.conversations.text;
    const older: TrackedDocument = { label, folder: '/s', staleIds: [], conversations: { text: { id: recorded?.id ?? '', fingerprint: recorded?.fingerprint ?? '' } } };
    const second = await save(memory, ['a', 'b', 'c'], label, older);
    expect(second.outcome.replaced).toHaveLength(1);
    expect((await rowsWithLabel(label)).map((r) => r.id)).toEqual([second.outcome.replaced[0]?.id]);
  });
});

describe('saving a document again where the controller cannot append (as the real one)', () => {
  it('replaces a changed conversation: the new copy first, then the old one deleted', async () => {
    const memory = new Memory(sdkWithoutExtensions());
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
    const first = await save(new Memory(sdkWithoutExtensions()), ['a', 'b'], label);
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
    const memory = new Memory(sdkWithoutExtensions());
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

  it('skips conversations without messages and stores nothing for them', async () => {
    const parsed = parseDocument('User:\nAssistant:   \n', { name: 'empty', extension: '.md' });
    const label = uniqueLabel('empty');
    const outcome = await saveConversations(new Memory(sdk()), parsed, parsed.conversations, { label, folder: '/s' }, undefined, () => Promise.resolve(), log());
    expect(outcome.empty).toEqual(['empty']);
    expect(await rowsWithLabel(label)).toHaveLength(0);
  });
});

describe('a stored copy deleted meanwhile', () => {
  it.each([
    ['can append', sdk],
    ['cannot append', sdkWithoutExtensions],
  ])('is stored afresh where the controller %s', async (_can, client) => {
    const memory = new Memory(client());
    const label = uniqueLabel('deleted');
    const first = await save(memory, ['a', 'b'], label);
    await sdk().delete(first.outcome.created[0]?.id ?? '');
    const second = await save(memory, ['a', 'b', 'c'], label, first.tracked);
    expect(second.outcome.replaced).toHaveLength(1);
    expect(second.outcome.staleIds).toEqual([]);
    const [row] = await rowsWithLabel(label);
    expect(row?.id).toBe(second.outcome.replaced[0]?.id);
    expect(await contents(row?.id ?? '')).toEqual(['a', 'b', 'c']);
  });
});
