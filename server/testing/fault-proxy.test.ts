import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { pickFault, seededRandom, startFaultProxy, type FaultMode, type FaultProxy } from './fault-proxy';

interface Upstream {
  port: number;
  hits: string[];
  close(): Promise<void>;
}

const BIG = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => `item-${i}`) });

async function upstream(name: string): Promise<Upstream> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hits.push(`${req.method ?? ''} ${req.url ?? ''} ${Buffer.concat(chunks).toString()}`);
      res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': name });
      res.end(BIG);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(mode: FaultMode, onRestart?: () => Promise<number>): Promise<{ up: Upstream; proxy: FaultProxy }> {
  const up = await upstream('a');
  cleanups.push(() => up.close());
  const proxy = await startFaultProxy({ targetPort: up.port, seed: 1, weights: { [mode]: 1 }, ...(onRestart ? { onRestart } : {}) });
  cleanups.push(() => proxy.close());
  return { up, proxy };
}

/** What the client observed: the whole body, headers then a cut, or no answer at all. */
async function observe(url: string): Promise<'body' | 'cut' | 'no_answer'> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: '{"x":1}', headers: { 'content-type': 'application/json' } });
  } catch {
    return 'no_answer';
  }
  try {
    const text = await res.text();
    return text === BIG ? 'body' : 'cut';
  } catch {
    return 'cut';
  }
}

describe('fault proxy', () => {
  it('pass forwards the request and the whole answer', async () => {
    const { up, proxy } = await setup('pass');
    expect(await observe(`${proxy.url}/sync/push?a=1`)).toBe('body');
    expect(up.hits).toEqual(['POST /sync/push?a=1 {"x":1}']);
    expect(proxy.log).toEqual([{ n: 1, method: 'POST', path: '/sync/push', mode: 'pass', status: 200 }]);
  });

  it('drop_request closes the connection before the server sees anything', async () => {
    const { up, proxy } = await setup('drop_request');
    expect(await observe(`${proxy.url}/sync/push`)).toBe('no_answer');
    expect(up.hits).toHaveLength(0);
  });

  it('drop_response lets the server handle the request, then sends nothing back', async () => {
    const { up, proxy } = await setup('drop_response');
    expect(await observe(`${proxy.url}/sync/push`)).toBe('no_answer');
    expect(up.hits).toHaveLength(1);
  });

  it('cut_response sends the headers and part of the body, then closes', async () => {
    const { up, proxy } = await setup('cut_response');
    expect(await observe(`${proxy.url}/sync/pull`)).toBe('cut');
    expect(up.hits).toHaveLength(1);
  });

  it('restart runs the hook while the request is in flight and sends later requests to the new port', async () => {
    const next = await upstream('b');
    cleanups.push(() => next.close());
    let restarts = 0;
    const { up, proxy } = await setup('restart', async () => {
      restarts++;
      await new Promise((r) => setTimeout(r, 20));
      return next.port;
    });
    expect(await observe(`${proxy.url}/sync/push`)).toBe('body'); // the old server answered before it went
    await proxy.settled();
    expect(restarts).toBe(1);
    proxy.setWeights({ pass: 1 });
    expect(await observe(`${proxy.url}/sync/pull`)).toBe('body');
    expect(up.hits).toHaveLength(1);
    expect(next.hits).toHaveLength(1);
  });

  it('the same seed gives the same faults in the same order', async () => {
    const up = await upstream('a');
    cleanups.push(() => up.close());
    const weights = { pass: 2, drop_request: 1, drop_response: 1, cut_response: 1 };
    const runs: FaultMode[][] = [];
    for (let i = 0; i < 2; i++) {
      const proxy = await startFaultProxy({ targetPort: up.port, seed: 42, weights });
      cleanups.push(() => proxy.close());
      for (let k = 0; k < 12; k++) await observe(`${proxy.url}/sync/push`);
      runs.push(proxy.log.map((e) => e.mode));
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(new Set(runs[0]).size).toBeGreaterThan(2);
  });

  it('pickFault honours the weights and seededRandom is deterministic', () => {
    expect(pickFault({}, 0.5)).toBe('pass');
    expect(pickFault({ cut_response: 1 }, 0.99)).toBe('cut_response');
    expect(pickFault({ pass: 1, drop_request: 1 }, 0.25)).toBe('pass');
    expect(pickFault({ pass: 1, drop_request: 1 }, 0.75)).toBe('drop_request');
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(xs).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
