/**
 * The resident register's search and filters, as plain functions over plain data so they are the same in
 * every view and testable without a browser. Search matches substrings of a normalised key (docs/domain.md §7:
 * Thai has no spaces between words, so partial words must match) in loose mode, so tone-mark slips and
 * zero-width characters never hide a resident.
 *
 * Performance (10,000 residents, every keystroke): an entry carries copies of the resident fields the
 * filters test (deleted, archived, community, group), so filtering never touches the large resident
 * objects, whose scattered reads cost more than the substring test itself. Entries reflect the resident they
 * were built from; the register rebuilds them whenever residents change.
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
  /** Whether resident.deletedAt is set (a tombstone). */
  deleted: boolean;
  /** resident.communityId */
  communityId: string;
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

/** The entry's search key: see RegisterEntry.key. */
export function registerKey(resident: RegisterResident, communityName = ''): string {
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
  // One searchKey over the joined parts equals joining each part's key: every step of searchKey acts on a
  // character or on adjacent combining marks, and SEP (a control character, not space or punctuation) is
  // kept and never combines, so nothing crosses it. One call instead of a dozen per resident.
  return searchKey(parts.filter((p) => p !== '').join(SEP), { loose: true });
}

export function buildRegisterEntry<R extends RegisterResident>(resident: R, communityName = ''): RegisterEntry<R> {
  return {
    resident,
    key: registerKey(resident, communityName),
    archived: ARCHIVED_STATUSES.includes(resident.status),
    group: resident.latestAdl?.group ?? null,
    deleted: Boolean(resident.deletedAt),
    communityId: resident.communityId,
  };
}

/** A RegisterEntry whose key is made on first read: the register can be sorted and shown before any key exists. */
class LazyRegisterEntry<R extends RegisterResident> implements RegisterEntry<R> {
  readonly archived: boolean;
  readonly group: AdlGroup | null;
  readonly deleted: boolean;
  readonly communityId: string;
  private cachedKey: string | undefined;

  constructor(
    readonly resident: R,
    private readonly communityName: string,
  ) {
    this.archived = ARCHIVED_STATUSES.includes(resident.status);
    this.group = resident.latestAdl?.group ?? null;
    this.deleted = Boolean(resident.deletedAt);
    this.communityId = resident.communityId;
  }

  get key(): string {
    this.cachedKey ??= registerKey(this.resident, this.communityName);
    return this.cachedKey;
  }
}

/** Like buildRegisterEntry (equal fields), but the search key is computed when first read. */
export function lazyRegisterEntry<R extends RegisterResident>(resident: R, communityName = ''): RegisterEntry<R> {
  return new LazyRegisterEntry(resident, communityName);
}

/** Thai collation by first name, then last name (Intl.Collator('th'), not code points), then id. */
export function compareEntries(a: RegisterEntry, b: RegisterEntry): number {
  return compareThai(a.resident.firstName, b.resident.firstName) || compareThai(a.resident.lastName, b.resident.lastName) || (a.resident.id < b.resident.id ? -1 : 1);
}

/**
 * Collation rank of each distinct string: equal ranks exactly when compareThai says equal. Sorting the few
 * distinct names (people share first and last names) replaces most collator calls with integer compares.
 */
function collationRanks(values: Iterable<string>): Map<string, number> {
  const distinct = [...new Set(values)].sort(compareThai);
  const ranks = new Map<string, number>();
  let rank = 0;
  let prev: string | undefined;
  for (const v of distinct) {
    if (prev !== undefined && compareThai(prev, v) !== 0) rank++;
    ranks.set(v, rank);
    prev = v;
  }
  return ranks;
}

