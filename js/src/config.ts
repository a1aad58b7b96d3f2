/** Client configuration: checked once, and never holding the API key where it could be printed. */

import { SekhaConfigError } from './errors.js';
import { DEFAULT_RETRY_SETTINGS, type RetrySettings } from './retry.js';

export const DEFAULT_BASE_URL = 'http://localhost:8080';
export const DEFAULT_LABEL = 'Unlabeled';
export const DEFAULT_FOLDER = '/';

/** How to reach a controller and how patiently. Times are in milliseconds. */
export interface MemoryConfig {
  /** The controller's URL; falls back to `SEKHA_BASE_URL`, then `http://localhost:8080`. */
  baseURL?: string;
  /** The API key sent as a bearer token; falls back to `SEKHA_API_KEY`. Required. */
  apiKey?: string;
  /** Label for conversations created without one (default `Unlabeled`). */
  defaultLabel?: string;
  /** Folder for conversations created without one (default `/`). */
  defaultFolder?: string;
  /** Milliseconds one attempt may take, the response body included (default 30000). */
  timeout?: number;
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Requests per minute for this client (default 1000); null turns the limiter off. */
  rateLimit?: number | null;
  /** Upper bound of the first backoff, doubled per retry up to `retryBackoffMax` (default 500). */
  retryBackoff?: number;
  retryBackoffMax?: number;
  /** Total milliseconds one call may spend waiting between attempts (default 60000). */
  retryMaxWait?: number;
  /** The `fetch` to send requests with (default: the global one). */
  fetch?: typeof fetch;
  /**
   * Counts cl100k_base tokens for context budgets (for example `countTokens` from
   * `gpt-tokenizer/encoding/cl100k_base`). Without one, a UTF-8 byte counts as a token: an
   * upper bound, so contexts still fit their budget but use less of it (see `tokens.ts`).
   */
  tokenCounter?: (text: string) => number;
}

/** A configuration with every value checked and defaulted, the key kept apart. */
export interface ResolvedConfig {
  readonly baseURL: string;
  readonly defaultLabel: string;
  readonly defaultFolder: string;
  readonly timeout: number;
  readonly rateLimit: number | null;
  readonly retry: RetrySettings;
}

function environment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.[name];
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SekhaConfigError(`${name} must be a positive number of milliseconds, got ${JSON.stringify(value)}`);
  }
  return value;
}

function labelText(name: string, value: unknown, fallback: string): string {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'string') {
    throw new SekhaConfigError(`${name} must be a string`);
  }
  return value;
}

/** The API key, checked as visible ASCII so it can only ever travel in the Authorization header. */
export function resolveApiKey(config: MemoryConfig): string {
  const key = (config.apiKey ?? environment('SEKHA_API_KEY') ?? '').trim();
  if (!key) {
    throw new SekhaConfigError('apiKey is required: pass it or set SEKHA_API_KEY');
  }
  const characters = Array.from(key); // by code point, as a person counts them
  const bad = characters.findIndex((ch) => !/^[\x21-\x7e]$/.test(ch));
  if (bad >= 0) {
    // the message says where, never what: the key is a secret even when it is wrong
    const kind = /^\s$/u.test(characters[bad] ?? '') ? 'whitespace' : 'a character that is not visible ASCII';
    throw new SekhaConfigError(
      `apiKey must be visible ASCII (letters, digits, punctuation, no spaces); character ${bad + 1} of ` +
        `${characters.length} is ${kind}`,
    );
  }
  return key;
}

export function resolveConfig(config: MemoryConfig): ResolvedConfig {
  if (typeof (config as unknown) !== 'object' || (config as unknown) === null) {
    throw new SekhaConfigError('the configuration must be an object');
  }
  const baseURL = (config.baseURL ?? environment('SEKHA_BASE_URL') ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(baseURL);
  } catch {
    throw new SekhaConfigError(`baseURL must be an http:// or https:// URL, got ${JSON.stringify(baseURL)}`);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || !parsed.hostname) {
    throw new SekhaConfigError(`baseURL must be an http:// or https:// URL, got ${JSON.stringify(baseURL)}`);
  }
  if (config.tokenCounter !== undefined && typeof config.tokenCounter !== 'function') {
    throw new SekhaConfigError('tokenCounter must be a function from text to a number of tokens');
  }
  const maxRetries = config.maxRetries ?? DEFAULT_RETRY_SETTINGS.maxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new SekhaConfigError(`maxRetries must be a whole number >= 0, got ${String(maxRetries)}`);
  }
  const rateLimit = config.rateLimit === undefined ? 1000 : config.rateLimit;
  if (rateLimit !== null && (!Number.isInteger(rateLimit) || rateLimit < 1)) {
    throw new SekhaConfigError(
      `rateLimit must be a whole number >= 1 (requests a minute) or null, got ${String(rateLimit)}`,
    );
  }
  return {
    baseURL,
    defaultLabel: labelText('defaultLabel', config.defaultLabel, DEFAULT_LABEL),
    defaultFolder: labelText('defaultFolder', config.defaultFolder, DEFAULT_FOLDER),
    timeout: positive('timeout', config.timeout, 30_000),
    rateLimit,
    retry: {
      maxRetries,
      backoffMs: positive('retryBackoff', config.retryBackoff, DEFAULT_RETRY_SETTINGS.backoffMs),
      backoffMaxMs: positive('retryBackoffMax', config.retryBackoffMax, DEFAULT_RETRY_SETTINGS.backoffMaxMs),
      maxWaitMs: positive('retryMaxWait', config.retryMaxWait, DEFAULT_RETRY_SETTINGS.maxWaitMs),
    },
  };
}
