/**
 * The "Sekha" output channel. Every line passes through `redact`, so a key that reaches a
 * message (an error echoing a header, say) is masked before anyone can read it.
 */

import * as vscode from 'vscode';

export class Redactor {
  private secrets: string[] = [];

  /** The values to mask from now on (the current API key). */
  set(values: readonly (string | undefined)[]): void {
    this.secrets = values.filter((v): v is string => v !== undefined && v.length >= 4);
  }

  redact(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('••••'), text);
  }
}

export class Log implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;

  constructor(readonly redactor: Redactor) {
    this.channel = vscode.window.createOutputChannel('Sekha', { log: true });
  }

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
