/**
 * English messages for zod's issues, for the server and the Electron main process: imported for its effect.
 * The schemas are zod/mini's, and zod/mini sets no locale, so without this a problem without a message of its
 * own would read "Invalid input". The server's 400 answers name the problem in English (`body field password:
 * Too small: …`, read by the admin screen; error messages are English, docs/sync-protocol.md §14). The
 * renderer does not import this: its forms give message codes, shown in the user's language
 * (docs/architecture.md "What loads first").
 */
import * as z from 'zod/mini';

z.config(z.locales.en());
