/**
 * Every conversation exactly once, whatever changes while the list is read: the Python SDK's
 * `sekha/_async/iteration.py` and `sekha/_listing.py`.
 *
 * Against a server announcing `list_cursor` (the local controller) the list is paged in creation
 * order by cursor. Without one (the real controller pages by offset over the last update, so any
 * change shifts the pages), the list is read again until one whole pass saw no change.
 */

import { SekhaUnsupportedError } from './errors.js';
import type { ConversationSummary, Page } from './models.js';
import { text } from './validate.js';

/** Passes over a list without a cursor before giving up on it ever holding still. */
export const MAX_PASSES = 10;

/** The list route's filters: exact label, exact folder, pinned, archived. */
export interface ListFilters {
  label?: string;
  folder?: string;
  pinned?: boolean;
  archived?: boolean;
}

/** The filters, checked, with only the ones given. */
export function checkedFilters(filters: ListFilters): ListFilters {
  const out: ListFilters = {};
  if (filters.label !== undefined) out.label = text('label', filters.label, true);
  if (filters.folder !== undefined) out.folder = text('folder', filters.folder, true);
  if (filters.pinned !== undefined) out.pinned = filters.pinned;
  if (filters.archived !== undefined) out.archived = filters.archived;
  return out;
}

/** The server's rule, applied to a row (pinned means importance 10 or more, and active). */
export function matches(filters: ListFilters, row: ConversationSummary): boolean {
  return (
    (filters.label === undefined || row.label === filters.label) &&
    (filters.folder === undefined || row.folder === filters.folder) &&
    (filters.pinned === undefined || (row.pinned && !row.archived) === filters.pinned) &&
    (filters.archived === undefined || row.archived === filters.archived)
  );
}

/** One page of the list, by number or by cursor. */
export type ListPage = (
  where: ListFilters & { page?: number; cursor?: string; pageSize: number },
) => Promise<Page<ConversationSummary>>;

/** Pages in creation order, keyed on an immutable order (extension `list_cursor`). */
export async function* byCursor(
  list: ListPage,
  pageSize: number,
  filters: ListFilters,
): AsyncGenerator<ConversationSummary> {
  let cursor = '';
  for (;;) {
    const page = await list({ ...filters, cursor, pageSize });
    yield* page.items;
    if (!page.next_cursor) {
      return;
    }
    cursor = page.next_cursor;
  }
}

/**
 * How the list looked from its first page: its size and the most recently updated row. Against
 * an offset-paged list ordered by last update, a change that can hide a conversation from a pass
 * (an update moves a row to the front; a delete shifts the rest forward) also changes this mark,
 * so a pass whose mark is the same at its end missed nothing.
 */
function markOf(page: Page<ConversationSummary>): string {
  const top = page.items[0];
  return JSON.stringify([page.total, top === undefined ? null : [top.id, top.updated_at.getTime()]]);
}

/**
 * Offset pages over the last update, read again until one whole pass saw no change. Each
 * conversation is yielded the first time it is seen, so one that exists throughout comes exactly
 * once; one created or deleted meanwhile may or may not.
 */
export async function* byRescans(
  list: ListPage,
  pageSize: number,
  filters: ListFilters,
): AsyncGenerator<ConversationSummary> {
  const seen = new Set<string>();
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let start: Page<ConversationSummary> | undefined;
    let shifted = false;
    for (let number = 1; ; number++) {
      const page = await list({ ...filters, page: number, pageSize });
      start ??= page;
      shifted ||= page.total !== start.total;
      for (const row of page.items) {
        if (!seen.has(row.id)) {
          seen.add(row.id);
          yield row;
        }
      }
      if (page.items.length === 0 || !page.has_next) {
        break;
      }
    }
    const end = await list({ ...filters, page: 1, pageSize: 1 });
    if (!shifted && markOf(end) === markOf(start)) {
      return;
    }
  }
  throw new SekhaUnsupportedError(
    `the conversation list kept changing through ${MAX_PASSES} passes, and this controller has no stable ` +
      'cursor (list_cursor) to page by; iterate again when fewer writes are under way',
  );
}
