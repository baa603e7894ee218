/**
 * The desktop app's update feed (docs/security.md §2): `GET /updates/:file` serves electron-updater's
 * `latest.yml` / `latest-linux.yml` and the installers (with their blockmaps) from the folder UPDATES_DIR.
 *
 * PUBLIC ROUTE (no sign-in): an app must be able to update before anyone signs in, and the files hold no
 * personal data. What keeps a forged update out is not this route but the app: it accepts an installer only
 * when its SHA-512 matches the feed fetched over HTTPS from the enrolled server and, on Windows, when its
 * Authenticode signature names our publisher (`verifyUpdateCodeSignature`, electron-builder.yml).
 *
 * Invariants:
 * - Only a bare file name of a safe alphabet with a known extension is looked up, and only a regular file
 *   whose real path lies directly in UPDATES_DIR is served (no `..`, no separator, no symlink out); anything
 *   else is 404 `not_found`, the same answer as a missing file.
 * - The feed files are `no-store`, so an app never sees a stale version list; installers are `no-cache`.
 * - Without UPDATES_DIR the route answers 404 for every file.
 * - `Range` requests get 206 with the part asked for, several ranges one multipart/byteranges body, and a set
 *   outside the file 416; every answer says `Accept-Ranges: bytes` (updateRanges.ts).
 */
import { createReadStream } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { ApiError, sendError } from './errors';
import { multipartRanges, parseRange } from './updateRanges';

export const UPDATE_FILE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,150}\.(yml|exe|blockmap|AppImage|deb)$/;
const updateParams = z.strictObject({ file: z.string().check(z.regex(UPDATE_FILE_RE), z.refine((s) => !s.includes('..'))) });

const CONTENT_TYPES: Record<string, string> = {
  yml: 'text/yaml; charset=utf-8',
  exe: 'application/vnd.microsoft.portable-executable',
  blockmap: 'application/octet-stream',
  AppImage: 'application/octet-stream',
  deb: 'application/vnd.debian.binary-package',
};

/** The file's path when it may be served, else null. */
export async function resolveUpdateFile(dir: string, name: string): Promise<string | null> {
  if (!updateParams.safeParse({ file: name }).success) return null;
  try {
    const root = await realpath(dir);
    const candidate = path.join(root, name);
    const info = await lstat(candidate);
    if (!info.isFile()) return null; // a symlink or a folder is never served
    const real = await realpath(candidate);
    return path.dirname(real) === root ? real : null;
  } catch {
    return null;
  }
}

export function registerUpdateRoutes(app: FastifyInstance, updatesDir: string | undefined): void {
  // PUBLIC ROUTE: no authentication (see the header comment).
  app.get('/updates/:file', async (request, reply) => {
    const params = updateParams.safeParse(request.params);
    const file = params.success && updatesDir !== undefined ? await resolveUpdateFile(updatesDir, params.data.file) : null;
    if (file === null) return sendError(reply, new ApiError('not_found', 'no such update file'));
    const extension = path.extname(file).slice(1);
    const { size } = await lstat(file);
    const type = CONTENT_TYPES[extension] ?? 'application/octet-stream';
    void reply.header('Cache-Control', extension === 'yml' ? 'no-store' : 'no-cache');
    void reply.header('Accept-Ranges', 'bytes');
    const ifRange = request.headers['if-range'];
    const range = parseRange(request.headers.range, size, typeof ifRange === 'string' ? ifRange : undefined);
    if (range.kind === 'unsatisfiable') {
      void reply.header('Content-Range', `bytes */${size}`);
      return sendError(reply, new ApiError('invalid_argument', 'no requested range lies within the file', {}, 416));
    }
    if (range.kind === 'ranges' && range.ranges.length === 1) {
      const only = range.ranges[0] ?? { start: 0, end: size - 1 };
      void reply.status(206).header('Content-Type', type).header('Content-Range', `bytes ${only.start}-${only.end}/${size}`);
      void reply.header('Content-Length', String(only.end - only.start + 1));
      return reply.send(createReadStream(file, { start: only.start, end: only.end }));
    }
    if (range.kind === 'ranges') {
      const multipart = multipartRanges(file, size, type, range.ranges);
      void reply.status(206).header('Content-Type', multipart.type).header('Content-Length', String(multipart.length));
      return reply.send(multipart.body);
    }
    void reply.header('Content-Type', type);
    void reply.header('Content-Length', String(size));
    return reply.send(createReadStream(file));
  });
}
