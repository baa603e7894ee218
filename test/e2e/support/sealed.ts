/**
 * A signed-in user's database is sealed at rest (docs/security.md §3 "Records at rest"): its personal rows are
 * envelopes. Tests that check what the app stored read them through the app's own code instead: the user's
 * data key unwrapped from the device's PIN wrap with the PIN every e2e user chooses, the store opened with
 * the sealer over it. The key stays in the page (one unwrap per page and database).
 */
import type { Page } from 'playwright-core';
import { runAppModule } from './appModule';
import { E2E_PIN } from './pin';

const SOURCE = `
import { openStore } from '../../renderer/db/db';
import { Sealer } from '../../renderer/db/crypto/sealer';
import { Keyring } from '../../renderer/lock/keyring';
import { readDevice } from '../../renderer/lock/device';
import { unwrapDataKey } from '../../renderer/lock/keys';
const sealers = new Map<string, Promise<Sealer>>();
async function sealerOf(dbName: string, pin: string): Promise<Sealer> {
  const user = Object.values(readDevice(localStorage).users).find((u) => u.dbName === dbName);
  if (!user?.pinWrap) throw new Error(dbName + ': no user with a PIN wrap on this device');
  const key = await unwrapDataKey(user.pinWrap, pin);
  if (!key) throw new Error(dbName + ': the e2e PIN does not open the data key');
  const keyring = new Keyring();
  keyring.unlock(key);
  return new Sealer(keyring);
}
(globalThis as unknown as { __e2eOpenSealed: unknown }).__e2eOpenSealed = async (dbName: string, store: string, pin: string): Promise<string> => {
  let sealer = sealers.get(dbName);
  if (!sealer) {
    sealer = sealerOf(dbName, pin);
    sealers.set(dbName, sealer);
    sealer.catch(() => sealers.delete(dbName));
  }
  const opened = await openStore(dbName, { sealer: await sealer });
  if (!opened.ok) throw new Error(dbName + ': ' + opened.code);
  try {
    return JSON.stringify(await opened.db.table(store).toArray());
  } finally {
    opened.db.close();
  }
};
`;

/** Every row of `store` as the app reads it (sealed rows opened). */
export async function openedRows(page: Page, dbName: string, store: string, pin: string = E2E_PIN): Promise<unknown[]> {
  await runAppModule(page, SOURCE);
  const json = await page.evaluate(
    ({ name, storeName, secret }) => (globalThis as unknown as { __e2eOpenSealed: (n: string, s: string, p: string) => Promise<string> }).__e2eOpenSealed(name, storeName, secret),
    { name: dbName, storeName: store, secret: pin },
  );
  return JSON.parse(json) as unknown[];
}
