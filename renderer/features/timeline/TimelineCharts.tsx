import { useMemo } from 'react';
import { ADL_MAX_TOTAL, type AdlGroup } from '../../../shared/adl';
import type { AdlAssessment } from '../../../shared/assessment';
import { bangkokDate } from '../../../shared/dates/thaiDate';
import type { Visit } from '../../../shared/visit';
import { classifyVital, VITAL_SPECS, type RangedVital, type VitalSettings } from '../../../shared/vitals';
import { chartBands } from '../assessments';
import { useI18n } from '../../i18n/I18nProvider';
import { assessmentInstant } from './timelineItems';
import { TrendChart, type TrendSeries } from './TrendChart';
import { normalLimits, TREND_BOX, valueDomain, vitalSeries, type SeriesPoint } from './trendMath';

export interface TimelineChartsProps {
  visits: readonly Visit[];
  assessments: readonly AdlAssessment[];
  settings: VitalSettings;
}

/** The vitals with a chart (blood pressure is two series). */
type Charted = 'systolic' | 'diastolic' | 'glucose' | 'weight';

const BAND_FILL: Record<AdlGroup, string> = { social: 'var(--social)', homebound: 'var(--homebound)', bedbound: 'var(--bedbound)' };
const SYSTOLIC = 'var(--primary)';
const DIASTOLIC = '#6d28d9';

