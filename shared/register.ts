/**
 * The resident register's search and filters, as plain functions over plain data so they are the same in
 * every view and testable without a browser. Search matches substrings of a normalised key (DOMAIN.md §7:
 * Thai has no spaces between words, so partial words must match) in loose mode, so tone-mark slips and
 * zero-width characters never hide a resident.
 */
import type { AdlGroup } from './adl';
import { ARCHIVED_STATUSES, type ResidentData } from './resident';
import { compareThai, searchKey } from './text/normalise';

export type RegisterResident = Pick<
  ResidentData,
  'prefix' | 'firstName' | 'lastName' | 'nickname' | 'nationalId' | 'phones' | 'contacts' | 'address' | 'communityId' | 'status' | 'latestAdl' | 'birthDate' | 'sex'
> & { id: string; deletedAt: string | null };

export interface RegisterEntry<R extends RegisterResident = RegisterResident> {
  resident: R;
  /** Loose search key of every searchable field, separated so a match never spans two fields. */
  key: string;
  archived: boolean;
  group: AdlGroup | null;
}

export type ArchiveFilter = 'current' | 'archived' | 'all';

export interface RegisterFilter {
  query: string;
  communityId: string; // '' = all
  adlGroup: AdlGroup | 'none' | ''; // 'none' = never assessed, '' = all
  archive: ArchiveFilter;
}

export const EMPTY_FILTER: RegisterFilter = { query: '', communityId: '', adlGroup: '', archive: 'current' };

const SEP = '\u0001';

export function buildRegisterEntry<R extends RegisterResident>(resident: R, communityName = ''): RegisterEntry<R> {
  const a = resident.address;
  const parts = [
    resident.firstName + resident.lastName,
    resident.nickname,
    resident.nationalId ?? '',
    ...resident.phones.map((p) => p.number),
    ...resident.contacts.map((c) => c.phone),
    a.houseNo,
    a.moo ? `หมู่${a.moo}` : '',
    a.moo ? `ม${a.moo}` : '',
    a.village,
    a.soi,
    a.road,
    communityName,
  ];
  const key = parts
    .filter((p) => p !== '')
    .map((p) => searchKey(p, { loose: true }))
    .join(SEP);
  return {
    resident,
    key,
    archived: ARCHIVED_STATUSES.includes(resident.status),
    group: resident.latestAdl?.group ?? null,
  };
}

/** Thai collation by first name, then last name (Intl.Collator('th'), not code points). */
export function compareEntries(a: RegisterEntry, b: RegisterEntry): number {
  return compareThai(a.resident.firstName, b.resident.firstName) || compareThai(a.resident.lastName, b.resident.lastName) || (a.resident.id < b.resident.id ? -1 : 1);
}

export function filterRegister<R extends RegisterResident>(sorted: readonly RegisterEntry<R>[], filter: RegisterFilter): RegisterEntry<R>[] {
  const q = searchKey(filter.query, { loose: true });
  const out: RegisterEntry<R>[] = [];
  for (const e of sorted) {
    if (e.resident.deletedAt) continue;
    if (filter.archive === 'current' && e.archived) continue;
    if (filter.archive === 'archived' && !e.archived) continue;
    if (filter.communityId && e.resident.communityId !== filter.communityId) continue;
    if (filter.adlGroup === 'none' ? e.group !== null : filter.adlGroup !== '' && e.group !== filter.adlGroup) continue;
    if (q !== '' && !e.key.includes(q)) continue;
    out.push(e);
  }
  return out;
}
