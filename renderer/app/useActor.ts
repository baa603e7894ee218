/**
 * Who is working: the signed-in user when there is a session, else the device's local user. Records that
 * name their author (amendments, approvals, acknowledgements, conflict resolutions) must use this: the
 * server refuses a record naming anyone but the pusher.
 */
import { useMemo } from 'react';
import { useSync } from '../features/sync/SyncProvider';
import type { WriteCtx } from '../db/repository';
import type { Role } from '../../shared/permissions';
import { useStore } from './StoreProvider';

export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  /** What repository writes take (care-plan and alert writes also need the role). */
  writeCtx: WriteCtx & { role: Role };
}

export function useActor(): Actor {
  const { user } = useStore();
  const { session } = useSync();
  const sessionUser = session?.user ?? null;
  return useMemo(() => {
    const u = sessionUser ? { userId: sessionUser.id, role: sessionUser.role, displayName: sessionUser.displayName } : { userId: user.userId, role: user.role, displayName: user.displayName };
    return { ...u, writeCtx: { userId: u.userId, role: u.role } };
  }, [sessionUser, user]);
}
