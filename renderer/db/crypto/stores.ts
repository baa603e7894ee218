/**
 * Which stores are sealed on a device with a data key (docs/security.md §3 "Records at rest"): every store
 * holding a resident's name, national ID, birth date, health values or notes, the records and the read
 * models and queues that copy them. Not sealed: ids-only and staff stores (communities, meta but for the
 * register's head, sync state,
 * directory, availability, leaves, holidays, roundSeen, viewEvents, the attachment upload queue). Photos
 * (attachments) are sealed with their bytes in envelopes of their own (sealer.ts).
 *
 * `hashed` names indexes that hold a keyed hash of a personal value instead of the value: the national-ID
 * and birth-date look-ups of the duplicate check ask them by equality. Their plain indexes (`nationalId`,
 * `birthDate.value`) stay in the schema for the devices without a data key and are empty on sealed rows.
 */
export interface SealedStoreConfig {
  hashed?: Readonly<Record<string, string>>;
  /** Seal only the rows with these primary keys (the rest of the store is read while locked). */
  only?: readonly string[];
}

export const SEALED_STORES: Readonly<Record<string, SealedStoreConfig>> = {
  residents: { hashed: { nidHash: 'nationalId', dobHash: 'birthDate.value' } },
  visits: {},
  visitAmendments: {},
  visitDrafts: {},
  assessments: {},
  carePlans: {},
  consents: {},
  alertAcks: {},
  outbox: {},
  syncRejected: {},
  conflicts: {},
  notices: {},
  registerRows: {},
  residentDigests: {},
  alertRows: {},
  roundCells: {},
  roundVisits: {},
  roundGone: {},
  reportResidentPacks: {},
  reportVisitPacks: {},
  // Photo bytes, sealed apart from the row's JSON (sealer.ts).
  attachments: {},
  // The register's first rows, kept for a fast first paint (registerHead.ts).
  meta: { only: ['registerHead'] },
};
