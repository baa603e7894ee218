/**
 * Her published visits of the day that the care manager gave to someone else (db/roundGone.ts): each with
 * its time and resident, "no need to go", and "seen", which forgets it on this device.
 */
import { useState } from 'react';
import { residentFullName, type Resident } from '../../../../shared/resident';
import { useStore } from '../../../app/StoreProvider';
import { dismissGone, type RoundGone } from '../../../db/roundGone';
import { useI18n } from '../../../i18n/I18nProvider';
import { timeText } from './text';

export function GoneList({ gone, residents }: { gone: readonly RoundGone[]; residents: ReadonlyMap<string, Resident> }) {
  const { t } = useI18n();
  const { db } = useStore();
  const [busy, setBusy] = useState(false);
  if (gone.length === 0) return null;
  const seen = async (key: string): Promise<void> => {
    setBusy(true);
    try {
      await dismissGone(db, key);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="today-gone" data-testid="today-gone">
      <h2>{t('today.gone.title')}</h2>
      <ul>
        {gone.map((g) => {
          const r = residents.get(g.residentId);
          const name = r ? residentFullName(r) : t('today.residentMissing');
          return (
            <li key={g.key} data-testid="today-gone-item" data-round-id={g.roundId}>
              <span className="today-time">{timeText(g.minute, { t })}</span> <strong>{name}</strong>: {t('today.gone.text')}{' '}
              <button type="button" className="btn" disabled={busy} onClick={() => void seen(g.key)} aria-label={t('today.changed.seenLabel', { name })} data-testid="today-gone-seen">
                {t('today.changed.seen')}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
