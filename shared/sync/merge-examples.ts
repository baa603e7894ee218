/**
 * The worked conflicts of docs/sync-protocol.md, as data. merge.test.ts applies each one in both orders and
 * checks the outcome; test/unit/sync-protocol-doc.test.ts checks that the doc shows exactly these, so the
 * document's examples are executed, not just written.
 */
import type { Author, ConflictDraft } from './merge';
import type { Mutation } from './protocol';

export interface WorkedExample {
  name: string;
  title: string;
  /** The record as both devices last pulled it: every field written at `hlc` by `by`, row seq 10. */
  record: { type: string; id: string; bucket: string; seq: number; data: Record<string, unknown>; hlc: string; by: Author };
  authors: Record<string, Author>;
  /** Concurrent: both made with baseSeq = record.seq; the server may receive them in either order. */
  mutations: { by: string; mutation: Mutation }[];
  /** The outcome in either order. */
  expect: { data: Record<string, unknown>; deleted: boolean; conflicts: ConflictDraft[] };
}

const RESIDENT_ID = '0195f3a2-7c4e-7a10-9b2c-3d4e5f607182';
const BASE_HLC = '2025-03-01T04:00:00.000Z-0000-c3c3c3c3c3c3c3c3';
const BASE: Author = { userId: '0195f000-0000-7000-8000-00000000000c', clientId: 'c3c3c3c3c3c3c3c3', deviceId: '0195f000-0000-7000-8000-0000000000dc' };
const MALEE: Author = { userId: '0195f000-0000-7000-8000-00000000000a', clientId: 'a1a1a1a1a1a1a1a1', deviceId: '0195f000-0000-7000-8000-0000000000da' };
const SOMCHAI: Author = { userId: '0195f000-0000-7000-8000-00000000000b', clientId: 'b2b2b2b2b2b2b2b2', deviceId: '0195f000-0000-7000-8000-0000000000db' };
const HLC_A_0910 = '2025-03-03T02:10:00.000Z-0000-a1a1a1a1a1a1a1a1';
const HLC_B_1045 = '2025-03-03T03:45:00.000Z-0000-b2b2b2b2b2b2b2b2';
const HLC_B_0910 = '2025-03-03T02:10:00.000Z-0000-b2b2b2b2b2b2b2b2';
const HLC_A_1045 = '2025-03-03T03:45:00.000Z-0000-a1a1a1a1a1a1a1a1';

const record = {
  type: 'resident',
  id: RESIDENT_ID,
  bucket: 'c:c-06',
  seq: 10,
  data: { firstName: 'สมศรี', notes: '', phones: [{ number: '0812345678', label: 'มือถือ' }] },
  hlc: BASE_HLC,
  by: BASE,
};
const authors = { A: MALEE, B: SOMCHAI };
const NEW_PHONES = [{ number: '0898765432', label: 'ลูกสาว' }];

export const WORKED_EXAMPLES: readonly WorkedExample[] = [
  {
    name: 'different-fields',
    title: 'Different fields of one resident: both edits survive, no conflict',
    record,
    authors,
    mutations: [
      { by: 'A', mutation: { mid: 41, type: 'resident', id: RESIDENT_ID, op: 'patch', fields: { phones: NEW_PHONES }, hlc: HLC_A_0910, baseSeq: 10 } },
      { by: 'B', mutation: { mid: 7, type: 'resident', id: RESIDENT_ID, op: 'patch', fields: { notes: 'ใช้รถเข็น' }, hlc: HLC_B_1045, baseSeq: 10 } },
    ],
    expect: { data: { firstName: 'สมศรี', notes: 'ใช้รถเข็น', phones: NEW_PHONES }, deleted: false, conflicts: [] },
  },
  {
    name: 'same-field',
    title: 'The same field: the greater HLC wins everywhere, the other value becomes a conflict',
    record,
    authors,
    mutations: [
      { by: 'A', mutation: { mid: 41, type: 'resident', id: RESIDENT_ID, op: 'patch', fields: { notes: 'เดินด้วยไม้เท้า' }, hlc: HLC_A_0910, baseSeq: 10 } },
      { by: 'B', mutation: { mid: 7, type: 'resident', id: RESIDENT_ID, op: 'patch', fields: { notes: 'ใช้รถเข็น' }, hlc: HLC_B_1045, baseSeq: 10 } },
    ],
    expect: {
      data: { firstName: 'สมศรี', notes: 'ใช้รถเข็น', phones: record.data.phones },
      deleted: false,
      conflicts: [
        {
          kind: 'value',
          recordType: 'resident',
          recordId: RESIDENT_ID,
          field: 'notes',
          winnerValue: 'ใช้รถเข็น',
          winnerHlc: HLC_B_1045,
          winnerBy: SOMCHAI,
          loserValue: 'เดินด้วยไม้เท้า',
          loserHlc: HLC_A_0910,
          loserBy: MALEE,
        },
      ],
    },
  },
  {
    name: 'delete-vs-edit',
    title: 'A delete and an edit it had not seen: deleted in either order, the edit kept under the tombstone and opened as a conflict',
    record,
    authors,
    mutations: [
      { by: 'A', mutation: { mid: 41, type: 'resident', id: RESIDENT_ID, op: 'patch', fields: { phones: NEW_PHONES }, hlc: HLC_A_1045, baseSeq: 10 } },
      { by: 'B', mutation: { mid: 7, type: 'resident', id: RESIDENT_ID, op: 'delete', fields: {}, hlc: HLC_B_0910, baseSeq: 10 } },
    ],
    expect: {
      data: { firstName: 'สมศรี', notes: '', phones: NEW_PHONES },
      deleted: true,
      conflicts: [
        {
          kind: 'deleted_edit',
          recordType: 'resident',
          recordId: RESIDENT_ID,
          field: '$deleted',
          winnerValue: true,
          winnerHlc: HLC_B_0910,
          winnerBy: SOMCHAI,
          loserValue: { phones: NEW_PHONES },
          loserHlc: HLC_A_1045,
          loserBy: MALEE,
        },
      ],
    },
  },
];
