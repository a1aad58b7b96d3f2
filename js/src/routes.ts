/**
 * Which retry class a request belongs to, from the table regen generates out of the contract's
 * `x-sekha-retry`, so the policy is never a hand-kept list.
 */

import { RETRY_CLASSES, type RetryClass } from './generated/retry-classes.gen.js';

interface Route {
  readonly pattern: RegExp;
  readonly retryClass: RetryClass;
  readonly parameters: number;
}

function compile(): Map<string, Route[]> {
  const routes = new Map<string, Route[]>();
  for (const [method, template, retryClass] of RETRY_CLASSES) {
    const parts = template.split(/\{[^}]+\}/);
    const source = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+');
    const route = { pattern: new RegExp(`${source}$`), retryClass, parameters: parts.length - 1 };
    routes.set(method, [...(routes.get(method) ?? []), route]);
  }
  for (const candidates of routes.values()) {
    candidates.sort((a, b) => a.parameters - b.parameters); // /conversations/count before /{id}
  }
  return routes;
}

let table: Map<string, Route[]> | undefined;

/** The retry class of a request; anything the contract does not name is treated as unsafe. */
export function retryClassOf(method: string, path: string): RetryClass {
  table ??= compile();
  const verb = method.toUpperCase();
  for (const route of table.get(verb) ?? []) {
    if (route.pattern.test(path)) {
      return route.retryClass; // any base-URL prefix may stand before the route
    }
  }
  return verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS' ? 'safe' : 'unsafe';
}
