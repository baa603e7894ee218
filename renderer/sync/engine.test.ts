import { describe, expect, it } from 'vitest';
import { readEvents } from './engine';
import { ageParts } from '../features/sync/SyncStatus';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

describe('readEvents', () => {
  it('reports changed events split across chunks, ignoring pings, other events and bad data', async () => {
    const seen: number[] = [];
    const body = streamOf([': ping\n\n', 'event: chan', 'ged\ndata: {"seq":12}\n\n', 'event: other\ndata: {"seq":1}\n\n', 'event: changed\r\ndata: nonsense\r\n\r\n', 'event: changed\ndata: {"seq":13}\n\n']);
    await readEvents(body, new AbortController().signal, (s) => seen.push(s));
    expect(seen).toEqual([12, 13]);
  });
});

describe('ageParts', () => {
  it('uses minutes, then hours, then days', () => {
    expect(ageParts(59 * 60_000)).toEqual({ key: 'sync.age.minutes', n: 59 });
    expect(ageParts(3 * 3600_000)).toEqual({ key: 'sync.age.hours', n: 3 });
    expect(ageParts(5 * 86_400_000)).toEqual({ key: 'sync.age.days', n: 5 });
  });
});
