import { MemoryController, SekhaUnsupportedError } from '@sekha/sdk';
import { describe, expect, it } from 'vitest';

import { Memory } from '../src/memory';
import { sdk, sdkWithoutExtensions, uniqueLabel, until } from './support/extension';

/** A client whose unpin and unarchive fail as the SDK's do against the real controller 0.1.0. */
function refusing(): MemoryController {
  const refuse = (): Promise<void> => Promise.reject(new SekhaUnsupportedError('the controller accepted the update but kept it; it cannot'));
  return { unpin: refuse, unarchive: refuse } as unknown as MemoryController;
}

describe('what the real controller cannot do is explained', () => {
  it('Unpin and Unarchive say what to do instead', async () => {
    const memory = new Memory(refusing());
    const id = '00000000-0000-4000-8000-000000000000';
    await expect(memory.unpin(id)).rejects.toThrow(
      new SekhaUnsupportedError('this controller cannot unpin: relabel or archive the conversation instead, or use the local controller (sekha serve)'),
    );
    await expect(memory.unarchive(id)).rejects.toThrow(/^this controller cannot unarchive: export the conversation and save the export again/);
  });
});

describe('context for Insert context', () => {
  const chat = [
    { role: 'user' as const, content: 'What colour are the staging dashboards?' },
    { role: 'assistant' as const, content: 'The staging dashboards are teal, production ones are red.' },
  ];

  it('applies the relevance floor where the controller announces one', async () => {
    const client = sdk();
    const label = uniqueLabel('floor');
    const { id } = await client.create({ messages: chat, label, folder: '/f' });
    await until('embedded', async () => (await client.search('staging dashboards colour', { limit: 100 })).some((h) => h.conversation_id === id));
    const memory = new Memory(client);
    const scope = { tokenBudget: 2000, labels: [label], folders: [], minRelevance: 0.2 };
    const relevant = await memory.context('staging dashboards colour', scope);
    expect(relevant.floorApplied).toBe(true);
    expect(relevant.context.conversationsUsed).toEqual([id]);
    const unrelated = await memory.context('zzzz', scope);
    expect(unrelated.context.messages).toEqual([]);
  });

  it('without one (the real controller): no floor sent, the scope still a hard limit', async () => {
    const client = sdk();
    const [label, other] = [uniqueLabel('nofloor'), uniqueLabel('elsewhere')];
    const ids = [(await client.create({ messages: chat, label, folder: '/f' })).id, (await client.create({ messages: chat, label: other, folder: '/f' })).id];
    await until('embedded', async () => {
      const found = new Set((await client.search('staging dashboards colour', { limit: 100 })).map((h) => h.conversation_id));
      return ids.every((id) => found.has(id));
    });
    const memory = new Memory(sdkWithoutExtensions());
    const { context, floorApplied } = await memory.context('staging dashboards colour', { tokenBudget: 2000, labels: [label], folders: ['/f'], minRelevance: 0.2 });
    expect(floorApplied).toBe(false);
    expect(context.conversationsUsed).toEqual([ids[0]]);
  });
});
