/**
 * The zod schema of an alert acknowledgement (a synced record, shared/sync/records.ts). Apart from alerts.ts
 * so the alert rules load without zod (docs/architecture.md, "What loads first").
 */
import * as z from 'zod/mini';
import { ALERT_RULES } from './alerts';

const ALERT_ID_RE = new RegExp(`^(${ALERT_RULES.join('|')}):[0-9a-f-]{36}:[0-9a-f-]{36}$`);

export const alertAckDataSchema = z.strictObject({
  alertId: z.string().check(z.maxLength(200), z.regex(ALERT_ID_RE, { message: 'not an alert id' })),
  residentId: z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, { message: 'not a lower-case UUID' })),
  by: z.string().check(z.minLength(1), z.maxLength(64)),
  at: z.iso.datetime({ offset: false }),
}).check(z.refine((a) => a.alertId.split(':')[1] === a.residentId, { message: 'alert of another resident', path: ['alertId'] }));
