import { defineEnglish } from '../../define';
import type { settings } from '../settings';

/** The English of ../settings.ts (same keys, checked by the type). */
export const settingsEn = defineEnglish<typeof settings>({
  'set.title': 'Settings',
  'set.language': 'Language',
  'set.language.th': 'ไทย',
  'set.language.en': 'English',
  'set.user': 'User on this device',
  'set.userName': 'Display name',
  'set.userSaved': 'Name saved',
  'set.device': 'This device',
  'set.deviceId': 'Device ID',
  'set.version': 'App version',
  'set.host': 'Running in',
  'set.host.electron': 'Desktop app',
  'set.host.browser': 'Web browser',
  'set.pending': 'Changes waiting to be sent to the server',
  'set.pendingCount': '{n} changes',
  'set.storage': 'Storage',
  'set.storageUse': '{used} MB used of {quota} MB',
  'set.demo': 'Sample data',
  'set.demoHint': 'Fictitious data for practice; it is added to the register.',
  'set.readModels': 'Summaries for the register and alerts',
  'set.readModelsHint': 'This device keeps a summary of each resident so the register and alerts open quickly. Summaries can always be rebuilt from the records; nothing is lost.',
  'set.readModelsRebuild': 'Rebuild summaries',
  'set.readModelsChecking': 'Checking the summaries…',
  'set.readModelsProgress': 'Building summaries: {done} of {total} residents',
  'set.readModelsReady': 'The summaries match the records',
  'set.readModelsRebuilt': 'Summaries rebuilt ({time})',
  'set.readModelsFailed': 'Could not build the summaries: {detail}',
});
