/**
 * Seals the rows of a large write (a first sync's chunk: up to 30,000 records) off the page's thread, where
 * their JSON, UTF-8 and encryption would otherwise take most of the sync's time. It is handed the
 * non-extractable data key and search key with each request, keeps nothing between requests, and touches no
 * storage: the page writes the sealed rows it answers with (sealer.ts sealMany).
 */
import { SEALED_FIELD } from '../../../shared/crypto/recordEnvelope';
import { encryptFramedWith } from '../../lock/keyring';
import { hashWith, sealRecord, type SealKeys, type SealReply, type SealRequest } from './sealRecord';

const scope = self as unknown as { onmessage: ((e: MessageEvent<SealRequest>) => void) | null; postMessage(m: SealReply, transfer: Transferable[]): void };

async function seal(req: SealRequest): Promise<Record<string, unknown>[]> {
  const { key, searchKey } = req;
  const keys: SealKeys = {
    encrypt: (head, plain, aad) => encryptFramedWith(key, head, plain, aad),
    hash: (index, value) => (searchKey === null ? Promise.reject(new Error('no search key for a hashed index')) : hashWith(searchKey, index, value)),
  };
  return Promise.all(req.rows.map((row) => sealRecord(req.layout, row, JSON.stringify(row), keys)));
}

scope.onmessage = (e) => {
  const { id } = e.data;
  seal(e.data).then(
    // The envelopes' buffers are moved to the page, not copied.
    (rows) => scope.postMessage({ id, ok: true, rows }, rows.map((r) => (r[SEALED_FIELD] as Uint8Array).buffer)),
    (err: unknown) => scope.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) }, []),
  );
};
