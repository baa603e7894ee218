/**
 * The auto-planner off the main thread: planning a municipality's week (~3,900 visits) takes a second or
 * more, which on the page's thread would freeze the planner, the sync status and every input meanwhile. This
 * dedicated worker receives one PlanInput, answers with the PlanOutput (or the error's message) and is then
 * terminated by planOffThread (planWeek.ts). It touches no storage: the page reads and writes.
 */
import { plan } from '../../../../shared/rounds/plan';
import type { PlanInput } from '../../../../shared/rounds/types';
import type { PlanReply } from './planReply';

const scope = self as unknown as { onmessage: ((e: MessageEvent<PlanInput>) => void) | null; postMessage(m: PlanReply): void };

scope.onmessage = (e) => {
  try {
    scope.postMessage({ ok: true, out: plan(e.data) });
  } catch (err) {
    scope.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
};
