/**
 * One caregiver's page (#/staff/<userId>, docs/domain.md §9): her availability form and her leave. Care
 * managers and admins only; a user this device's directory does not know as a caregiver is not edited.
 */
import { routeHref } from '../../app/router';
import { useI18n } from '../../i18n/I18nProvider';
import { AvailabilityForm } from './AvailabilityForm';
import { communitiesText, StaffGate } from './kit';
import { LeaveSection } from './LeaveSection';
import { useCaregiver } from './queries';
import './staff.css';

export function CaregiverPage({ userId }: { userId: string }) {
  const { t } = useI18n();
  return (
    <div data-testid="caregiver-page" data-user-id={userId}>
      <p>
        <a href={routeHref({ name: 'staff' })} data-testid="staff-back">
          {t('staff.back')}
        </a>
      </p>
      <StaffGate>
        <CaregiverContent userId={userId} />
      </StaffGate>
    </div>
  );
}

function CaregiverContent({ userId }: { userId: string }) {
  const { t, locale } = useI18n();
  const data = useCaregiver(userId);
  if (data === undefined) {
    return (
      <p className="muted" aria-busy="true">
        {t('staff.loading')}
      </p>
    );
  }
  if (data.user === null || data.user.role !== 'caregiver') {
    return (
      <p className="empty" data-testid="caregiver-unknown">
        {t('staff.unknownCaregiver')}
      </p>
    );
  }
  return (
    <>
      <div className="page-header">
        <h1>{t('staff.edit.title', { name: data.user.displayName })}</h1>
      </div>
      <p className="muted">{communitiesText(data.user.communities, data.communities, locale)}</p>
      <AvailabilityForm userId={userId} stored={data.availability} />
      <LeaveSection userId={userId} leaves={data.leaves} />
    </>
  );
}
