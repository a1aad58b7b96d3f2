/**
 * What the contract says about a request, from the table regen generates out of it: the
 * operation's `x-sekha-retry` class, and whether it takes an `Idempotency-Key`, so the retry
 * policy is never a hand-kept list.
 */

import { RETRY_CLASSES, type RetryClass } from './generated/retry-classes.gen.js';

export interface Route {
  readonly retryClass: RetryClass;
  /** It takes an `Idempotency-Key`: a server announcing `idempotency_keys` replays a repeat. */
  readonly replayable: boolean;
}

interface Candidate {
  readonly pattern: RegExp;
  readonly parameters: number;
  readonly route: Route;
}

function compile(): Map<string, Candidate[]> {
  const routes = new Map<string, Candidate[]>();
  for (const [method, template, retryClass, replayable] of RETRY_CLASSES) {
    const parts = template.split(/\{[^}]+\}/);
    const source = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
    const candidate = {
      pattern: new RegExp(`${source}$`),
      parameters: parts.length - 1,
      route: { retryClass, replayable },
    };
    routes.set(method, [...(routes.get(method) ?? []), candidate]);
  }
  for (const candidates of routes.values()) {
    candidates.sort((a, b) => a.parameters - b.parameters); // /conversations/count before /{id}
  }
  return routes;
}

let table: Map<string, Candidate[]> | undefined;

/** The contract's facts about a request; anything it does not name is treated as unsafe. */
export function routeOf(method: string, path: string): Route {
  table ??= compile();
  const verb = method.toUpperCase();
  for (const candidate of table.get(verb) ?? []) {
    if (candidate.pattern.test(path)) {
      return candidate.route; // any base-URL prefix may stand before the route
    }
  }
  const retryClass = verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS' ? 'safe' : 'unsafe';
  return { retryClass, replayable: false };
}

/** The retry class of a request (see {@link routeOf}). */
export function retryClassOf(method: string, path: string): RetryClass {
  return routeOf(method, path).retryClass;
}
