// Types for scripts/static-server.mjs, so TypeScript tests (e2e, unit) can import it.
export interface StaticServerOptions {
  /** The built renderer, e.g. dist/renderer. */
  root: string;
  /** Default 5174; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Extra connect-src origins (bare https origins, or http on loopback). */
  connectSrc?: readonly string[];
  /** Fail instead of falling back to a free port when `port` is taken. */
  strictPort?: boolean;
}

export interface StaticServer {
  /** e.g. http://127.0.0.1:5174/ */
  url: string;
  port: number;
  close(): Promise<void>;
}

export function buildCsp(connectSrc?: readonly string[]): string;
export function startStaticServer(options: StaticServerOptions): Promise<StaticServer>;
