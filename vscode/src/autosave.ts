/**
 * Auto-save: every interval, each open document that was saved to Sekha once is saved again
 * if it changed. An unchanged document (same version, or same messages) stores nothing; one
 * that grew by messages at its end has them added to its conversation where the controller can
 * append, and any other change replaces the conversation (see save.ts). One pass runs at a time; a failure is reported once
 * until a pass succeeds again.
 */

import * as vscode from 'vscode';

import type { Saver } from './commands/save';
import type { Log } from './log';
import { describe, type ErrorKind, type Notifier } from './notify';
import type { Settings } from './settings';
import type { Tracker } from './tracking';

export class AutoSaver implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running: Promise<void> | undefined;
  private readonly savedVersions = new Map<string, number>();
  private failing: ErrorKind | undefined;

  constructor(
    private readonly saver: Saver,
    private readonly tracker: Tracker,
    private readonly notifier: Notifier,
    private readonly log: Log,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** (Re)start or stop the timer for these settings. */
  configure(settings: Pick<Settings, 'autoSave' | 'autoSaveIntervalMs' | 'apiUrl'>): void {
    this.stop();
    if (!settings.autoSave) return;
    this.timer = setInterval(() => {
      void this.tick(settings.apiUrl);
    }, settings.autoSaveIntervalMs);
    this.log.info(`auto-save every ${Math.round(settings.autoSaveIntervalMs / 1000)} s`);
  }

  /** One pass over the tracked documents; a pass already running is not started twice. */
  tick(apiUrl: string): Promise<void> {
    this.running ??= this.pass(apiUrl).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(apiUrl: string): Promise<void> {
    for (const document of vscode.workspace.textDocuments) {
      const key = document.uri.toString();
      if (document.isClosed || !this.tracker.has(document.uri) || this.savedVersions.get(key) === document.version) continue;
      const version = document.version;
      try {
        await this.saver.saveTracked(document);
        this.savedVersions.set(key, version);
        this.failing = undefined;
      } catch (error) {
        const kind = describe(error, apiUrl, false).kind;
        if (kind === this.failing) {
          this.notifier.record(error, `auto-save of ${key}`);
        } else {
          this.failing = kind;
          void this.notifier.error(error, `auto-save of ${key}`);
        }
        if (kind === 'offline' || kind === 'auth' || kind === 'no-key') return; // the others would fail alike
      }
    }
  }

  private stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
