import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatHlc } from '../hlc';
import { TOMBSTONE_FIELD } from './formats';
import {
  applyMutation,
  conflictKey,
  lastWrite,
  mergePulled,
  newConflictRow,
  pendingFieldsOf,
  toChange,
  type Author,
  type ConflictDraft,
  type ServerRow,
} from './merge';
import { WORKED_EXAMPLES, type WorkedExample } from './merge-examples';
import { Change, type Mutation } from './protocol';
import { conflictDataSchema } from './data';

const RID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const T0 = Date.parse('2025-03-03T02:00:00.000Z');
const BASE_HLC = formatHlc({ millis: T0 - 86_400_000, counter: 0, node: 'ffffffffffffffff' });
const BASE_AUTHOR: Author = { userId: 'u-base', clientId: 'ffffffffffffffff', deviceId: 'd-base' };
const CLIENTS: Author[] = ['a', 'b', 'c', 'd'].map((ch, i) => ({ userId: `u-${i}`, clientId: ch.repeat(16), deviceId: `d-${i}` }));
const BASE_SEQ = 10;

function rowFrom(type: string, data: Record<string, unknown>, opts: { hlc?: string; by?: Author; seq?: number; bucket?: string } = {}): ServerRow {
  const hlc = opts.hlc ?? BASE_HLC;
  const by = opts.by ?? BASE_AUTHOR;
  const seq = opts.seq ?? BASE_SEQ;
  const row: ServerRow = {
    type,
    id: RID,
    bucket: opts.bucket ?? 'c:c-01',
    seq,
    data: { ...data },
    hlc: {},
    fieldSeq: {},
    fieldBy: {},
    deletedAt: null,
    deletedSeq: null,
    createdAt: hlc.slice(0, 24),
    createdBy: by.userId,
  };
  for (const k of Object.keys(data)) {
    row.hlc[k] = hlc;
    row.fieldSeq[k] = seq;
    row.fieldBy[k] = by;
  }
  return row;
}

function hlcAt(offsetMs: number, node: string, counter = 0): string {
  return formatHlc({ millis: T0 + offsetMs, counter, node });
}

function mut(op: Mutation['op'], fields: Record<string, unknown>, hlc: string, baseSeq = BASE_SEQ, type = 'resident', mid = 1): Mutation {
  return { mid, type, id: RID, op, fields, hlc, baseSeq };
}

/** Applies in order, seqs from BASE_SEQ + 1; returns the final row and every draft. */
function applyAll(start: ServerRow, steps: readonly { m: Mutation; by: Author }[]): { row: ServerRow; drafts: ConflictDraft[] } {
  let row = start;
  const drafts: ConflictDraft[] = [];
  steps.forEach((s, i) => {
    const r = applyMutation(row, s.m, s.by, BASE_SEQ + 1 + i);
    if (r.row === null) throw new Error('row vanished');
    row = r.row;
    drafts.push(...r.conflicts);
  });
  return { row, drafts };
}

const registers = (r: ServerRow) => ({ data: r.data, hlc: r.hlc, deletedAt: r.deletedAt, bucket: r.bucket, fieldBy: r.fieldBy });

// ---------------------------------------------------------------------------------------------------------
// Random concurrent scenarios: several clients, each with its own ordered ops, all made on the row at seq 10.

type Intent = { kind: 'patch'; fields: Partial<Record<'a' | 'b' | 'communityId', number>> } | { kind: 'delete' } | { kind: 'restore' };

interface Op {
  client: number;
  index: number;
  m: Mutation;
  writes: Record<string, unknown>;
}

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('patch' as const), fields: fc.record({ a: fc.integer({ min: 0, max: 2 }), b: fc.integer({ min: 0, max: 2 }), communityId: fc.integer({ min: 1, max: 2 }) }, { requiredKeys: [] }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'delete' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restore' as const }) },
);

