/**
 * `@sekha/sdk/api`: the functions and types generated from the contract, one function per
 * operation. Call them with `{ client: memory.api }` to get the SDK's retries, timeouts, rate
 * limit and error mapping.
 */

export * from './generated/index.js';
export type { Client } from './generated/client/index.js';