/** Blood pressure, weight, blood sugar and ADL over time; the normal ranges in force are shaded. */
export function TimelineCharts({ visits, assessments, settings }: TimelineChartsProps) {
  const { t, date, instant } = useI18n();
  const data = useMemo(() => {
    const adl: SeriesPoint[] = assessments
      .filter((a) => a.deletedAt === null)
      .map((a) => ({ id: a.id, at: assessmentInstant(a), value: a.total }))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return {
      systolic: vitalSeries(visits, 'systolic'),
      diastolic: vitalSeries(visits, 'diastolic'),
      weight: vitalSeries(visits, 'weight'),
      glucose: vitalSeries(visits, 'glucose'),
      adl,
    };
  }, [visits, assessments]);

  const day = (p: SeriesPoint | undefined): string => (p ? date(bangkokDate(p.at), 'short') : '');
  const few = (n: number) => t('timeline.chart.few', { n });
  const isAbnormal = (key: RangedVital) => (p: SeriesPoint) => classifyVital(key, p.meter ?? p.value, settings) !== 'normal';
  const vitalSeriesOf = (key: Charted, colour: string, name?: string): TrendSeries => {
    const unit = t(`timeline.unit.${key}`);
    const base: TrendSeries = {
      key,
      colour,
      ...(name === undefined ? {} : { name }),
      points: data[key],
      pointTitle: (p) => `${name ? `${name} ` : ''}${t('timeline.chart.point', { date: instant(p.at), value: p.meter ?? p.value, unit })}`,
    };
    if (key === 'weight') return base;
    return { ...base, limits: normalLimits(settings.ranges[key]), abnormal: isAbnormal(key) };
  };

  // Blood pressure: both or neither on a stored visit, so the systolic readings count the visits.
  const bp = [vitalSeriesOf('systolic', SYSTOLIC, t('timeline.chart.systolic')), vitalSeriesOf('diastolic', DIASTOLIC, t('timeline.chart.diastolic'))];
  const bpLimits = [settings.ranges.systolic, settings.ranges.diastolic].flatMap((r) => [r.low?.value, r.high?.value]).filter((v): v is number => v !== undefined);
  const bpDomain = valueDomain([...data.systolic, ...data.diastolic].map((p) => p.value), bpLimits, { minSpan: 40, floor: 0 });
  const lastSys = data.systolic[data.systolic.length - 1];
  const lastDia = data.diastolic[data.diastolic.length - 1];

  const weight = vitalSeriesOf('weight', SYSTOLIC);
  const weightDomain = valueDomain(
    data.weight.map((p) => p.value),
    [],
    { minSpan: 4, floor: 0 },
  );
  const lastWeight = data.weight[data.weight.length - 1];

  const glucose = vitalSeriesOf('glucose', SYSTOLIC);
  const glucoseLimits = [settings.ranges.glucose.low?.value, settings.ranges.glucose.high?.value].filter((v): v is number => v !== undefined);
  const glucoseDomain = valueDomain(
    data.glucose.map((p) => p.value),
    glucoseLimits,
    { minSpan: 60, floor: 0, ceil: VITAL_SPECS.glucose.max },
  );
  const lastGlucose = data.glucose[data.glucose.length - 1];

  const adlSeries: TrendSeries = {
    key: 'adl',
    colour: 'var(--primary)',
    points: data.adl,
    pointTitle: (p) => t('timeline.chart.point', { date: date(bangkokDate(p.at)), value: p.value, unit: t('timeline.chart.adlUnit') }),
  };
  const lastAdl = data.adl[data.adl.length - 1];
  const plotRight = TREND_BOX.width - TREND_BOX.padRight;

  const label = (title: string, points: readonly SeriesPoint[], latest: string, unit: string) =>
    t('timeline.chart.label', { title, n: points.length, from: day(points[0]), to: day(points[points.length - 1]), latest, unit });

  return (
    <section className="trend-grid" aria-label={t('timeline.charts')}>
      <TrendChart
        testId="chart-bp"
        title={`${t('timeline.chart.bp')} (${t('timeline.unit.systolic')})`}
        count={data.systolic.length}
        fewText={few(data.systolic.length)}
        label={label(t('timeline.chart.bp'), data.systolic, lastSys && lastDia ? `${lastSys.value}/${lastDia.value}` : '', t('timeline.unit.systolic'))}
        note={t('timeline.chart.normal')}
        series={bp}
        domain={bpDomain}
        fromText={day(data.systolic[0])}
        toText={day(lastSys)}
      />
      <TrendChart
        testId="chart-weight"
        title={`${t('timeline.chart.weight')} (${t('timeline.unit.weight')})`}
        count={data.weight.length}
        fewText={few(data.weight.length)}
        label={label(t('timeline.chart.weight'), data.weight, lastWeight ? String(lastWeight.value) : '', t('timeline.unit.weight'))}
        series={[weight]}
        domain={weightDomain}
        fromText={day(data.weight[0])}
        toText={day(lastWeight)}
      />
      <TrendChart
        testId="chart-glucose"
        title={`${t('timeline.chart.glucose')} (${t('timeline.unit.glucose')})`}
        count={data.glucose.length}
        fewText={few(data.glucose.length)}
        label={label(t('timeline.chart.glucose'), data.glucose, lastGlucose ? String(lastGlucose.meter ?? lastGlucose.value) : '', t('timeline.unit.glucose'))}
        note={t('timeline.chart.normal')}
        series={[glucose]}
        domain={glucoseDomain}
        fromText={day(data.glucose[0])}
        toText={day(lastGlucose)}
      />
      <TrendChart
        testId="chart-adl"
        title={t('timeline.chart.adl')}
        count={data.adl.length}
        fewText={few(data.adl.length)}
        label={label(t('timeline.chart.adl'), data.adl, lastAdl ? String(lastAdl.value) : '', t('timeline.chart.adlUnit'))}
        series={[adlSeries]}
        domain={{ min: 0, max: ADL_MAX_TOTAL, step: 5 }}
        fromText={day(data.adl[0])}
        toText={day(lastAdl)}
        background={chartBands(TREND_BOX).map((b) => (
          <rect key={b.group} x={TREND_BOX.padLeft} y={b.y} width={plotRight - TREND_BOX.padLeft} height={b.height} fill={BAND_FILL[b.group]} opacity={0.1}>
            <title>{t(`adl.group.${b.group}`)}</title>
          </rect>
        ))}
      />
    </section>
  );
}
