/** Settings → "Back up unsent data": making a backup file and restoring one (features/settings/BackupSection.tsx). */
import type { Download, Locator, Page } from 'playwright-core';

export class BackupPage {
  readonly root: Locator;

  private constructor(readonly page: Page) {
    this.root = page.getByTestId('backup');
  }

  static async open(page: Page): Promise<BackupPage> {
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    const backup = new BackupPage(page);
    await backup.root.waitFor();
    return backup;
  }

  /** Types the passphrase twice and asks for the file; resolves with the browser's download. */
  async create(passphrase: string, repeated = passphrase): Promise<Download> {
    await this.root.getByTestId('backup-passphrase').fill(passphrase);
    await this.root.getByTestId('backup-repeat').fill(repeated);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root.getByTestId('backup-create-submit').click()]);
    return download;
  }

  async submitCreate(passphrase: string, repeated: string): Promise<void> {
    await this.root.getByTestId('backup-passphrase').fill(passphrase);
    await this.root.getByTestId('backup-repeat').fill(repeated);
    await this.root.getByTestId('backup-create-submit').click();
  }

  /** Picks the file, types its passphrase and opens it (the preview or an error follows). */
  async open(file: string, passphrase: string): Promise<void> {
    await this.root.getByTestId('backup-file').setInputFiles(file);
    await this.root.getByTestId('backup-restore-passphrase').fill(passphrase);
    await this.root.getByTestId('backup-open').click();
  }

  get preview(): Locator {
    return this.root.getByTestId('backup-preview');
  }

  get restoreStatus(): Locator {
    return this.root.getByTestId('backup-restore-status');
  }

  async restore(): Promise<void> {
    await this.root.getByTestId('backup-restore-submit').click();
    await this.root.locator('[data-testid="backup-restore-status"][data-kind="done"]').waitFor();
  }
}
