/**
 * The `vscode` module for unit tests (vitest.config.mts aliases `vscode` to this file): the
 * part of the API the extension uses, in memory. Dialogs answer from queues a test fills
 * (`mock.answer`), and everything shown to the user is recorded (`mock.shown`, `mock.logs`).
 */

import { writeFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';

type Listener<T> = (event: T) => unknown;

export class Disposable {
  constructor(private readonly onDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => {
      for (const item of items) item.dispose();
    });
  }
  dispose(): void {
    this.onDispose();
  }
}

export class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>): Disposable => {
    this.listeners.add(listener);
    return new Disposable(() => this.listeners.delete(listener));
  };
  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
    readonly query: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path, '');
  }
  static from(parts: { scheme: string; path?: string; query?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '', parts.query ?? '');
  }
  static parse(text: string): Uri {
    const url = new URL(text);
    return new Uri(url.protocol.replace(/:$/, ''), decodeURIComponent(url.pathname), url.search.replace(/^\?/, ''));
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, [base.path.replace(/\/$/, ''), ...segments].join('/'), base.query);
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}:${this.path}${this.query ? `?${this.query}` : ''}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isBefore(other: Position): boolean {
    return this.line < other.line || (this.line === other.line && this.character < other.character);
  }
}

export class Range {
  constructor(
    readonly start: Position,
    readonly end: Position,
  ) {}
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

export class Selection extends Range {
  constructor(
    readonly anchor: Position,
    readonly active: Position,
  ) {
    super(anchor.isBefore(active) ? anchor : active, anchor.isBefore(active) ? active : anchor);
  }
}

export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
  Two = 2,
}

export class ThemeIcon {
  constructor(readonly id: string) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(public value = '') {}
  appendText(text: string): this {
    this.value += text;
    return this;
  }
}
export class TreeItem {
  id?: string;
  description?: string;
  tooltip?: string | MarkdownString;
  iconPath?: ThemeIcon;
  contextValue?: string;
  command?: { command: string; title: string; arguments?: unknown[] };
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}

// --- documents and editors ---------------------------------------------------------------

export class TextDocument {
  version = 1;
  isClosed = false;
  constructor(
    readonly uri: Uri,
    private text: string,
    public languageId = 'plaintext',
  ) {}
  get fileName(): string {
    return this.uri.fsPath;
  }
  get isUntitled(): boolean {
    return this.uri.scheme === 'untitled';
  }
  get lineCount(): number {
    return this.text.split('\n').length;
  }
  getText(range?: Range): string {
    if (range === undefined) return this.text;
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
  lineAt(line: number): { text: string; lineNumber: number } {
    return { text: this.text.split('\n')[line] ?? '', lineNumber: line };
  }
  offsetAt(position: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let i = 0; i < position.line; i++) offset += (lines[i]?.length ?? 0) + 1;
    return offset + position.character;
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before.at(-1)?.length ?? 0);
  }
  /** Edit the text as a user would (a new version). */
  setText(text: string): void {
    this.text = text;
    this.version++;
  }
}

export class TextEditor {
  selection: Selection;
  constructor(
    readonly document: TextDocument,
    selection?: Selection,
    readonly viewColumn = ViewColumn.One,
  ) {
    this.selection = selection ?? new Selection(new Position(0, 0), new Position(0, 0));
  }
  edit(build: (edit: { insert(at: Position, text: string): void }) => void): Promise<boolean> {
    const inserts: { at: number; text: string }[] = [];
    build({ insert: (at, text) => inserts.push({ at: this.document.offsetAt(at), text }) });
    let text = this.document.getText();
    for (const { at, text: added } of inserts.sort((a, b) => b.at - a.at)) text = text.slice(0, at) + added + text.slice(at);
    this.document.setText(text);
    return Promise.resolve(true);
  }
}

// --- what the user sees, and answers -----------------------------------------------------

type Answer = (...args: never[]) => unknown;
type Dialog = 'quickPick' | 'inputBox' | 'saveDialog' | 'information' | 'warning' | 'error';

export interface Shown {
  readonly kind: 'information' | 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly string[];
  readonly modal: boolean;
}

interface StatusItem {
  text: string;
  tooltip?: string;
  command?: string;
  name?: string;
  backgroundColor?: ThemeColor;
  show(): void;
  dispose(): void;
}

