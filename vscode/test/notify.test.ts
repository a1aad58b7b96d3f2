import {
  SekhaAuthError,
  SekhaConfigError,
  SekhaConnectionError,
  SekhaNotFoundError,
  SekhaServerError,
  SekhaTimeoutError,
  SekhaUnsupportedError,
  SekhaValidationError,
} from '@sekha/sdk';
import { beforeEach, describe, expect, it } from 'vitest';

import { Log, Redactor } from '../src/log';
import { describe as describeError, Notifier } from '../src/notify';
import { TranscriptError } from '../src/transcript';
import { mock } from './vscode-mock';

const URL = 'http://localhost:8080';

beforeEach(() => {
  mock.reset();
});

describe('what each failure says and offers', () => {
  it.each<[Error, string, string[]]>([
    [new TranscriptError('no line names a speaker'), 'transcript', ['Show Example']],
    [new SekhaConfigError('no API key'), 'no-key', ['Set API Key', 'Open Settings']],
    [new SekhaConnectionError('refused'), 'offline', ['Retry', 'Open Settings']],
    [new SekhaTimeoutError('slow'), 'offline', ['Retry', 'Open Settings']],
    [new SekhaAuthError('Invalid API key', { status: 401 } as never), 'auth', ['Set API Key', 'Open Settings']],
    [new SekhaUnsupportedError('cannot unpin'), 'unsupported', []],
    [new SekhaNotFoundError('gone', { status: 404 } as never), 'not-found', []],
    [new SekhaValidationError('bad label'), 'invalid', ['Show Log']],
    [new SekhaServerError('boom', { status: 500 } as never), 'server', ['Retry', 'Show Log']],
    [new Error('surprise'), 'unexpected', ['Retry', 'Show Log']],
  ])('%s', (error, kind, actions) => {
    const described = describeError(error, URL, true);
    expect([described.kind, described.actions]).toEqual([kind, actions]);
    expect(described.message.length).toBeGreaterThan(10);
  });

  it('offers Retry only where there is something to retry', () => {
    expect(describeError(new SekhaConnectionError('refused'), URL, false).actions).toEqual(['Open Settings']);
  });
});

describe('Notifier', () => {
  function notifier(redactor = new Redactor()): { notifier: Notifier; kinds: string[] } {
    const kinds: string[] = [];
    return { notifier: new Notifier(new Log(redactor), () => URL, (kind) => kinds.push(kind)), kinds };
  }

  it('shows a kind of failure once while it is on screen', async () => {
    const { notifier: n, kinds } = notifier();
    let close: (value: undefined) => void = () => undefined;
    mock.answer('error', () => new Promise((resolve) => (close = resolve)));
    const first = n.error(new SekhaConnectionError('refused'), 'first');
    await n.error(new SekhaConnectionError('refused again'), 'second');
    expect(mock.shown).toHaveLength(1);
    expect(kinds).toEqual(['offline', 'offline']);
    close(undefined);
    await first;
    await n.error(new SekhaConnectionError('later'), 'third');
    expect(mock.shown).toHaveLength(2);
  });

  it('runs the chosen action: Retry, Set API Key, Open Settings', async () => {
    const { notifier: n } = notifier();
    let retried = 0;
    mock.answer('error', 'Retry');
    await n.error(new SekhaConnectionError('refused'), 'x', () => Promise.resolve(++retried));
    mock.answer('error', 'Set API Key');
    await n.error(new SekhaAuthError('no', { status: 401 } as never), 'x');
    mock.answer('error', 'Open Settings');
    await n.error(new SekhaAuthError('no', { status: 401 } as never), 'x');
    expect(retried).toBe(1);
    expect(mock.executed.map((e) => e.command)).toEqual(['sekha.setApiKey', 'workbench.action.openSettings']);
  });

  it('never rejects, even when the retry fails', async () => {
    const { notifier: n } = notifier();
    mock.answer('error', 'Retry');
    await expect(n.error(new SekhaConnectionError('refused'), 'x', () => Promise.reject(new Error('still down')))).resolves.toBeUndefined();
    expect(mock.logs.at(-1)).toContain('still down');
  });

  it('masks the API key in notifications and log lines', async () => {
    const redactor = new Redactor();
    redactor.set(['sk-secret-value-1234']);
    const { notifier: n } = notifier(redactor);
    await n.error(new Error('header was Bearer sk-secret-value-1234'), 'echo');
    expect(JSON.stringify([mock.shown, mock.logs])).not.toContain('sk-secret-value-1234');
    expect(mock.shown[0]?.message).toContain('Bearer ••••');
  });
});
