/**
 * JSON Schemas (draft 2020-12) of every wire body and synced record, derived from the zod schemas, for
 * docs/protocol-schemas.json (written by scripts/gen-protocol-schemas.ts; a test keeps the file current).
 * Pure: the script does the file I/O.
 *
 * Checks that JSON Schema cannot express (HLC dates, Thai ID checksums, ADL totals, consecutive mids, JSON
 * value limits) are stated in `description`s and in docs/sync-protocol.md; the zod schemas enforce them.
 */
import {
  availabilityDataSchema,
  availabilityPatchSchema,
  holidayDataSchema,
  holidayPatchSchema,
  leaveDataSchema,
  leavePatchSchema,
  roundVisitDataSchema,
  roundVisitPatchSchema,
} from '../rounds/recordsSchema';
import * as z from 'zod/mini';
import { Cursor } from './cursor';
import { adlAssessmentDataSchema, adlAssessmentStoredSchema, adlVoidSchema, conflictDataSchema, conflictPatchSchema, noticeDataSchema, noticePatchSchema, residentDataSchema, residentPatchSchema } from './data';
import {
  AdminCreateUserRequest,
  AdminDevice,
  AdminDeviceAnswer,
  AdminDeviceList,
  AdminRevokeDeviceRequest,
  AdminResetPasswordAnswer,
  AdminResetPasswordRequest,
  AdminUpdateUserRequest,
  AdminUser,
  AdminUserAnswer,
  AdminUserList,
  BootstrapLine,
  BootstrapQuery,
  Change,
  CompactBootstrapLine,
  CommunityAnswer,
  CommunityInfo,
  CommunityInfoList,
  ErrorBody,
  HealthResponse,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  Mutation,
  PROTOCOL_VERSION,
  PullQuery,
  PullResponse,
  PushRequest,
  PushResponse,
  RecoveryKeyRequest,
  RecoveryKeyResponse,
  RefreshRequest,
  RefreshResponse,
  SyncEvent,
  WipedRequest,
} from './protocol';
import { DirectoryResponse } from './directory';
import { AuditPage, AuditQuery, ViewEventsRequest, ViewEventsResponse } from './audit';
import { visitAmendmentDataSchema, visitDataSchema, visitStoredSchema, visitVoidSchema } from '../visit';
import { carePlanDataSchema, carePlanPatchSchema } from '../carePlan';
import { alertAckDataSchema } from '../alertsSchema';
import { consentDataSchema, consentPatchSchema } from '../consent';

/** Bodies whose input differs from their output (query strings parsed to numbers, defaults) use the input side. */
const BODIES: Record<string, { schema: z.ZodMiniType; io: 'input' | 'output' }> = {
  Mutation: { schema: Mutation, io: 'input' },
  PushRequest: { schema: PushRequest, io: 'input' },
  PushResponse: { schema: PushResponse, io: 'output' },
  PullQuery: { schema: PullQuery, io: 'input' },
  Change: { schema: Change, io: 'output' },
  PullResponse: { schema: PullResponse, io: 'output' },
  BootstrapQuery: { schema: BootstrapQuery, io: 'input' },
  BootstrapLine: { schema: BootstrapLine, io: 'output' },
  CompactBootstrapLine: { schema: CompactBootstrapLine, io: 'output' },
  SyncEvent: { schema: SyncEvent, io: 'output' },
  ErrorBody: { schema: ErrorBody, io: 'output' },
  LoginRequest: { schema: LoginRequest, io: 'input' },
  LoginResponse: { schema: LoginResponse, io: 'output' },
  RefreshRequest: { schema: RefreshRequest, io: 'input' },
  RefreshResponse: { schema: RefreshResponse, io: 'output' },
  LogoutRequest: { schema: LogoutRequest, io: 'input' },
  WipedRequest: { schema: WipedRequest, io: 'input' },
  RecoveryKeyRequest: { schema: RecoveryKeyRequest, io: 'input' },
  RecoveryKeyResponse: { schema: RecoveryKeyResponse, io: 'output' },
  AdminCreateUserRequest: { schema: AdminCreateUserRequest, io: 'input' },
  AdminUpdateUserRequest: { schema: AdminUpdateUserRequest, io: 'input' },
  AdminResetPasswordRequest: { schema: AdminResetPasswordRequest, io: 'input' },
  AdminResetPasswordAnswer: { schema: AdminResetPasswordAnswer, io: 'output' },
  AdminUser: { schema: AdminUser, io: 'output' },
  AdminUserAnswer: { schema: AdminUserAnswer, io: 'output' },
  AdminUserList: { schema: AdminUserList, io: 'output' },
  AdminDevice: { schema: AdminDevice, io: 'output' },
  AdminDeviceAnswer: { schema: AdminDeviceAnswer, io: 'output' },
  AdminDeviceList: { schema: AdminDeviceList, io: 'output' },
  AdminRevokeDeviceRequest: { schema: AdminRevokeDeviceRequest, io: 'input' },
  CommunityInfo: { schema: CommunityInfo, io: 'input' },
  CommunityInfoList: { schema: CommunityInfoList, io: 'output' },
  CommunityAnswer: { schema: CommunityAnswer, io: 'output' },
  DirectoryResponse: { schema: DirectoryResponse, io: 'output' },
  HealthResponse: { schema: HealthResponse, io: 'output' },
  Cursor: { schema: Cursor, io: 'output' },
  AuditQuery: { schema: AuditQuery, io: 'input' },
  AuditPage: { schema: AuditPage, io: 'output' },
  ViewEventsRequest: { schema: ViewEventsRequest, io: 'input' },
  ViewEventsResponse: { schema: ViewEventsResponse, io: 'output' },
};

const RECORDS: Record<string, z.ZodMiniType> = {
  'resident.create': residentDataSchema,
  'resident.patch': residentPatchSchema,
  'adl_assessment.create': adlAssessmentDataSchema,
  'adl_assessment.void': adlVoidSchema,
  'adl_assessment.stored': adlAssessmentStoredSchema,
  'conflict.stored': conflictDataSchema,
  'conflict.patch': conflictPatchSchema,
  'visit.create': visitDataSchema,
  'visit.void': visitVoidSchema,
  'visit.stored': visitStoredSchema,
  'visit_amendment.create': visitAmendmentDataSchema,
  'care_plan.create': carePlanDataSchema,
  'care_plan.patch': carePlanPatchSchema,
  'alert_ack.create': alertAckDataSchema,
  'notice.stored': noticeDataSchema,
  'notice.patch': noticePatchSchema,
  'availability.create': availabilityDataSchema,
  'availability.patch': availabilityPatchSchema,
  'leave.create': leaveDataSchema,
  'leave.patch': leavePatchSchema,
  'holiday.create': holidayDataSchema,
  'holiday.patch': holidayPatchSchema,
  'consent.create': consentDataSchema,
  'consent.patch': consentPatchSchema,
  'round_visit.create': roundVisitDataSchema,
  'round_visit.patch': roundVisitPatchSchema,
};

function toSchema(schema: z.ZodMiniType, io: 'input' | 'output'): unknown {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema: _drop, ...rest } = json;
  return rest;
}

export function buildProtocolJsonSchemas(): Record<string, unknown> {
  const bodies: Record<string, unknown> = {};
  for (const [name, { schema, io }] of Object.entries(BODIES)) bodies[name] = toSchema(schema, io);
  const records: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(RECORDS)) records[name] = toSchema(schema, 'output');
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $comment: 'Generated from shared/sync/*.ts by scripts/gen-protocol-schemas.ts. Do not edit.',
    protocol: PROTOCOL_VERSION,
    bodies,
    records,
  };
}