interface WebviewMock {
  html: string;
  cspSource: string;
  readonly posted: unknown[];
  asWebviewUri(uri: Uri): Uri;
  postMessage(message: unknown): Promise<boolean>;
  onDidReceiveMessage(listener: Listener<unknown>): Disposable;
  receive(message: unknown): void;
}

const answers = new Map<Dialog, Answer[]>();
const settings = new Map<string, unknown>();
const commandHandlers = new Map<string, (...args: unknown[]) => unknown>();
const contentProviders = new Map<string, { provideTextDocumentContent(uri: Uri): Promise<string> | string }>();
const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
const activeEditorChanged = new EventEmitter<TextEditor | undefined>();

export const mock = {
  shown: [] as Shown[],
  logs: [] as string[],
  executed: [] as { command: string; args: unknown[] }[],
  statusItems: [] as StatusItem[],
  panels: [] as { webview: WebviewMock; disposed: boolean }[],
  trees: new Map<string, unknown>(),
  workspaceFolder: undefined as string | undefined,
  /** Queue the answer to the next dialog of a kind: a value, or a function of the dialog's arguments. */
  answer(dialog: Dialog, answer: unknown): void {
    const fn: Answer = typeof answer === 'function' ? (answer as Answer) : () => answer;
    answers.set(dialog, [...(answers.get(dialog) ?? []), fn]);
  },
  pendingAnswers(): number {
    return [...answers.values()].reduce((n, queue) => n + queue.length, 0);
  },
  setting(key: string, value: unknown): void {
    settings.set(key, value);
    configurationChanged.fire({ affectsConfiguration: (section) => key === section || key.startsWith(`${section}.`) });
  },
  /** The document of the active editor; throws when there is none. */
  activeDocument(): TextDocument {
    const document = window.activeTextEditor?.document;
    if (document === undefined) throw new Error('no active editor');
    return document;
  },
  editor(document: TextDocument, selection?: Selection): TextEditor {
    const editor = new TextEditor(document, selection);
    openDocuments.add(document);
    editors.set(document, editor);
    window.activeTextEditor = editor;
    activeEditorChanged.fire(editor);
    return editor;
  },
  reset(): void {
    answers.clear();
    settings.clear();
    commandHandlers.clear();
    contentProviders.clear();
    openDocuments.clear();
    editors.clear();
    mock.shown = [];
    mock.logs = [];
    mock.executed = [];
    mock.statusItems = [];
    mock.panels = [];
    mock.trees.clear();
    mock.workspaceFolder = undefined;
    window.activeTextEditor = undefined;
  },
};

function nextAnswer(dialog: Dialog, ...args: unknown[]): unknown {
  const queue = answers.get(dialog) ?? [];
  const next = queue.shift();
  return next === undefined ? undefined : (next as (...a: unknown[]) => unknown)(...args);
}

function message(kind: Shown['kind']) {
  return (text: string, ...rest: unknown[]): Promise<string | undefined> => {
    const modal = typeof rest[0] === 'object' && rest[0] !== null && (rest[0] as { modal?: boolean }).modal === true;
    const actions = rest.filter((r): r is string => typeof r === 'string');
    mock.shown.push({ kind, message: text, actions, modal });
    return Promise.resolve(nextAnswer(kind, text, actions) as string | undefined);
  };
}

const openDocuments = new Set<TextDocument>();
const editors = new Map<TextDocument, TextEditor>();
let untitled = 0;

