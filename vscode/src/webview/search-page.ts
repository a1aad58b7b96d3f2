/**
 * The search view's page (runs inside the webview): a query box, semantic or full-text mode,
 * results with label, date and score, and a details pane whose Insert button puts the message
 * into the editor. Built only with DOM text nodes, never innerHTML, so no result can inject markup.
 */

import type { Details, FromPage, Hit, Mode, ToPage } from './protocol';

declare function acquireVsCodeApi(): { postMessage(message: FromPage): void };

const vscode = acquireVsCodeApi();

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className !== undefined) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function byId(id: string): HTMLElement {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`#${id} is missing`);
  return node;
}

const form = byId('search') as HTMLFormElement;
const query = byId('query') as HTMLInputElement;
const status = byId('status');
const results = byId('results');
const details = byId('details');

function mode(): Mode {
  const checked = document.querySelector<HTMLInputElement>('input[name="mode"]:checked');
  return checked?.value === 'fulltext' ? 'fulltext' : 'semantic';
}

function when(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function showResults(hits: readonly Hit[], searched: string, searchedMode: Mode): void {
  results.replaceChildren();
  details.replaceChildren();
  status.textContent =
    hits.length === 0
      ? `No ${searchedMode === 'semantic' ? 'semantic' : 'full-text'} matches for "${searched}".`
      : `${hits.length} result${hits.length === 1 ? '' : 's'} for "${searched}".`;
  for (const hit of hits) {
    const item = element('li', 'result');
    item.tabIndex = 0;
    item.dataset.conversationId = hit.conversationId;
    item.dataset.messageId = hit.messageId;
    const meta = element('div', 'meta');
    meta.append(
      element('span', 'label', hit.label || '(no label)'),
      element('span', 'date', when(hit.timestamp)),
      element('span', 'score', hit.similarity === undefined ? 'full text' : `score ${hit.similarity.toFixed(2)}`),
    );
    item.append(meta, element('div', 'snippet', `${hit.role ? `${hit.role}: ` : ''}${hit.content}`));
    const open = (): void => {
      for (const other of results.querySelectorAll('.selected')) other.classList.remove('selected');
      item.classList.add('selected');
      vscode.postMessage({ type: 'details', conversationId: hit.conversationId, messageId: hit.messageId });
    };
    item.addEventListener('click', open);
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') open();
    });
    results.append(item);
  }
}

function showDetails(shown: Details): void {
  details.replaceChildren();
  const heading = element('h2', undefined, shown.label || '(no label)');
  const facts = element('div', 'facts', `${shown.folder} · ${when(shown.createdAt)} · ${shown.status} · ${shown.messages.length} messages`);
  const focused = shown.messages.find((m) => m.id === shown.focus) ?? shown.messages[0];
  const actions = element('div', 'actions');
  const insert = element('button', 'insert', 'Insert');
  insert.id = 'insert';
  insert.title = 'Insert this message at the cursor in the editor';
  insert.addEventListener('click', () => {
    if (focused !== undefined) vscode.postMessage({ type: 'insert', text: focused.content });
  });
  const open = element('button', 'secondary', 'Open conversation');
  open.addEventListener('click', () => {
    vscode.postMessage({ type: 'open', conversationId: shown.conversationId });
  });
  actions.append(insert, open);
  const list = element('ol', 'messages');
  for (const message of shown.messages) {
    const item = element('li', message.id === focused?.id ? 'message focus' : 'message');
    item.append(element('div', 'role', `${message.role} · ${when(message.timestamp)}`), element('pre', 'content', message.content));
    list.append(item);
  }
  details.append(heading, facts, actions, list);
  details.querySelector('.focus')?.scrollIntoView({ block: 'nearest' });
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = query.value.trim();
  if (text !== '') vscode.postMessage({ type: 'search', query: text, mode: mode() });
});

window.addEventListener('message', (event: MessageEvent<ToPage>) => {
  const message = event.data;
  switch (message.type) {
    case 'searching':
      status.textContent = `Searching for "${message.query}"…`;
      return;
    case 'results':
      showResults(message.hits, message.query, message.mode);
      return;
    case 'details':
      showDetails(message.details);
      return;
    case 'inserted':
      status.textContent = `Inserted into ${message.where}.`;
      return;
    case 'failed':
      status.textContent = message.message;
      return;
  }
});

query.focus();
