/** The status-bar item: whether the controller is reachable and accepts the key. */

import * as vscode from 'vscode';

import type { MemoryProvider } from './memory';
import type { ErrorKind } from './notify';

export type ConnectionState = 'checking' | 'connected' | 'offline' | 'unauthorized' | 'not configured' | 'failing';

const LOOK: Record<ConnectionState, { icon: string; text: string }> = {
  checking: { icon: '$(sync~spin)', text: 'Sekha' },
  connected: { icon: '$(database)', text: 'Sekha' },
  offline: { icon: '$(debug-disconnect)', text: 'Sekha: offline' },
  unauthorized: { icon: '$(key)', text: 'Sekha: wrong key' },
  'not configured': { icon: '$(key)', text: 'Sekha: no key' },
  failing: { icon: '$(warning)', text: 'Sekha: error' },
};

export function stateFor(kind: ErrorKind): ConnectionState | undefined {
  switch (kind) {
    case 'offline':
      return 'offline';
    case 'auth':
      return 'unauthorized';
    case 'no-key':
      return 'not configured';
    default:
      return undefined;
  }
}

export class ConnectionStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private current: ConnectionState = 'checking';
  private checking: Promise<ConnectionState> | undefined;

  constructor(private readonly memory: MemoryProvider) {
    this.item = vscode.window.createStatusBarItem('sekha.connection', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Sekha connection';
    this.item.command = 'sekha.checkConnection';
    this.show('checking');
    this.item.show();
  }

  get state(): ConnectionState {
    return this.current;
  }

  show(state: ConnectionState, detail?: string): void {
    this.current = state;
    const look = LOOK[state];
    this.item.text = `${look.icon} ${look.text}`;
    this.item.tooltip = detail ?? `Sekha controller: ${state}. Click to check again.`;
    this.item.backgroundColor =
      state === 'connected' || state === 'checking' ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  /** A failure somewhere else said something about the connection. */
  report(kind: ErrorKind): void {
    const state = stateFor(kind);
    if (state !== undefined) this.show(state);
  }

  /** Ask the controller; concurrent calls share one request. Rejects with the failure. */
  check(): Promise<ConnectionState> {
    this.checking ??= this.run().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  /** The check; on failure the item says so (the notifier's report then tells how it failed). */
  private async run(): Promise<ConnectionState> {
    this.show('checking');
    try {
      const { memory, settings, key } = await this.memory.state();
      await memory.check();
      this.show('connected', `Connected to ${settings.apiUrl} (key from ${key.source}). Click to check again.`);
      return 'connected';
    } catch (error) {
      this.show('failing', `The last check failed: see the Sekha output channel. Click to check again.`);
      throw error;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
