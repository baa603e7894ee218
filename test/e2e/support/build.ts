/**
 * Builds the renderer once with vite's JS API, from the repository's vite.config.ts, for e2e tests and
 * benchmarks. E2E_SKIP_BUILD=1 reuses an existing dist/renderer (fast local reruns).
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIST = path.join(REPO_ROOT, 'dist/renderer');

export async function buildRenderer(opts: { skip?: boolean } = {}): Promise<string> {
  const skip = opts.skip ?? process.env.E2E_SKIP_BUILD === '1';
  if (!skip) {
    // Imported lazily so a skipped build does not load vite at all.
    const { build } = await import('vite');
    await build({
      configFile: path.join(REPO_ROOT, 'vite.config.ts'),
      // vite resolves the config's relative `root` against the cwd; pin it so any cwd works.
      root: path.join(REPO_ROOT, 'renderer'),
      logLevel: 'warn',
      // Under vitest NODE_ENV is 'test', so React's development build is bundled: larger than the production
      // chunks the config's 800 KB warning is for (npm run build:renderer still checks those).
      build: { chunkSizeWarningLimit: 4000 },
    });
  }
  if (!existsSync(path.join(RENDERER_DIST, 'index.html'))) {
    throw new Error(
      `${RENDERER_DIST}/index.html is missing` + (skip ? ' (E2E_SKIP_BUILD=1 set: run `npm run build:renderer` first)' : ' after the build'),
    );
  }
  return RENDERER_DIST;
}
