/** Messages between the search view's page and the extension. */

import type { Hit } from '../memory';

export type Mode = 'semantic' | 'fulltext';

export interface DetailsMessage {
  readonly id: string;
  readonly role: string;
  readonly content: string;
  readonly timestamp: string;
}

export interface Details {
  readonly conversationId: string;
  readonly label: string;
  readonly folder: string;
  readonly status: string;
  readonly createdAt: string;
  readonly focus: string;
  readonly messages: readonly DetailsMessage[];
}

export type ToPage =
  | { readonly type: 'searching'; readonly query: string; readonly mode: Mode }
  | { readonly type: 'results'; readonly query: string; readonly mode: Mode; readonly hits: readonly Hit[] }
  | { readonly type: 'details'; readonly details: Details }
  | { readonly type: 'inserted'; readonly where: string }
  | { readonly type: 'failed'; readonly message: string };

export type FromPage =
  | { readonly type: 'search'; readonly query: string; readonly mode: Mode }
  | { readonly type: 'details'; readonly conversationId: string; readonly messageId: string }
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'open'; readonly conversationId: string };

export type { Hit };