/** A new array of `entries` in compareEntries order (the same order, computed with far fewer collator calls). */
export function sortRegisterEntries<E extends RegisterEntry>(entries: readonly E[]): E[] {
  const first = collationRanks(entries.map((e) => e.resident.firstName));
  const last = collationRanks(entries.map((e) => e.resident.lastName));
  const keyed = entries.map((e) => ({ e, f: first.get(e.resident.firstName) ?? 0, l: last.get(e.resident.lastName) ?? 0, id: e.resident.id }));
  keyed.sort((a, b) => a.f - b.f || a.l - b.l || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((k) => k.e);
}

/**
 * Titles a name is shown or typed with (the register shows "นางทองสุข อ่อนศรี"), keyed like a query and
 * longest first. The key holds no title (a title names no one), so a query that starts with one is also
 * tried without it; the query as typed is always tried too, so a name that happens to begin with a title's
 * letters (นายิกา) is still found.
 */
const TITLE_KEYS = [
  ...new Set(
    ['นางสาว', 'นาง', 'นาย', 'น.ส.', 'เด็กชาย', 'เด็กหญิง', 'ด.ช.', 'ด.ญ.', 'mr.', 'mrs.', 'ms.', 'miss'].map((t) => searchKey(t, { loose: true })),
  ),
].sort((a, b) => b.length - a.length);

/**
 * The keys a query matches by (see TITLE_KEYS): the query's loose key, then that key without each title it
 * starts with. [''] for a query with nothing to search by.
 */
export function registerQueryKeys(query: string): string[] {
  const q = searchKey(query, { loose: true });
  const keys = [q];
  for (const title of TITLE_KEYS) {
    if (q.length > title.length && q.startsWith(title)) keys.push(q.slice(title.length));
  }
  return keys;
}

/** Whether `e` passes `filter` apart from its query: not deleted, archive, community, ADL group. */
function passesFilters(e: RegisterEntry, filter: RegisterFilter): boolean {
  // Only the entry's own fields here (see the header): no read of e.resident.
  if (e.deleted) return false;
  if (filter.archive === 'current' && e.archived) return false;
  if (filter.archive === 'archived' && !e.archived) return false;
  if (filter.communityId && e.communityId !== filter.communityId) return false;
  if (filter.adlGroup === 'none' ? e.group !== null : filter.adlGroup !== '' && e.group !== filter.adlGroup) return false;
  return true;
}

/** Whether `e` passes `filter`, whose query is already keyed as `qs` (registerQueryKeys). The one definition of a match. */
function passes(e: RegisterEntry, filter: RegisterFilter, qs: readonly string[]): boolean {
  if (!passesFilters(e, filter)) return false;
  for (const q of qs) if (q === '' || e.key.includes(q)) return true;
  return false;
}

export function filterRegister<R extends RegisterResident>(sorted: readonly RegisterEntry<R>[], filter: RegisterFilter): RegisterEntry<R>[] {
  const qs = registerQueryKeys(filter.query);
  const out: RegisterEntry<R>[] = [];
  for (const e of sorted) if (passes(e, filter, qs)) out.push(e);
  return out;
}

/** Two UTF-16 code units as one number (Map key). */
function bigram(s: string, i: number): number {
  return s.charCodeAt(i) * 0x10000 + s.charCodeAt(i + 1);
}

/**
 * filterRegister over one sorted list, answered from an index of the keys' character pairs: a query of two
 * or more characters is only tested against the entries that contain its rarest pair (a few hundred of
 * 10,000 instead of all). Same results as filterRegister, in the same order (posting lists ascend).
 *
 * The index is built in steps (`prepare`, e.g. in idle callbacks after the list is first shown); until it
 * is complete, `filter` scans like filterRegister. The list must not change after construction.
 */
export class RegisterSearch<R extends RegisterResident = RegisterResident> {
  private next = 0; // entries indexed so far
  private building: Map<number, number[]> | null = new Map();
  private postings: Map<number, Int32Array> | null = null;

  constructor(readonly sorted: readonly RegisterEntry<R>[]) {}

  get ready(): boolean {
    return this.postings !== null;
  }

  /**
   * Indexes entries while `timeLeft()` (ms) stays above 1, at least one chunk per call; true when the
   * index is complete. Without `timeLeft`, completes it now.
   */
  prepare(timeLeft: () => number = () => Infinity): boolean {
    const building = this.building;
    if (!building) return true;
    const CHUNK = 256;
    do {
      const end = Math.min(this.next + CHUNK, this.sorted.length);
      for (let i = this.next; i < end; i++) {
        const key = this.sorted[i]?.key ?? '';
        for (let j = 0; j + 1 < key.length; j++) {
          const b = bigram(key, j);
          let list = building.get(b);
          if (!list) {
            list = [];
            building.set(b, list);
          }
          if (list[list.length - 1] !== i) list.push(i);
        }
      }
      this.next = end;
    } while (this.next < this.sorted.length && timeLeft() > 1);
    if (this.next < this.sorted.length) return false;
    const postings = new Map<number, Int32Array>();
    for (const [b, list] of building) postings.set(b, Int32Array.from(list));
    this.postings = postings;
    this.building = null;
    return true;
  }

  filter(filter: RegisterFilter): RegisterEntry<R>[] {
    const qs = registerQueryKeys(filter.query);
    const postings = this.postings;
    if (!postings || qs.some((q) => q.length < 2)) return filterRegister(this.sorted, filter);
    // Each key's rarest pair; a key with a pair no entry contains can match nothing.
    const lists: Int32Array[] = [];
    for (const q of qs) {
      let rarest: Int32Array | undefined;
      for (let j = 0; j + 1 < q.length; j++) {
        const list = postings.get(bigram(q, j));
        if (!list) {
          rarest = undefined;
          break;
        }
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      if (rarest) lists.push(rarest);
    }
    // One list ascends already; the candidates of several are merged in entry order, each once.
    const candidates = lists.length === 1 ? (lists[0] ?? []) : [...new Set(lists.flatMap((l) => [...l]))].sort((a, b) => a - b);
    // A query of one key that is a single pair is in every key its list holds (the list of that very pair):
    // only the other filters are left to test. A two-letter query, the commonest and the one with the most
    // candidates, skips thousands of substring tests.
    const onePair = qs.length === 1 && qs[0]?.length === 2;
    const out: RegisterEntry<R>[] = [];
    for (const i of candidates) {
      const e = this.sorted[i];
      if (e && (onePair ? passesFilters(e, filter) : passes(e, filter, qs))) out.push(e);
    }
    return out;
  }
}
