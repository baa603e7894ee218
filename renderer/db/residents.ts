/**
 * Resident writes and look-ups. Writes go through the repository (record + outbox entry in one
 * transaction); a resident is never deleted here: moving away or dying archives it (status), and the record
 * stays.
 *
 * Invariant: no two non-deleted residents on this device share a national ID. The check runs inside the
 * write transaction, so two quick saves cannot both pass it. (Across devices the server opens a merge
 * proposal instead, docs/sync-protocol.md §9.)
 */
import type { Collection } from 'dexie';
import type { ArchiveInput, Resident, ResidentData, ResidentProfile } from '../../shared/resident';
import { searchKey } from '../../shared/text/normalise';
import type { CareRoundsDb } from './db';
import { StoreError } from './errors';
import { runWrite, type WriteCtx } from './repository';

/**
 * Residents with this national ID. A sealed database (docs/security.md §3 "Records at rest") asks the keyed
 * hash index for sealed rows and the plain index for rows not sealed yet; a plain one only the latter.
 */
function byNationalId(db: CareRoundsDb, id: string): Collection<Resident, string> {
  return db.sealed ? db.residents.where('nidHash').equals(id).or('nationalId').equals(id) : db.residents.where('nationalId').equals(id);
}

/** Residents born on this date, the same way. */
function byBirthDate(db: CareRoundsDb, date: string): Collection<Resident, string> {
  return db.sealed ? db.residents.where('dobHash').equals(date).or('birthDate.value').equals(date) : db.residents.where('birthDate.value').equals(date);
}

/** Non-deleted resident with this 13-digit national ID (as stored: normalised digits). */
export async function findByNationalId(db: CareRoundsDb, id13: string): Promise<Resident | undefined> {
  return byNationalId(db, id13)
    .filter((r) => r.deletedAt === null)
    .first();
}

/** Non-deleted residents, optionally of one community (for useLiveQuery in the register). */
export function listResidents(db: CareRoundsDb, opts: { communityId?: string } = {}): Promise<Resident[]> {
  const base = opts.communityId ? db.residents.where('communityId').equals(opts.communityId) : db.residents.toCollection();
  return base.filter((r) => r.deletedAt === null).toArray();
}

/** Key for "same person?" warnings: name without prefix, spacing, zero-width characters or tone order. */
export function nameKey(p: Pick<ResidentData, 'firstName' | 'lastName'>): string {
  return searchKey(`${p.firstName} ${p.lastName}`);
}

export interface DuplicateCheck {
  /** Another non-deleted resident with this national ID: saving is refused. */
  sameId?: Resident;
  /** Non-deleted residents with the same name and birth date: a warning, the user decides. */
  sameNameAndBirth: Resident[];
}

export async function checkDuplicates(
  db: CareRoundsDb,
  profile: Pick<ResidentProfile, 'nationalId' | 'firstName' | 'lastName' | 'birthDate'>,
  excludeId?: string,
): Promise<DuplicateCheck> {
  const result: DuplicateCheck = { sameNameAndBirth: [] };
  if (profile.nationalId) {
    const hit = await byNationalId(db, profile.nationalId)
      .filter((r) => r.deletedAt === null && r.id !== excludeId)
      .first();
    if (hit) result.sameId = hit;
  }
  const key = nameKey(profile);
  const birth = profile.birthDate.value;
  // Indexed by birth date: a save reads the handful of residents born that day, not the whole register.
  result.sameNameAndBirth = await byBirthDate(db, birth)
    .filter((r) => r.deletedAt === null && r.id !== excludeId && nameKey(r) === key)
    .toArray();
  return result;
}

async function refuseDuplicateId(db: CareRoundsDb, nationalId: string | null, excludeId?: string): Promise<void> {
  if (!nationalId) return;
  const hit = await byNationalId(db, nationalId)
    .filter((r) => r.deletedAt === null && r.id !== excludeId)
    .first();
  if (hit) {
    throw new StoreError('resident.duplicateId', `national ID already belongs to resident ${hit.id}`, { existingId: hit.id });
  }
}

export function createResident(db: CareRoundsDb, profile: ResidentProfile, ctx: WriteCtx): Promise<Resident> {
  return runWrite(db, ['residents'], ctx, async (s) => {
    await refuseDuplicateId(db, profile.nationalId);
    const data: ResidentData = { ...profile, status: 'active', statusDate: null, statusReason: '', latestAdl: null };
    return s.create('residents', data);
  });
}

/** Saves the profile form: only changed fields are written. */
export function updateResident(db: CareRoundsDb, id: string, profile: ResidentProfile, ctx: WriteCtx): Promise<Resident> {
  return runWrite(db, ['residents'], ctx, async (s) => {
    const current = await s.get('residents', id);
    // Only a changed ID is checked: a pair already waiting for a merge must stay editable.
    if (profile.nationalId !== current.nationalId) await refuseDuplicateId(db, profile.nationalId, id);
    return s.patch('residents', id, profile);
  });
}

/** Moved away or died: the record stays, with the date and reason. */
export function archiveResident(db: CareRoundsDb, id: string, input: ArchiveInput, ctx: WriteCtx): Promise<Resident> {
  return runWrite(db, ['residents'], ctx, (s) =>
    s.patch('residents', id, { status: input.status, statusDate: input.statusDate, statusReason: input.statusReason }),
  );
}

export function unarchiveResident(db: CareRoundsDb, id: string, ctx: WriteCtx): Promise<Resident> {
  return runWrite(db, ['residents'], ctx, (s) => s.patch('residents', id, { status: 'active', statusDate: null, statusReason: '' }));
}
