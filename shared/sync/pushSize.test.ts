import { describe, expect, it } from 'vitest';
import { mutationsThatFit, utf8Length } from './pushSize';
import { PROTOCOL_VERSION, type Mutation, type PushRequest } from './protocol';

function req(mutations: Mutation[]): PushRequest {
  return { protocol: PROTOCOL_VERSION, schemaVersion: 1, clientId: 'a1a1a1a1a1a1a1a1', mutations };
}
function m(mid: number, text: string): Mutation {
  return { mid, type: 'resident', id: `r${mid}`, op: 'patch', fields: { notes: text }, hlc: '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1', baseSeq: 0 };
}
const bytes = (v: unknown): number => new TextEncoder().encode(JSON.stringify(v)).length;

describe('utf8Length', () => {
  it('counts what TextEncoder produces, for ASCII, Thai, emoji and escaped lone surrogates', () => {
    for (const s of ['', 'abc', 'ใจดี', 'a😀b', JSON.stringify('x\ud800y'), 'é'.repeat(5)]) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe('mutationsThatFit', () => {
  it('keeps every mutation when the body fits', () => {
    const r = req([m(1, 'ใจดี'), m(2, 'สบายดี')]);
    expect(mutationsThatFit(r, bytes(r))).toBe(2);
  });

  it('cuts at the last mutation whose body still fits, counting Thai as three bytes', () => {
    const r = req([m(1, 'ก'.repeat(1000)), m(2, 'ข'.repeat(1000)), m(3, 'ค'.repeat(1000))]);
    const two = bytes(req(r.mutations.slice(0, 2)));
    expect(mutationsThatFit(r, two)).toBe(2);
    expect(mutationsThatFit(r, two - 1)).toBe(1);
    expect(mutationsThatFit(r, bytes(r) - 1)).toBe(2);
  });

  it('says 0 when the first mutation alone is too large', () => {
    const r = req([m(1, 'x'.repeat(5000)), m(2, 'y')]);
    expect(mutationsThatFit(r, 1000)).toBe(0);
  });
});
