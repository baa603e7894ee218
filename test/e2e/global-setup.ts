/**
 * vitest globalSetup for the e2e suites: builds the renderer once (unless E2E_SKIP_BUILD=1), serves
 * dist/renderer on 127.0.0.1 with the app's CSP, and provides its URL as `inject('baseUrl')`.
 */
import type { TestProject } from 'vitest/node';
import { buildRenderer } from './support/build';
import { startStaticServer } from '../../scripts/static-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await buildRenderer();
  const server = await startStaticServer({ root, port: 0, host: '127.0.0.1' });
  project.provide('baseUrl', server.url);
  return async () => {
    await server.close();
  };
}
