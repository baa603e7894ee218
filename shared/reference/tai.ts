/**
 * TAI (Typology of Aged with Illustration): the classification the Thai long-term-care programme used to
 * group dependent older people by mobility, confusion and eating/toileting, recorded beside the Barthel ADL
 * on the fund's care plan record. Kept as data: the NHSO has since regrouped benefits (mobility, cognition,
 * terminal illness), and a municipality may be asked for either (docs/domain.md "Assessments").
 *
 * Source: Department of Health / NHSO LTC manuals (คู่มือการดูแลผู้สูงอายุที่มีภาวะพึ่งพิง, TAI classification):
 * B = bed-bound, C = confined (moves with help), I = independent mobility; the digit rises with needs.
 */
export const TAI_GROUPS = ['B3', 'B4', 'B5', 'C2', 'C3', 'C4', 'I1', 'I2', 'I3'] as const;
export type TaiGroup = (typeof TAI_GROUPS)[number];

export const TAI_SOURCE = 'กรมอนามัย / สปสช. คู่มือการดูแลผู้สูงอายุที่มีภาวะพึ่งพิงระยะยาว: การจำแนก TAI (Typology of Aged with Illustration)';

export function isTaiGroup(v: unknown): v is TaiGroup {
  return typeof v === 'string' && (TAI_GROUPS as readonly string[]).includes(v);
}
