import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { ToPage } from '../src/webview/protocol';
import { activateExtension, sdk, uniqueLabel, until, type Activated } from './support/extension';
import { commands, mock, Position, Selection, TextDocument, Uri } from './vscode-mock';

const LABEL = uniqueLabel('search');
let conversationId = '';

beforeAll(async () => {
  const client = sdk();
  const created = await client.create({
    messages: [
      { role: 'user', content: 'How should we name the feature flags?' },
      { role: 'assistant', content: 'Prefix each flag with its team, for example payments.new-checkout.' },
    ],
    label: LABEL,
    folder: '/flags',
  });
  conversationId = created.id;
  await until('the messages are embedded', async () =>
    (await client.search('naming feature flags', { limit: 50 })).some((h) => h.conversation_id === created.id),
  );
});

let active: Activated | undefined;
afterEach(() => {
  active?.dispose();
});

async function openPanel() {
  await commands.executeCommand('sekha.searchMemory');
  const panel = mock.panels.at(-1);
  if (panel === undefined) throw new Error('no panel');
  const { webview } = panel;
  const replies = async (message: unknown, type: ToPage['type']): Promise<ToPage> => {
    const before = webview.posted.length;
    webview.receive(message);
    await until(`a ${type} reply`, () => webview.posted.slice(before).some((m) => (m as ToPage).type === type || (m as ToPage).type === 'failed'));
    return webview.posted.slice(before).find((m) => (m as ToPage).type === type || (m as ToPage).type === 'failed') as ToPage;
  };
  return { webview, replies };
}

describe('Sekha: Search memory', () => {
  it('serves a page whose script runs only with its nonce, and shows one panel at a time', async () => {
    active = activateExtension();
    await commands.executeCommand('sekha.searchMemory');
    await commands.executeCommand('sekha.searchMemory');
    expect(mock.panels).toHaveLength(1);
    const html = mock.panels[0]?.webview.html ?? '';
    const nonce = /script-src 'nonce-([^']+)'/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`<script nonce="${nonce ?? ''}" src="file:/extension/dist/search-page.js">`);
    expect(html).toContain("default-src 'none'");
  });

  it('answers a semantic search with label, date and score, and a full-text search with labels', async () => {
    active = activateExtension();
    const { replies } = await openPanel();
    const semantic = await replies({ type: 'search', query: 'naming feature flags', mode: 'semantic' }, 'results');
    expect(semantic.type).toBe('results');
    const hit = semantic.type === 'results' ? semantic.hits.find((h) => h.conversationId === conversationId) : undefined;
    expect(hit).toMatchObject({ label: LABEL, folder: '/flags' });
    expect(hit?.similarity).toBeGreaterThan(0);
    expect(hit?.similarity).toBeLessThanOrEqual(1);
    expect(hit?.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const fulltext = await replies({ type: 'search', query: 'prefix team', mode: 'fulltext' }, 'results');
    const found = fulltext.type === 'results' ? fulltext.hits.find((h) => h.conversationId === conversationId) : undefined;
    expect(found).toMatchObject({ label: LABEL, role: 'assistant', similarity: undefined });
  });

  it('shows a result with its conversation, and Insert puts the message at the cursor of the last editor', async () => {
    active = activateExtension();
    const document = new TextDocument(Uri.file('/work/flags.md'), 'line one\nline two', 'markdown');
    mock.editor(document, new Selection(new Position(1, 0), new Position(1, 0)));
    const { replies } = await openPanel();
    const details = await replies({ type: 'details', conversationId, messageId: '' }, 'details');
    expect(details.type === 'details' ? [details.details.label, details.details.messages.length] : []).toEqual([LABEL, 2]);
    const inserted = await replies({ type: 'insert', text: 'Prefix each flag with its team.' }, 'inserted');
    expect(inserted).toEqual({ type: 'inserted', where: 'flags.md' });
    expect(document.getText()).toBe('line one\nPrefix each flag with its team.\nline two');
  });

  it('tells the page and the user when the controller fails, without rejecting', async () => {
    active = activateExtension({ settings: { 'sekha.apiUrl': 'http://127.0.0.1:9', 'sekha.requestTimeoutSeconds': 2 } });
    const { replies } = await openPanel();
    const reply = await replies({ type: 'search', query: 'anything', mode: 'semantic' }, 'results');
    expect(reply.type).toBe('failed');
    expect(mock.shown.filter((s) => s.kind === 'error').map((s) => s.message)).toEqual([
      'Cannot reach the Sekha controller at http://127.0.0.1:9. Is it running (sekha serve)?',
    ]);
  });
});
