/**
 * The user directory a device keeps (docs/sync-protocol.md §3 `GET /directory`): who is who among the people
 * whose names its records carry, so every "who" on screen (visitor, approver, assignee, author of a change)
 * is a name, offline too. Served by the server, stored whole on the device, replaced on every sync.
 *
 * Invariants:
 * - A device learns only the names it needs (`directoryFor`): a care manager or admin reads every community,
 *   so every user; a caregiver gets herself, the care managers and admins (who read and write every
 *   community) and the caregivers who share one of her communities, with their community lists cut to hers.
 *   Nothing else about a user (username, status reasons, devices) is in the directory.
 * - Disabled users stay in it (`active: false`): their past visits still need a name.
 * - The answer is sorted by id, so the same directory is the same bytes (the server's ETag).
 */
import * as z from 'zod/mini';
import type { Role, UserStatus } from '../permissions';
import { CommunityList, RoleName, Uuid } from './protocol';

export const DirectoryUser = z.strictObject({
  id: Uuid,
  displayName: z.string().check(z.maxLength(100)),
  role: RoleName,
  /** The communities the user is assigned to, as far as the reader may know them. */
  communities: CommunityList,
  active: z.boolean(),
});
export type DirectoryUser = z.infer<typeof DirectoryUser>;

export const DirectoryResponse = z.strictObject({ users: z.array(DirectoryUser).check(z.maxLength(10_000)) });
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;

/** What the server knows of a user, as far as the directory goes. */
export interface DirectorySource {
  id: string;
  displayName: string;
  role: Role;
  status: UserStatus;
  communities: readonly string[];
}

/** The directory `viewer` may read, from every user of the municipality (see the header). */
export function directoryFor(viewer: Pick<DirectorySource, 'id' | 'role' | 'communities'>, users: readonly DirectorySource[]): DirectoryUser[] {
  const everyone = viewer.role === 'care_manager' || viewer.role === 'admin';
  const mine = new Set(viewer.communities);
  const out: DirectoryUser[] = [];
  for (const u of users) {
    const shared = u.communities.filter((c) => mine.has(c));
    const seesAll = u.role === 'care_manager' || u.role === 'admin';
    if (!everyone && u.id !== viewer.id && !seesAll && shared.length === 0) continue;
    out.push({
      id: u.id,
      displayName: u.displayName,
      role: u.role,
      communities: everyone || u.id === viewer.id ? [...u.communities] : shared,
      active: u.status === 'active',
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
