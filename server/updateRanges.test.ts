// Byte ranges of the update feed over real HTTP (docs/security.md §2): one range is 206 with its bytes,
// several are one multipart/byteranges body that electron-updater's own part splitter reads back in order,
// a set outside the file is 416, and what cannot be parsed, overlaps or asks too much gets the whole file.
import { createRequire } from 'node:module';
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from './app';
import { defaultConfig } from './config';
import type { Db } from './db/db';
import { TEST_JWT_SECRET } from './testing/harness';
import { openMigratedPglite } from './testing/backends';
import { MAX_RANGES } from './updateRanges';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(port: number, file: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: `/updates/${file}`, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** electron-updater's splitter of multipart/byteranges answers, as its differential download uses it. */
type SplitterClass = new (
  out: Writable,
  options: { tasks: { kind: number; start: number; end: number }[]; start: number; end: number; oldFileFd: number },
  partIndexToTaskIndex: Map<number, number>,
  boundary: string,
  partIndexToLength: number[],
  finishHandler: () => void,
  grandTotalBytes: number,
  onProgress: undefined,
) => Writable;
const require = createRequire(import.meta.url);
const { DataSplitter } = require('electron-updater/out/differentialDownloader/DataSplitter') as { DataSplitter: SplitterClass };
const DOWNLOAD = (require('electron-updater/out/differentialDownloader/downloadPlanBuilder') as { OperationKind: { DOWNLOAD: number } }).OperationKind.DOWNLOAD;

/** What electron-updater's splitter writes out of a multipart answer to `ranges` ([start, end) each). */
function splitLikeElectronUpdater(answer: Answer, ranges: [number, number][]): Promise<Buffer> {
  const boundary = /boundary=(\S+)$/.exec(String(answer.headers['content-type']))?.[1] ?? '';
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const tasks = ranges.map(([start, end]) => ({ kind: DOWNLOAD, start, end }));
  return new Promise((resolve, reject) => {
    const splitter = new DataSplitter(
      out,
      { tasks, start: 0, end: tasks.length, oldFileFd: -1 },
      new Map(tasks.map((_, i) => [i, i])),
      boundary,
      ranges.map(([s, e]) => e - s),
      () => resolve(Buffer.concat(chunks)),
      ranges.reduce((n, [s, e]) => n + e - s, 0),
      undefined,
    );
    splitter.on('error', reject);
    splitter.end(answer.body);
  });
}

describe('GET /updates/:file with Range', () => {
  let work = '';
  let db: Db;
  let app: FastifyInstance;
  let port = 0;
  const name = 'CareRounds-Setup-0.2.0.exe';
  const installer = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7) % 251));
  const size = installer.length;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'carerounds-ranges-'));
    await writeFile(path.join(work, name), installer);
    db = await openMigratedPglite();
    app = await buildServer({ db, config: defaultConfig({ jwtSecret: TEST_JWT_SECRET, updatesDir: work }) });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address !== null ? address.port : 0;
  }, 120_000);

  afterAll(async () => {
    await app.close();
    await db.close();
    await rm(work, { recursive: true, force: true });
  });

  it('says it takes ranges on a whole answer', async () => {
    const res = await get(port, name);
    expect(res.status).toBe(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.body.equals(installer)).toBe(true);
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=69990-', 69_990, size - 1],
    ['bytes=-25', size - 25, size - 1],
    ['bytes=0-0', 0, 0],
    ['bytes=69000-999999', 69_000, size - 1],
    ['bytes=-999999', 0, size - 1],
  ])('answers %s with 206 and exactly those bytes', async (range, start, end) => {
    const res = await get(port, name, { range });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${size}`);
    expect(res.headers['content-length']).toBe(String(end - start + 1));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.equals(installer.subarray(start, end + 1))).toBe(true);
  });

  it.each(['bytes=70000-', 'bytes=80000-80010', 'bytes=-0', 'bytes=70000-70001, 90000-'])('answers %s, outside the file, with 416 and its size', async (range) => {
    const res = await get(port, name, { range });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${size}`);
    expect((JSON.parse(res.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('invalid_argument');
  });

  it.each([
    ['another unit', 'items=0-10'],
    ['an end before the start', 'bytes=10-5'],
    ['a start that is no number', 'bytes=x-'],
    ['no positions', 'bytes=-'],
    ['overlapping ranges', 'bytes=0-10,5-20'],
    ['more ranges than MAX_RANGES', `bytes=${Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 10}-${i * 10 + 1}`).join(',')}`],
  ])('serves the whole file for %s', async (_label, range) => {
    const res = await get(port, name, { range });
    expect(res.status).toBe(200);
    expect(res.body.equals(installer)).toBe(true);
  });

  it('serves the whole file when If-Range is sent (there is no validator to match it)', async () => {
    const res = await get(port, name, { range: 'bytes=0-9', 'if-range': '"x"' });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(size);
  });

  it('answers several ranges as multipart/byteranges that electron-updater splits back, in the order asked', async () => {
    // As electron-updater's differential download asks: inclusive ends, ", " between ranges.
    const ranges: [number, number][] = [[60_000, 60_100], [5, 4000], [4000, 4001], [69_900, 70_000]];
    const res = await get(port, name, { range: `bytes=${ranges.map(([s, e]) => `${s}-${e - 1}`).join(', ')}` });
    expect(res.status).toBe(206);
    expect(res.headers['content-type']).toMatch(/^multipart\/byteranges; boundary=\S+$/);
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.body.toString('latin1')).toContain(`Content-Range: bytes 60000-60099/${size}`);
    const joined = await splitLikeElectronUpdater(res, ranges);
    expect(joined.equals(Buffer.concat(ranges.map(([s, e]) => installer.subarray(s, e))))).toBe(true);
  });

  it('answers HEAD with a range without a body', async () => {
    const res = await get(port, name, { range: 'bytes=0-9' }, 'HEAD');
    expect(res.status).toBe(206);
    expect(res.body.length).toBe(0);
  });
});
