import { defineEnglish } from '../../define';
import type { updates } from '../updates';

/** The English of ../updates.ts (same keys, checked by the type). */
export const updatesEn = defineEnglish<typeof updates>({
  'upd.title': 'App updates',
  'upd.version': 'Installed version: {version}',
  'upd.check': 'Check for updates',
  'upd.checking': 'Checking for updates…',
  'upd.upToDate': 'This is the latest version.',
  'upd.downloading': 'Version {version} found; downloading. It installs when you close the app.',
  'upd.ready': 'Version {version} is downloaded and installs the next time you close the app.',
  'upd.failed': 'Could not check for updates. Check the connection to the server and try again.',
  'upd.browser': 'In a web browser the app is always current: it comes with the municipal web server, nothing to install.',
  'upd.notPackaged': 'Development builds do not take updates.',
  'upd.noServer': 'No server is set up. Updates come from the municipal server: set it up first.',
  'upd.insecureServer': 'The server does not use https, so updates cannot come from it. Contact your administrator.',
});
