/**
 * The visit page's one-shot status after a save ("visit saved", "correction saved"): the form navigates
 * away, so the notice is carried to the visit (renderer/ui/notices.ts).
 */
import { noticeChannel } from '../../ui/notices';

export type VisitFlash = 'saved' | 'amended';

export const visitNotices = noticeChannel<VisitFlash>('visit', ['saved', 'amended']);