export const window = {
  activeTextEditor: undefined as TextEditor | undefined,
  onDidChangeActiveTextEditor: activeEditorChanged.event,
  showInformationMessage: message('information'),
  showWarningMessage: message('warning'),
  showErrorMessage: message('error'),
  async showQuickPick(items: unknown, options?: unknown): Promise<unknown> {
    return nextAnswer('quickPick', await items, options);
  },
  showInputBox(options?: { value?: string; validateInput?: (value: string) => unknown }): Promise<unknown> {
    return Promise.resolve(nextAnswer('inputBox', options));
  },
  showSaveDialog(options?: unknown): Promise<unknown> {
    return Promise.resolve(nextAnswer('saveDialog', options));
  },
  withProgress<T>(_options: unknown, task: (progress: { report(value: unknown): void }) => Promise<T>): Promise<T> {
    return task({ report: () => undefined });
  },
  /** Shows the document's editor, keeping its selection, or opens one at the top. */
  showTextDocument(document: TextDocument): Promise<TextEditor> {
    const existing = editors.get(document);
    if (existing === undefined) return Promise.resolve(mock.editor(document));
    window.activeTextEditor = existing;
    activeEditorChanged.fire(existing);
    return Promise.resolve(existing);
  },
  createOutputChannel(name: string) {
    const line = (level: string) => (text: string) => {
      mock.logs.push(`[${name}] ${level} ${text}`);
    };
    return { info: line('info'), warn: line('warn'), error: line('error'), show: () => undefined, dispose: () => undefined };
  },
  createStatusBarItem(): StatusItem {
    const item: StatusItem = { text: '', show: () => undefined, dispose: () => undefined };
    mock.statusItems.push(item);
    return item;
  },
  registerTreeDataProvider(id: string, provider: unknown): Disposable {
    mock.trees.set(id, provider);
    return new Disposable(() => mock.trees.delete(id));
  },
  createWebviewPanel() {
    const received = new EventEmitter<unknown>();
    const disposed = new EventEmitter<undefined>();
    const webview: WebviewMock = {
      html: '',
      cspSource: 'vscode-resource:',
      posted: [],
      asWebviewUri: (uri) => uri,
      postMessage(posted) {
        webview.posted.push(posted);
        return Promise.resolve(true);
      },
      onDidReceiveMessage: received.event,
      receive: (incoming) => {
        received.fire(incoming);
      },
    };
    const record = { webview, disposed: false };
    mock.panels.push(record);
    return {
      webview,
      iconPath: undefined as unknown,
      reveal: () => undefined,
      onDidDispose: disposed.event,
      dispose: () => {
        record.disposed = true;
        disposed.fire(undefined);
      },
    };
  },
};

export const workspace = {
  get textDocuments(): TextDocument[] {
    return [...openDocuments].filter((d) => !d.isClosed);
  },
  get workspaceFolders() {
    return mock.workspaceFolder === undefined ? undefined : [{ uri: Uri.file(mock.workspaceFolder), name: 'workspace', index: 0 }];
  },
  onDidChangeConfiguration: configurationChanged.event,
  getConfiguration(section: string) {
    return {
      get<T>(key: string, fallback?: T): T | undefined {
        const full = `${section}.${key}`;
        return settings.has(full) ? (settings.get(full) as T) : fallback;
      },
    };
  },
  registerTextDocumentContentProvider(scheme: string, provider: { provideTextDocumentContent(uri: Uri): Promise<string> | string }): Disposable {
    contentProviders.set(scheme, provider);
    return new Disposable(() => contentProviders.delete(scheme));
  },
  async openTextDocument(target: Uri | { language?: string; content?: string }): Promise<TextDocument> {
    if (target instanceof Uri) {
      const provider = contentProviders.get(target.scheme);
      if (provider === undefined) throw new Error(`no content provider for ${target.scheme}`);
      const document = new TextDocument(target, await provider.provideTextDocumentContent(target));
      openDocuments.add(document);
      return document;
    }
    untitled++;
    const document = new TextDocument(Uri.from({ scheme: 'untitled', path: `Untitled-${untitled}` }), target.content ?? '', target.language);
    openDocuments.add(document);
    return document;
  },
  asRelativePath(uri: Uri): string {
    return mock.workspaceFolder === undefined ? basename(uri.fsPath) : relative(mock.workspaceFolder, uri.fsPath);
  },
  fs: {
    async writeFile(uri: Uri, content: Uint8Array): Promise<void> {
      await writeFile(uri.fsPath, content);
    },
  },
};

export const languages = {
  setTextDocumentLanguage(document: TextDocument, languageId: string): Promise<TextDocument> {
    document.languageId = languageId;
    return Promise.resolve(document);
  },
};

export const commands = {
  registerCommand(id: string, handler: (...args: unknown[]) => unknown): Disposable {
    commandHandlers.set(id, handler);
    return new Disposable(() => commandHandlers.delete(id));
  },
  async executeCommand(id: string, ...args: unknown[]): Promise<unknown> {
    mock.executed.push({ command: id, args });
    const handler = commandHandlers.get(id);
    return handler === undefined ? undefined : await handler(...args);
  },
};
