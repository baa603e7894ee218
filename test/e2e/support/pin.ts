/** The PIN every e2e user chooses at the first sign-in (pages/SyncPage.ts passLock). */
export const E2E_PIN = '482916';
