/**
 * A fault-injecting HTTP proxy for sync tests: clients talk to it on 127.0.0.1, it forwards to the server
 * and, per request, applies one fault chosen by a seeded PRNG, so a failing seed replays the same faults
 * for the same sequence of requests.
 *
 * Fault modes (what the client sees):
 * - `pass`: the server's answer, unchanged.
 * - `drop_request`: the connection closes before anything reached the server (nothing committed).
 * - `drop_response`: the server handled the request and answered (a push committed), then the connection
 *   closes without a byte of the answer.
 * - `cut_response`: the status line, headers and part of the body arrive, then the connection closes.
 * - `restart`: the request is forwarded and, while the server handles it, `onRestart` restarts the server
 *   (the test closes it and opens a new one on the same data). The answer arrives if the old server
 *   finished it before going away; otherwise the connection closes.
 *
 * Invariants:
 * - Requests are held while a restart is in progress and then go to the new target, so only requests in
 *   flight at the restart are affected by it.
 * - Bodies are buffered whole in both directions (sync bodies are small); the answer is re-sent with its own
 *   Content-Length, so a cut body is always detectable by the client.
 * - Each request gets its fault from one PRNG draw taken in arrival order; `log` records every decision.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_MODES = ['pass', 'drop_request', 'drop_response', 'cut_response', 'restart'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export type FaultWeights = Partial<Record<FaultMode, number>>;

export interface FaultEvent {
  n: number;
  method: string;
  path: string;
  mode: FaultMode;
  /** Upstream status when the server answered (also for dropped/cut answers). */
  status?: number;
}

export interface FaultProxyOptions {
  /** Port of the server on 127.0.0.1. */
  targetPort: number;
  seed: number;
  /** Relative weights of the modes; modes left out never happen. Default: pass only. */
  weights?: FaultWeights;
  /** Which requests may be faulted (others always pass). Default: every request. */
  applies?: (method: string, path: string) => boolean;
  /** Which requests a `restart` may hit (others pass instead). Default: every request. */
  restartWhen?: (method: string, path: string) => boolean;
  /** Restarts the server and returns its new port; without it `restart` behaves as `pass`. */
  onRestart?: () => Promise<number>;
  /** Called with an error from the restart hook (default: rethrown on the next `close`). */
  onRestartError?: (err: unknown) => void;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  readonly log: readonly FaultEvent[];
  setWeights(weights: FaultWeights): void;
  /** The next request that `when` accepts (default: the next request) gets `mode`, whatever the draw. */
  forceNext(mode: FaultMode, when?: (method: string, path: string) => boolean): void;
  /** Points the proxy at a new server port (after a restart the test made itself). */
  setTarget(port: number): void;
  /** Resolves when no restart is in progress. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

/** mulberry32: a small, fast, seeded PRNG with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pickFault(weights: FaultWeights, r: number): FaultMode {
  const entries = FAULT_MODES.map((m) => [m, Math.max(0, weights[m] ?? 0)] as const).filter(([, w]) => w > 0);
  const total = entries.reduce((s, [, w]) => s + w, 0);
  if (total === 0) return 'pass';
  let x = r * total;
  for (const [m, w] of entries) {
    if (x < w) return m;
    x -= w;
  }
  return entries[entries.length - 1]?.[0] ?? 'pass';
}

function readBody(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) => chunks.push(typeof c === 'string' ? Buffer.from(c) : c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

interface Upstream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);

function forward(port: number, req: http.IncomingMessage, body: Buffer, onSent: () => void): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP_BY_HOP.has(k) && k !== 'host') headers[k] = v;
    headers.host = `127.0.0.1:${port}`;
    headers['content-length'] = body.length;
    const up = http.request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
    });
    up.on('error', reject);
    up.end(body, onSent);
  });
}

function replyHeaders(up: Upstream): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  out['content-length'] = up.body.length;
  return out;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  let weights: FaultWeights = { ...(options.weights ?? {}) };
  let targetPort = options.targetPort;
  let restarting: Promise<void> | null = null;
  let restartError: unknown = null;
  const log: FaultEvent[] = [];
  const sockets = new Set<Socket>();
  let n = 0;
  const forced: { mode: FaultMode; when: ((method: string, path: string) => boolean) | undefined }[] = [];

  const restart = (): void => {
    if (restarting || !options.onRestart) return;
    const hook = options.onRestart;
    restarting = hook().then(
      (port) => {
        targetPort = port;
        restarting = null;
      },
      (err: unknown) => {
        restarting = null;
        if (options.onRestartError) options.onRestartError(err);
        else restartError = err;
      },
    );
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    // One draw per request, always, so the sequence of decisions depends only on the seed and the order.
    const r = random();
    let mode: FaultMode = options.applies && !options.applies(method, path) ? 'pass' : pickFault(weights, r);
    const f = forced.findIndex((x) => x.when === undefined || x.when(method, path));
    if (f >= 0) {
      mode = forced[f]?.mode ?? mode;
      forced.splice(f, 1);
    }
    if (mode === 'restart' && (!options.onRestart || (options.restartWhen && !options.restartWhen(method, path)))) mode = 'pass';
    const event: FaultEvent = { n: ++n, method, path, mode };
    log.push(event);
    while (restarting) await restarting;

    if (mode === 'drop_request') {
      req.socket.destroy();
      return;
    }
    let up: Upstream;
    try {
      up = await forward(targetPort, req, body, () => {
        if (mode === 'restart') restart();
      });
    } catch {
      // The server went away (restart) or refused: the client sees a dropped connection.
      req.socket.destroy();
      return;
    }
    event.status = up.status;
    switch (mode) {
      case 'pass':
      case 'restart':
        res.writeHead(up.status, replyHeaders(up));
        res.end(up.body);
        return;
      case 'drop_response':
        req.socket.destroy();
        return;
      case 'cut_response': {
        res.writeHead(up.status, replyHeaders(up));
        const part = up.body.subarray(0, Math.floor(up.body.length / 2));
        // flushHeaders + the part, then the socket goes: the client has headers but not the whole body.
        res.flushHeaders();
        if (part.length > 0) res.write(part, () => req.socket.destroy());
        else setImmediate(() => req.socket.destroy());
        return;
      }
      default: {
        const never: never = mode;
        throw new Error(`unexpected fault mode ${String(never)}`);
      }
    }
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    setWeights(w) {
      weights = { ...w };
    },
    forceNext(mode, when) {
      forced.push({ mode, when });
    },
    setTarget(p) {
      targetPort = p;
    },
    async settled() {
      while (restarting) await restarting;
      if (restartError !== null) {
        const err = restartError;
        restartError = null;
        throw err;
      }
    },
    async close() {
      while (restarting) await restarting;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      if (restartError !== null) throw restartError instanceof Error ? restartError : new Error(String(restartError));
    },
  };
}
