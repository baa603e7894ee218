/**
 * rounds.autoplan.*: the weekly-rounds auto-planner (shared/rounds/plan.ts) on a generated municipality of
 * 150 caregivers, 3,000 residents and 10 communities, a week with one public holiday (shared/rounds/generate.ts,
 * which builds a feasible plan first and derives the demand from it).
 *
 * - rounds.autoplan.150x3000: ms of plan(input), median of RUNS after one warm-up run; `floorMs` is the
 *   greedy baseline's time on the same input (baseline.ts), `loadAvg1` the machine's 1-minute load average
 *   before the runs.
 * - rounds.autoplan.unmet: the number of required visits the plan leaves unplanned (a count, printed with
 *   unit "ratio" because the output contract has no count unit; `of` is the number of required visits).
 * - rounds.autoplan.continuity: of the residents with visits planned whose previous or primary caregiver may
 *   visit her (community, skills) and works at least one day of the week, the share whose every visit is by
 *   her previous or primary caregiver.
 * - rounds.autoplan.km_vs_greedy: the plan's total route km ÷ the greedy baseline's (baseline.ts, least-loaded
 *   day); `packedGreedyKm` is the baseline that packs each caregiver's first days, for comparison, and
 *   `greedyVisitsByPreferred` the share of the baseline's visits made by the previous or primary caregiver
 *   (the continuity the baseline gives up for its km); `vsContinuityGreedy` is the plan's km ÷ the same greedy
 *   trying the previous or primary caregiver first, the like-for-like baseline for a plan held to continuity.
 * - rounds.autoplan.load_spread: the most visits on one working caregiver-day ÷ the mean, over the open days
 *   (working, not leave, not holiday) of the caregivers with any visit.
 */
import * as os from 'node:os';
import { generateWeek } from '../../../shared/rounds/generate';
import { plan } from '../../../shared/rounds/plan';
import { isOpen, mayVisit, weekDays } from '../../../shared/rounds/problem';
import type { PlanInput, PlanOutput } from '../../../shared/rounds/types';
import { median, round1, type NodeBench } from '../support';
import { greedyBaseline } from './baseline';

const RUNS = 3;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

function continuity(input: PlanInput, out: PlanOutput): number {
  const days = weekDays(input.weekStart, input.holidays);
  const cgs = new Map(input.caregivers.map((c) => [c.id, c]));
  const byResident = new Map<string, string[]>();
  for (const v of out.visits) byResident.set(v.residentId, [...(byResident.get(v.residentId) ?? []), v.caregiverId]);
  let counted = 0;
  let kept = 0;
  for (const r of input.residents) {
    const planned = byResident.get(r.residentId);
    const preferred = [r.previousCaregiverId, r.primaryCaregiverId].flatMap((id) => {
      const c = id === null ? undefined : cgs.get(id);
      return c !== undefined && mayVisit(c, r) && days.some((d) => isOpen(c, d)) ? [c.id] : [];
    });
    if (planned === undefined || preferred.length === 0) continue;
    counted++;
    if (planned.every((id) => preferred.includes(id))) kept++;
  }
  return counted === 0 ? 1 : kept / counted;
}

function loadSpread(input: PlanInput, out: PlanOutput): number {
  const days = weekDays(input.weekStart, input.holidays);
  const perDay = new Map<string, number>();
  for (const v of out.visits) perDay.set(`${v.caregiverId} ${v.date}`, (perDay.get(`${v.caregiverId} ${v.date}`) ?? 0) + 1);
  const working = new Set(out.visits.map((v) => v.caregiverId));
  const counts = input.caregivers.filter((c) => working.has(c.id)).flatMap((c) => days.filter((d) => isOpen(c, d)).map((d) => perDay.get(`${c.id} ${d.date}`) ?? 0));
  const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
  return Math.max(...counts) / mean;
}

const bench: NodeBench = {
  name: 'rounds.autoplan',
  async run({ log }) {
    const { input } = generateWeek();
    const loadAvg1 = round1(os.loadavg()[0] ?? 0);
    const warm = plan(input);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const out = plan(input);
      times.push(performance.now() - t0);
      if (out.visits.length !== warm.visits.length) throw new Error('plan() is not deterministic on the same input');
    }
    const b0 = performance.now();
    const baseline = greedyBaseline(input, 'leastLoaded');
    const floorMs = performance.now() - b0;
    const packed = greedyBaseline(input, 'firstWithRoom');
    const continuityGreedy = greedyBaseline(input, 'leastLoaded', true);
    const required = warm.visits.length + warm.unmet.reduce((n, u) => n + ('missing' in u.params ? u.params.missing : 0), 0);
    const km = warm.routes.reduce((n, r) => n + r.km, 0);
    log({ bench: 'rounds.autoplan.150x3000', value: round1(median(times)), unit: 'ms', target: 2000, runs: RUNS, minMs: round1(Math.min(...times)), maxMs: round1(Math.max(...times)), floorMs: round1(floorMs), loadAvg1 });
    log({ bench: 'rounds.autoplan.unmet', value: required - warm.visits.length, unit: 'ratio', target: 0, of: required });
    log({ bench: 'rounds.autoplan.continuity', value: round3(continuity(input, warm)), unit: 'ratio', target: 0.9 });
    log({ bench: 'rounds.autoplan.km_vs_greedy', value: round3(km / baseline.km), unit: 'ratio', target: 0.8, km: round1(km), greedyKm: round1(baseline.km), greedyPlaced: baseline.placed, greedyRequired: baseline.required, greedyVisitsByPreferred: round3(baseline.byPreferred), packedGreedyKm: round1(packed.km), packedGreedyPlaced: packed.placed, vsContinuityGreedy: round3(km / continuityGreedy.km), continuityGreedyKm: round1(continuityGreedy.km), continuityGreedyByPreferred: round3(continuityGreedy.byPreferred) });
    log({ bench: 'rounds.autoplan.load_spread', value: round3(loadSpread(input, warm)), unit: 'ratio', target: 1.3 });
  },
};

export default bench;
