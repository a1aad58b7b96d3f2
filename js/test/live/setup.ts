/** Global setup of the live tests: one `sekha serve` for every test file, stopped at the end. */

import type { TestProject } from 'vitest/node';

import { SekhaServer } from './server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sekha: { baseURL: string; apiKey: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await new SekhaServer().start();
  project.provide('sekha', { baseURL: server.baseURL, apiKey: server.apiKey });
  return () => server.stop();
}
