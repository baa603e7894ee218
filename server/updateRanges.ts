/**
 * Byte ranges of the update feed's files (RFC 9110 §14), for electron-updater's resumed and differential
 * downloads (docs/security.md §2).
 *
 * Invariants:
 * - Only the `bytes` unit. A header that does not parse (another unit, a spec like `5-2` or `x-`) is ignored
 *   and the whole file is served, as the RFC asks; so is a request with `If-Range` (no validator here to
 *   compare it with).
 * - A set in which no range overlaps the file is 416 (`Content-Range: bytes *\/size`); ranges past the end are
 *   cut to it, and ranges wholly past the end are dropped when others remain.
 * - Several ranges are answered as one multipart/byteranges body, parts in the order asked (electron-updater
 *   matches the parts to its requests by position). More than MAX_RANGES ranges, or overlapping ones (a way to
 *   make a small request cost many times the file), get the whole file instead: 200, which electron-updater
 *   takes as "no differential download" and then downloads the file whole.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/** electron-updater asks for at most 1000 ranges in one request. */
export const MAX_RANGES = 1000;

/** Inclusive byte positions, as in Content-Range. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeAnswer = { kind: 'whole' } | { kind: 'unsatisfiable' } | { kind: 'ranges'; ranges: ByteRange[] };

const SPEC = /^(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, size: number, ifRange?: string): RangeAnswer {
  if (header === undefined || ifRange !== undefined) return { kind: 'whole' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m?.[1]) return { kind: 'whole' };
  const specs = m[1].split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (specs.length === 0) return { kind: 'whole' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const parts = SPEC.exec(spec);
    if (!parts) return { kind: 'whole' };
    const [, first = '', last = ''] = parts;
    if (first === '' && last === '') return { kind: 'whole' };
    if (first === '') {
      const n = Number(last); // the last n bytes
      if (n > 0 && size > 0) ranges.push({ start: Math.max(0, size - n), end: size - 1 });
      continue;
    }
    const start = Number(first);
    if (last !== '' && Number(last) < start) return { kind: 'whole' };
    if (start < size) ranges.push({ start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) });
  }
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  if (ranges.length > MAX_RANGES || overlaps(ranges)) return { kind: 'whole' };
  return { kind: 'ranges', ranges };
}

function overlaps(ranges: readonly ByteRange[]): boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  return sorted.some((r, i) => i > 0 && r.start <= (sorted[i - 1]?.end ?? -1));
}

/** A multipart/byteranges body over the file: its Content-Type, length and stream. */
export function multipartRanges(file: string, size: number, contentType: string, ranges: readonly ByteRange[]): { type: string; length: number; body: Readable } {
  const boundary = `carerounds-${randomBytes(12).toString('hex')}`;
  const head = (r: ByteRange, i: number) =>
    Buffer.from(`${i === 0 ? '' : '\r\n'}--${boundary}\r\nContent-Type: ${contentType}\r\nContent-Range: bytes ${r.start}-${r.end}/${size}\r\n\r\n`);
  const heads = ranges.map(head);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const length = heads.reduce((n, h, i) => n + h.length + ((ranges[i]?.end ?? 0) - (ranges[i]?.start ?? 0) + 1), tail.length);
  async function* parts(): AsyncGenerator<Buffer> {
    for (const [i, r] of ranges.entries()) {
      yield heads[i] ?? Buffer.alloc(0);
      for await (const chunk of createReadStream(file, { start: r.start, end: r.end })) yield chunk as Buffer;
    }
    yield tail;
  }
  return { type: `multipart/byteranges; boundary=${boundary}`, length, body: Readable.from(parts()) };
}
