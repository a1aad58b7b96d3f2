/**
 * The TypeScript examples of the seed README (../shared/reference/seed-readmes.md), as written,
 * against a live `sekha serve`. Only the connection settings are the test server's, and the
 * placeholders `[...]` and `{...}` are filled with real messages.
 */

import { afterEach, describe, expect, inject, it, vi } from 'vitest';

// The imports exactly as the seed README writes them.
import { MemoryController } from '@sekha/sdk';
import { SekhaAPIError, SekhaAuthError, SekhaConnectionError } from '@sekha/sdk';
import { MemoryController as TreeShakenController } from '@sekha/sdk/client';
import { SekhaAPIError as TreeShakenAPIError } from '@sekha/sdk/errors';

// Beside them, from the same entry point (a relative import of the source would be a second copy).
import { SekhaAbortError, type CreateConversationRequest, type Message, type MemoryConfig } from '@sekha/sdk';

const { baseURL, apiKey } = inject('sekha');

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the seed README, TypeScript section', () => {
  it('Quick Start', async () => {
    const printed: unknown[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      printed.push(...args);
    });

    const memory = new MemoryController({
      baseURL: baseURL,
      apiKey: apiKey,
      defaultLabel: 'Work',
    });

    // Create conversation
    const conversation = await memory.create({
      messages: [
        { role: 'user', content: 'How do we handle auth?' },
        { role: 'assistant', content: 'We use JWT tokens...' },
      ],
      label: 'Project:AI',
      folder: 'Work/2025',
    });

    // Assemble context
    const context = await memory.assembleContext({
      query: 'authentication patterns',
      labels: ['Project:AI', 'Security'],
      tokenBudget: 8000,
    });

    // Search
    const results = await memory.search('JWT implementation', { limit: 10 });

    // Memory management
    await memory.pin(conversation.id);
    await memory.updateLabel(conversation.id, 'Project:AI-Archive');
    await memory.archive(conversation.id);

    // Pruning
    const suggestions = await memory.getPruningSuggestions();

    // Export
    const markdown = await memory.export('Project:AI', 'markdown');

    // Streaming export
    const stream = memory.exportStream('Project:AI');
    for await (const chunk of stream) {
      console.log(chunk);
    }

    expect(conversation.label).toBe('Project:AI');
    expect(context.messages.every((m) => ['Project:AI', 'Security'].includes(m.label))).toBe(true);
    expect(Array.isArray(results)).toBe(true);
    expect(Array.isArray(suggestions)).toBe(true);
    expect(markdown.startsWith('# Sekha export: label “Project:AI”\n')).toBe(true);
    expect(printed[0]).toBe('# Sekha export: label “Project:AI”\n');
    expect(printed.join('')).not.toContain(conversation.id); // relabelled before the export
    expect(await memory.get(conversation.id)).toMatchObject({
      label: 'Project:AI-Archive',
      folder: 'Work/2025',
      status: 'archived',
    });
    expect((await memory.memoryGetContext(conversation.id)).pinned).toBe(true);
  });

  it('Request Cancellation', async () => {
    const memory = new MemoryController({ baseURL, apiKey });

    const controller = new AbortController();

    const promise = memory.create(
      { messages: [{ role: 'user', content: 'cancel me' }], label: 'Test' },
      { signal: controller.signal },
    );

    // Cancel request
    controller.abort();

    await expect(promise).rejects.toBeInstanceOf(SekhaAbortError);
  });

  it('Error Handling', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((message: string) => {
      errors.push(message);
    });
    const handle = async (memory: MemoryController): Promise<void> => {
      try {
        const conversation = await memory.create({ messages: [{ role: 'user', content: 'hello' }] });
        expect(conversation.id).toBeDefined(); // not reached: each client below fails
      } catch (error) {
        if (error instanceof SekhaAuthError) {
          console.error('Invalid API key');
        } else if (error instanceof SekhaConnectionError) {
          console.error('Connection failed');
        } else if (error instanceof SekhaAPIError) {
          console.error(`API error: ${error.message}`);
        }
      }
    };
    await handle(new MemoryController({ baseURL, apiKey: 'sk-wrong-key-0123456789abcdef0123' }));
    await handle(new MemoryController({ baseURL: 'http://127.0.0.1:9', apiKey, maxRetries: 1, retryBackoff: 10 }));
    await handle(new MemoryController({ baseURL: `${baseURL}/no-such-prefix`, apiKey, maxRetries: 0 }));
    expect(errors).toEqual(['Invalid API key', 'Connection failed', expect.stringMatching(/^API error: /)]);
  });

  it('TypeScript Types', () => {
    const config: MemoryConfig = { baseURL, apiKey, defaultLabel: 'Work', timeout: 30_000, maxRetries: 3 };
    const message: Message = { role: 'system', content: 'You are helpful.' };
    const request: CreateConversationRequest = { messages: [message], label: 'Types', folder: '/types' };
    expect(new MemoryController(config).config.timeout).toBe(30_000);
    expect(request.messages).toHaveLength(1);
  });

  it('Tree-shaking: the subpath exports are the same classes', () => {
    expect(TreeShakenController).toBe(MemoryController);
    expect(TreeShakenAPIError).toBe(SekhaAPIError);
  });
});
