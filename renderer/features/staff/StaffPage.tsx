/**
 * Staff and holidays (#/staff, docs/domain.md §9): every active caregiver of the directory with her
 * availability (or the planner's default, marked not set) and upcoming leave, each a link to her page; and
 * the year's public holidays. Care managers and admins only; everything is a local write through the
 * repository, synced later like any record.
 */
import { todayBangkok } from '../../../shared/dates/thaiDate';
import { routeHref } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import { ColumnHeads } from '../../ui/ColumnHeads';
import { HolidaysSection } from './HolidaysSection';
import { communitiesText, leaveRange, REASON_KEYS, StaffGate } from './kit';
import { useStaffList } from './queries';
import { activeCaregivers, availabilitySummary, upcomingLeave } from './staff';
import './staff.css';

export function StaffPage() {
  const { t } = useI18n();
  return (
    <div data-testid="staff-page">
      <div className="page-header">
        <h1>{t('staff.title')}</h1>
      </div>
      <StaffGate>
        <p className="muted">{t('staff.intro')}</p>
        <CaregiversSection />
        <HolidaysSection />
      </StaffGate>
    </div>
  );
}

function CaregiversSection() {
  const i18n = useI18n();
  const { t, locale } = i18n;
  const data = useStaffList();
  const today = todayBangkok();
  const caregivers = data ? activeCaregivers(data.directory) : [];
  return (
    <section className="card staff-section" aria-labelledby="staff-caregivers-title" aria-busy={data === undefined} data-testid="staff-caregivers">
      <h2 id="staff-caregivers-title">{t('staff.caregivers.title')}</h2>
      {data === undefined ? (
        <p className="muted">{t('staff.loading')}</p>
      ) : caregivers.length === 0 ? (
        <p className="empty">{t('staff.caregivers.none')}</p>
      ) : (
        <div className="staff-table-wrap">
          <table className="data">
            <ColumnHeads labels={[t('staff.col.name'), t('staff.col.communities'), t('staff.col.availability'), t('staff.col.skills'), t('staff.col.leave')]} />
            <tbody>
              {caregivers.map((u) => {
                const stored = data.availability.find((a) => a.id === u.id && a.deletedAt === null);
                const s = availabilitySummary(u.id, stored, locale);
                const summary = t('staff.summary', { days: s.days, hours: s.hours, cap: s.cap });
                const leave = upcomingLeave(data.leaves, u.id, today);
                return (
                  <tr key={u.id} data-testid="staff-row" data-user-id={u.id} data-set={s.set}>
                    <td>
                      <a href={routeHref({ name: 'staffMember', userId: u.id })} data-testid="staff-edit">
                        {u.displayName}
                      </a>
                    </td>
                    <td>{communitiesText(u.communities, data.communities, locale)}</td>
                    <td data-testid="staff-availability">{s.set ? summary : t('staff.notSetDefault', { summary })}</td>
                    <td data-testid="staff-skills">{s.skills.length > 0 ? s.skills.join(', ') : <span className="muted">{t('staff.noSkills')}</span>}</td>
                    <td data-testid="staff-leave">
                      {leave.length === 0 ? (
                        <span className="muted">{t('staff.noLeave')}</span>
                      ) : (
                        <ul className="staff-plain-list">
                          {leave.map((l) => (
                            <li key={l.id}>
                              {leaveRange(l, i18n)} ({t(REASON_KEYS[l.reason])})
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
