// Types for scripts/build-electron.mjs, so TypeScript tests can build the bundles before launching Electron.
export function buildElectron(): Promise<{ main: string; preload: string }>;
