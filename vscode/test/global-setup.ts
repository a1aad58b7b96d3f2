/** One live `sekha serve` for the whole unit suite; each test file uses labels of its own. */

import type { TestProject } from 'vitest/node';

import { startController, type LiveController } from './support/sekha-serve';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const controller: LiveController = await startController({ embedder: 'minilm' });
  project.provide('controller', { baseUrl: controller.baseUrl, apiKey: controller.apiKey });
  return () => controller.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    controller: { baseUrl: string; apiKey: string };
  }
}
