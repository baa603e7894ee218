/**
 * Records put on an e2e server the way a device would: sign in over HTTP as a user and push mutations
 * (docs/sync-protocol.md §4, §5), so the server validates, merges and buckets them as it does for the app.
 * For data a test needs but does not exercise through the UI (care plans written weeks ago, say).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { addDays } from '../../../shared/dates/calendar';
import { buildResidentProfile } from '../../../shared/demo/builders';
import { createHlcClock } from '../../../shared/hlc';
import type { MutationResult, PushResponse } from '../../../shared/sync/protocol';
import { E2E_PASSWORD } from './server';

export interface SeedMutation {
  type: string;
  id?: string;
  op?: 'create' | 'patch';
  fields: object;
  /** The last seq the pushing device had pulled (0 unless given): a patch made on a device that saw that much. */
  baseSeq?: number;
}

/** Signs in as `username` and pushes the mutations in one batch; throws unless every one was applied. Returns their ids. */
export async function pushAs(serverUrl: string, username: string, mutations: readonly SeedMutation[]): Promise<string[]> {
  return (await pushAsWithResults(serverUrl, username, mutations)).ids;
}

/** pushAs, also returning the server's result of each mutation (its seq, the conflicts it opened). */
export async function pushAsWithResults(serverUrl: string, username: string, mutations: readonly SeedMutation[]): Promise<{ ids: string[]; results: MutationResult[] }> {
  const login = await fetch(new URL('/auth/login', serverUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: E2E_PASSWORD, deviceName: 'e2e seeder' }),
  });
  if (!login.ok) throw new Error(`seed login ${username}: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const clientId = randomBytes(8).toString('hex');
  const clock = createHlcClock(clientId, () => Date.now());
  const ids = mutations.map((m) => m.id ?? randomUUID());
  const body = {
    protocol: 1,
    schemaVersion: 1,
    clientId,
    mutations: mutations.map((m, i) => ({ mid: i + 1, type: m.type, id: ids[i], op: m.op ?? 'create', fields: m.fields, hlc: clock.tick(), baseSeq: m.baseSeq ?? 0 })),
  };
  const res = await fetch(new URL('/sync/push', serverUrl), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`seed push: ${res.status} ${await res.text()}`);
  const answer = (await res.json()) as PushResponse;
  const refused = answer.results.filter((r) => r.status !== 'applied');
  if (refused.length > 0) throw new Error(`seed push refused: ${JSON.stringify(refused)}`);
  return { ids, results: answer.results };
}

/** A resident as a device creates one (no national ID, a reason instead), active. */
export function seedResident(communityId: string, firstName: string, gps: { lat: number; lng: number } | null = null): object {
  return {
    ...buildResidentProfile({ communityId, firstName }),
    nationalId: null,
    noIdReason: 'ไม่มีบัตร',
    gps: gps === null ? null : { ...gps, accuracyM: 10 },
    status: 'active',
    statusDate: null,
    statusReason: '',
    latestAdl: null,
  };
}

/**
 * An approved care plan (version 1) asking `timesPerWeek` caregiver visits for bathing, by `caregiverId`
 * (also her primary caregiver), approved by `approverId` (who must push it), in force from `startDate`.
 */
export function approvedPlan(residentId: string, caregiverId: string, approverId: string, startDate: string, timesPerWeek = 2): object {
  const at = new Date().toISOString();
  return {
    residentId,
    version: 1,
    previousPlanId: null,
    adlTotal: 8,
    adlGroup: 'homebound',
    problems: [],
    goals: [],
    activities: [{ code: 'bathing', timesPerWeek, minutes: 45, performer: 'caregiver', assigneeId: caregiverId, note: '' }],
    primaryCaregiverId: caregiverId,
    backupCaregiverId: null,
    startDate,
    reviewDate: addDays(startDate, 180),
    status: 'approved',
    submittedBy: approverId,
    submittedAt: at,
    approvedBy: approverId,
    approvedAt: at,
    subCommittee: null,
    closedReason: '',
  };
}
