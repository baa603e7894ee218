// Types for scripts/shell-manifest.mjs, so vite.config.ts and the unit tests can import it.
export const WORKER_FILE: 'sw.js';
export const SHELL_INDEX: 'index.html';

export interface BuiltFile {
  fileName: string;
  sha256: string;
}

export interface ShellManifest {
  version: string;
  entries: { url: string; sha256: string }[];
}

export function shellManifest(files: readonly BuiltFile[], hash: (text: string) => string): ShellManifest;
