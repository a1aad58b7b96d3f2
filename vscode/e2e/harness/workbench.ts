/**
 * Driving the code-server workbench the way a person does: the command palette, quick picks
 * and input boxes, notifications, the Sekha tree and its context menu, editors, and webviews.
 * Every wait is for something to appear on screen, bounded.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import type { FrameLocator, Locator, Page } from 'playwright-core';

export const UI_MS = 30_000;
/** How long one right-click waits for its menu before clicking again. */
const MENU_MS = 5_000;

export class Workbench {
  constructor(
    readonly page: Page,
    readonly output: string,
  ) {}

  async open(url: string, folder: string): Promise<void> {
    await mkdir(this.output, { recursive: true });
    await this.page.goto(`${url}/?folder=${encodeURIComponent(folder)}`, { timeout: UI_MS * 2 });
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: UI_MS * 4 });
    await this.statusItem().waitFor({ timeout: UI_MS * 2 });
  }

  async screenshot(name: string): Promise<string> {
    const path = join(this.output, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  // --- the command palette and quick input -----------------------------------------------

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  private quickInputBox(): Locator {
    return this.quickInput().locator('.quick-input-box input');
  }

  /** Run a command by its palette title, as typed after F1. */
  async command(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    await this.quickInputBox().waitFor({ timeout: UI_MS });
    await this.quickInputBox().fill(`>${title}`);
    const row = this.quickInput().locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: UI_MS });
    await this.page.keyboard.press('Enter');
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput().waitFor({ state: 'hidden', timeout: UI_MS });
    }
  }

  /** The quick pick's rows, once it shows at least one. */
  async quickPickRows(): Promise<string[]> {
    const rows = this.quickInput().locator('.monaco-list-row');
    await rows.first().waitFor({ timeout: UI_MS });
    return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** Pick the quick-pick row showing `text` (filtering by typing it first). */
  async pick(text: string): Promise<void> {
    await this.quickInputBox().waitFor({ timeout: UI_MS });
    await this.quickInputBox().fill(text);
    await this.quickInput().locator('.monaco-list-row', { hasText: text }).first().waitFor({ timeout: UI_MS });
    await this.page.keyboard.press('Enter');
  }

  /** Type into the open input box (replacing what it offers) and accept. */
  async answer(text: string): Promise<void> {
    await this.quickInputBox().waitFor({ timeout: UI_MS });
    await this.quickInputBox().fill(text);
    await this.page.keyboard.press('Enter');
  }

  /** What the open input box offers before anything is typed. */
  async offered(): Promise<string> {
    await this.quickInputBox().waitFor({ timeout: UI_MS });
    return this.quickInputBox().inputValue();
  }

  /** Accept the simple file dialog (a quick input) once it offers a file name; returns the path. */
  async acceptFileDialog(title: string, fileName: RegExp): Promise<string> {
    await this.quickInput().locator('.quick-input-title', { hasText: title }).waitFor({ timeout: UI_MS });
    const deadline = Date.now() + UI_MS;
    let path = await this.quickInputBox().inputValue();
    while (!fileName.test(path)) {
      if (Date.now() > deadline) throw new Error(`the file dialog never offered ${fileName}: ${path}`);
      await this.page.waitForTimeout(50);
      path = await this.quickInputBox().inputValue();
    }
    await this.quickInput().locator('.monaco-button', { hasText: 'OK' }).first().click();
    await this.quickInput().waitFor({ state: 'hidden', timeout: UI_MS });
    return path;
  }

  // --- notifications -----------------------------------------------------------------------

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast', { hasText: text }).first();
  }

  async waitNotification(text: string | RegExp, timeout = UI_MS): Promise<Locator> {
    const toast = this.notification(text);
    await toast.waitFor({ timeout });
    return toast;
  }

  async notificationCount(text: string | RegExp): Promise<number> {
    return this.page.locator('.notification-toast', { hasText: text }).count();
  }

  async clickNotificationAction(toast: Locator, action: string): Promise<void> {
    await toast.hover();
    await toast.locator('.monaco-button', { hasText: action }).first().click();
  }

  async clearNotifications(): Promise<void> {
    await this.command('Notifications: Clear All Notifications');
    await this.page.locator('.notification-toast').first().waitFor({ state: 'hidden', timeout: UI_MS });
  }

  statusItem(): Locator {
    return this.page.locator('.statusbar-item', { hasText: 'Sekha' }).first();
  }

  async statusText(): Promise<string> {
    return (await this.statusItem().innerText()).trim();
  }

  // --- editors -----------------------------------------------------------------------------

  /** Open a workspace file in the first editor group (where the tests keep their editors). */
  async openFile(name: string): Promise<void> {
    await this.command('View: Focus First Editor Group');
    await this.command('Go to File...');
    await this.quickInputBox().fill(name);
    const row = this.quickInput().locator('.monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: UI_MS });
    await row.click();
    await this.activeTab(name).waitFor({ timeout: UI_MS });
  }

  activeTab(name: string): Locator {
    return this.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name });
  }

  private activeEditor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The visible lines of the active editor, as text. */
  async editorText(): Promise<string> {
    const text = await this.activeEditor().locator('.view-lines').innerText();
    return text.replace(/\u00a0/g, ' ');
  }

  async waitEditorText(pattern: RegExp, timeout = UI_MS): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await this.editorText();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`the editor never showed ${pattern}; it shows:\n${text}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Put `text` at the end of the active editor in one edit, as a paste would. */
  async insertAtEnd(text: string): Promise<void> {
    await this.activeEditor().locator('.view-lines').click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.insertText(text);
  }

  async saveFile(): Promise<void> {
    await this.command('File: Save');
  }

  // --- the Sekha view ----------------------------------------------------------------------

  async showSekhaView(): Promise<Locator> {
    const view = this.sekhaView();
    if (!(await view.isVisible())) {
      await this.page.locator('.activitybar .action-item a[aria-label^="Sekha"]').first().click();
    }
    await view.waitFor({ timeout: UI_MS });
    return view;
  }

  sekhaView(): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Conversations' }) });
  }

  treeRow(text: string | RegExp): Locator {
    return this.sekhaView().locator('.monaco-list-row', { hasText: text }).first();
  }

  async expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: UI_MS });
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
    }
  }

  /**
   * Right-click `row` until `shown` (something in its menu) appears. A tree still re-rendering
   * (after a refresh, or a change it reloads for) can take the click on a row it is replacing,
   * and then no menu opens; so each click waits a little, and the whole is bounded by UI_MS.
   */
  private async openMenu(row: Locator, shown: Locator): Promise<void> {
    const deadline = Date.now() + UI_MS;
    const left = (): number => Math.max(deadline - Date.now(), 1);
    for (;;) {
      await row.click({ button: 'right', timeout: left() });
      try {
        await shown.waitFor({ timeout: Math.min(MENU_MS, left()) });
        return;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
      }
    }
  }

  /** Right-click a row and choose a menu item (menu items answer mouse down/up, not click()). */
  async contextMenu(row: Locator, item: string): Promise<void> {
    const entry = this.page.locator('.monaco-menu .action-item', { hasText: item }).first();
    await this.openMenu(row, entry);
    const box = await entry.boundingBox();
    if (box === null) throw new Error(`the menu item ${item} has no box`);
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    await this.page.locator('.monaco-menu .action-item.focused', { hasText: item }).waitFor({ timeout: UI_MS });
    await this.page.mouse.down();
    await this.page.mouse.up();
    await entry.waitFor({ state: 'hidden', timeout: UI_MS });
  }

  async contextMenuItems(row: Locator): Promise<string[]> {
    const items = this.page.locator('.monaco-menu .action-item .action-label');
    await this.openMenu(row, items.first());
    const labels = (await items.allInnerTexts()).map((t) => t.trim()).filter((t) => t !== '');
    await this.page.keyboard.press('Escape');
    return labels;
  }

  // --- webviews ----------------------------------------------------------------------------

  /** The content of the (only) visible webview: an iframe holding an iframe. */
  webview(): FrameLocator {
    return this.page.locator('iframe.webview.ready').first().contentFrame().frameLocator('#active-frame');
  }
}
