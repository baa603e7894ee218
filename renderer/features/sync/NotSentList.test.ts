/**
 * The not-sent list names every refusal the client can park, in Thai and in English: each per-mutation code,
 * each batch refusal the push withdraws mutations for, each synced table; and a data field by its form label.
 */
import { describe, expect, it } from 'vitest';
import { MUTATION_CODES } from '../../../shared/sync/protocol';
import { SYNCED_TABLE_NAMES } from '../../db/outbox';
import { catalog, isMessageKey, translate, type MessageKey } from '../../i18n/catalog';
import { fieldLabel } from './NotSentList';

const WITHDRAWN_FOR = ['scope_denied', 'forbidden', 'invalid_argument', 'batch_too_large'];

describe('not-sent list wording', () => {
  it('has a Thai and an English reason for every code a parked change can carry', () => {
    for (const code of [...Object.keys(MUTATION_CODES).filter((c) => c !== 'withdrawn'), ...WITHDRAWN_FOR]) {
      const key = `sync.notSent.code.${code}`;
      expect(isMessageKey(key), key).toBe(true);
      if (!isMessageKey(key)) continue;
      expect(catalog.th[key]).toMatch(/[\u0E00-\u0E7F]/);
      expect(catalog.en[key]).toMatch(/^[\x20-\x7E’]+$/);
    }
  });

  it('names every synced table', () => {
    for (const table of SYNCED_TABLE_NAMES) expect(isMessageKey(`sync.notSent.type.${table}`), table).toBe(true);
  });

  it('shows a data field by its form label and a mutation key as technical data', () => {
    const th = (key: MessageKey) => translate('th', key);
    expect(fieldLabel('firstName', th)).toBe(translate('th', 'rf.firstName'));
    expect(fieldLabel('hlc', th)).toBe(translate('th', 'sync.notSent.field.technical'));
    expect(fieldLabel('somethingNew', th)).toBe('somethingNew');
  });
});
