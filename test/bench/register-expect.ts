/**
 * What the register must show for generated data, computed in Node with the app's own shared/register.ts
 * over the same records that were seeded: the benchmarks check the page against it, so an optimisation
 * that makes the register fast but wrong fails the run instead of improving the figure.
 */
import type { DemoData } from '../../shared/demo/generate';
import { SEED_COMMUNITIES } from '../../shared/reference/communities';
import { buildRegisterEntry, compareEntries, EMPTY_FILTER, filterRegister, type RegisterEntry, type RegisterResident } from '../../shared/register';

export type ExpectedEntry = RegisterEntry<RegisterResident>;

/** Every seeded resident as a register entry, in register order. */
export function expectedRegister(data: DemoData): ExpectedEntry[] {
  const names = new Map(SEED_COMMUNITIES.map((c) => [c.id, c.nameTh]));
  return data.residents
    .map((r) => buildRegisterEntry({ ...r.data, id: r.id, deletedAt: null }, names.get(r.data.communityId) ?? ''))
    .sort(compareEntries);
}

/** How many rows the register shows for `query` with the default filters. */
export function expectedShown(entries: readonly ExpectedEntry[], query: string): number {
  return filterRegister(entries, { ...EMPTY_FILTER, query }).length;
}

/** The numbers of the count line ("พบ 9,574 จาก 10,000 คน" → [9574, 10000]). */
export function parseCount(text: string): { shown: number; total: number } {
  const [shown, total] = (text.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
  if (shown === undefined || total === undefined) throw new Error(`register count has no numbers: "${text}"`);
  return { shown, total };
}
