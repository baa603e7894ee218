/**
 * Who is who, as far as this device knows. There is no user directory on a device (the admin user list is
 * an admin-only server API, and local mode has one local user), so names come from what the device holds:
 * the current user, and the display names conflicts carry (winnerName/loserName, recorded by the server).
 * Anyone else is shown by a shortened id.
 *
 * Assignable caregivers: the current user (when she may draft plans), plus the users the resident's own
 * records name — whoever visited (visit.caregiverId) and whoever a plan already names (assignees, primary,
 * backup). A plan can only name a user id, never free text; this list keeps that true offline.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { useStore } from '../../app/StoreProvider';
import { useActor, type Actor } from '../../app/useActor';
import type { CarePlanData } from '../../../shared/carePlan';
import { canDraftPlans } from '../../../shared/permissions';
import type { MessageKey } from '../../i18n/catalog';
import { useI18n } from '../../i18n/I18nProvider';

export interface UserOption {
  id: string;
  label: string;
}

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A long id (UUID) cut to its first 8 characters, enough to tell users apart on one screen. */
export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 8)}…` : id;
}

/** How a user is named: known name, "you", or a shortened id. */
export function userLabel(id: string, names: ReadonlyMap<string, string>, actor: Pick<Actor, 'userId' | 'displayName'>, t: T): string {
  const isMe = id === actor.userId;
  const name = names.get(id) ?? (isMe && actor.displayName !== '' ? actor.displayName : undefined);
  if (name !== undefined) return isMe ? t('plans.youNamed', { name }) : name;
  return isMe ? t('plans.you') : t('plans.userId', { id: shortId(id) });
}

/** Every user id a set of plans names (assignees, caregivers, submitter, approver), in first-seen order. */
export function planUserIds(plans: readonly Pick<CarePlanData, 'activities' | 'primaryCaregiverId' | 'backupCaregiverId'>[]): string[] {
  const out: string[] = [];
  const add = (id: string | null): void => {
    if (id !== null && id !== '' && !out.includes(id)) out.push(id);
  };
  for (const p of plans) {
    add(p.primaryCaregiverId);
    add(p.backupCaregiverId);
    for (const a of p.activities) add(a.assigneeId);
  }
  return out;
}

/** Names the device knows, by user id (from conflicts the server annotated); `read` once those were read. */
export function useUserNames(): { names: ReadonlyMap<string, string>; label: (id: string) => string; read: boolean } {
  const { db } = useStore();
  const actor = useActor();
  const { t } = useI18n();
  const conflicts = useLiveQuery(() => db.conflicts.toArray(), [db]);
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const c of conflicts ?? []) {
      if (c.winnerName) names.set(c.winnerBy.userId, c.winnerName);
      if (c.loserName) names.set(c.loserBy.userId, c.loserName);
    }
    if (actor.displayName !== '') names.set(actor.userId, actor.displayName);
    return { names, label: (id: string) => userLabel(id, names, actor, t), read: conflicts !== undefined };
  }, [conflicts, actor, t]);
}

/**
 * Caregivers a plan of this resident can name (see the header), labelled. `read` is false until the records
 * that name them (and the names) were read: until then `users` holds only the current user and the plan's own.
 */
export function useAssignableUsers(residentId: string, extraIds: readonly string[]): { users: UserOption[]; read: boolean } {
  const { db } = useStore();
  const actor = useActor();
  const { label, read: namesRead } = useUserNames();
  const fromRecords = useLiveQuery(async () => {
    const [visits, plans] = await Promise.all([
      db.visits.where('[residentId+startedAt]').between([residentId, ''], [residentId, '\uffff']).toArray(),
      db.carePlans.where('residentId').equals(residentId).toArray(),
    ]);
    const ids = planUserIds(plans.filter((p) => p.deletedAt === null));
    for (const v of visits) if (v.deletedAt === null && !ids.includes(v.caregiverId)) ids.push(v.caregiverId);
    return ids;
  }, [db, residentId]);
  const extraKey = extraIds.join('\u0000');
  const users = useMemo(() => {
    const ids: string[] = [];
    const add = (id: string): void => {
      if (id !== '' && !ids.includes(id)) ids.push(id);
    };
    if (canDraftPlans(actor)) add(actor.userId);
    for (const id of fromRecords ?? []) add(id);
    for (const id of extraKey === '' ? [] : extraKey.split('\u0000')) add(id);
    return ids.map((id) => ({ id, label: label(id) }));
  }, [actor, fromRecords, extraKey, label]);
  return { users, read: fromRecords !== undefined && namesRead };
}
