/**
 * The Content-Security-Policy of the renderer when this server serves it to a browser: the same policy as
 * electron/protocol.ts buildCsp and scripts/static-server.mjs (server/csp.test.ts keeps them equal). The app
 * talks only to its own origin here, so connect-src is 'self'. Server code never imports electron/.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');
