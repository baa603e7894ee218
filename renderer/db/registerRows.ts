/**
 * The register's projection of residents (`registerRows`, schema v4): per resident only the fields the
 * register shows, searches, sorts and filters on, so opening the register reads a few hundred bytes per
 * resident instead of the whole record with its envelope and field clocks.
 *
 * Invariant: after every committed transaction, `registerRows` holds exactly `projectRegisterRow(r)` for
 * every row `r` of `residents`, keyed by the same id (tombstones included: the register filters them out,
 * as it did when it read residents). It is one of the read models kept by the one read-model middleware
 * (readModels/model.ts, docs/architecture.md "Read models"), so every writer keeps it without knowing
 * about it: each mutation of `residents` is followed, in the same transaction, by the matching mutation of
 * `registerRows` (mirrorMutation), for exactly the operations that succeeded; if that write fails, the
 * transaction is aborted, so the two stores never commit apart.
 *
 * Stored flat: reading 10,000 rows costs per object more than per byte (Chromium, measured: the same fields
 * as nested objects read about twice as slowly as flat scalars), so a row is one object of scalars, with
 * the lists and the address as JSON text that the register parses only for the rows that need it
 * (`registerRowView`).
 *
 * The projection's shape is part of the read model: changing `projectRegisterRow` means raising
 * READ_MODELS_VERSION (readModels/marker.ts), which makes every device rebuild its read models.
 */
