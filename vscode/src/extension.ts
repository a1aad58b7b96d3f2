/** Wires the extension together: settings and key, the controller client, views, commands, auto-save. */

import * as vscode from 'vscode';

import { ApiKeys } from './apiKeys';
import { AutoSaver } from './autosave';
import { clearApiKey, setApiKey } from './commands/apiKey';
import { insertContext } from './commands/context';
import { ConversationActions, type Target } from './commands/manage';
import { Saver } from './commands/save';
import { ConnectionStatus } from './connection';
import { ConversationDocuments, SCHEME } from './details';
import { Log, Redactor } from './log';
import { MemoryProvider } from './memory';
import { Notifier } from './notify';
import { readSettings, SECTION } from './settings';
import { Tracker } from './tracking';
import { ConversationsTree } from './tree';
import { SearchPanel } from './webview/panel';

export interface Extension {
  readonly memory: MemoryProvider;
  readonly tree: ConversationsTree;
  readonly autoSaver: AutoSaver;
  readonly connection: ConnectionStatus;
  readonly tracker: Tracker;
}

export function activate(context: vscode.ExtensionContext): Extension {
  const redactor = new Redactor();
  const log = new Log(redactor);
  const keys = new ApiKeys(context.secrets);
  const memory = new MemoryProvider(keys, redactor);
  const connection = new ConnectionStatus(memory);
  const notifier = new Notifier(log, () => readSettings().apiUrl, (kind) => {
    connection.report(kind);
    if (kind === 'not-found') changed(); // what was shown is stale
  });
  const tracker = new Tracker(context.workspaceState);
  const documents = new ConversationDocuments(memory);
  const tree = new ConversationsTree(memory, (error, what) => void notifier.error(error, what, () => refresh()));
  const changed = (): void => {
    tree.refresh();
    documents.refresh();
  };
  const refresh = async (): Promise<void> => {
    changed();
    await connection.check();
  };
  const saver = new Saver(memory, tracker, log, readSettings, changed);
  const autoSaver = new AutoSaver(saver, tracker, notifier, log);
  const actions = new ConversationActions(memory, tracker, changed);
  let lastEditor = vscode.window.activeTextEditor;
  const search = new SearchPanel(context.extensionUri, {
    memory,
    editor: () => lastEditor,
    open: (id) => actions.open(id),
    onError: (error, what) => void notifier.error(error, what),
    redact: (text) => redactor.redact(text),
  });

  /** A command that reports its failure as one notification (with Retry) instead of rejecting. */
  const command = (id: string, run: (...args: never[]) => Promise<unknown>): vscode.Disposable =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        await run(...args);
      } catch (error) {
        await notifier.error(error, id, () => vscode.commands.executeCommand(id, ...args));
      }
    });

  const reconnect = (): void => {
    memory.invalidate();
    autoSaver.configure(readSettings());
    changed();
    connection.check().catch((error: unknown) => notifier.record(error, 'connection check'));
  };

  context.subscriptions.push(
    log,
    connection,
    documents,
    tree,
    autoSaver,
    search,
    vscode.window.registerTreeDataProvider('sekha.conversations', tree),
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor !== undefined && editor.document.uri.scheme !== SCHEME) lastEditor = editor;
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) reconnect();
    }),
    keys.onDidChange(reconnect),
    command('sekha.saveConversation', () => saver.saveFromEditor(vscode.window.activeTextEditor)),
    command('sekha.searchMemory', () => Promise.resolve(search.show())),
    command('sekha.insertContext', () => insertContext(memory, readSettings(), vscode.window.activeTextEditor, log)),
    command('sekha.refresh', refresh),
    command('sekha.checkConnection', async () => {
      memory.invalidate();
      const state = await connection.check();
      void vscode.window.showInformationMessage(`Sekha: ${state} to ${readSettings().apiUrl}.`);
    }),
    command('sekha.setApiKey', () => setApiKey(keys)),
    command('sekha.clearApiKey', () => clearApiKey(keys)),
    command('sekha.openConversation', (target: Target) => actions.open(target)),
    command('sekha.pin', (target: Target) => actions.pin(target)),
    command('sekha.unpin', (target: Target) => actions.unpin(target)),
    command('sekha.archive', (target: Target) => actions.archive(target)),
    command('sekha.unarchive', (target: Target) => actions.unarchive(target)),
    command('sekha.relabel', (target: Target) => actions.relabel(target)),
    command('sekha.exportMarkdown', (target: Target) => actions.export(target, 'markdown')),
    command('sekha.exportJson', (target: Target) => actions.export(target, 'json')),
    command('sekha.delete', (target: Target) => actions.delete(target)),
  );

  autoSaver.configure(readSettings());
  connection.check().catch((error: unknown) => notifier.record(error, 'connection check'));
  log.info('Sekha activated');
  return { memory, tree, autoSaver, connection, tracker };
}
