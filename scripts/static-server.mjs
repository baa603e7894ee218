/**
 * A tiny static server for the built renderer when no Electron binary is available (`npm start` fallback, the
 * e2e suite). It mirrors the carerounds:// handler in electron/protocol.ts:
 * - only files whose real path lies inside `root` are served; encoded separators or dots, backslashes, NUL,
 *   `:` and dot segments are 404 before the disk is touched, and symlinks pointing out are 404;
 * - every response carries the same CSP (built by the same rules as buildCsp) and `nosniff`;
 * - only GET and HEAD, and only for the Host names it listens on (no DNS rebinding onto the dev server).
 */
import { createServer } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Same policy as electron/protocol.ts buildCsp; test/unit/static-server.test.ts keeps the two equal. */
export function buildCsp(connectSrc = []) {
  for (const origin of connectSrc) {
    let parsed;
    try {
      parsed = new URL(origin);
    } catch {
      throw new Error(`connect-src entry is not a URL: ${origin}`);
    }
    const ok = parsed.protocol === 'https:' || (parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname));
    if (!ok || parsed.origin !== origin) throw new Error(`connect-src entry must be a bare https origin: ${origin}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

function isInside(parent, child) {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** URL path → path segments, or null when it could escape the root or be reinterpreted. */
function safeSegments(pathname) {
  if (!pathname.startsWith('/')) return null;
  if (/%(2f|5c|00|2e)/i.test(pathname)) return null;
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (/[\\\0:]/.test(decoded)) return null;
  const segments = decoded.split('/').slice(1);
  if (segments.some((s) => s === '.' || s === '..')) return null;
  const last = segments.length - 1;
  if (segments.some((s, i) => s === '' && i !== last)) return null;
  if (segments[last] === '') segments[last] = 'index.html';
  return segments;
}

async function resolveFile(realRoot, rawUrl) {
  // Raw request target: "/path?query". Anything else (absolute-form, "*") is refused.
  if (typeof rawUrl !== 'string' || !rawUrl.startsWith('/') || rawUrl.startsWith('//')) return null;
  const pathname = rawUrl.split(/[?#]/, 1)[0];
  const segments = safeSegments(pathname);
  if (segments === null) return null;
  const candidate = path.join(realRoot, ...segments);
  if (!isInside(realRoot, candidate)) return null;
  let real;
  try {
    real = await realpath(candidate);
  } catch {
    return null;
  }
  if (!isInside(realRoot, real)) return null;
  try {
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

/**
 * Serves `root` on http://host:port. If `port` is taken and `strictPort` is not set, a free port is used.
 * Resolves to { url, port, close() }.
 */
export async function startStaticServer({ root, port = 5174, host = '127.0.0.1', connectSrc = [], strictPort = false }) {
  const realRoot = await realpath(path.resolve(root));
  const csp = buildCsp(connectSrc);
  let allowedHosts = new Set();

  const server = createServer(async (req, res) => {
    const send = (status, body, contentType = 'text/plain; charset=utf-8') => {
      res.writeHead(status, {
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-cache',
        'Content-Type': contentType,
        'Content-Length': body === null ? 0 : body.byteLength,
      });
      res.end(req.method === 'HEAD' || body === null ? undefined : body);
    };
    try {
      if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) return send(421, Buffer.from('misdirected request'));
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, Buffer.from('method not allowed'));
      const file = await resolveFile(realRoot, req.url);
      if (file === null) return send(404, Buffer.from('not found'));
      const body = await readFile(file);
      return send(200, body, CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      if (!res.headersSent) send(500, Buffer.from('internal error'));
      else res.destroy();
    }
  });

  try {
    await listen(server, port, host);
  } catch (error) {
    if (strictPort || error?.code !== 'EADDRINUSE') throw error;
    await listen(server, 0, host);
  }
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${urlHost}:${actualPort}`, `localhost:${actualPort}`, `127.0.0.1:${actualPort}`]);

  return {
    url: `http://${urlHost}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections?.();
      }),
  };
}
