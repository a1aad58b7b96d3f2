/**
 * The TypeScript and Python SDKs, asked the same thing by the same controller, answer the same:
 * the export documents are compared byte for byte, and search and counts agree.
 */

import { spawnSync } from 'node:child_process';

import { beforeAll, describe, expect, inject, it } from 'vitest';

import { MemoryController } from '../../src/index.js';
import { pythonExecutable, REPO_ROOT, unique, waitFor } from './server.js';

const { baseURL, apiKey } = inject('sekha');
const memory = new MemoryController({ baseURL, apiKey, rateLimit: null });

const PYTHON_EXPORT = `
import json, sys
from sekha import ClientConfig, SyncSekhaClient
with SyncSekhaClient(ClientConfig(api_key=sys.argv[1], base_url=sys.argv[2], rate_limit_requests=None)) as client:
    if sys.argv[3] == "search":
        hits = client.search(sys.argv[4], label=sys.argv[5], limit=5)
        sys.stdout.write(json.dumps([[str(h.message_id), h.score] for h in hits]))
    else:
        sys.stdout.write(client.export(label=sys.argv[4], format=sys.argv[3]))
`;

function python(...args: string[]): string {
  const result = spawnSync(pythonExecutable(), ['-c', PYTHON_EXPORT, apiKey, baseURL, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONIOENCODING: 'utf-8' },
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`python failed: ${result.stderr}`);
  }
  return result.stdout;
}

/**
 * A document's header and each conversation's text, exactly as written. Their order is left
 * out: the Python SDK reads the local controller's bulk export, in creation order, where this
 * one pages the list by last update.
 */
function conversations(document: string, format: 'markdown' | 'json'): string[] {
  if (format === 'json') {
    return document
      .split('\n')
      .map((line) => line.replace(/,$/, ''))
      .sort();
  }
  const [head = '', ...sections] = document.split('\n## ');
  return [head, ...sections.sort()];
}

describe('parity with the Python SDK', () => {
  const label = unique('parity');
  beforeAll(async () => {
    await memory.create({
      label,
      folder: '/parity',
      messages: [
        { role: 'system', content: 'Notes kept for the release “Ünïcørn”.' },
        { role: 'user', content: 'Quote: "ship it"\nthen a tab\tand a trailing newline\n\n' },
        { role: 'assistant', content: 'Emoji stay as they are: 🚀 ✓' },
      ],
    });
    await memory.create({
      label,
      folder: '/parity/2',
      messages: [{ role: 'user', content: 'The deploy checklist lives in the wiki.' }],
    });
    await waitFor(async () => (await memory.search('deploy checklist wiki', { label })).length > 0);
  });

  it.each([['markdown'], ['json']] as const)(
    'export as %s holds the same conversations, byte for byte',
    async (format) => {
      const ours = await memory.export(label, format);
      expect(conversations(ours, format)).toEqual(conversations(python(format, label), format));
      expect(ours).toContain('Ünïcørn');
    },
  );

  it('semantic search within a label finds the same messages in the same order', async () => {
    const ours = (await memory.search('where is the deploy checklist?', { label, limit: 5 })).map((hit) => [
      hit.message_id,
      hit.score,
    ]);
    expect(ours).toEqual(JSON.parse(python('search', 'where is the deploy checklist?', label)));
  });
});
