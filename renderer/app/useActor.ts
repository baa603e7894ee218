/**
 * Who is working: the signed-in user when there is a session; on a device used without a server (nobody has
 * ever signed in on it), the device's local user. Signed out on a device used with a server, nobody: the
 * actor never falls back to the last user (docs/security.md §3). Records that name their author (amendments,
 * approvals, acknowledgements, conflict resolutions) must use this: the server refuses a record naming anyone
 * but the pusher.
 */
import { useMemo } from 'react';
import { useSync } from '../features/sync/SyncProvider';
import type { WriteCtx } from '../db/repository';
import type { Role } from '../../shared/permissions';
import { useStore } from './StoreProvider';
import { useOptionalLock } from '../lock/LockRoot';

export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  /** What repository writes take (care-plan and alert writes also need the role). */
  writeCtx: WriteCtx & { role: Role };
}

/** Signed out: no one, with the least rights (the guard shows no page then; this keeps the header honest). */
export const NOBODY = { userId: '', role: 'caregiver', displayName: '' } as const satisfies Omit<Actor, 'writeCtx'>;

export function useActor(): Actor {
  const { user } = useStore();
  const { session, server } = useSync();
  const lockCtx = useOptionalLock();
  const managed = server !== null || (lockCtx?.lock.managed() ?? false);
  const sessionUser = session?.user ?? null;
  return useMemo(() => {
    const u = sessionUser ? { userId: sessionUser.id, role: sessionUser.role, displayName: sessionUser.displayName } : managed ? NOBODY : { userId: user.userId, role: user.role, displayName: user.displayName };
    return { ...u, writeCtx: { userId: u.userId, role: u.role } };
  }, [sessionUser, user, managed]);
}
