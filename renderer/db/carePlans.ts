/**
 * Care plans (แผนการดูแลรายบุคคล): local writes follow shared/carePlan.ts, and every patch is checked with
 * the same rule the server applies (records.ts checkStored → checkPlanPatch), so a refused change never
 * reaches the outbox.
 *
 * Invariant: approving a plan marks the resident's older in-force plans superseded in the same transaction.
 */
import {
  approve,
  checkPlanPatch,
  close,
  newVersion,
  pickPlanData,
  submit,
  supersededBy,
  type CarePlan,
  type CarePlanData,
  type PlanContent,
  type PlanResult,
} from '../../shared/carePlan';
import { jsonEqual } from '../../shared/json';
import type { Role } from '../../shared/permissions';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { runWrite, type WriteCtx, type WriteSession } from './repository';

export interface PlanCtx extends WriteCtx {
  role: Role;
}

/** A resident's plans, newest version first. */
export async function listCarePlans(db: CareRoundsDb, residentId: string): Promise<CarePlan[]> {
  const plans = await db.carePlans.where('residentId').equals(residentId).toArray();
  return plans.filter((p) => p.deletedAt === null).sort((a, b) => b.version - a.version || (a.id < b.id ? 1 : -1));
}

function unwrap<P>(r: PlanResult<P & CarePlanData>): P & CarePlanData {
  if (!r.ok) throw new StoreError(r.code, r.code, r.params ?? {});
  return r.plan;
}

/** Patches `current` to `next` (only changed data fields), refusing what the server would refuse. */
async function patchPlan(s: WriteSession, current: CarePlan, next: CarePlanData, ctx: PlanCtx): Promise<CarePlan> {
  const before = pickPlanData(current);
  const after = pickPlanData(next);
  const changes: Partial<CarePlanData> = {};
  for (const k of Object.keys(after) as (keyof CarePlanData)[]) {
    if (!jsonEqual(after[k], before[k])) (changes as Record<string, unknown>)[k] = after[k];
  }
  if (Object.keys(changes).length === 0) return current;
  const verdict = checkPlanPatch(before, changes, { id: ctx.userId, role: ctx.role });
  if (!verdict.ok) throw new StoreError(verdict.code, verdict.code, { id: current.id });
  return s.patch('carePlans', current.id, changes);
}

export function createCarePlan(db: CareRoundsDb, data: CarePlanData, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans', 'residents'], ctx, async (s) => {
    const resident = await s.get('residents', data.residentId);
    if (resident.deletedAt !== null) throw new StoreError('record.deleted', `residents/${resident.id} is deleted`, { table: 'residents', id: resident.id });
    return s.create('carePlans', data);
  });
}

/** Edits a draft or submitted plan's content. */
export function updateCarePlan(db: CareRoundsDb, id: string, changes: Partial<PlanContent>, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans'], ctx, async (s) => {
    const current = await s.get('carePlans', id);
    return patchPlan(s, current, { ...current, ...changes }, ctx);
  });
}

export function submitCarePlan(db: CareRoundsDb, id: string, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans'], ctx, async (s) => {
    const current = await s.get('carePlans', id);
    return patchPlan(s, current, unwrap(submit(current, { id: ctx.userId, role: ctx.role }, new Date((ctx.now ?? Date.now)()).toISOString())), ctx);
  });
}

/** Care manager approval; older in-force versions become superseded in the same transaction. */
export function approveCarePlan(db: CareRoundsDb, id: string, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans'], ctx, async (s) => {
    const current = await s.get('carePlans', id);
    const approved = await patchPlan(s, current, unwrap(approve(current, { id: ctx.userId, role: ctx.role }, new Date((ctx.now ?? Date.now)()).toISOString())), ctx);
    const siblings = await db.carePlans.where('residentId').equals(current.residentId).toArray();
    for (const oldId of supersededBy(siblings.filter((p) => p.deletedAt === null), approved)) {
      const old = await s.get('carePlans', oldId);
      await patchPlan(s, old, { ...old, status: 'superseded' }, ctx);
    }
    return approved;
  });
}

/** A new draft version of an approved or active plan (the old one stays in force until it is approved). */
export function reviseCarePlan(db: CareRoundsDb, id: string, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans'], ctx, async (s) => {
    const current = await s.get('carePlans', id);
    const r = newVersion(current);
    if (!r.ok) throw new StoreError(r.code, r.code, r.params ?? {});
    return s.create('carePlans', r.plan);
  });
}

export function closeCarePlan(db: CareRoundsDb, id: string, reason: string, ctx: PlanCtx): Promise<CarePlan> {
  return runWrite(db, ['carePlans'], ctx, async (s) => {
    const current = await s.get('carePlans', id);
    return patchPlan(s, current, unwrap(close(current, reason)), ctx);
  });
}
