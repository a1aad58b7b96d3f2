import { afterEach, describe, expect, it } from 'vitest';

import { activateExtension, until, type Activated } from './support/extension';
import { commands, mock } from './vscode-mock';

let active: Activated | undefined;
afterEach(() => {
  active?.dispose();
});

function status(): string {
  return mock.statusItems[0]?.text ?? '';
}

describe('the status-bar item', () => {
  it('says connected once the controller answers with the key accepted', async () => {
    active = activateExtension();
    await until('the first check', () => active?.extension.connection.state === 'connected');
    expect(status()).toBe('$(database) Sekha');
    expect(mock.statusItems[0]?.command).toBe('sekha.checkConnection');
    await commands.executeCommand('sekha.checkConnection');
    expect(mock.shown.at(-1)?.message).toMatch(/^Sekha: connected to http:\/\/127\.0\.0\.1:\d+\.$/);
  });

  it('follows a settings change: a controller that is not there is offline', async () => {
    active = activateExtension();
    await until('the first check', () => active?.extension.connection.state === 'connected');
    mock.setting('sekha.apiUrl', 'http://127.0.0.1:9');
    mock.setting('sekha.requestTimeoutSeconds', 2);
    await until('the check after the change', () => active?.extension.connection.state === 'offline', 30_000);
    expect(status()).toBe('$(debug-disconnect) Sekha: offline');
    expect(mock.shown).toEqual([]); // a background check only logs; commands notify
  });
});
