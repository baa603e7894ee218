/**
 * Who is who, as far as this device knows: the user directory the sync client keeps (docs/sync-protocol.md
 * §3.1), the current user, and the display names conflicts carry (winnerName/loserName, recorded by the
 * server). Anyone else (local mode, a device that never synced, a user outside the directory) is shown by
 * a shortened id. Every "who" on screen (visitor, approver, assignee, author) is named through here.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { DirectoryUser } from '../../shared/sync/directory';
import type { ConflictRecord } from '../db/syncRows';
import type { MessageKey } from '../i18n/catalog';
import { useI18n } from '../i18n/I18nProvider';
import { useStore } from './StoreProvider';
import { useActor, type Actor } from './useActor';

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

/**
 * Every name the device holds, by user id: the directory first, then names conflicts carry for anyone not
 * in it, then the current user's own (she may not be in a directory fetched before she was renamed).
 */
export function knownNames(directory: readonly Pick<DirectoryUser, 'id' | 'displayName'>[], conflicts: readonly ConflictRecord[], actor: Pick<Actor, 'userId' | 'displayName'>): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of conflicts) {
    if (c.winnerName) names.set(c.winnerBy.userId, c.winnerName);
    if (c.loserName) names.set(c.loserBy.userId, c.loserName);
  }
  for (const u of directory) if (u.displayName !== '') names.set(u.id, u.displayName);
  if (actor.displayName !== '') names.set(actor.userId, actor.displayName);
  return names;
}

/** Names the device knows, by user id (knownNames); `read` once those were read. */
export function useUserNames(): { names: ReadonlyMap<string, string>; label: (id: string) => string; read: boolean } {
  const { db } = useStore();
  const actor = useActor();
  const { t } = useI18n();
  const held = useLiveQuery(async () => {
    const [directory, conflicts] = await Promise.all([db.directory.toArray(), db.conflicts.toArray()]);
    return { directory, conflicts };
  }, [db]);
  return useMemo(() => {
    const names = knownNames(held?.directory ?? [], held?.conflicts ?? [], actor);
    return { names, label: (id: string) => userLabel(id, names, actor, t), read: held !== undefined };
  }, [held, actor, t]);
}
