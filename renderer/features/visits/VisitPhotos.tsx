/**
 * Photos on a visit (with the resident's consent): picked or taken, made small on the device
 * (photoResize.ts), stored by their hash (renderer/db/attachments.ts) and referenced from the form. The
 * bytes sync on their own queue; the form keeps only the references, so a draft survives a reload.
 */
import { useState } from 'react';
import { VISIT_LIMITS, type PhotoRef } from '../../../shared/visit';
import { useStore } from '../../app/StoreProvider';
import { storePhoto } from '../../db/attachments';
import { useI18n } from '../../i18n/I18nProvider';
import { usePhotoUrl } from '../sync';
import { resizePhoto } from './photoResize';
import { errorText } from '../../i18n/errorText';

export interface VisitPhotosProps {
  residentId: string;
  photos: readonly PhotoRef[];
  consent: boolean;
  onChange(photos: PhotoRef[]): void;
  onConsent(consent: boolean): void;
  error?: string | undefined;
  consentError?: string | undefined;
}

export function VisitPhotos({ residentId, photos, consent, onChange, onConsent, error, consentError }: VisitPhotosProps) {
  const { t } = useI18n();
  const { db } = useStore();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const full = photos.length >= VISIT_LIMITS.maxPhotos;

  async function add(files: FileList | null): Promise<void> {
    if (!files || files.length === 0) return;
    setBusy(true);
    setProblem(null);
    try {
      const next = [...photos];
      for (const file of [...files].slice(0, VISIT_LIMITS.maxPhotos - photos.length)) {
        const small = await resizePhoto(file);
        if (!small) {
          setProblem(t('visits.photos.unreadable', { name: file.name }));
          continue;
        }
        const ref = await storePhoto(db, { residentId, ...small });
        if (!next.some((p) => p.blobId === ref.blobId)) next.push(ref);
      }
      onChange(next);
    } catch (err) {
      setProblem(t('visits.photos.failed', { detail: errorText(err, t) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="visit-photos" data-testid="visit-photos">
      <p className="small muted">{t('visits.photos.hint', { max: VISIT_LIMITS.maxPhotos })}</p>
      <ul className="photo-list">
        {photos.map((p, i) => (
          <li key={p.blobId} data-testid="visit-photo">
            <PhotoThumb residentId={residentId} photo={p} alt={t('visits.photos.alt', { n: i + 1 })} />
            <button type="button" className="btn btn-small" onClick={() => onChange(photos.filter((x) => x.blobId !== p.blobId))} data-testid="remove-photo">
              {t('visits.photos.remove')}
            </button>
          </li>
        ))}
      </ul>
      <label className="btn" aria-disabled={full || busy}>
        {busy ? t('visits.photos.working') : t('visits.photos.add')}
        <input
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          hidden
          disabled={full || busy}
          data-testid="add-photo"
          onChange={(e) => {
            void add(e.target.files);
            e.target.value = '';
          }}
        />
      </label>
      {problem ? (
        <p className="field-error" role="alert">
          {problem}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="field-error-photos">
          {error}
        </p>
      ) : null}
      {photos.length > 0 ? (
        <label className="checkbox">
          <input type="checkbox" checked={consent} onChange={(e) => onConsent(e.target.checked)} data-testid="visit-photo-consent" aria-invalid={consentError ? true : undefined} />
          {t('visits.photos.consent')}
        </label>
      ) : null}
      {consentError ? (
        <p className="field-error" role="alert" data-testid="field-error-photoConsent">
          {consentError}
        </p>
      ) : null}
    </div>
  );
}

export function PhotoThumb({ residentId, photo, alt }: { residentId: string; photo: PhotoRef; alt: string }) {
  const { t } = useI18n();
  const url = usePhotoUrl(residentId, photo);
  if (url === null) return <span className="photo-missing small muted">{t('visits.photos.missing')}</span>;
  return <img src={url} alt={alt} width={Math.round((photo.width * 96) / Math.max(photo.width, photo.height))} height={Math.round((photo.height * 96) / Math.max(photo.width, photo.height))} />;
}
