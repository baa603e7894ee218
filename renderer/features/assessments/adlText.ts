/**
 * Message keys for each Barthel item and each of its levels, listed explicitly so the compiler checks every
 * key exists; a test checks each item has exactly one text per score 0..max.
 */
import type { AdlItemKey } from '../../../shared/adl';
import type { MessageKey } from '../../i18n/catalog';

export const ADL_TEXT: Record<AdlItemKey, { name: MessageKey; levels: readonly MessageKey[] }> = {
  feeding: { name: 'adl.item.feeding', levels: ['adl.feeding.0', 'adl.feeding.1', 'adl.feeding.2'] },
  grooming: { name: 'adl.item.grooming', levels: ['adl.grooming.0', 'adl.grooming.1'] },
  transfer: { name: 'adl.item.transfer', levels: ['adl.transfer.0', 'adl.transfer.1', 'adl.transfer.2', 'adl.transfer.3'] },
  toilet: { name: 'adl.item.toilet', levels: ['adl.toilet.0', 'adl.toilet.1', 'adl.toilet.2'] },
  mobility: { name: 'adl.item.mobility', levels: ['adl.mobility.0', 'adl.mobility.1', 'adl.mobility.2', 'adl.mobility.3'] },
  dressing: { name: 'adl.item.dressing', levels: ['adl.dressing.0', 'adl.dressing.1', 'adl.dressing.2'] },
  stairs: { name: 'adl.item.stairs', levels: ['adl.stairs.0', 'adl.stairs.1', 'adl.stairs.2'] },
  bathing: { name: 'adl.item.bathing', levels: ['adl.bathing.0', 'adl.bathing.1'] },
  bowels: { name: 'adl.item.bowels', levels: ['adl.bowels.0', 'adl.bowels.1', 'adl.bowels.2'] },
  bladder: { name: 'adl.item.bladder', levels: ['adl.bladder.0', 'adl.bladder.1', 'adl.bladder.2'] },
};

/** Field names of the ADL form in screen order, for ordering its errors. */
export const ADL_FIELD_ORDER = ['assessedOn', 'reason', 'answers', ...Object.keys(ADL_TEXT), 'taiGroup', 'notes'] as const;

/** DOM id of a field of the ADL form; an item's id is its 0-score radio, the first in the group. */
export function adlFieldId(path: string): string {
  const [head, item] = path.split('.');
  if (head === 'answers' && item) return `adl-${item}-0`;
  return `adl-${path.replace(/\./g, '-')}`;
}
