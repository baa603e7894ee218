/**
 * Backing up unsent data in Chromium (docs/security.md §3 "Backups"): two residents added offline → backup
 * file (a browser download) → the app's IndexedDB deleted → restore from the file → the outbox holds the same
 * changes. A wrong passphrase and a damaged file show their messages and restore nothing; the passphrase
 * form names the field and the fix.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildResidentForm } from '../../shared/demo/builders';
import { BackupPage } from './pages/BackupPage';
import { translator } from './pages/AppShell';
import { addResidentThroughForm } from './pages/flows';
import { outboxRows } from './pages/SyncPage';
import { useBrowser } from './support/session';

const t = translator('th');
const PASS = 'ลมหนาว มาแล้ว 2026';

describe('device backup of unsent data', () => {
  const app = useBrowser();

  it('backs up, survives a wiped database, and restores the same changes once', async () => {
    const { page, errors } = await app.open();
    await addResidentThroughForm(page, buildResidentForm({ firstName: 'บุญส่ง', nationalId: '1103700000011' }));
    await addResidentThroughForm(page, buildResidentForm({ firstName: 'ประไพ', nationalId: '1103700000020' }));
    const before = await outboxRows(page);
    expect(before.length).toBeGreaterThanOrEqual(2);

    let backup = await BackupPage.open(page);
    // The same page says where a browser's updates come from, with the version, and offers no installer.
    expect(await page.getByTestId('updates-status').innerText()).toBe(t('upd.browser'));
    expect(await page.getByTestId('updates-version').innerText()).toMatch(/\d+\.\d+\.\d+/);
    expect(await page.getByTestId('updates-check').count()).toBe(0);
    // The form names the field and the fix, and keeps what was typed.
    await backup.submitCreate('short', 'short');
    expect(await backup.root.getByText(t('bak.err.tooShort')).count()).toBe(1);
    await backup.submitCreate(PASS, `${PASS}x`);
    expect(await backup.root.getByText(t('bak.err.mismatch')).count()).toBe(1);
    expect(await backup.root.getByTestId('backup-passphrase').inputValue()).toBe(PASS);

    const download = await backup.create(PASS);
    expect(download.suggestedFilename()).toMatch(/^carerounds-unsent-\d{4}-\d{2}-\d{2}\.crbackup$/);
    const dir = await mkdtemp(path.join(tmpdir(), 'carerounds-e2e-backup-'));
    const file = path.join(dir, download.suggestedFilename());
    await download.saveAs(file);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 8).toString('ascii')).toBe('CRBACKUP');
    expect(bytes.includes(Buffer.from('บุญส่ง'))).toBe(false);

    // Wipe: the app's database is deleted, then the app starts on an empty one.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase('carerounds');
          req.onsuccess = () => resolve();
          req.onerror = () => reject(new Error(String(req.error)));
          req.onblocked = () => undefined; // the app's connection closes on versionchange
        }),
    );
    await page.reload();
    await page.waitForSelector('[data-testid="app-ready"]', { state: 'attached' });
    expect(await outboxRows(page)).toEqual([]);

    backup = await BackupPage.open(page);
    // A wrong passphrase: the message, and nothing restored.
    await backup.open(file, 'not the passphrase at all');
    await backup.root.locator('[data-testid="backup-restore-status"][data-kind="failed"]').waitFor();
    expect(await backup.restoreStatus.innerText()).toBe(t('bak.wrongKey'));
    expect(await backup.preview.count()).toBe(0);
    // A damaged file: the same, with its own message.
    const damaged = path.join(dir, 'damaged.crbackup');
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 20] = (flipped[flipped.length - 20] ?? 0) ^ 1;
    await writeFile(damaged, flipped);
    await backup.open(damaged, PASS);
    await backup.root.locator('[data-testid="backup-restore-status"][data-kind="failed"]').waitFor();
    expect(await backup.restoreStatus.innerText()).toBe(t('bak.corrupt'));
    expect(await outboxRows(page)).toEqual([]);

    await backup.open(file, PASS);
    await backup.preview.waitFor();
    expect(await backup.preview.getAttribute('data-changes')).toBe(String(before.length));
    await backup.restore();

    const strip = (rows: typeof before) => rows.map(({ mid: _mid, ...rest }) => rest);
    expect(strip(await outboxRows(page))).toEqual(strip(before));
    // Restoring the same file again adds nothing.
    await backup.open(file, PASS);
    await backup.preview.waitFor();
    await backup.restore();
    expect((await outboxRows(page)).length).toBe(before.length);
    expect(errors).toEqual([]);
    await rm(dir, { recursive: true, force: true });
  });
});
