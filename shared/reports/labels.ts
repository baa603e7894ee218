/**
 * Thai labels the exports write whatever the UI's language (the fund's files are Thai); the UI itself takes
 * its words from the message catalog (renderer/i18n).
 */
import type { AdlGroup } from '../adl';

export const ADL_GROUP_LABELS_TH: Readonly<Record<AdlGroup, string>> = {
  social: 'ติดสังคม',
  homebound: 'ติดบ้าน',
  bedbound: 'ติดเตียง',
};