import type { DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import type { AdlGroup } from '../../shared/adl';
import { assertNever } from '../../shared/assert';
import type { DatePrecision, PartialDate } from '../../shared/dates/thaiDate';
import type { Address, Contact, LatestAdl, Phone, Resident, ResidentStatus, Sex } from '../../shared/resident';

export const REGISTER_ROWS = 'registerRows';

/** A row as stored in registerRows: scalars only (see the header). */
export interface RegisterRowRecord {
  id: string;
  deletedAt: string | null;
  prefix: string;
  firstName: string;
  lastName: string;
  nickname: string;
  sex: Sex;
  nationalId: string | null;
  birthDate: string;
  birthPrecision: DatePrecision;
  communityId: string;
  /** JSON of Address */
  address: string;
  /** JSON of Phone[] */
  phones: string;
  /** JSON of Contact[] */
  contacts: string;
  status: ResidentStatus;
  statusDate: string | null;
  /** latestAdl, null when never assessed */
  adlId: string | null;
  adlTotal: number | null;
  adlGroup: AdlGroup | null;
  adlOn: string | null;
}

/** What the register reads of a resident: shared/register.ts RegisterResident, plus statusDate (the age of the dead). */
export type RegisterRow = Pick<
  Resident,
  | 'id'
  | 'deletedAt'
  | 'prefix'
  | 'firstName'
  | 'lastName'
  | 'nickname'
  | 'sex'
  | 'nationalId'
  | 'birthDate'
  | 'communityId'
  | 'address'
  | 'phones'
  | 'contacts'
  | 'status'
  | 'statusDate'
  | 'latestAdl'
>;

const EMPTY_ADDRESS: Address = { houseNo: '', moo: '', village: '', soi: '', road: '', subDistrict: '', district: '', province: '', postalCode: '' };

/**
 * The row of a resident. Never throws, also for a stored row that lacks fields (written by an older or newer
 * version, or damaged): a throw here would fail the v4 upgrade, leaving the database unopenable, or fail the
 * write. Missing parts become empty ones.
 */
export function projectRegisterRow(r: Resident): RegisterRowRecord {
  const p: Partial<Resident> = r;
  const adl = p.latestAdl ?? null;
  return {
    id: r.id,
    deletedAt: p.deletedAt ?? null,
    prefix: p.prefix ?? '',
    firstName: p.firstName ?? '',
    lastName: p.lastName ?? '',
    nickname: p.nickname ?? '',
    sex: r.sex,
    nationalId: p.nationalId ?? null,
    birthDate: p.birthDate?.value ?? '',
    birthPrecision: p.birthDate?.precision ?? 'year',
    communityId: p.communityId ?? '',
    address: JSON.stringify(p.address ?? EMPTY_ADDRESS),
    phones: JSON.stringify(p.phones ?? []),
    contacts: JSON.stringify(p.contacts ?? []),
    status: r.status,
    statusDate: p.statusDate ?? null,
    adlId: adl ? adl.assessmentId : null,
    adlTotal: adl ? adl.total : null,
    adlGroup: adl ? adl.group : null,
    adlOn: adl ? adl.assessedOn : null,
  };
}

/**
 * The resident fields of a stored row, as the register uses them. Scalars are copied; the address, lists,
 * birth date and latest ADL are built on first read (most rows are never drawn, and their search keys are
 * built in idle time).
 */
class RegisterRowView implements RegisterRow {
  readonly id: string;
  readonly deletedAt: string | null;
  readonly prefix: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly nickname: string;
  readonly sex: Sex;
  readonly nationalId: string | null;
  readonly communityId: string;
  readonly status: ResidentStatus;
  readonly statusDate: string | null;
  private cache: { address?: Address; phones?: Phone[]; contacts?: Contact[]; birthDate?: PartialDate; latestAdl?: LatestAdl | null } = {};

  constructor(private readonly rec: RegisterRowRecord) {
    this.id = rec.id;
    this.deletedAt = rec.deletedAt;
    this.prefix = rec.prefix;
    this.firstName = rec.firstName;
    this.lastName = rec.lastName;
    this.nickname = rec.nickname;
    this.sex = rec.sex;
    this.nationalId = rec.nationalId;
    this.communityId = rec.communityId;
    this.status = rec.status;
    this.statusDate = rec.statusDate;
  }

  get address(): Address {
    return (this.cache.address ??= JSON.parse(this.rec.address) as Address);
  }

  get phones(): Phone[] {
    return (this.cache.phones ??= JSON.parse(this.rec.phones) as Phone[]);
  }

  get contacts(): Contact[] {
    return (this.cache.contacts ??= JSON.parse(this.rec.contacts) as Contact[]);
  }

  get birthDate(): PartialDate {
    return (this.cache.birthDate ??= { value: this.rec.birthDate, precision: this.rec.birthPrecision });
  }

  get latestAdl(): LatestAdl | null {
    if (this.cache.latestAdl === undefined) {
      const { adlId, adlTotal, adlGroup, adlOn } = this.rec;
      this.cache.latestAdl = adlId !== null && adlTotal !== null && adlGroup !== null && adlOn !== null ? { assessmentId: adlId, total: adlTotal, group: adlGroup, assessedOn: adlOn } : null;
    }
    return this.cache.latestAdl;
  }
}

/** The register's view of a stored row (equal, field by field, to the resident it was projected from). */
export function registerRowView(rec: RegisterRowRecord): RegisterRow {
  return new RegisterRowView(rec);
}

/**
 * The registerRows mutation that mirrors `req` on residents, given its response; null when nothing is to
 * be mirrored. Only operations that succeeded are mirrored (a failed add in a caught bulkAdd must not
 * replace the existing resident's row).
 */
export function mirrorMutation(req: DBCoreMutateRequest, res: DBCoreMutateResponse): DBCoreMutateRequest | null {
  const failed = (i: number): boolean => res.failures[i] !== undefined;
  switch (req.type) {
    case 'add':
    case 'put': {
      const rows: RegisterRowRecord[] = [];
      req.values.forEach((value: Resident, i) => {
        if (failed(i)) return;
        const row = projectRegisterRow(value);
        // The stored key (results) is authoritative; residents' key is inbound `id`, so they agree.
        const key: unknown = res.results?.[i];
        if (typeof key === 'string') row.id = key;
        rows.push(row);
      });
      return rows.length > 0 ? { type: 'put', trans: req.trans, values: rows } : null;
    }
    case 'delete': {
      const keys = req.keys.filter((_, i) => !failed(i));
      return keys.length > 0 ? { type: 'delete', trans: req.trans, keys } : null;
    }
    case 'deleteRange':
      // Same primary key (the resident id) on both stores, so the same range.
      return res.numFailures === 0 ? { type: 'deleteRange', trans: req.trans, range: req.range } : null;
    default:
      return assertNever(req);
  }
}
