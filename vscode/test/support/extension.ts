/** The extension activated inside the mocked `vscode`, pointed at the suite's live controller. */

import { randomUUID } from 'node:crypto';

import type * as vscode from 'vscode';
import { inject } from 'vitest';

import { MemoryController, type ConversationSummary } from '@sekha/sdk';

import { activate, type Extension } from '../../src/extension';
import { EventEmitter, mock, Uri } from '../vscode-mock';

export class Secrets {
  readonly values = new Map<string, string>();
  private readonly changed = new EventEmitter<{ key: string }>();
  readonly onDidChange = this.changed.event;
  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }
  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.changed.fire({ key });
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.values.delete(key);
    this.changed.fire({ key });
    return Promise.resolve();
  }
}

export class Memento {
  private readonly values = new Map<string, unknown>();
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (structuredClone(this.values.get(key)) as T) : fallback;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
  keys(): string[] {
    return [...this.values.keys()];
  }
}

export interface Activated {
  readonly extension: Extension;
  readonly secrets: Secrets;
  readonly state: Memento;
  readonly context: vscode.ExtensionContext;
  dispose(): void;
}

export function controller(): { baseUrl: string; apiKey: string } {
  return inject('controller');
}

/** A label no other test uses, so tests sharing the controller never see each other's data. */
export function uniqueLabel(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The SDK, to check what the extension stored. */
export function sdk(): MemoryController {
  const { baseUrl, apiKey } = controller();
  return new MemoryController({ baseURL: baseUrl, apiKey });
}

/**
 * The SDK against the same controller, seen as the real controller 0.1.0 is: its health report
 * announces no extensions, so the client uses none of them (no appending, no relevance floor,
 * no server-side context scope).
 */
export function sdkWithoutExtensions(): MemoryController {
  const { baseUrl, apiKey } = controller();
  const plain: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (new URL(input instanceof Request ? input.url : input).pathname !== '/health') return response;
    const report = (await response.json()) as Record<string, unknown>;
    delete report.capabilities;
    return new Response(JSON.stringify(report), { status: response.status, headers: { 'Content-Type': 'application/json' } });
  };
  return new MemoryController({ baseURL: baseUrl, apiKey, fetch: plain });
}

export async function rowsWithLabel(label: string): Promise<ConversationSummary[]> {
  const rows: ConversationSummary[] = [];
  for await (const row of sdk().iterConversations()) if (row.label === label) rows.push(row);
  return rows;
}

/**
 * Activate with the controller's URL and key (in secret storage unless `withKey` is false),
 * and any other settings. Call `dispose()` after the test.
 */
export function activateExtension(options: { settings?: Record<string, unknown>; withKey?: boolean; state?: Memento } = {}): Activated {
  mock.reset();
  const { baseUrl, apiKey } = controller();
  mock.setting('sekha.apiUrl', baseUrl);
  for (const [key, value] of Object.entries(options.settings ?? {})) mock.setting(key, value);
  const secrets = new Secrets();
  if (options.withKey ?? true) secrets.values.set('sekha.apiKey', apiKey);
  const state = options.state ?? new Memento();
  const subscriptions: { dispose(): unknown }[] = [];
  const context = {
    subscriptions,
    secrets,
    workspaceState: state,
    extensionUri: Uri.file('/extension'),
  } as unknown as vscode.ExtensionContext;
  const extension = activate(context);
  return {
    extension,
    secrets,
    state,
    context,
    dispose: () => {
      for (const item of subscriptions) item.dispose();
    },
  };
}

/** Resolves once `check` holds; polls every 20 ms, bounded. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
