import type { Store } from '../../../app/StoreProvider';
import { todayBangkok } from '../../../../shared/dates/thaiDate';

/**
 * Loads the deterministic demo generator on demand (it is not part of the main bundle) and writes its
 * residents and assessments through the bulk path, which records outbox entries like every other write.
 */
export async function loadDemoData(store: Store, size: number, seed = 20_250_101): Promise<number> {
  const { generateDemoData } = await import('../../../../shared/demo/generate');
  const { bulkLoadResidents } = await import('../../../db/bulk');
  const data = generateDemoData({ residents: size, seed, today: todayBangkok() });
  await bulkLoadResidents(
    store.db,
    data.residents.map((r) => ({ ...r.data, id: r.id })),
    data.assessments.map((a) => ({ ...a.data, id: a.id })),
    store.writeCtx,
  );
  return data.residents.length;
}
