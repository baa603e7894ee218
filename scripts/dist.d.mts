// Types for scripts/dist.mjs, so the unit test can check how it finds the Electron binary.
export function electronDist(root?: string): { dist: string } | { reason: string };
