import type { PlanOutput } from '../../../../shared/rounds/types';

/** What the planning worker (planWorker.ts) answers. */
export type PlanReply = { ok: true; out: PlanOutput } | { ok: false; message: string };
