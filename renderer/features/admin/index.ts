/**
 * What other features use of the admin feature (import only from here): nothing so far. The app shell
 * loads AdminPage on demand (renderer/app/pages.ts), so it is deliberately not re-exported here.
 */
export {};