const scenarioArb = fc
  .array(fc.array(fc.record({ intent: intentArb, delta: fc.integer({ min: 0, max: 15 }) }), { maxLength: 4 }), { minLength: 2, maxLength: 4 })
  .chain((perClient) => {
    const ops: Op[][] = perClient.map((list, client) => {
      let deleted = false;
      let millis = 0;
      let counter = 0;
      const out: Op[] = [];
      list.forEach(({ intent, delta }, index) => {
        if (delta === 0 && index > 0) counter += 1;
        else counter = 0;
        millis += delta;
        const node = CLIENTS[client]?.clientId ?? '';
        const hlc = hlcAt(millis, node, counter);
        // The device refuses what the repository refuses: no edit of a deleted record, no restore of a live one.
        let m: Mutation;
        let writes: Record<string, unknown>;
        if (deleted) {
          m = mut('restore', {}, hlc);
          writes = { [TOMBSTONE_FIELD]: false };
          deleted = false;
        } else if (intent.kind === 'delete' || intent.kind === 'restore') {
          m = mut('delete', {}, hlc);
          writes = { [TOMBSTONE_FIELD]: true };
          deleted = true;
        } else {
          const fields: Record<string, unknown> = {};
          for (const [k, v] of Object.entries(intent.fields)) fields[k] = k === 'communityId' ? `c-0${v}` : v;
          if (Object.keys(fields).length === 0) fields.a = client;
          m = mut('patch', fields, hlc);
          writes = fields;
        }
        out.push({ client, index, m: { ...m, mid: index + 1 }, writes });
      });
      return out;
    });
    const total = ops.reduce((n, l) => n + l.length, 0);
    const picks = fc.array(fc.nat(), { minLength: total, maxLength: total });
    return fc.tuple(fc.constant(ops), picks, picks);
  });

/** One interleaving of the clients' queues that keeps each client's own order. */
function interleave(ops: Op[][], picks: readonly number[]): Op[] {
  const queues = ops.map((l) => [...l]);
  const out: Op[] = [];
  for (const p of picks) {
    const live = queues.filter((q) => q.length > 0);
    const q = live[p % live.length];
    const next = q?.shift();
    if (next) out.push(next);
  }
  return out;
}

const baseRow = () => rowFrom('resident', { a: 9, b: 9, communityId: 'c-01' });
const stepsOf = (order: Op[]) => order.map((o) => ({ m: o.m, by: CLIENTS[o.client] ?? BASE_AUTHOR }));

/** Writes that are neither the final value of their register nor overwritten later by their own client. */
function expectedLosers(all: Op[]): Set<string> {
  const out = new Set<string>();
  const keys = new Set(all.flatMap((o) => Object.keys(o.writes)));
  for (const k of keys) {
    const writers = all.filter((o) => k in o.writes);
    const max = writers.reduce((best, o) => (o.m.hlc > best.m.hlc ? o : best));
    for (const w of writers) {
      const superseded = writers.some((o) => o.client === w.client && o.index > w.index);
      if (w !== max && !superseded) out.add(`${k}|${w.m.hlc}`);
    }
  }
  return out;
}

function actualLosers(all: Op[], drafts: ConflictDraft[]): Set<string> {
  const out = new Set<string>();
  for (const d of drafts) {
    if (d.kind !== 'value') continue;
    const w = all.find((o) => o.m.hlc === d.loserHlc);
    if (w === undefined) throw new Error(`draft loser ${d.loserHlc} is not a write of the scenario`);
    const superseded = all.some((o) => o.client === w.client && o.index > w.index && d.field in o.writes);
    if (!superseded) out.add(`${d.field}|${d.loserHlc}`);
  }
  return out;
}

