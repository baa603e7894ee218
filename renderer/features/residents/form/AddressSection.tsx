import { useMemo, useState } from 'react';
import type { Community } from '../../../../shared/reference/communities';
import { cleanText, compareThai } from '../../../../shared/text/normalise';
import { useI18n } from '../../../i18n/I18nProvider';
import { SelectField } from '../../../ui/form/SelectField';
import { TextField } from '../../../ui/form/TextField';
import { AddressPicker } from './AddressPicker';
import type { AreaPick } from './addressSearch';
import type { FormKit } from './kit';

export interface AddressSectionProps {
  kit: FormKit;
  communities: readonly Community[];
}

const AREA_FIELDS = ['subDistrict', 'district', 'province', 'postalCode'] as const;
type AreaField = (typeof AREA_FIELDS)[number];

type GpsStatus = 'idle' | 'locating' | 'done' | 'denied' | 'unavailable' | 'timeout';

export function AddressSection({ kit, communities }: AddressSectionProps) {
  const { t, locale } = useI18n();
  const { form, fid, label, err } = kit;
  const [gpsStatus, setGpsStatus] = useState<GpsStatus>('idle');
  const [gpsAccuracy, setGpsAccuracy] = useState(0);
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  const options = useMemo(
    () =>
      [...communities]
        .sort((a, b) => (locale === 'th' ? compareThai(a.nameTh, b.nameTh) : a.nameEn.localeCompare(b.nameEn, 'en')))
        .map((c) => ({ value: c.id, label: locale === 'th' ? c.nameTh : c.nameEn })),
    [communities, locale],
  );

  const setArea = (field: AreaField, value: string) => {
    const name = `address.${field}` as const;
    // Re-check only a field that shows an error, so filling it clears the message without flagging others.
    form.setValue(name, value, { shouldDirty: true, shouldValidate: Boolean(form.getFieldState(name).error) });
  };

  /** A community implies its area: fill the parts still empty, never overwrite what was typed. */
  const prefillFromCommunity = (id: string) => {
    const c = communities.find((x) => x.id === id);
    if (!c) return;
    for (const f of AREA_FIELDS) if (cleanText(form.getValues(`address.${f}`)) === '') setArea(f, c[f]);
  };

  const pickArea = (area: AreaPick) => {
    for (const f of AREA_FIELDS) setArea(f, area[f]);
  };

  const locate = () => {
    setGpsStatus('locating');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const opts = { shouldDirty: true, shouldValidate: true };
        form.setValue('gps.lat', pos.coords.latitude.toFixed(6), opts);
        form.setValue('gps.lng', pos.coords.longitude.toFixed(6), opts);
        form.setValue('gps.accuracy', String(Math.round(pos.coords.accuracy)), opts);
        setGpsAccuracy(Math.round(pos.coords.accuracy));
        setGpsStatus('done');
      },
      (e) => setGpsStatus(e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable'),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const gpsText =
    gpsStatus === 'idle'
      ? ''
      : gpsStatus === 'locating'
        ? t('rf.gps.locating')
        : gpsStatus === 'done'
          ? t('rf.gps.done', { m: gpsAccuracy })
          : t(`rf.gps.${gpsStatus}`);

  const text = (field: 'houseNo' | 'moo' | 'village' | 'soi' | 'road', hint?: string) => (
    <TextField
      id={fid(`address.${field}`)}
      label={label(`address.${field}`)}
      registration={form.register(`address.${field}`)}
      hint={hint}
      error={err(`address.${field}`)}
    />
  );

  return (
    <fieldset className="card">
      <legend>{t('rf.section.address')}</legend>
      <div className="grid">
        <SelectField
          id={fid('communityId')}
          label={label('communityId')}
          registration={form.register('communityId', { onChange: (e: { target: { value: string } }) => prefillFromCommunity(e.target.value) })}
          options={options}
          emptyLabel={t('rf.community.choose')}
          hint={t('rf.community.hint')}
          error={err('communityId')}
        />
      </div>
      <div className="grid">
        {text('houseNo', t('rf.address.houseNo.hint'))}
        {text('moo', t('rf.address.moo.hint'))}
        {text('village')}
        {text('soi')}
        {text('road')}
      </div>
      <AddressPicker id="rf-address-search" label={t('rf.addressSearch')} hint={t('rf.addressSearch.hint')} onPick={pickArea} />
      <div className="grid">
        {AREA_FIELDS.map((f) => (
          <TextField
            key={f}
            id={fid(`address.${f}`)}
            label={label(`address.${f}`)}
            registration={form.register(`address.${f}`)}
            error={err(`address.${f}`)}
            inputProps={f === 'postalCode' ? { inputMode: 'numeric', autoComplete: 'postal-code' } : undefined}
          />
        ))}
      </div>
      <fieldset aria-describedby="rf-gps-hint">
        <legend>{t('rf.gps')}</legend>
        <p className="field-hint" id="rf-gps-hint">
          {t('rf.gps.hint')}
        </p>
        <div className="grid">
          {(['lat', 'lng', 'accuracy'] as const).map((f) => (
            <TextField
              key={f}
              id={fid(`gps.${f}`)}
              label={label(`gps.${f}`)}
              registration={form.register(`gps.${f}`)}
              error={err(`gps.${f}`)}
              inputProps={{ inputMode: 'decimal' }}
            />
          ))}
        </div>
        {canLocate ? (
          <div className="row">
            <button type="button" className="btn" onClick={locate} disabled={gpsStatus === 'locating'} data-testid="use-location">
              {t('rf.gps.locate')}
            </button>
            <span role="status" className="field-hint">
              {gpsText}
            </span>
          </div>
        ) : null}
      </fieldset>
    </fieldset>
  );
}
