import type { SchemaVersion } from './types';

/**
 * Version 4: `registerRows`, the register's small projection of each resident (renderer/db/registerRows.ts),
 * keyed by resident id, so opening the register does not read every full record. No index: the register
 * reads the whole store.
 *
 * The upgrade fills it from the residents as they are at this step (the middleware that keeps it afterwards
 * is inactive while the store does not exist yet). It writes no outbox entry: a local copy, never synced.
 *
 * Frozen: the projection below is the register row as it was at version 4, copied here with its types, so
 * a later change to the live projection (registerRows.ts projectRegisterRow) never changes what this upgrade
 * writes. A later shape reaches existing rows through the read models' rebuild (readModels/marker.ts), not
 * through this file.
 */

/** The fields of a stored resident that the version-4 row reads; any of them may be missing in a damaged row. */
interface StoredResidentV4 {
  id: string;
  deletedAt?: string | null;
  prefix?: string;
  firstName?: string;
  lastName?: string;
  nickname?: string;
  sex?: string;
  nationalId?: string | null;
  birthDate?: { value?: string; precision?: string };
  communityId?: string;
  address?: unknown;
  phones?: unknown;
  contacts?: unknown;
  status?: string;
  statusDate?: string | null;
  latestAdl?: { assessmentId: string; total: number; group: string; assessedOn: string } | null;
}

/** A version-4 register row: scalars only, the address and lists as JSON text. */
interface RegisterRowV4 {
  id: string;
  deletedAt: string | null;
  prefix: string;
  firstName: string;
  lastName: string;
  nickname: string;
  sex: string | undefined;
  nationalId: string | null;
  birthDate: string;
  birthPrecision: string;
  communityId: string;
  address: string;
  phones: string;
  contacts: string;
  status: string | undefined;
  statusDate: string | null;
  adlId: string | null;
  adlTotal: number | null;
  adlGroup: string | null;
  adlOn: string | null;
}

const EMPTY_ADDRESS_V4 = { houseNo: '', moo: '', village: '', soi: '', road: '', subDistrict: '', district: '', province: '', postalCode: '' };

/**
 * A deliberate copy of registerRows.ts projectRegisterRow as it was at version 4 (see the header: a frozen
 * version never calls live code). Never throws, also for a damaged row (a throw would fail the upgrade):
 * missing parts become empty ones.
 */
function registerRowV4(r: StoredResidentV4): RegisterRowV4 {
  const adl = r.latestAdl ?? null;
  return {
    id: r.id,
    deletedAt: r.deletedAt ?? null,
    prefix: r.prefix ?? '',
    firstName: r.firstName ?? '',
    lastName: r.lastName ?? '',
    nickname: r.nickname ?? '',
    sex: r.sex,
    nationalId: r.nationalId ?? null,
    birthDate: r.birthDate?.value ?? '',
    birthPrecision: r.birthDate?.precision ?? 'year',
    communityId: r.communityId ?? '',
    address: JSON.stringify(r.address ?? EMPTY_ADDRESS_V4),
    phones: JSON.stringify(r.phones ?? []),
    contacts: JSON.stringify(r.contacts ?? []),
    status: r.status,
    statusDate: r.statusDate ?? null,
    adlId: adl ? adl.assessmentId : null,
    adlTotal: adl ? adl.total : null,
    adlGroup: adl ? adl.group : null,
    adlOn: adl ? adl.assessedOn : null,
  };
}

export const v4: SchemaVersion = {
  version: 4,
  stores: {
    registerRows: 'id',
  },
  async upgrade(tx) {
    const rows: RegisterRowV4[] = [];
    // each(): only the small projections are held, not every full record at once.
    await tx
      .table('residents')
      .each((r: StoredResidentV4) => {
        rows.push(registerRowV4(r));
      });
    await tx.table('registerRows').bulkPut(rows);
  },
};