describe('applyMutation properties', () => {
  it('gives the same registers for every interleaving of concurrent mutations', () => {
    fc.assert(
      fc.property(scenarioArb, ([ops, p1, p2]) => {
        const one = applyAll(baseRow(), stepsOf(interleave(ops, p1)));
        const two = applyAll(baseRow(), stepsOf(interleave(ops, p2)));
        expect(registers(one.row)).toEqual(registers(two.row));
      }),
      { numRuns: 400 },
    );
  });

  it('loses the same values in every order: exactly the lower-HLC writes, never silently', () => {
    fc.assert(
      fc.property(scenarioArb, ([ops, p1, p2]) => {
        const all = ops.flat();
        const expected = expectedLosers(all);
        for (const picks of [p1, p2]) {
          const { row, drafts } = applyAll(baseRow(), stepsOf(interleave(ops, picks)));
          expect(actualLosers(all, drafts)).toEqual(expected);
          for (const d of drafts.filter((x) => x.kind === 'value')) {
            const w = all.find((o) => o.m.hlc === d.loserHlc);
            expect(d.loserValue).toEqual(w?.writes[d.field]);
            expect(d.winnerHlc > d.loserHlc).toBe(true);
          }
          // Every register holds the value of its greatest-HLC write (or the base value if never written).
          for (const k of new Set(all.flatMap((o) => Object.keys(o.writes)))) {
            const max = all.filter((o) => k in o.writes).reduce((b, o) => (o.m.hlc > b.m.hlc ? o : b));
            const value = k === TOMBSTONE_FIELD ? row.deletedAt !== null : row.data[k];
            expect(value).toEqual(max.writes[k]);
            expect(row.hlc[k]).toBe(max.m.hlc);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is idempotent: applying a mutation again changes no register', () => {
    fc.assert(
      fc.property(scenarioArb, fc.nat(), ([ops, p1], which) => {
        const order = interleave(ops, p1);
        if (order.length === 0) return;
        const { row } = applyAll(baseRow(), stepsOf(order));
        const again = order[which % order.length];
        if (again === undefined) return;
        const r = applyMutation(row, again.m, CLIENTS[again.client] ?? BASE_AUTHOR, 999);
        expect(r.status).toBe('applied');
        expect(r.changed).toBe(false);
        expect(r.row && registers(r.row)).toEqual(registers(row));
        // Only a value that lost can be reported again (the server never re-applies a mid, so it does not).
        for (const d of r.conflicts) expect([d.kind, d.loserHlc]).toEqual(['value', again.m.hlc]);
      }),
      { numRuns: 300 },
    );
  });

  it('applying the same mutation twice in a row equals applying it once', () => {
    fc.assert(
      fc.property(scenarioArb, ([ops]) => {
        const first = ops.flat()[0];
        if (first === undefined) return;
        const by = CLIENTS[first.client] ?? BASE_AUTHOR;
        const once = applyMutation(baseRow(), first.m, by, 11);
        if (once.row === null) throw new Error('no row');
        const twice = applyMutation(once.row, first.m, by, 12);
        expect(twice.row && registers(twice.row)).toEqual(registers(once.row));
        expect(twice.conflicts).toEqual([]);
      }),
    );
  });

  it('a delete and an edit it had not seen: deleted, edit kept, one identical conflict in both orders', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'notes'), fc.string({ maxLength: 5 }), { minKeys: 1 }),
        fc.integer({ min: -60_000, max: 60_000 }),
        (fields, skew) => {
          const edit = { m: mut('patch', fields, hlcAt(0, CLIENTS[0]?.clientId ?? '')), by: CLIENTS[0] ?? BASE_AUTHOR };
          const del = { m: mut('delete', {}, hlcAt(skew, CLIENTS[1]?.clientId ?? '')), by: CLIENTS[1] ?? BASE_AUTHOR };
          const x = applyAll(baseRow(), [edit, del]);
          const y = applyAll(baseRow(), [del, edit]);
          for (const r of [x, y]) {
            expect(r.row.deletedAt).toBe(del.m.hlc);
            for (const [k, v] of Object.entries(fields)) expect(r.row.data[k]).toEqual(v);
          }
          expect(x.drafts).toEqual(y.drafts);
          expect(x.drafts).toEqual([
            {
              kind: 'deleted_edit',
              recordType: 'resident',
              recordId: RID,
              field: TOMBSTONE_FIELD,
              winnerValue: true,
              winnerHlc: del.m.hlc,
              winnerBy: del.by,
              loserValue: fields,
              loserHlc: edit.m.hlc,
              loserBy: edit.by,
            },
          ]);
        },
      ),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

function exampleRun(ex: WorkedExample, order: number[]): { row: ServerRow; drafts: ConflictDraft[]; codes: (string | undefined)[] } {
  let row = rowFrom(ex.record.type, ex.record.data, { hlc: ex.record.hlc, by: ex.record.by, seq: ex.record.seq, bucket: ex.record.bucket });
  const drafts: ConflictDraft[] = [];
  const codes: (string | undefined)[] = [];
  order.forEach((i, n) => {
    const step = ex.mutations[i];
    const by = step && ex.authors[step.by];
    if (!step || !by) throw new Error('bad example');
    const r = applyMutation(row, step.mutation, by, ex.record.seq + 1 + n);
    if (r.row === null) throw new Error('no row');
    expect(r.status).toBe('applied');
    row = r.row;
    drafts.push(...r.conflicts);
    codes.push(r.code);
  });
  return { row, drafts, codes };
}

describe('worked examples (docs/sync-protocol.md)', () => {
  for (const ex of WORKED_EXAMPLES) {
    it(`${ex.name}: same outcome in both orders`, () => {
      for (const order of [
        [0, 1],
        [1, 0],
      ]) {
        const { row, drafts } = exampleRun(ex, order);
        expect(row.data).toEqual(ex.expect.data);
        expect(row.deletedAt !== null).toBe(ex.expect.deleted);
        expect(drafts).toEqual(ex.expect.conflicts);
      }
    });
  }

  it('delete-vs-edit: the edit that lands on the tombstone is told record_deleted', () => {
    const ex = WORKED_EXAMPLES.find((e) => e.name === 'delete-vs-edit');
    if (!ex) throw new Error('missing example');
    expect(exampleRun(ex, [1, 0]).codes).toEqual([undefined, 'record_deleted']);
    expect(exampleRun(ex, [0, 1]).codes).toEqual([undefined, undefined]);
  });
});

describe('applyMutation rules', () => {
  const A = CLIENTS[0] ?? BASE_AUTHOR;
  const B = CLIENTS[1] ?? BASE_AUTHOR;

  it('creates a row with every field stamped and the bucket from its community', () => {
    const m = mut('create', { firstName: 'สมศรี', communityId: 'c-03' }, hlcAt(0, A.clientId), 0);
    const r = applyMutation(null, m, A, 11);
    expect(r.status).toBe('applied');
    expect(r.row).toMatchObject({ bucket: 'c:c-03', seq: 11, createdAt: '2025-03-03T02:00:00.000Z', createdBy: A.userId, deletedAt: null });
    expect(r.row?.hlc).toEqual({ firstName: m.hlc, communityId: m.hlc });
    expect(r.row?.fieldSeq).toEqual({ firstName: 11, communityId: 11 });
  });

  it('needs a bucket for a new row whose data does not name one', () => {
    const m = mut('create', { residentId: RID }, hlcAt(0, A.clientId), 0, 'adl_assessment');
    expect(() => applyMutation(null, m, A, 11)).toThrow(/bucket/);
    expect(applyMutation(null, m, A, 11, { bucket: 'c:c-01' }).row?.bucket).toBe('c:c-01');
  });

  it('treats a create on an existing id as a patch of its fields (a retried create is a no-op)', () => {
    const m = mut('create', { a: 1, b: 2 }, hlcAt(0, A.clientId), 0);
    const first = applyMutation(null, m, A, 11, { bucket: 'c:c-01' });
    if (!first.row) throw new Error('no row');
    const retry = applyMutation(first.row, m, A, 12);
    expect(retry).toMatchObject({ status: 'applied', changed: false, conflicts: [] });
    const other = applyMutation(first.row, mut('create', { a: 5 }, hlcAt(5, B.clientId), 0), B, 13);
    expect(other.row?.data).toEqual({ a: 5, b: 2 });
    expect(other.conflicts.map((d) => [d.field, d.loserValue])).toEqual([['a', 1]]);
  });

  it('refuses patch, delete and restore of a missing row with not_found', () => {
    for (const op of ['patch', 'delete', 'restore', 'void'] as const) {
      expect(applyMutation(null, mut(op, {}, hlcAt(0, A.clientId)), A, 11)).toMatchObject({ row: null, status: 'rejected', code: 'not_found' });
    }
  });

  it('answers unknown types and skips without touching data', () => {
    const row = baseRow();
    expect(applyMutation(null, mut('create', {}, hlcAt(0, A.clientId), 0, 'round'), A, 11)).toMatchObject({ status: 'rejected', code: 'unknown_type' });
    const skip = applyMutation(row, mut('skip', {}, hlcAt(0, A.clientId)), A, 11);
    expect(skip).toMatchObject({ status: 'rejected', code: 'withdrawn', changed: false });
    expect(skip.row && registers(skip.row)).toEqual(registers(row));
    expect(skip.row).toBe(row); // not even re-sequenced: a skip may name a row outside the user's scope
  });

  it('keeps a value that lost to a newer one even without concurrency (a slow clock is never silent)', () => {
    const afterA = applyMutation(baseRow(), mut('patch', { a: 1 }, hlcAt(60_000, A.clientId)), A, 11).row;
    if (!afterA) throw new Error('no row');
    // B pulled seq 11 (baseSeq 11) but its clock is behind: its write loses, and is kept as a conflict.
    const r = applyMutation(afterA, mut('patch', { a: 2 }, hlcAt(0, B.clientId), 11), B, 12);
    expect(r.row?.data.a).toBe(1);
    expect(r.row?.seq).toBe(12);
    expect(r.changed).toBe(false);
    expect(r.conflicts).toMatchObject([{ kind: 'value', field: 'a', winnerValue: 1, loserValue: 2, loserBy: B }]);
  });

  it('overwrites without a conflict a value its author had seen, or had written itself', () => {
    const afterA = applyMutation(baseRow(), mut('patch', { a: 1 }, hlcAt(0, A.clientId)), A, 11).row;
    if (!afterA) throw new Error('no row');
    expect(applyMutation(afterA, mut('patch', { a: 2 }, hlcAt(5, B.clientId), 11), B, 12).conflicts).toEqual([]);
    expect(applyMutation(afterA, mut('patch', { a: 3 }, hlcAt(5, A.clientId), BASE_SEQ), A, 12).conflicts).toEqual([]);
    // ...but one it had not seen is kept: B's baseSeq 10 predates A's write at 11.
    expect(applyMutation(afterA, mut('patch', { a: 2 }, hlcAt(5, B.clientId), BASE_SEQ), B, 12).conflicts).toMatchObject([{ field: 'a', loserValue: 1, winnerValue: 2 }]);
  });

  it('restore revives a deleted record with every edit made meanwhile', () => {
    const steps = [
      { m: mut('delete', {}, hlcAt(0, A.clientId)), by: A },
      { m: mut('patch', { b: 7 }, hlcAt(1, B.clientId)), by: B },
      { m: { ...mut('restore', {}, hlcAt(2, A.clientId), 11), mid: 2 }, by: A },
    ];
    const { row } = applyAll(baseRow(), steps);
    expect(row.deletedAt).toBeNull();
    expect(row.deletedSeq).toBeNull();
    expect(row.data.b).toBe(7);
    expect(row.hlc[TOMBSTONE_FIELD]).toBe(steps[2]?.m.hlc);
  });

  it('decides a delete against a concurrent restore by HLC, in both orders', () => {
    const deleted = applyMutation(baseRow(), mut('delete', {}, hlcAt(0, A.clientId)), A, 11).row;
    if (!deleted) throw new Error('no row');
    const restore = { m: mut('restore', {}, hlcAt(10, B.clientId), 11), by: B };
    const del2 = { m: mut('delete', {}, hlcAt(5, CLIENTS[2]?.clientId ?? '')), by: CLIENTS[2] ?? BASE_AUTHOR };
    const x = applyAll(deleted, [restore, del2]);
    const y = applyAll(deleted, [del2, restore]);
    expect(x.row.deletedAt).toBeNull();
    expect(registers(x.row)).toEqual(registers(y.row));
  });

  it('moves a resident whose community changes', () => {
    const r = applyMutation(baseRow(), mut('patch', { communityId: 'c-02' }, hlcAt(0, A.clientId)), A, 11);
    expect(r.moved).toEqual({ from: 'c:c-01', to: 'c:c-02' });
    expect(r.row?.bucket).toBe('c:c-02');
  });

  describe('immutable assessments', () => {
    const assessment = () => rowFrom('adl_assessment', { residentId: RID, total: 12 }, { hlc: hlcAt(0, A.clientId), by: A });

    it('refuse patch, delete and restore', () => {
      for (const op of ['patch', 'delete', 'restore'] as const) {
        const r = applyMutation(assessment(), mut(op, op === 'patch' ? { total: 13 } : {}, hlcAt(9, B.clientId), BASE_SEQ, 'adl_assessment'), B, 11);
        expect(r).toMatchObject({ status: 'rejected', code: 'immutable_record', changed: false });
        expect(r.row?.data.total).toBe(12);
      }
    });

    it('accept a retried create and refuse a different one', () => {
      const same = mut('create', { residentId: RID, total: 12 }, hlcAt(0, A.clientId), 0, 'adl_assessment');
      expect(applyMutation(assessment(), same, A, 11)).toMatchObject({ status: 'applied', changed: false });
      const other = mut('create', { residentId: RID, total: 3 }, hlcAt(4, B.clientId), 0, 'adl_assessment');
      expect(applyMutation(assessment(), other, B, 11)).toMatchObject({ status: 'rejected', code: 'immutable_record' });
    });

    it('void: tombstone plus reason', () => {
      const m = mut('void', { voidReason: 'บันทึกผิดคน' }, hlcAt(9, B.clientId), BASE_SEQ, 'adl_assessment');
      const r = applyMutation(assessment(), m, B, 11);
      expect(r.status).toBe('applied');
      expect(r.row?.deletedAt).toBe(m.hlc);
      expect(r.row?.deletedSeq).toBe(11);
      expect(r.row?.data.voidReason).toBe('บันทึกผิดคน');
      expect(r.conflicts).toEqual([]);
    });
  });

  it('void is refused for types without one', () => {
    expect(applyMutation(baseRow(), mut('void', { voidReason: 'x' }, hlcAt(0, A.clientId)), A, 11)).toMatchObject({ status: 'rejected', code: 'validation_failed', field: 'op' });
  });

  it('never opens conflicts about conflicts', () => {
    const row = newConflictRow(RID, WORKED_EXAMPLES[1]?.expect.conflicts[0] as ConflictDraft, hlcAt(0, '0000000000000000'), 11);
    const resolve = (who: Author, t: number, resolution: string) =>
      mut('patch', { status: 'resolved', resolvedBy: who.userId, resolvedAt: '2025-03-03T05:00:00.000Z', resolution }, hlcAt(t, who.clientId), 11, 'conflict');
    const x = applyMutation(row, resolve(B, 10, 'kept_winner'), B, 12);
    const y = applyMutation(x.row, resolve(A, 5, 'chose_loser'), A, 13);
    expect(y.conflicts).toEqual([]);
    expect(y.row?.data.resolution).toBe('kept_winner');
  });
});

describe('conflict rows and pull changes', () => {
  it('stores a draft as an open conflict in the municipality bucket', () => {
    const draft = WORKED_EXAMPLES[2]?.expect.conflicts[0];
    if (!draft) throw new Error('missing draft');
    const row = newConflictRow('0195f3a2-7c4e-7a10-9b2c-000000000001', draft, hlcAt(0, '0000000000000000'), 12);
    expect(row.bucket).toBe('m:main');
    expect(conflictDataSchema.safeParse(row.data).success).toBe(true);
    expect(row.data.status).toBe('open');
    expect(Change.safeParse(toChange(row)).success).toBe(true);
    expect(conflictKey(draft)).toBe(`resident/${RID}/deleted_edit/$deleted/${draft.loserHlc}`);
  });

  it('a change names the last writer and carries the tombstone HLC', () => {
    const A = CLIENTS[0] ?? BASE_AUTHOR;
    const deleted = applyMutation(baseRow(), mut('delete', {}, hlcAt(1000, A.clientId)), A, 11).row;
    if (!deleted) throw new Error('no row');
    const c = toChange(deleted);
    expect(Change.parse(c)).toEqual(c);
    expect(c).toMatchObject({ deleted: true, seq: 11, updatedAt: '2025-03-03T02:00:01.000Z', updatedBy: A.userId, deviceId: A.deviceId });
    expect(c.hlc[TOMBSTONE_FIELD]).toBe(deleted.deletedAt);
    expect(lastWrite(baseRow()).by).toEqual(BASE_AUTHOR);
  });
});

describe('mergePulled', () => {
  const server = (seq: number, data: Record<string, unknown>, hlc: Record<string, string>, deleted = false) => ({ seq, data, hlc, deleted });
  const H1 = hlcAt(1, 'aaaaaaaaaaaaaaaa');
  const H2 = hlcAt(2, 'bbbbbbbbbbbbbbbb');
  const H3 = hlcAt(3, 'aaaaaaaaaaaaaaaa');

  it('takes a new row as it is', () => {
    expect(mergePulled(undefined, server(5, { a: 1 }, { a: H1 }), new Set())).toEqual({ seq: 5, data: { a: 1 }, hlc: { a: H1 }, deletedAt: null });
  });

  it('ignores rows not newer than the local one (same object back)', () => {
    const local = { seq: 7, data: { a: 1 }, hlc: { a: H1 }, deletedAt: null };
    expect(mergePulled(local, server(7, { a: 2 }, { a: H2 }), new Set())).toBe(local);
    expect(mergePulled(local, server(6, { a: 2 }, { a: H2 }), new Set())).toBe(local);
  });

  it('keeps pending local fields and takes every other field from the server', () => {
    const local = { seq: 5, data: { a: 'mine', b: 'old', c: 'old' }, hlc: { a: H3, b: H1, c: H1 }, deletedAt: null };
    const merged = mergePulled(local, server(8, { a: 'theirs', b: 'new', d: 'added' }, { a: H2, b: H2, d: H2 }), new Set(['a']));
    expect(merged).toEqual({ seq: 8, data: { a: 'mine', b: 'new', d: 'added' }, hlc: { a: H3, b: H2, d: H2 }, deletedAt: null });
  });

  it('keeps a pending local delete, and takes the server tombstone otherwise', () => {
    const local = { seq: 5, data: { a: 1 }, hlc: { a: H1 }, deletedAt: H3 };
    expect(mergePulled(local, server(8, { a: 1 }, { a: H1 }), new Set([TOMBSTONE_FIELD])).deletedAt).toBe(H3);
    expect(mergePulled(local, server(8, { a: 1 }, { a: H1 }), new Set()).deletedAt).toBeNull();
    expect(mergePulled(undefined, server(8, { a: 1 }, { a: H1, [TOMBSTONE_FIELD]: H2 }, true), new Set()).deletedAt).toBe(H2);
  });

  it('converges: with nothing pending the local state becomes the server state', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer()),
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer()),
        fc.boolean(),
        (localData, serverData, deleted) => {
          const hlcOf = (d: Record<string, unknown>, h: string) => Object.fromEntries(Object.keys(d).map((k) => [k, h]));
          const local = { seq: 3, data: localData, hlc: hlcOf(localData, H1), deletedAt: null };
          const incomingHlc = { ...hlcOf(serverData, H2), ...(deleted ? { [TOMBSTONE_FIELD]: H2 } : {}) };
          const merged = mergePulled(local, server(4, serverData, incomingHlc, deleted), new Set());
          expect(merged).toEqual({ seq: 4, data: serverData, hlc: incomingHlc, deletedAt: deleted ? H2 : null });
        },
      ),
    );
  });

  it('pendingFieldsOf collects written fields and the tombstone', () => {
    expect(pendingFieldsOf([{ op: 'patch', fields: { a: 1 } }, { op: 'void', fields: { voidReason: 'x' } }])).toEqual(new Set(['a', 'voidReason', TOMBSTONE_FIELD]));
  });
});
