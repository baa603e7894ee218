/**
 * Enrolling a sync server (docs/security.md §1): the origin that goes into the page's CSP connect-src and the
 * only server main signs in to. A new origin is enrolled only after the user confirms it in a native dialog
 * showing that origin, so script in the page cannot point the app at another server on its own.
 *
 * Invariants:
 * - Forgetting the server (null) and setting the origin already enrolled need no confirmation.
 * - Refusing, or closing the dialog, leaves the enrolled origin as it was.
 * - The dialog is bilingual: main does not know the page's language, and Thai comes first.
 */
import type { SyncServerSetResult } from '../shared/bridge';
import type { BrowserWindowLike, DialogLike, MessageBoxOptions, WebContentsLike } from './electron-api';
import type { SyncServerStore } from './sync-server';

const CANCEL = 0;
const CONNECT = 1;

export function originConfirmation(origin: string): MessageBoxOptions {
  return {
    type: 'question',
    title: 'CareRounds',
    message: `เชื่อมต่อกับเซิร์ฟเวอร์ ${origin} หรือไม่?\nConnect to the server ${origin}?`,
    detail:
      `แอปจะลงชื่อเข้าใช้และส่งข้อมูลผู้สูงอายุไปที่ ${origin} เท่านั้น ตรวจสอบกับผู้ดูแลระบบของเทศบาลว่าเป็นที่อยู่ที่ถูกต้อง\n` +
      `The app will sign in and send residents' data to ${origin} only. Check with the municipality's administrator that this is the right address.`,
    buttons: ['ยกเลิก / Cancel', 'เชื่อมต่อ / Connect'],
    defaultId: CANCEL,
    cancelId: CANCEL,
    noLink: true,
  };
}

export interface EnrolDeps {
  dialog: DialogLike;
  store: SyncServerStore;
  windowFor: (contents: WebContentsLike) => BrowserWindowLike | null;
}

export function createServerEnrolment(deps: EnrolDeps): (origin: string | null, sender: WebContentsLike) => Promise<SyncServerSetResult> {
  return async (origin, sender) => {
    if (origin !== null && origin !== deps.store.current()) {
      const window = deps.windowFor(sender);
      const options = originConfirmation(origin);
      const { response } = window === null ? await deps.dialog.showMessageBox(options) : await deps.dialog.showMessageBox(window, options);
      if (response !== CONNECT) return { enrolled: false };
    }
    await deps.store.set(origin);
    return { enrolled: true };
  };
}
